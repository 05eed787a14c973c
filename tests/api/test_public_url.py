"""The server's own URL in the demo page and the snippets: PUBLIC_URL, or a Host header that is only a host."""
import pytest

from server.catalog.demo import seed_demo
from tests.factories import make_site

BACKENDS = ("sqlite", "postgres")
HOSTILE_HOSTS = ['evil.example/x?', 'evil.example"><script>alert(1)</script>', "evil.example\\x", "evil.example:80@x",
                 "a b", "evil.example#", "shop.example:port"]


@pytest.fixture
def demo_app(app):
    with app.app_context():
        seed_demo()
    return app


def script_src(page: str) -> str:
    return page.split('<script async src="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("host", ["localhost:5000", "shop.example", "127.0.0.1:8080", "[::1]:5000"])
def test_a_plain_host_names_the_widget(demo_app, host):
    page = demo_app.test_client().get("/demo", headers={"Host": host})
    assert page.status_code == 200 and script_src(page.get_data(as_text=True)) == f"http://{host}/widget.js"


@pytest.mark.parametrize("host", HOSTILE_HOSTS)
def test_a_hostile_host_is_refused_and_never_reflected(demo_app, host):
    page = demo_app.test_client().get("/demo", headers={"Host": host})
    assert page.status_code == 400
    body = page.get_json()
    assert body["code"] == "bad_host" and list(body["errors"]) == ["Host"]
    assert "evil" not in page.get_data(as_text=True)


def test_the_admin_snippet_refuses_a_hostile_host(admin_client, app):
    site_id = make_site(app)[0]
    response = admin_client.get(f"/api/admin/sites/{site_id}", headers={"Host": "evil.example/x?"})
    assert response.status_code == 400 and list(response.get_json()["errors"]) == ["Host"]


@pytest.mark.parametrize("host", ["shop.example", "evil.example/x?"])
def test_public_url_wins_over_any_host(make_app, host):
    app = make_app(PUBLIC_URL="https://tp.example/")
    with app.app_context():
        seed_demo()
    page = app.test_client().get("/demo", headers={"Host": host})
    assert page.status_code == 200 and script_src(page.get_data(as_text=True)) == "https://tp.example/widget.js"
