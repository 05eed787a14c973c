"""Ingest obeys the survey, on SQLite and PostgreSQL: status, quota (under concurrency), recovery, append window."""
import threading
import time

import pytest

from tests.conftest import sql
from tests.factories import make_site, make_survey, post_json, response_body, update_survey

BACKENDS = ("sqlite", "postgres")


def send(client, body):
    return post_json(client, "/v1/responses", body)


def stored(app) -> int:
    return sql(app, "SELECT count(*) FROM responses")[0][0]


@pytest.mark.parametrize("status", ["draft", "paused"])
def test_a_new_answer_to_a_survey_that_is_not_active_is_409_naming_survey_id(app, client, status):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps", status=status)
    refused = send(client, response_body(key, survey, {"score": 9}))
    assert refused.status_code == 409
    assert refused.get_json() == {"code": "survey_not_active", "message": "This survey is not taking responses.",
                                  "errors": {"survey_id": [f"The survey is {status}."]}}
    assert stored(app) == 0


def test_a_response_begun_before_the_pause_can_still_be_completed(app, client):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    begun = response_body(key, survey, {"score": 3})
    assert send(client, begun).status_code == 201
    update_survey(app, survey, status="paused")
    assert send(client, response_body(key, survey, {"score": 3})).status_code == 409, "nothing new once paused"
    done = send(client, dict(begun, answers={"score": 3, "followup": "Late parcel"}, completed=True))
    assert done.status_code == 200 and done.get_json()["completed"] is True
    assert sql(app, "SELECT completed, comment FROM responses") == [(True, "Late parcel")]


def test_the_quota_holds_exactly_under_concurrent_sends(app):
    """Five sends at once to a survey with a quota of two: two stored, three refused (on PostgreSQL via the writer's app)."""
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps", quota=2)
    bodies = [response_body(key, survey, {"score": 9}) for _ in range(5)]
    start, replies = threading.Barrier(len(bodies)), [None] * len(bodies)

    def post(index):
        client = app.test_client()
        start.wait(5)
        replies[index] = send(client, bodies[index])
    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    statuses = sorted(reply.status_code for reply in replies)
    assert statuses == [201, 201, 409, 409, 409]
    refused = [reply.get_json() for reply in replies if reply.status_code == 409]
    assert all(body["code"] == "quota_reached" and "survey_id" in body["errors"] for body in refused)
    assert stored(app) == 2


def test_completing_a_stored_response_never_counts_against_the_quota(app, client):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps", quota=1)
    first = response_body(key, survey, {"score": 8})
    assert send(client, first).status_code == 201
    assert send(client, response_body(key, survey, {"score": 8})).get_json()["code"] == "quota_reached"
    assert send(client, first).status_code == 200, "an identical re-send is acknowledged"
    done = send(client, dict(first, answers={"score": 8, "followup": "Fine"}, completed=True))
    assert done.status_code == 200 and done.get_json()["completed"] is True
    assert stored(app) == 1


@pytest.mark.parametrize("score,allowed", [(2, True), (7, False), (10, False)])
def test_only_a_detractor_response_takes_a_recovery_message(app, client, score, allowed):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    body = response_body(key, survey, {"score": score})
    assert send(client, body).status_code == 201
    page = client.post(f"/r/{body['id']}", data={"message": "Parcel lost"})
    assert page.status_code == (302 if allowed else 422)
    if not allowed:
        assert "This page is for answers that told us something went wrong." in page.get_data(as_text=True)
    assert sql(app, "SELECT message FROM recoveries") == ([("Parcel lost",)] if allowed else [])


def test_answers_are_added_to_a_stored_response_only_within_the_window(app, client):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    partial = response_body(key, survey, {"score": 4})
    assert send(client, partial).status_code == 201
    sql(app, "UPDATE responses SET created_at = :old", old="2020-01-01 00:00:00+00:00")
    late = send(client, dict(partial, answers={"score": 4, "followup": "Anyone with the link"}, completed=True))
    assert late.status_code == 409 and late.get_json()["code"] == "response_closed" and "id" in late.get_json()["errors"]
    assert send(client, partial).status_code == 200, "a re-send that adds nothing is still acknowledged"
    assert sql(app, "SELECT completed, comment FROM responses") == [(False, None)]


def test_a_survey_edit_the_cache_never_heard_of_applies_within_the_cache_ttl(make_app):
    """A lost invalidation (here: a change behind the app's back) is undone by the view's TTL, not never."""
    app = make_app(CONFIG_CACHE_TTL=1)
    client = app.test_client()
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    assert send(client, response_body(key, survey, {"score": 7})).get_json()["category"] == "passive"
    sql(app, """UPDATE surveys SET outcomes = '{"promoter_min": 9, "detractor_max": 7}' WHERE id = :id""", id=survey)
    changed = time.monotonic()
    while send(client, response_body(key, survey, {"score": 7})).get_json()["category"] != "detractor":
        assert time.monotonic() - changed < 1 + 0.5, "a cached survey view must expire after CONFIG_CACHE_TTL"
        time.sleep(0.05)
