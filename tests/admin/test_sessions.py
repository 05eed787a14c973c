"""Admin sessions live on the server: a copied cookie dies with sign-out, a new password, a new role or removal.

Each test copies a signed-in browser's cookie into a second client (what someone
who saved or stole the cookie would hold) and checks the copy stops working.
"""
import pytest

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, VIEWER_EMAIL, VIEWER_PASSWORD, sign_in, sql
from tests.factories import DESKTOP_UA, PHONE_UA

BACKENDS = ("sqlite", "postgres")
OTHER_EMAIL, OTHER_PASSWORD = "other@example.com", "other password 1"


def copy_of(app, client):
    """A second client holding the same session cookie and CSRF token: a saved copy of the browser's state."""
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    copy.environ_base.update(client.environ_base)
    return copy


def signed_in(app, email: str, password: str, **environ):
    """A new client signed in as ``email``, its CSRF token on every request."""
    client = app.test_client()
    client.environ_base.update(environ)
    client.environ_base["HTTP_X_CSRF_TOKEN"] = sign_in(client, email, password)
    return client


def works(client) -> bool:
    """The client's session still reads (200) rather than being refused (401)."""
    status = client.get("/api/admin/sites").status_code
    assert status in (200, 401), status
    return status == 200


def user_id(admin_client, email: str) -> int:
    return next(u["id"] for u in admin_client.get("/api/admin/users").get_json() if u["email"] == email)


@pytest.fixture
def other(app, make_user):
    """A second admin, signed in, and a saved copy of their cookie."""
    make_user(OTHER_EMAIL, OTHER_PASSWORD, "admin")
    client = signed_in(app, OTHER_EMAIL, OTHER_PASSWORD)
    return client, copy_of(app, client)


def test_a_copied_cookie_stops_reading_and_writing_after_sign_out(app, admin_client):
    copy = copy_of(app, admin_client)
    assert works(copy)
    assert admin_client.delete("/api/admin/session").status_code == 204
    assert not works(copy)
    write = copy.post("/api/admin/sites", json={"name": "After sign-out", "allowed_domains": ["a.example"]})
    assert write.status_code == 401
    assert sql(app, "SELECT count(*) FROM sites")[0][0] == 0
    assert sql(app, "SELECT count(*) FROM admin_sessions")[0][0] == 0


def test_a_password_change_ends_every_session_of_that_user(admin_client, other):
    client, copy = other
    assert admin_client.patch(f"/api/admin/users/{user_id(admin_client, OTHER_EMAIL)}",
                              json={"password": "a brand new one"}).status_code == 200
    assert not works(client) and not works(copy)
    assert works(admin_client)


def test_an_admin_setting_their_own_password_keeps_only_the_session_in_use(app, admin_client):
    elsewhere = signed_in(app, ADMIN_EMAIL, ADMIN_PASSWORD)
    me = admin_client.get("/api/admin/session").get_json()["user"]["id"]
    assert admin_client.patch(f"/api/admin/users/{me}", json={"password": "my new password"}).status_code == 200
    assert works(admin_client) and not works(elsewhere)


def test_removal_ends_every_session_of_that_user(admin_client, other):
    client, copy = other
    assert admin_client.delete(f"/api/admin/users/{user_id(admin_client, OTHER_EMAIL)}").status_code == 204
    assert not works(client) and not works(copy)


def test_a_role_change_ends_every_session_of_that_user(admin_client, other):
    client, copy = other
    assert admin_client.patch(f"/api/admin/users/{user_id(admin_client, OTHER_EMAIL)}",
                              json={"role": "viewer"}).status_code == 200
    assert not works(client) and not works(copy)
    # the demoted user signs in again as a viewer; the copy with the admin's powers stays dead
    assert copy.post("/api/admin/sites", json={"name": "x", "allowed_domains": ["a.example"]}).status_code == 401


