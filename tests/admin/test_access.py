"""Every admin route: a session (401), a CSRF token on writes (403 csrf_failed), admins for changes (403 forbidden).

The routes are found by walking the app's URL map, so a route added later is covered
without anyone remembering to add it here.
"""
import logging
import re

import pytest

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, sign_in

LOGIN = ("POST", "/api/admin/session")
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def admin_routes(app):
    """(method, concrete URL, view) for every method of every rule under /api/admin."""
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/admin"):
            continue
        url = re.sub(r"<(?:[a-z]+:)?[a-z_]+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((method, url, app.view_functions[rule.endpoint]))
    return out


def test_the_walk_finds_the_routes(app):
    found = {(m, u) for m, u, _ in admin_routes(app)}
    assert len(found) >= 25
    assert {("GET", "/api/admin/sites"), ("DELETE", "/api/admin/surveys/1"), LOGIN} <= found


def test_every_admin_route_needs_a_session(app):
    client = app.test_client()
    for method, url, _ in admin_routes(app):
        if (method, url) == LOGIN:
            continue
        response = client.open(url, method=method, json={})
        assert response.status_code == 401, (method, url, response.status_code)
        assert response.get_json()["code"] == "unauthorized"


def test_every_write_needs_the_csrf_token(app, admin_client):
    bare = app.test_client()
    sign_in(bare, ADMIN_EMAIL, ADMIN_PASSWORD)  # signed in, but sends no token
    for method, url, _ in admin_routes(app):
        if method not in WRITES or (method, url) == LOGIN:
            continue
        for headers in ({}, {"X-CSRF-Token": "wrong"}, {"X-CSRF-Token": ""}):
            response = bare.open(url, method=method, json={}, headers=headers)
            assert response.status_code == 403, (method, url, headers)
            assert response.get_json()["code"] == "csrf_failed"


def test_viewers_are_refused_every_write_and_it_is_logged(app, viewer_client, caplog):
    caplog.set_level(logging.WARNING, logger="server.admin")
    refused = 0
    for method, url, view in admin_routes(app):
        if method not in WRITES or (method, url) == LOGIN or getattr(view, "_admin_read_only", False):
            continue
        response = viewer_client.open(url, method=method, json={})
        assert response.status_code == 403, (method, url)
        assert response.get_json()["code"] == "forbidden"
        action = "a case action" if getattr(view, "_agent_may", False) else "an admin action"
        assert f"viewer@example.com was refused {action}: {method} {url}" in caplog.text
        refused += 1
    assert refused >= 12


def test_agents_act_on_cases_and_are_refused_every_other_write(app, agent_client, caplog):
    """Agents pass the guard on the case actions (the route itself may then 404) and nowhere else."""
    caplog.set_level(logging.WARNING, logger="server.admin")
    acted = refused = 0
    for method, url, view in admin_routes(app):
        if method not in WRITES or (method, url) == LOGIN or getattr(view, "_admin_read_only", False):
            continue
        response = agent_client.open(url, method=method, json={})
        if getattr(view, "_agent_may", False):
            assert response.status_code != 403, (method, url, response.get_json())
            acted += 1
        else:
            assert response.status_code == 403, (method, url)
            assert response.get_json()["code"] == "forbidden"
            assert f"agent agent@example.com was refused an admin action: {method} {url}" in caplog.text
            refused += 1
    assert acted == 6 and refused >= 12


def test_only_case_actions_are_open_to_agents(app):
    marked = {(m, u) for m, u, view in admin_routes(app) if getattr(view, "_agent_may", False)}
    assert marked == {("POST", f"/api/admin/cases/1/{action}")
                      for action in ("assign", "start", "resolve", "reopen", "notes", "reply")}


def test_agents_read_what_viewers_read_but_not_admin_only_reads(app, agent_client):
    from tests.factories import make_site, make_survey
    site_id, _ = make_site(app)
    survey_id = make_survey(app, site_id, "nps")
    for url in ("/api/admin/sites", f"/api/admin/sites/{site_id}", f"/api/admin/surveys/{survey_id}/results",
                f"/api/admin/sites/{site_id}/touchpoints", "/api/admin/users", "/api/admin/cases",
                "/api/admin/cases/counts", f"/api/admin/sites/{site_id}/case-settings"):
        assert agent_client.get(url).status_code == 200, url
    assert agent_client.get(f"/api/admin/sites/{site_id}/export").status_code == 403


def test_viewers_read_and_use_the_read_only_tools(app, viewer_client):
    from tests.factories import make_site, make_survey
    site_id, _ = make_site(app)
    survey_id = make_survey(app, site_id, "nps")
    for url in ("/api/admin/sites", f"/api/admin/sites/{site_id}", f"/api/admin/sites/{site_id}/surveys",
                f"/api/admin/surveys/{survey_id}", f"/api/admin/surveys/{survey_id}/results",
                f"/api/admin/surveys/{survey_id}/export.csv", f"/api/admin/sites/{site_id}/touchpoints", "/api/admin/users",
                "/api/admin/cases", "/api/admin/cases/counts", f"/api/admin/sites/{site_id}/case-settings"):
        assert viewer_client.get(url).status_code == 200, url
    tested = viewer_client.post(f"/api/admin/sites/{site_id}/rule-test", json={"url": "https://shop.example/"})
    assert tested.status_code == 200
    from server.catalog.templates import template
    assert viewer_client.post("/api/admin/surveys/preview", json=template("csat")).status_code == 200
    # exporting a whole site's personal data is for admins only, even though it is a read
    assert viewer_client.get(f"/api/admin/sites/{site_id}/export").status_code == 403


def test_read_only_marks_are_few_and_deliberate(app):
    marked = {(m, u) for m, u, view in admin_routes(app) if m in WRITES and getattr(view, "_admin_read_only", False)}
    assert marked == {("DELETE", "/api/admin/session"), ("POST", "/api/admin/surveys/preview"),
                      ("POST", "/api/admin/sites/1/rule-test")}


def test_every_admin_route_is_in_the_openapi_document(app, client):
    spec = client.get("/api/openapi.json").get_json()
    for method, url, _ in admin_routes(app):
        path = next(p for p in spec["paths"] if re.sub(r"\{[a-z_]+\}", "1", p) == url)
        operation = spec["paths"][path][method.lower()]
        assert operation["tags"][0].startswith("admin"), (method, url)
        if (method, url) != LOGIN:
            assert operation["security"] == [{"session": []}], (method, url)
            assert "401" in operation["responses"]


def test_sign_in_sets_a_safe_cookie_and_a_fresh_token(app, make_user):
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    client = app.test_client()
    response = client.post("/api/admin/session", json={"email": "Admin@Example.com ", "password": ADMIN_PASSWORD})
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"]["email"] == ADMIN_EMAIL and body["user"]["role"] == "admin"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/api/admin/session").get_json()["csrf_token"] == body["csrf_token"]
    again = client.post("/api/admin/session", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert again.get_json()["csrf_token"] != body["csrf_token"]  # a new token at every sign-in


def test_the_cookie_is_secure_over_https_or_when_configured(make_app, make_user):
    app = make_app()
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    https = app.test_client().post("/api/admin/session", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
                                   base_url="https://admin.example")
    assert "Secure" in https.headers["Set-Cookie"]
    forced = make_app(SESSION_COOKIE_SECURE=True).test_client().post(
        "/api/admin/session", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert "Secure" in forced.headers["Set-Cookie"]


def test_failed_sign_ins_look_the_same(app, make_user):
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    client = app.test_client()
    wrong = client.post("/api/admin/session", json={"email": ADMIN_EMAIL, "password": "nope nope"})
    unknown = client.post("/api/admin/session", json={"email": "who@example.com", "password": "nope nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()
    assert client.get("/api/admin/sites").status_code == 401
    missing = client.post("/api/admin/session", json={"email": ADMIN_EMAIL})
    assert missing.status_code == 422 and "password" in missing.get_json()["errors"]


def test_sign_in_is_rate_limited_per_ip(make_app, make_user):
    app = make_app(RATELIMIT_LOGIN="3/day")  # a fixed window: a day never rolls over mid-test
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    client = app.test_client()
    codes = [client.post("/api/admin/session", json={"email": ADMIN_EMAIL, "password": "bad password"}).status_code
             for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    limited = client.post("/api/admin/session", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    other_ip = client.post("/api/admin/session", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
                           environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other_ip.status_code == 200


def test_sign_out_ends_the_session(admin_client):
    assert admin_client.delete("/api/admin/session").status_code == 204
    assert admin_client.get("/api/admin/sites").status_code == 401


def test_a_password_change_or_removal_ends_other_sessions(app, admin_client, make_user):
    make_user("other@example.com", "other password", "admin")
    other = app.test_client()
    other.environ_base["HTTP_X_CSRF_TOKEN"] = sign_in(other, "other@example.com", "other password")
    users = {u["email"]: u["id"] for u in admin_client.get("/api/admin/users").get_json()}
    assert admin_client.patch(f"/api/admin/users/{users['other@example.com']}",
                              json={"password": "a brand new one"}).status_code == 200
    assert other.get("/api/admin/sites").status_code == 401
    other.environ_base["HTTP_X_CSRF_TOKEN"] = sign_in(other, "other@example.com", "a brand new one")
    assert admin_client.delete(f"/api/admin/users/{users['other@example.com']}").status_code == 204
    assert other.get("/api/admin/sites").status_code == 401


def test_admin_answers_are_never_cached(admin_client):
    assert admin_client.get("/api/admin/sites").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"email": 1}'])
def test_malformed_bodies_are_4xx(admin_client, body):
    response = admin_client.post("/api/admin/sites", data=body, content_type="application/json")
    assert 400 <= response.status_code < 500
