"""The case inbox API: views, counts, filters, the case page, actions and who may take them, and the settings."""
from __future__ import annotations

import uuid

import pytest

from server.outbox.dispatch import dispatch_events, drain
from tests.admin.case_data import open_cases, shop_with_cases
from tests.conftest import AGENT_EMAIL, sql
from tests.factories import post_json, response_body

BACKENDS = ("sqlite", "postgres")


@pytest.fixture
def inbox(app, client, admin_client, agent_client):
    """Three cases on the checkout touchpoint (one owned by the agent, who is its touchpoint's owner later)."""
    site_id, key, survey = shop_with_cases(app)
    ids = open_cases(app, client, key, survey, [0, 3, 6])
    agent_id = sql(app, "SELECT id FROM users WHERE email = :e", e=AGENT_EMAIL)[0][0]
    return {"site_id": site_id, "survey": survey, "responses": ids, "agent_id": agent_id}


def test_views_counts_and_filters(inbox, admin_client, agent_client):
    assert agent_client.get("/api/admin/cases/counts").get_json() == {"mine": 0, "unassigned": 3, "overdue": 0,
                                                                     "all": 3}
    assert agent_client.post("/api/admin/cases/1/assign", json={"owner_id": inbox["agent_id"]}).status_code == 200
    assert agent_client.get("/api/admin/cases/counts").get_json()["mine"] == 1
    mine = agent_client.get("/api/admin/cases", query_string={"view": "mine"}).get_json()
    assert [case["id"] for case in mine["items"]] == [1] and mine["items"][0]["owner_email"] == AGENT_EMAIL
    unassigned = agent_client.get("/api/admin/cases", query_string={"view": "unassigned"}).get_json()
    assert [case["id"] for case in unassigned["items"]] == [3, 2]  # newest first
    assert agent_client.post("/api/admin/cases/2/resolve", json={"resolution": "contacted"}).status_code == 200
    every = agent_client.get("/api/admin/cases", query_string={"view": "all", "status": "resolved"}).get_json()
    assert [case["id"] for case in every["items"]] == [2] and every["total"] == 1
    other_site = agent_client.get("/api/admin/cases", query_string={"site_id": inbox["site_id"] + 1}).get_json()
    assert other_site["total"] == 0
    checkout = agent_client.get("/api/admin/cases", query_string={"touchpoint": "checkout"}).get_json()
    assert checkout["total"] == 3 and checkout["items"][0]["comment"] == "The parcel never came"
    bad = agent_client.get("/api/admin/cases", query_string={"view": "everything", "status": "closed"})
    assert bad.status_code == 422 and set(bad.get_json()["errors"]) == {"view", "status"}


def test_a_case_page_and_its_timeline_through_every_action(inbox, agent_client):
    case = agent_client.get("/api/admin/cases/1").get_json()
    assert case["response"]["score"] == 0 and case["response"]["comment"] == "The parcel never came"
    assert case["response"]["page_url"].startswith("https://shop.example/") and case["response"]["recovery"] is None
    assert case["can_reply"] is False and case["first_action_at"] is None
    assert agent_client.post("/api/admin/cases/1/start").get_json()["status"] == "in_progress"
    assert agent_client.post("/api/admin/cases/1/start").status_code == 409
    noted = agent_client.post("/api/admin/cases/1/notes", json={"text": "Called the courier."})
    assert noted.status_code == 201
    missing = agent_client.post("/api/admin/cases/1/resolve", json={})
    assert missing.status_code == 422 and "resolution" in missing.get_json()["errors"]
    wrong = agent_client.post("/api/admin/cases/1/resolve", json={"resolution": "ignored"})
    assert wrong.status_code == 422 and "resolution" in wrong.get_json()["errors"]
    resolved = agent_client.post("/api/admin/cases/1/resolve", json={"resolution": "refunded"}).get_json()
    assert (resolved["status"], resolved["resolution"]) == ("resolved", "refunded")
    reopened = agent_client.post("/api/admin/cases/1/reopen").get_json()
    assert (reopened["status"], reopened["resolution"]) == ("open", None)
    timeline = [(entry["kind"], entry["user_email"], entry["text"]) for entry in reopened["timeline"]]
    assert timeline == [("opened", None, ""), ("started", AGENT_EMAIL, ""), ("note", AGENT_EMAIL, "Called the courier."),
                        ("resolved", AGENT_EMAIL, ""), ("reopened", AGENT_EMAIL, "")]
    assert reopened["timeline"][3]["data"] == {"resolution": "refunded"}
    events = [row[0] for row in sql(agent_client.application, "SELECT type FROM outbox_events ORDER BY id")]
    assert events.count("case.opened") == 3 and events.count("case.updated") == 3
    assert events.count("case.closed") == 1