def test_an_older_cookie_does_not_survive_a_new_sign_in(app, admin_client):
    older = copy_of(app, admin_client)
    admin_client.environ_base["HTTP_X_CSRF_TOKEN"] = sign_in(admin_client, ADMIN_EMAIL, ADMIN_PASSWORD)
    assert works(admin_client)
    assert not works(older)
    assert sql(app, "SELECT count(*) FROM admin_sessions")[0][0] == 1


def test_an_expired_session_is_refused(app, admin_client):
    sql(app, "UPDATE admin_sessions SET expires_at = :past", past="2020-01-01 00:00:00+00:00")
    assert not works(admin_client)


def test_the_table_keeps_only_a_hash_of_the_token(app, admin_client):
    from server.catalog.admin_sessions import token_hash
    cookie = app.session_interface.get_signing_serializer(app).loads(admin_client.get_cookie("session").value)
    assert set(cookie) == {"_permanent", "sid", "csrf"}  # no user id in the cookie: the server decides who it is
    assert sql(app, "SELECT token_hash FROM admin_sessions") == [(token_hash(cookie["sid"]),)]


def test_an_admin_lists_and_ends_another_users_sessions(app, admin_client, make_user):
    make_user(VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    laptop = signed_in(app, VIEWER_EMAIL, VIEWER_PASSWORD, HTTP_USER_AGENT=DESKTOP_UA, REMOTE_ADDR="198.51.100.23")
    phone = signed_in(app, VIEWER_EMAIL, VIEWER_PASSWORD, HTTP_USER_AGENT=PHONE_UA, REMOTE_ADDR="2001:db8:1:2::7")
    viewer = user_id(admin_client, VIEWER_EMAIL)
    listed = admin_client.get(f"/api/admin/users/{viewer}/sessions")
    assert listed.status_code == 200
    sessions = listed.get_json()
    assert [(s["device"], s["ip"], s["current"], s["user_id"]) for s in sessions] == [
        ("Safari on iOS", "2001:db8:1::", False, viewer), ("Chrome on Linux", "198.51.100.0", False, viewer)]
    assert all(s["created_at"] and s["last_seen_at"] and s["expires_at"] for s in sessions)
    everyone = admin_client.get("/api/admin/sessions").get_json()
    assert len(everyone) == 3 and sum(s["current"] for s in everyone) == 1
    assert admin_client.delete(f"/api/admin/sessions/{sessions[0]['id']}").status_code == 204
    assert not works(phone) and works(laptop)
    assert admin_client.delete(f"/api/admin/sessions/{sessions[0]['id']}").status_code == 404
    ended = admin_client.delete(f"/api/admin/users/{viewer}/sessions")
    assert ended.status_code == 200 and ended.get_json() == {"ended": 1}
    assert not works(laptop) and works(admin_client)
    assert admin_client.get(f"/api/admin/users/{viewer}/sessions").get_json() == []
    assert admin_client.get("/api/admin/users/999/sessions").status_code == 404


def test_signing_yourself_out_everywhere_keeps_the_session_in_use(app, admin_client):
    elsewhere = signed_in(app, ADMIN_EMAIL, ADMIN_PASSWORD)
    me = admin_client.get("/api/admin/session").get_json()["user"]["id"]
    assert admin_client.delete(f"/api/admin/users/{me}/sessions").get_json() == {"ended": 1}
    assert works(admin_client) and not works(elsewhere)


def test_a_viewer_can_neither_list_nor_end_sessions(app, admin_client, viewer_client):
    admin = user_id(admin_client, ADMIN_EMAIL)
    session_id = admin_client.get(f"/api/admin/users/{admin}/sessions").get_json()[0]["id"]
    for method, url in (("GET", "/api/admin/sessions"), ("GET", f"/api/admin/users/{admin}/sessions"),
                        ("DELETE", f"/api/admin/users/{admin}/sessions"), ("DELETE", f"/api/admin/sessions/{session_id}")):
        response = viewer_client.open(url, method=method)
        assert response.status_code == 403 and response.get_json()["code"] == "forbidden", (method, url)
    assert works(admin_client)
