"""The OpenAPI document describes what the handlers check: typed query parameters, bounded ids, full responses."""
import pytest

from server.catalog.scoring import CATEGORIES
from server.fields import DEVICES, MAX_ROW_ID

READS = ("results", "breakdowns", "responses", "export.csv")


@pytest.fixture
def spec(client) -> dict:
    return client.get("/api/openapi.json").get_json()


def query(spec, path: str) -> dict[str, dict]:
    """The query parameters of a GET operation, by name."""
    return {p["name"]: p["schema"] for p in spec["paths"][path]["get"]["parameters"] if p["in"] == "query"}


def test_a_survey_answer_documents_its_response_count(spec, admin_client, app):
    from tests.factories import make_site, make_survey
    survey = spec["components"]["schemas"]["Survey"]
    assert survey["additionalProperties"] is False
    assert survey["properties"]["responses"] == {"type": "integer", "readOnly": True,
                                                 "description": "how many responses the survey has"}
    site_id, _ = make_site(app)
    sent = admin_client.get(f"/api/admin/surveys/{make_survey(app, site_id, 'nps')}").get_json()
    assert set(sent) <= set(survey["properties"])  # nothing the server sends is left out


@pytest.mark.parametrize("read", READS)
def test_the_filters_are_typed_as_the_handlers_check_them(spec, read):
    params = query(spec, "/api/admin/surveys/{survey_id}/" + read)
    assert params["from"] == {"type": "string", "format": "date"}
    assert params["to"] == {"type": "string", "format": "date"}
    assert params["category"] == {"type": "string", "enum": list(CATEGORIES)}
    assert params["device"] == {"type": "string", "enum": list(DEVICES)}
    assert params["q"] == {"type": "string", "minLength": 1, "maxLength": 200}


def test_the_other_query_parameters_are_typed(spec):
    assert query(spec, "/api/admin/surveys/{survey_id}/results")["bucket"] == {
        "type": "string", "enum": ["day", "week", "month"], "default": "day"}
    responses = query(spec, "/api/admin/surveys/{survey_id}/responses")
    assert responses["page"] == {"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1}
    assert responses["per_page"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}
    assert query(spec, "/api/admin/sites/{site_id}/touchpoints")["days"] == {
        "type": "integer", "minimum": 1, "maximum": 365, "default": 30}
    assert query(spec, "/api/admin/sites/{site_id}/export")["format"] == {
        "type": "string", "enum": ["ndjson", "csv"], "default": "ndjson"}


def test_every_id_in_a_path_is_a_bounded_integer(spec):
    ids = [p for operations in spec["paths"].values() for op in operations.values()
           for p in op["parameters"] if p["in"] == "path" and p["name"].endswith("_id")]
    assert len(ids) >= 15
    assert all(p["schema"] == {"type": "integer", "minimum": 1, "maximum": MAX_ROW_ID} for p in ids)