def test_viewers_read_cases_but_cannot_act(inbox, viewer_client):
    assert viewer_client.get("/api/admin/cases/1").status_code == 200
    for action, body in (("start", None), ("notes", {"text": "x"}), ("resolve", {"resolution": "fixed"}),
                         ("assign", {"owner_id": None}), ("reply", {"text": "x"}), ("reopen", None)):
        response = viewer_client.post(f"/api/admin/cases/1/{action}", json=body)
        assert response.status_code == 403 and response.get_json()["code"] == "forbidden", action


def test_cases_go_to_admins_and_agents_only(inbox, admin_client, viewer_client):
    viewer_id = sql(admin_client.application, "SELECT id FROM users WHERE role = 'viewer'")[0][0]
    refused = admin_client.post("/api/admin/cases/1/assign", json={"owner_id": viewer_id})
    assert refused.status_code == 422 and "owner_id" in refused.get_json()["errors"]
    unknown = admin_client.post("/api/admin/cases/1/assign", json={"owner_id": 999})
    assert unknown.status_code == 422 and "owner_id" in unknown.get_json()["errors"]
    assert admin_client.post("/api/admin/cases/1/assign", json={"owner_id": "1"}).status_code == 422
    assert admin_client.post("/api/admin/cases/1/assign", json={"owner_id": None}).get_json()["owner_id"] is None
    assert admin_client.get("/api/admin/cases/99").status_code == 404


def test_case_settings_are_admin_only_and_checked(inbox, admin_client, agent_client):
    url = f"/api/admin/sites/{inbox['site_id']}/case-settings"
    settings = agent_client.get(url).get_json()
    assert settings["case_rule"] == {"detractors": True, "csat_max": 2, "ces_max": 3}
    assert (settings["sla_first_action_hours"], settings["sla_resolve_hours"]) == (24, 72)
    assert settings["touchpoints"] == ["checkout"] and settings["cases_enabled"] is True
    assert agent_client.patch(url, json={"sla_first_action_hours": 4}).status_code == 403
    changed = admin_client.patch(url, json={"sla_first_action_hours": 4, "sla_resolve_hours": 12,
                                            "default_owner_id": inbox["agent_id"],
                                            "touchpoint_owners": [{"touchpoint": "checkout", "user_id": inbox["agent_id"]}],
                                            "case_rule": {"csat_max": None}})
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert body["touchpoint_owners"] == [{"touchpoint": "checkout", "user_id": inbox["agent_id"]}]
    assert body["case_rule"] == {"detractors": True, "csat_max": None, "ces_max": 3}
    for bad, field in (({"sla_resolve_hours": 2}, "sla_resolve_hours"), ({"default_owner_id": 999}, "default_owner_id"),
                       ({"touchpoint_owners": [{"touchpoint": "x", "user_id": 999}]}, "touchpoint_owners.0.user_id"),
                       ({"cases_enabled": "yes"}, "cases_enabled"), ({"case_rule": {"ces_max": 9}}, "case_rule.ces_max")):
        response = admin_client.patch(url, json=bad)
        assert response.status_code == 422 and field in response.get_json()["errors"], (bad, response.get_json())


def test_metrics_ride_on_the_results_and_the_touchpoint_map(inbox, admin_client, agent_client):
    agent_client.post("/api/admin/cases/1/resolve", json={"resolution": "fixed"})
    results = admin_client.get(f"/api/admin/surveys/{inbox['survey']}/results").get_json()
    assert results["cases"]["touchpoint"]["cases"] == 3 and results["cases"]["touchpoint"]["open"] == 2
    assert results["cases"]["touchpoint"]["within_sla_percent"] == 100.0
    assert results["cases"]["site"]["open"] == 2
    assert results["cases"]["recovery"] == {"answered_again": 0, "recovered": 0, "rate_percent": None}
    touchpoints = admin_client.get(f"/api/admin/sites/{inbox['site_id']}/touchpoints").get_json()
    [card] = [card for stage in touchpoints["stages"] for card in stage["touchpoints"]]
    assert card["cases"]["open"] == 2 and touchpoints["cases"]["cases"] == 3


