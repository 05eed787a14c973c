"""POST /v1/recoveries: the widget's recovery step, stored exactly as the hosted page's form is."""
import uuid

from tests.conftest import sql
from tests.factories import ORIGIN, make_site, make_survey, post_json

BACKENDS = ("sqlite", "postgres")


def answer(client, key, survey_id, score):
    response_id = str(uuid.uuid4())
    stored = post_json(client, "/v1/responses", {"id": response_id, "site_key": key, "survey_id": survey_id,
                                                 "answers": {"score": score}, "completed": True})
    assert stored.status_code == 201
    return response_id


def recover(client, key, response_id, origin=ORIGIN, **fields):
    return post_json(client, "/v1/recoveries", {"response_id": response_id, "site_key": key, **fields}, origin=origin)


def test_a_detractor_recovery_is_stored_once_with_the_email_only_with_consent(app, client):
    site_id, key = make_site(app)
    survey_id = make_survey(app, site_id, "nps")
    first, second = answer(client, key, survey_id, 2), answer(client, key, survey_id, 3)
    stored = recover(client, key, first, message="The parcel never came", email="ann@example.com", consent=True)
    assert stored.status_code == 201 and stored.get_json() == {"response_id": first, "stored": True}
    again = recover(client, key, first, message="Second try")
    assert again.status_code == 200 and again.get_json()["stored"] is False, "a re-send keeps the first"
    assert recover(client, key, second, message="Slow delivery").status_code == 201
    rows = sql(app, "SELECT r.uuid, v.message, v.email, v.contact_consent FROM recoveries v "
                    "JOIN responses r ON r.id = v.response_id ORDER BY v.id")
    assert [(str(u).replace("-", ""), m, e, bool(c)) for u, m, e, c in rows] == [
        (first.replace("-", ""), "The parcel never came", "ann@example.com", True),
        (second.replace("-", ""), "Slow delivery", None, False)]


def test_refusals_name_their_field(app, client):
    site_id, key = make_site(app)
    survey_id = make_survey(app, site_id, "nps")
    detractor, promoter = answer(client, key, survey_id, 1), answer(client, key, survey_id, 10)
    no_consent = recover(client, key, detractor, message="x", email="ann@example.com")
    assert no_consent.status_code == 422 and set(no_consent.get_json()["errors"]) == {"consent"}
    empty = recover(client, key, detractor)
    assert empty.status_code == 422 and set(empty.get_json()["errors"]) == {"message"}
    happy = recover(client, key, promoter, message="x")
    assert happy.status_code == 422 and set(happy.get_json()["errors"]) == {"response_id"}
    bad = recover(client, key, "not-a-uuid", message="x")
    assert bad.status_code == 422 and set(bad.get_json()["errors"]) == {"response_id"}
    assert recover(client, key, detractor, origin="https://evil.example", message="x").status_code == 403
    assert recover(client, key, detractor, origin=None, message="x").status_code == 403
    assert sql(app, "SELECT count(*) FROM recoveries") == [(0,)]


def test_an_answer_not_stored_yet_or_of_another_site_is_too_early_and_retried(app, client):
    """The widget queues the answer and the recovery; if they cross, a 425 makes the widget retry."""
    site_id, key = make_site(app)
    _, other_key = make_site(app, name="Other")
    survey_id = make_survey(app, site_id, "nps")
    early = recover(client, key, str(uuid.uuid4()), message="x")
    assert early.status_code == 425 and early.headers["Retry-After"] == "2"
    assert early.get_json()["code"] == "response_not_stored"
    theirs = answer(client, key, survey_id, 2)
    assert recover(client, other_key, theirs, message="x").status_code == 425
    assert sql(app, "SELECT count(*) FROM recoveries") == [(0,)]
