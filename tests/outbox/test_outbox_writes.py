"""Events are written in the same transaction as their cause, once, and only for sites with an enabled endpoint."""
from __future__ import annotations

import json

from tests.conftest import sql
from tests.factories import make_site, make_survey, post_json, response_body

BACKENDS = ("sqlite", "postgres")


def as_dict(payload) -> dict:
    """A JSON column as read back: a dict from PostgreSQL's JSONB, text from SQLite's raw SQL."""
    return payload if isinstance(payload, dict) else json.loads(payload)


def events(app) -> list[tuple[str, str]]:
    """(type, response id) of every outbox event, in order."""
    rows = sql(app, "SELECT type, payload FROM outbox_events ORDER BY id")
    return [(kind, as_dict(payload)["data"]["response_id"]) for kind, payload in rows]


def test_a_site_without_an_endpoint_writes_no_event(app, client):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    assert post_json(client, "/v1/responses", response_body(key, survey, completed=True)).status_code == 201
    assert events(app) == []


def test_created_once_per_uuid_and_completed_once_when_it_turns_complete(app, client, hooked):
    key, survey, _ = hooked
    body = response_body(key, survey, {"score": 3})
    assert post_json(client, "/v1/responses", body).status_code == 201
    assert post_json(client, "/v1/responses", body).status_code == 200  # a re-send: no second event
    body.update(answers={"score": 3, "followup": "late parcel"}, completed=True)
    assert post_json(client, "/v1/responses", body).status_code == 200
    assert post_json(client, "/v1/responses", body).status_code == 200  # completed already: nothing new
    assert events(app) == [("response.created", body["id"]), ("response.completed", body["id"])]
    [(payload,)] = sql(app, "SELECT payload FROM outbox_events WHERE type = 'response.completed'")
    payload = as_dict(payload)
    assert payload["data"]["comment"] == "late parcel" and payload["data"]["completed"] is True


def test_a_response_sent_complete_gets_created_and_completed(app, client, hooked):
    key, survey, _ = hooked
    body = response_body(key, survey, {"score": 9}, completed=True)
    assert post_json(client, "/v1/responses", body).status_code == 201
    assert events(app) == [("response.created", body["id"]), ("response.completed", body["id"])]


def test_a_survey_with_a_quota_writes_its_events_with_the_row(app, client, hooked):
    key, survey, _ = hooked
    sql(app, "UPDATE surveys SET quota = 1 WHERE id = :id", id=survey)
    from server.extensions import config_cache
    with app.app_context():
        config_cache.invalidate(key)
    first, second = response_body(key, survey), response_body(key, survey)
    assert post_json(client, "/v1/responses", first).status_code == 201
    assert post_json(client, "/v1/responses", second).status_code == 409  # full: neither row nor event
    assert events(app) == [("response.created", first["id"])]


def test_a_response_whose_insert_fails_writes_no_event(app, client, hooked):
    """The survey is deleted after ingest cached it: the insert fails, and its event goes with it."""
    key, survey, _ = hooked
    first = response_body(key, survey)
    assert post_json(client, "/v1/responses", first).status_code == 201  # caches the view
    sql(app, "DELETE FROM surveys WHERE id = :id", id=survey)
    refused = post_json(client, "/v1/responses", response_body(key, survey))
    assert refused.status_code == 404 and refused.get_json()["errors"] == {"survey_id": ["Unknown survey."]}
    assert sql(app, "SELECT count(*) FROM responses")[0][0] == 0
    assert events(app) == [("response.created", first["id"])]  # the first answer's event only


def test_the_event_and_the_row_commit_together_or_not_at_all(app, client, hooked, backend):
    """An outbox insert that fails takes the response with it (one transaction), on both write paths."""
    key, survey, _ = hooked
    if backend == "postgres":
        sql(app, "ALTER TABLE outbox_events ADD CONSTRAINT refuse_all CHECK (type = 'nothing')")
    else:
        sql(app, "CREATE TRIGGER refuse_all BEFORE INSERT ON outbox_events BEGIN SELECT RAISE(ABORT, 'refused'); END")
    try:
        refused = post_json(client, "/v1/responses", response_body(key, survey))
        assert refused.status_code == 404
        assert sql(app, "SELECT count(*) FROM responses")[0][0] == 0
    finally:
        sql(app, "ALTER TABLE outbox_events DROP CONSTRAINT refuse_all" if backend == "postgres"
            else "DROP TRIGGER refuse_all")


def test_a_recovery_form_writes_recovery_submitted_once(app, client, hooked):
    key, survey, _ = hooked
    body = response_body(key, survey, {"score": 1}, completed=True)
    assert post_json(client, "/v1/responses", body).status_code == 201
    form = {"message": "Never arrived", "email": "ann@example.com", "consent": "yes"}
    assert client.post(f"/r/{body['id']}", data=form).status_code == 302
    assert client.post(f"/r/{body['id']}", data=form).status_code in (200, 302)  # a double submit keeps the first
    rows = sql(app, "SELECT payload FROM outbox_events WHERE type = 'recovery.submitted'")
    assert len(rows) == 1
    payload = as_dict(rows[0][0])
    assert payload["data"]["email"] == "ann@example.com" and payload["data"]["message"] == "Never arrived"


def test_a_survey_deleted_after_ingest_cached_it_is_404_not_a_server_error(app, client):
    """Without any endpoint: SQLite's failed insert used to escape as an IntegrityError (a 500)."""
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    assert post_json(client, "/v1/responses", response_body(key, survey)).status_code == 201
    sql(app, "DELETE FROM surveys WHERE id = :id", id=survey)
    refused = post_json(client, "/v1/responses", response_body(key, survey))
    assert refused.status_code == 404 and refused.get_json()["errors"] == {"survey_id": ["Unknown survey."]}
