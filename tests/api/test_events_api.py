"""POST /v1/events on SQLite and PostgreSQL: batches, once-only counting, validation."""
import pytest

from tests.conftest import sql
from tests.factories import BOT_UA, make_site, make_survey, post_json

BACKENDS = ("sqlite", "postgres")


@pytest.fixture
def site(app):
    site_id, key = make_site(app)
    return key, make_survey(app, site_id, "nps"), make_survey(app, site_id, "csat")


def counts(app):
    return sorted(sql(app, "SELECT survey_id, type, count FROM event_counts"))


def test_batch_is_counted_per_survey_day_and_type(app, client, site, new_uuid):
    key, nps, csat = site
    events = [{"id": new_uuid(), "survey_id": nps, "type": "display"},
              {"id": new_uuid(), "survey_id": nps, "type": "display"},
              {"id": new_uuid(), "survey_id": nps, "type": "dismiss"},
              {"id": new_uuid(), "survey_id": csat, "type": "close"}]
    response = post_json(client, "/v1/events", {"site_key": key, "events": events})
    assert response.status_code == 202 and response.get_json() == {"accepted": 4}
    assert counts(app) == sorted([(nps, "display", 2), (nps, "dismiss", 1), (csat, "close", 1)])


def test_resent_events_count_once(app, client, site, new_uuid):
    key, nps, _ = site
    batch = {"site_key": key, "events": [{"id": new_uuid(), "survey_id": nps, "type": "display"}]}
    assert post_json(client, "/v1/events", batch).get_json() == {"accepted": 1}
    assert post_json(client, "/v1/events", batch).get_json() == {"accepted": 0}
    duplicate_in_batch = {"site_key": key, "events": [batch["events"][0], batch["events"][0]]}
    assert post_json(client, "/v1/events", duplicate_in_batch).get_json() == {"accepted": 0}
    assert counts(app) == [(nps, "display", 1)]


@pytest.mark.parametrize("events,field", [
    ([], "events"), ([{"survey_id": 1, "type": "display"}], "events.0.id"),
    ([{"id": "00000000-0000-4000-8000-000000000000", "survey_id": 1, "type": "explode"}], "events.0.type"),
    ([{"id": "00000000-0000-4000-8000-000000000000", "survey_id": "1", "type": "display"}], "events.0.survey_id"),
])
def test_invalid_events_are_422_naming_the_field(app, client, site, events, field):
    key, _, _ = site
    response = post_json(client, "/v1/events", {"site_key": key, "events": events})
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert counts(app) == []


def test_batches_are_capped_at_50(client, site, new_uuid):
    key, nps, _ = site
    events = [{"id": new_uuid(), "survey_id": nps, "type": "display"} for _ in range(51)]
    response = post_json(client, "/v1/events", {"site_key": key, "events": events})
    assert response.status_code == 422 and "events" in response.get_json()["errors"]


def test_events_for_another_sites_survey_are_refused_whole(app, client, site, new_uuid):
    key, nps, _ = site
    other_id, _ = make_site(app, name="Other")
    foreign = make_survey(app, other_id, "nps")
    events = [{"id": new_uuid(), "survey_id": nps, "type": "display"},
              {"id": new_uuid(), "survey_id": foreign, "type": "display"}]
    response = post_json(client, "/v1/events", {"site_key": key, "events": events})
    assert response.status_code == 422 and "events.1.survey_id" in response.get_json()["errors"]
    assert counts(app) == [], "no partial write"


def test_unknown_site_and_wrong_origin(client, site, new_uuid):
    key, nps, _ = site
    batch = {"site_key": "unknownsite", "events": [{"id": new_uuid(), "survey_id": nps, "type": "display"}]}
    assert post_json(client, "/v1/events", batch).status_code == 404
    batch["site_key"] = key
    assert post_json(client, "/v1/events", batch, origin="https://evil.example").status_code == 403


def test_bot_displays_are_not_counted(app, client, site, new_uuid):
    key, nps, _ = site
    body = {"site_key": key, "events": [{"id": new_uuid(), "survey_id": nps, "type": "display"}]}
    refused = post_json(client, "/v1/events", body, ua=BOT_UA)
    assert refused.status_code == 403 and refused.get_json()["code"] == "bot"
    assert counts(app) == []
