"""Users (invite, role, remove) and sites (settings, snippet and its platform variants)."""
import pytest

from server.delivery import snippets
from tests.conftest import ADMIN_EMAIL


def test_admins_invite_change_and_remove_users(admin_client):
    created = admin_client.post("/api/admin/users", json={"email": "Ann@Example.com", "role": "viewer",
                                                          "password": "long enough"})
    assert created.status_code == 201
    ann = created.get_json()
    assert ann["email"] == "ann@example.com" and ann["role"] == "viewer" and "password" not in ann
    dup = admin_client.post("/api/admin/users", json={"email": "ann@example.com", "password": "long enough"})
    assert dup.status_code == 409 and "email" in dup.get_json()["errors"]
    short = admin_client.post("/api/admin/users", json={"email": "bob@example.com", "password": "short"})
    assert short.status_code == 422 and list(short.get_json()["errors"]) == ["password"]
    bad = admin_client.post("/api/admin/users", json={"email": "not an email", "password": "long enough", "role": "boss"})
    assert set(bad.get_json()["errors"]) == {"email", "role"}
    promoted = admin_client.patch(f"/api/admin/users/{ann['id']}", json={"role": "admin"})
    assert promoted.get_json()["role"] == "admin"
    assert admin_client.patch(f"/api/admin/users/{ann['id']}", json={}).status_code == 422
    assert [u["email"] for u in admin_client.get("/api/admin/users").get_json()] == [ADMIN_EMAIL, "ann@example.com"]
    assert admin_client.delete(f"/api/admin/users/{ann['id']}").status_code == 204
    assert admin_client.delete(f"/api/admin/users/{ann['id']}").status_code == 404


def test_nobody_removes_or_demotes_themselves(admin_client):
    me = admin_client.get("/api/admin/session").get_json()["user"]
    removed = admin_client.delete(f"/api/admin/users/{me['id']}")
    assert removed.status_code == 409 and "yourself" in removed.get_json()["message"]
    demoted = admin_client.patch(f"/api/admin/users/{me['id']}", json={"role": "viewer"})
    assert demoted.status_code == 409
    assert admin_client.patch(f"/api/admin/users/{me['id']}", json={"password": "new password 1"}).status_code == 200


def test_site_lifecycle_and_validation(admin_client):
    created = admin_client.post("/api/admin/sites", json={
        "name": "Shop", "allowed_domains": ["https://Shop.example/path", "*.cdn.example", "localhost"],
        "cooldown_days": 2, "honor_gpc": True, "ip_mode": "hash"})
    assert created.status_code == 201
    site = created.get_json()
    assert site["allowed_domains"] == ["shop.example", "*.cdn.example", "localhost"]
    assert site["cooldown_days"] == 2 and site["honor_gpc"] is True and site["honor_dnt"] is False
    assert site["ip_mode"] == "hash" and site["survey_count"] == 0 and len(site["key"]) >= 8
    bad = admin_client.post("/api/admin/sites", json={"name": "", "allowed_domains": ["bad domain!"],
                                                      "cooldown_days": 400, "ip_mode": "raw", "extra": 1})
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]) == {"name", "allowed_domains.0", "cooldown_days", "ip_mode", "extra"}
    changed = admin_client.patch(f"/api/admin/sites/{site['id']}", json={"name": "Shop EU", "honor_dnt": True})
    assert changed.status_code == 200
    assert changed.get_json()["name"] == "Shop EU" and changed.get_json()["cooldown_days"] == 2
    assert changed.get_json()["honor_dnt"] is True
    assert [s["name"] for s in admin_client.get("/api/admin/sites").get_json()] == ["Shop EU"]
    assert admin_client.delete(f"/api/admin/sites/{site['id']}").status_code == 204
    assert admin_client.get(f"/api/admin/sites/{site['id']}").status_code == 404


@pytest.mark.parametrize("wildcard", ["*.com", "*.COM.", "https://*.co.uk/", "*.com.au", "*.github.io", "*.localhost",
                                      "*"])
def test_a_wildcard_over_a_public_suffix_is_refused(admin_client, wildcard):
    """*.com would let every site on the web post answers and read the config as this site's pages."""
    response = admin_client.post("/api/admin/sites", json={"name": "Shop", "allowed_domains": ["shop.example", wildcard]})
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["allowed_domains.1"]
    assert admin_client.get("/api/admin/sites").get_json() == []


