"""Cases open from the outbox's events in the worker's transaction, once per answer, routed to their owner;
overdue cases are flagged and their owner e-mailed once; replies go only to a consented address.
On SQLite and PostgreSQL (the overdue task with Redis on PostgreSQL)."""
from __future__ import annotations

import datetime as dt
import json
import uuid as uuidlib

import pytest
from sqlalchemy.exc import IntegrityError

from server.extensions import db
from server.models import Case, utcnow
from server.outbox.dispatch import dispatch_events, drain
from server.outbox.queue import OutboxQueue
from tests.admin.case_data import enable_cases
from tests.conftest import AGENT_EMAIL, AGENT_PASSWORD, sql
from tests.factories import make_site, make_survey, post_json, response_body

from .test_outbox_writes import as_dict

BACKENDS = ("sqlite", "postgres")


@pytest.fixture
def shop(app, make_user):
    """A site with cases on, an NPS survey at "checkout" owned by an agent, and a CSAT survey at "delivery"."""
    site_id, key = make_site(app)
    nps = make_survey(app, site_id, "nps", touchpoint="checkout")
    csat = make_survey(app, site_id, "csat", touchpoint="delivery")
    make_user(AGENT_EMAIL, AGENT_PASSWORD, "agent")
    agent_id = sql(app, "SELECT id FROM users WHERE email = :e", e=AGENT_EMAIL)[0][0]
    enable_cases(app, site_id, touchpoint_owners=[{"touchpoint": "checkout", "user_id": agent_id}])
    return {"site_id": site_id, "key": key, "nps": nps, "csat": csat, "agent_id": agent_id}


def answer(client, shop, survey: str, score: int, completed: bool = True) -> str:
    body = response_body(shop["key"], shop[survey], {"score": score}, completed=completed)
    assert post_json(client, "/v1/responses", body).status_code == 201
    return body["id"]


def run_worker(app) -> None:
    with app.app_context():
        drain()
        dispatch_events()  # the case.* events of this round, too


def cases(app) -> list[tuple]:
    """(status, owner id, touchpoint, response UUID) of every case."""
    rows = sql(app, "SELECT c.status, c.owner_id, c.touchpoint, r.uuid FROM cases c JOIN responses r "
                    "ON r.id = c.response_id ORDER BY c.id")
    return [(*row[:3], str(uuidlib.UUID(str(row[3])))) for row in rows]


def event_types(app) -> list[str]:
    return [row[0] for row in sql(app, "SELECT type FROM outbox_events ORDER BY id")]


def test_a_detractor_opens_one_case_routed_to_the_touchpoint_owner(app, client, shop):
    detractor = answer(client, shop, "nps", 2)
    answer(client, shop, "nps", 9)  # a promoter: no case
    run_worker(app)
    run_worker(app)  # a second round opens nothing more
    [(status, owner, touchpoint, uuid)] = cases(app)
    assert (status, owner, touchpoint, uuid) == ("open", shop["agent_id"], "checkout", detractor)
    assert event_types(app).count("case.opened") == 1
    [(payload,)] = sql(app, "SELECT payload FROM outbox_events WHERE type = 'case.opened'")
    data = as_dict(payload)["data"]
    assert data["response_id"] == detractor and data["owner_email"] == AGENT_EMAIL and data["change"] == "opened"
    assert data["category"] == "detractor" and data["status"] == "open"


def test_the_default_rule_takes_csat_up_to_2_and_only_completed_answers(app, client, shop):
    answer(client, shop, "csat", 2)
    answer(client, shop, "csat", 3)
    answer(client, shop, "nps", 0, completed=False)  # not final yet: no case
    run_worker(app)
    [(status, owner, touchpoint, _)] = cases(app)
    assert (status, owner, touchpoint) == ("open", None, "delivery")  # nobody owns delivery, no default owner


def test_an_unowned_touchpoint_goes_to_the_default_owner(app, client, shop):
    enable_cases(app, shop["site_id"], default_owner_id=shop["agent_id"], touchpoint_owners=[])
    answer(client, shop, "csat", 1)
    run_worker(app)
    assert cases(app)[0][1] == shop["agent_id"]


def test_a_site_whose_rule_is_off_writes_no_events_and_opens_no_case(app, client, shop):
    enable_cases(app, shop["site_id"], cases_enabled=False)
    answer(client, shop, "nps", 0)
    run_worker(app)
    assert cases(app) == [] and event_types(app) == []


def test_a_changed_rule_applies(app, client, shop):
    enable_cases(app, shop["site_id"], case_rule={"detractors": False, "csat_max": None, "ces_max": 3})
    answer(client, shop, "nps", 0)
    answer(client, shop, "csat", 1)
    run_worker(app)
    assert cases(app) == []


def test_the_recovery_page_joins_the_timeline_or_opens_the_case(app, client, shop):
    first = answer(client, shop, "nps", 1)
    run_worker(app)
    assert client.post(f"/r/{first}", data={"message": "Never arrived", "email": "ann@example.com",
                                             "consent": "yes"}).status_code == 302
    second = answer(client, shop, "nps", 0, completed=False)  # the survey not completed, but the form sent
    assert client.post(f"/r/{second}", data={"message": "Broken"}).status_code == 302
    run_worker(app)
    assert [row[3] for row in cases(app)] == [first, second]
    entries = sql(app, "SELECT case_id, kind, text FROM case_entries ORDER BY id")
    assert [(kind, text) for _, kind, text in entries] == [
        ("opened", ""), ("recovery", "Never arrived"), ("opened", ""), ("recovery", "Broken")]
    assert event_types(app).count("case.updated") == 2 and event_types(app).count("case.opened") == 2


