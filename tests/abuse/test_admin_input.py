"""Issue 13, "no 500 on the admin side", on both databases: each case gets a clear 4xx naming its field.

The recovery page refuses NUL in its form, every admin id too large for SQL
INTEGER is a 404, a NUL search term is a 422 naming ``q``, and the date filter
works up to the last day a date can name.
"""
import csv
import io
import re

import pytest

from server.fields import MAX_ROW_ID
from server.web.converters import RowId
from tests.admin.data import add_responses
from tests.conftest import sql
from tests.factories import make_site, make_survey

BACKENDS = ("sqlite", "postgres")
# 2**31 overflows PostgreSQL's INTEGER, 2**63 SQLite's: both used to reach the query
TOO_LARGE = (MAX_ROW_ID + 1, 99999999999, 2**63)
# the bodies of the routes that check their body before looking the id up
BODIES = {"/api/admin/surveys/{survey_id}/status": {"status": "draft"},
          "/api/admin/users/{user_id}": {"role": "viewer"},
          "/api/admin/sites/{site_id}/rule-test": {"url": "https://shop.example/"}}
READS = ("results", "breakdowns", "responses", "export.csv")


@pytest.fixture
def answered(app):
    """An NPS survey with one response on the first and one on the last day a date can name."""
    site_id, _ = make_site(app)
    survey_id = make_survey(app, site_id, "nps")
    ids = add_responses(app, survey_id, [{"score": 2, "created_at": "0001-01-01 00:00"},
                                         {"score": 10, "created_at": "9999-12-31 23:59"}])
    return survey_id, ids


def id_routes(app) -> list[tuple[str, str]]:
    """(method, rule) of every admin route that takes an id in its path."""
    return sorted((method, rule.rule) for rule in app.url_map.iter_rules()
                  if rule.rule.startswith("/api/admin/") and rule.arguments
                  for method in rule.methods - {"HEAD", "OPTIONS"})


def concrete(rule: str, value: int) -> str:
    return re.sub(r"<[^>]+>", str(value), rule)


def body_for(rule: str) -> dict:
    """A body the route accepts, so that only the id decides its answer."""
    return BODIES.get(re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule), {})


@pytest.mark.parametrize("field,form", [
    ("message", {"message": "late\x00parcel"}),
    ("email", {"message": "late parcel", "email": "me\x00@example.com", "consent": "yes"}),
])
def test_the_recovery_form_refuses_nul_by_field_and_writes_nothing(app, answered, field, form):
    _, ids = answered
    response = app.test_client().post(f"/r/{ids[0]}", data=form)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)  # the form again, the error under its field
    assert sql(app, "SELECT count(*) FROM recoveries")[0][0] == 0


def test_every_admin_id_route_takes_only_row_ids(app):
    """An id the database cannot hold never reaches a query: every admin path argument is an <id:…>."""
    routes = id_routes(app)
    assert len(routes) >= 15
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/admin/"):
            assert all(isinstance(c, RowId) for c in rule._converters.values()), rule.rule


def test_every_admin_id_too_large_for_the_database_is_a_404(app, admin_client):
    for method, rule in id_routes(app):
        for value in TOO_LARGE:
            response = admin_client.open(concrete(rule, value), method=method, json=body_for(rule))
            assert response.status_code == 404, (method, rule, value, response.status_code)
            assert response.get_json()["code"] == "not_found"


def test_the_largest_row_id_is_looked_up_and_not_found(app, admin_client):
    for method, rule in id_routes(app):
        response = admin_client.open(concrete(rule, MAX_ROW_ID), method=method, json=body_for(rule))
        assert response.status_code == 404, (method, rule, response.status_code)
        assert response.get_json()["message"].startswith("No such"), (method, rule)


def test_a_nul_search_term_is_422_naming_q(admin_client, answered):
    survey_id, _ = answered
    for read in READS:
        for q in ("\x00", "late\x00", "\x00" * 200):
            response = admin_client.get(f"/api/admin/surveys/{survey_id}/{read}", query_string={"q": q})
            assert response.status_code == 422, (read, q)
            assert list(response.get_json()["errors"]) == ["q"]


def seen(client, survey_id: int, read: str, query: dict) -> int:
    """How many responses one of the four reads counts under a query."""
    response = client.get(f"/api/admin/surveys/{survey_id}/{read}", query_string=query)
    assert response.status_code == 200, (read, query, response.get_data(as_text=True)[:300])
    if read == "export.csv":
        return len(list(csv.DictReader(io.StringIO(response.get_data(as_text=True)))))
    body = response.get_json()
    return {"results": lambda: body["headline"]["responses"], "responses": lambda: body["total"],
            "breakdowns": lambda: sum(row["count"] for row in body["device"])}[read]()


DATE_EDGES = [
    ({"to": "9999-12-31"}, 2), ({"from": "9999-12-31"}, 1), ({"from": "9999-12-31", "to": "9999-12-31"}, 1),
    ({"from": "0001-01-01"}, 2), ({"to": "0001-01-01"}, 1), ({"from": "0001-01-01", "to": "9999-12-31"}, 2),
    ({"from": "0001-01-02", "to": "9999-12-30"}, 0),
]


def test_the_date_filter_works_to_the_ends_of_the_calendar(admin_client, answered):
    survey_id, _ = answered
    for read in READS:
        for query, count in DATE_EDGES:
            assert seen(admin_client, survey_id, read, query) == count, (read, query)


def test_dates_no_calendar_holds_are_422_naming_the_field(admin_client, answered):
    survey_id, _ = answered
    for read in READS:
        for name, value in (("to", "10000-01-01"), ("from", "0000-12-31"), ("to", "9999-12-32"), ("from", "2025-02-30")):
            response = admin_client.get(f"/api/admin/surveys/{survey_id}/{read}", query_string={name: value})
            assert response.status_code == 422, (read, name, value)
            assert list(response.get_json()["errors"]) == [name]