@pytest.mark.parametrize("wildcard", ["*.shop.com", "*.shop.co.uk", "*.brand.github.io", "*.cdn.example"])
def test_a_wildcard_over_an_owners_domain_is_accepted(admin_client, wildcard):
    response = admin_client.post("/api/admin/sites", json={"name": "Shop", "allowed_domains": [wildcard]})
    assert response.status_code == 201 and response.get_json()["allowed_domains"] == [wildcard]


def test_site_edits_reach_the_public_config_at_once(admin_client):
    site = admin_client.post("/api/admin/sites", json={"name": "Shop", "allowed_domains": ["shop.example"]}).get_json()
    public = admin_client.get(f"/v1/sites/{site['key']}/config").get_json()
    assert public["site"]["cooldown_days"] == 0
    admin_client.patch(f"/api/admin/sites/{site['id']}", json={"cooldown_days": 5})
    assert admin_client.get(f"/v1/sites/{site['key']}/config").get_json()["site"]["cooldown_days"] == 5


def test_the_snippet_names_this_server_and_the_site(admin_client, make_app):
    site = admin_client.post("/api/admin/sites", json={"name": "Shop"}).get_json()
    assert site["snippet"] == (
        "<script>window.touchpoint=window.touchpoint||function(){(touchpoint.q=touchpoint.q||[]).push(arguments)}"
        "</script>\n"
        f'<script async src="http://localhost/widget.js" data-site="{site["key"]}"></script>')


def test_the_public_url_setting_wins_over_the_request_host(make_app, make_user):
    from tests.conftest import ADMIN_PASSWORD, sign_in
    app = make_app(PUBLIC_URL="https://tp.example.com/")
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    client = app.test_client()
    client.environ_base["HTTP_X_CSRF_TOKEN"] = sign_in(client, ADMIN_EMAIL, ADMIN_PASSWORD)
    site = client.post("/api/admin/sites", json={"name": "Shop"}).get_json()
    assert 'src="https://tp.example.com/widget.js"' in site["snippet"]


def test_platform_snippets_are_filled_in_and_missing_folders_skipped(admin_client, tmp_path, monkeypatch):
    (tmp_path / "gtm").mkdir()
    (tmp_path / "gtm" / "tag.html").write_text('<script src="{{HOST}}/widget.js" data-site="{{SITE_KEY}}"></script>')
    (tmp_path / "gtm" / "README.md").write_text("Paste into a Custom HTML tag.")
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "snippet.html").write_text("{{SITE_KEY}}")
    (tmp_path / "html" / ".hidden").write_text("x")
    (tmp_path / "empty").mkdir()
    monkeypatch.setattr(snippets, "SNIPPETS_DIR", tmp_path)
    site = admin_client.post("/api/admin/sites", json={"name": "Shop"}).get_json()
    variants = admin_client.get(f"/api/admin/sites/{site['id']}").get_json()["snippets"]
    assert [v["platform"] for v in variants] == ["html", "gtm"]
    assert variants[1]["label"] == "Google Tag Manager"
    assert variants[1]["files"] == [
        {"name": "tag.html", "content": f'<script src="http://localhost/widget.js" data-site="{site["key"]}"></script>'},
        {"name": "README.md", "content": "Paste into a Custom HTML tag."}]
    assert variants[0]["files"] == [{"name": "snippet.html", "content": site["key"]}]
    monkeypatch.setattr(snippets, "SNIPPETS_DIR", tmp_path / "absent")
    assert admin_client.get(f"/api/admin/sites/{site['id']}").get_json()["snippets"] == []


def test_the_repository_snippets_all_carry_the_placeholders():
    """Whatever snippets/ holds is filled in: no placeholder may survive."""
    for variant in snippets.platform_snippets("https://tp.example", "SITEKEY1"):
        for file in variant["files"]:
            assert "{{HOST}}" not in file["content"] and "{{SITE_KEY}}" not in file["content"]


def test_agents_can_be_invited_and_created_from_the_cli(app, admin_client, runner):
    invited = admin_client.post("/api/admin/users", json={"email": "agent2@example.com", "password": "long enough",
                                                         "role": "agent"})
    assert invited.status_code == 201 and invited.get_json()["role"] == "agent"
    result = runner.invoke(args=["create-admin", "--email", "desk@example.com", "--password", "long enough",
                                 "--role", "agent"])
    assert result.exit_code == 0 and "agent desk@example.com is ready" in result.output
    refused = admin_client.post("/api/admin/users", json={"email": "x@example.com", "password": "long enough",
                                                         "role": "owner"})
    assert refused.status_code == 422 and "role" in refused.get_json()["errors"]