def answer(app, client, key: str, survey: int, score: int, visitor: str | None) -> str:
    """One completed answer from the browser whose widget id is ``visitor``, then the worker; its response id."""
    body = response_body(key, survey, {"score": score, "followup": "so so"}, completed=True,
                         **({"visitor": visitor} if visitor else {}))
    assert post_json(client, "/v1/responses", body).status_code == 201
    with app.app_context():
        drain()
        dispatch_events()
    return body["id"]


def test_the_recovery_rate_knows_a_returning_browser_by_its_key(app, client, admin_client, agent_client):
    site_id, key, survey = shop_with_cases(app)
    recovered, relapsed, silent, early = (str(uuid.uuid4()) for _ in range(4))
    for visitor in (recovered, relapsed, silent, early):
        answer(app, client, key, survey, 2, visitor)
    answer(app, client, key, survey, 7, early)  # answered again before the case was closed: not counted
    case_of = dict(sql(app, "SELECT r.uuid, c.id FROM cases c JOIN responses r ON r.id = c.response_id"))
    assert len(case_of) == 4
    for case_id in case_of.values():
        assert agent_client.post(f"/api/admin/cases/{case_id}/resolve", json={"resolution": "contacted"}).status_code == 200
    answer(app, client, key, survey, 9, recovered)
    answer(app, client, key, survey, 3, relapsed)
    answer(app, client, key, survey, 10, None)  # a browser the widget did not name: nobody's return
    results = admin_client.get(f"/api/admin/surveys/{survey}/results").get_json()
    assert results["cases"]["recovery"] == {"answered_again": 2, "recovered": 1, "rate_percent": 50.0}
    stored = [row[0] for row in sql(app, "SELECT visitor_key FROM responses WHERE visitor_key IS NOT NULL")]
    assert len(stored) == 7 and all(len(k) == 32 for k in stored)
    assert not {recovered, relapsed, silent, early} & set(stored)  # the browser's id itself is never stored


def test_a_site_that_turns_linking_off_stores_no_key_and_has_no_rate(app, client, admin_client, agent_client):
    site_id, key, survey = shop_with_cases(app)
    changed = admin_client.patch(f"/api/admin/sites/{site_id}", json={"link_answers": False})
    assert changed.status_code == 200 and changed.get_json()["link_answers"] is False
    visitor = str(uuid.uuid4())
    answer(app, client, key, survey, 2, visitor)
    [(case_id,)] = sql(app, "SELECT id FROM cases")
    agent_client.post(f"/api/admin/cases/{case_id}/resolve", json={"resolution": "contacted"})
    answer(app, client, key, survey, 9, visitor)
    assert sql(app, "SELECT count(*) FROM responses WHERE visitor_key IS NOT NULL") == [(0,)]
    results = admin_client.get(f"/api/admin/surveys/{survey}/results").get_json()
    assert results["cases"]["recovery"]["answered_again"] == 0
    bad = admin_client.patch(f"/api/admin/sites/{site_id}", json={"link_answers": "no"})
    assert bad.status_code == 422 and "link_answers" in bad.get_json()["errors"]


def test_erasing_a_sites_responses_erases_its_cases(inbox, admin_client, agent_client):
    """Cases hold what customers said (and notes about them): a data request takes them with the answers."""
    agent_client.post("/api/admin/cases/1/notes", json={"text": "Called Ann at home."})
    assert admin_client.delete(f"/api/admin/sites/{inbox['site_id']}/responses").status_code == 200
    assert sql(admin_client.application, "SELECT count(*) FROM cases")[0][0] == 0
    assert sql(admin_client.application, "SELECT count(*) FROM case_entries")[0][0] == 0
    assert agent_client.get("/api/admin/cases/counts").get_json()["all"] == 0