def test_a_case_event_and_the_case_roll_back_together(app, client, shop, backend):
    """An outbox insert that fails in the worker's transaction leaves neither the case nor the dispatch."""
    answer(client, shop, "nps", 1)
    if backend == "postgres":
        sql(app, "ALTER TABLE outbox_events ADD CONSTRAINT no_cases CHECK (type NOT LIKE 'case.%')")
    else:
        sql(app, "CREATE TRIGGER no_cases BEFORE INSERT ON outbox_events WHEN NEW.type LIKE 'case.%' "
                 "BEGIN SELECT RAISE(ABORT, 'no cases'); END")
    with app.app_context(), pytest.raises(IntegrityError):
        dispatch_events()
    assert cases(app) == [] and sql(app, "SELECT count(*) FROM outbox_events WHERE dispatched_at IS NULL")[0][0] == 2
    sql(app, "ALTER TABLE outbox_events DROP CONSTRAINT no_cases" if backend == "postgres" else "DROP TRIGGER no_cases")
    run_worker(app)
    assert len(cases(app)) == 1


def age(app, hours: float) -> None:
    """Move every case's clock back, as if it had opened ``hours`` ago."""
    with app.app_context():
        for case in db.session.query(Case):
            delta = dt.timedelta(hours=hours)
            case.opened_at -= delta
            case.first_action_due -= delta
            case.resolve_due -= delta
        db.session.commit()


def test_overdue_cases_are_flagged_and_their_owner_emailed_once(make_app, client, shop, smtp_server, backend,
                                                                 request):
    extra = {"REDIS_URL": request.getfixturevalue("redis_url")} if backend == "postgres" else {}
    app = make_app(**smtp_server.config, PUBLIC_URL="https://tp.example", **extra)
    answer(client, shop, "nps", 1)
    answer(client, shop, "csat", 1)  # unowned: flagged, nobody to e-mail
    run_worker(app)
    age(app, 25)  # past the first-action deadline (24 h), not the resolve one (72 h)
    queue = OutboxQueue(app)
    try:
        queue.overdue_task.call_local()
        queue.overdue_task.call_local()
    finally:
        if backend == "postgres":
            queue.huey.flush()
    [message] = smtp_server.mailbox.wait_for(1)
    assert message["To"] == AGENT_EMAIL and "Overdue case #1" in message["Subject"]
    assert "https://tp.example/admin/#/cases/1" in message.get_content()
    assert sql(app, "SELECT count(*) FROM cases WHERE overdue_at IS NOT NULL")[0][0] == 2
    [(data,)] = sql(app, "SELECT data FROM case_entries WHERE kind = 'overdue' AND case_id = 1")
    assert as_dict(data) == {"missed": ["first_action"]}
    assert len(smtp_server.mailbox.messages) == 1


def signed_in_agent(app):
    from tests.conftest import sign_in
    agent = app.test_client()
    agent.environ_base["HTTP_X_CSRF_TOKEN"] = sign_in(agent, AGENT_EMAIL, AGENT_PASSWORD)
    return agent


def test_a_reply_goes_to_the_consented_address_and_joins_the_timeline(make_app, client, shop, smtp_server):
    app = make_app(**smtp_server.config)
    consented, silent = answer(client, shop, "nps", 1), answer(client, shop, "nps", 2)
    client.post(f"/r/{consented}", data={"message": "Never arrived", "email": "ann@example.com", "consent": "yes"})
    client.post(f"/r/{silent}", data={"message": "Just no"})
    run_worker(app)
    agent = signed_in_agent(app)
    sent = agent.post("/api/admin/cases/1/reply", json={"text": "So sorry, a new parcel is on its way."})
    assert sent.status_code == 201, sent.get_json()
    [message] = smtp_server.mailbox.wait_for(1)
    assert message["To"] == "ann@example.com" and message["Reply-To"] == AGENT_EMAIL
    assert "new parcel" in message.get_content()
    assert sent.get_json()["timeline"][-1]["kind"] == "reply"
    assert sent.get_json()["first_action_at"] is not None
    refused = agent.post("/api/admin/cases/2/reply", json={"text": "Hello"})
    assert refused.status_code == 409 and "contact_consent" in refused.get_json()["errors"]
    assert agent.get("/api/admin/cases/2").get_json()["can_reply"] is False
    off = make_app().test_client()  # the same database, e-mail off
    off.environ_base["HTTP_X_CSRF_TOKEN"] = sign_in_token(off)
    refused = off.post("/api/admin/cases/1/reply", json={"text": "Hello"})
    assert refused.status_code == 409 and "mail" in refused.get_json()["errors"]
    assert len(smtp_server.mailbox.messages) == 1
    assert json.dumps(sql(app, "SELECT count(*) FROM case_entries WHERE kind = 'reply'")[0][0]) == "1"


def sign_in_token(client) -> str:
    from tests.conftest import sign_in
    return sign_in(client, AGENT_EMAIL, AGENT_PASSWORD)


def test_deadlines_come_from_the_site_sla(app, client, shop):
    enable_cases(app, shop["site_id"], sla_first_action_hours=2, sla_resolve_hours=8)
    before = utcnow()
    answer(client, shop, "nps", 1)
    run_worker(app)
    with app.app_context():
        case = db.session.get(Case, 1)
        assert dt.timedelta(hours=2) <= case.first_action_due - before < dt.timedelta(hours=2, minutes=1)
        assert case.resolve_due - case.opened_at == dt.timedelta(hours=8)
