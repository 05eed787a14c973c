"""Check installation: the server reads a page of the site and says whether this site's snippet is on it."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from server.delivery.installation import find_snippets, verdict
from tests.conftest import WEBHOOK_CONFIG
from tests.factories import make_site

KEY = "abcdefghijklmnopqrst"
TAG = f'<script async src="https://tp.example/widget.js" data-site="{KEY}"></script>'


@pytest.mark.parametrize("html, keys, sources", [
    (f"<head>{TAG}</head>", [KEY], ["https://tp.example/widget.js"]),
    (f"<script data-site='{KEY}' async src=https://tp.example/widget.0123abcd.js></script>", [KEY],
     ["https://tp.example/widget.0123abcd.js"]),
    ("<script>touchpoint('init', { site: 'gtmkey1234567890abcd', host: 'https://tp.example' });</script>",
     ["gtmkey1234567890abcd"], []),
    ('<script src="https://tp.example/widget.js"></script>', [], ["https://tp.example/widget.js"]),
    ('<script src="https://cdn.example/other-widget.json" data-site="x"></script><p>widget.js</p>', [], []),
])
def test_find_snippets_reads_script_tags_and_init_calls(html, keys, sources):
    found = find_snippets(html)
    assert (found.keys, found.sources) == (keys, sources)


def test_verdicts_say_what_to_do():
    ok = verdict(find_snippets(TAG), KEY, "https://shop.example/", ["shop.example"])
    assert ok["status"] == "ok" and ok["domain_allowed"] is True
    elsewhere = verdict(find_snippets(TAG), KEY, "https://shop.other/", ["shop.example"])
    assert elsewhere["status"] == "domain_not_allowed" and "add it under Allowed domains" in elsewhere["message"]
    wrong = verdict(find_snippets(TAG.replace(KEY, "zzzzzzzzzzzzzzzzzzzz")), KEY, "https://shop.example/", ["shop.example"])
    assert wrong["status"] == "wrong_key" and "zzzzzzzzzzzzzzzzzzzz" in wrong["message"]
    missing = verdict(find_snippets("<html></html>"), KEY, "https://shop.example/", ["shop.example"])
    assert missing["status"] == "missing" and "touchpoint_debug=1" in missing["message"]


SHOPIFY_PAGE = f'<script>var Shopify = Shopify || {{}};\nShopify.shop = "demo-store.myshopify.com";</script>{TAG}'


def test_a_shopify_storefront_asks_for_its_myshopify_address_too_until_it_is_allowed():
    found = find_snippets(SHOPIFY_PAGE)
    assert found.shopify_address == "demo-store.myshopify.com"
    custom = verdict(found, KEY, "https://shop.example/", ["shop.example"])
    assert custom["status"] == "ok" and custom["also_allow"] == "demo-store.myshopify.com"
    assert "Shopify also serves it at demo-store.myshopify.com" in custom["message"]
    both = verdict(found, KEY, "https://shop.example/", ["shop.example", "demo-store.myshopify.com"])
    assert both["also_allow"] is None and "Shopify" not in both["message"]
    on_it = verdict(found, KEY, "https://demo-store.myshopify.com/", ["demo-store.myshopify.com"])
    assert on_it["also_allow"] is None
    assert find_snippets(TAG).shopify_address is None


class Pages(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):
        status, headers, body = self.routes.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def pages():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}", Pages.routes
    server.shutdown()
    server.server_close()
    Pages.routes = {}


def check(client, site_id, url):
    return client.post(f"/api/admin/sites/{site_id}/installation-check", json={"url": url})


def test_a_page_with_the_snippet_is_found_after_a_redirect(make_app, make_user, pages):
    from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, signed_in_client
    app = make_app(**WEBHOOK_CONFIG)
    client = signed_in_client(app, make_user, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, key = make_site(app, allowed_domains=["localhost"])
    base, routes = pages
    routes["/"] = (301, {"Location": "/shop/"}, b"")
    routes["/shop/"] = (200, {"Content-Type": "text/html"}, TAG.replace(KEY, key).encode())
    routes["/other/"] = (200, {"Content-Type": "text/html"}, b"<html><head></head></html>")
    found = check(client, site_id, base + "/")
    assert found.status_code == 200
    assert found.get_json()["status"] == "ok" and found.get_json()["url"] == base + "/shop/"
    assert check(client, site_id, base + "/other/").get_json()["status"] == "missing"
    assert check(client, site_id, base + "/gone").get_json()["status"] == "http_error"


def test_private_addresses_are_refused_unless_allowed(admin_client, app, pages):
    """The same SSRF guard as webhooks: an admin cannot make the server read an internal address."""
    site_id, _ = make_site(app, allowed_domains=["localhost"])
    base, routes = pages
    routes["/"] = (200, {}, TAG.encode())
    refused = check(admin_client, site_id, base + "/").get_json()
    assert refused["status"] == "unreachable" and "private addresses are not allowed" in refused["message"]


def test_bad_input_names_the_field_and_viewers_cannot_check(admin_client, viewer_client, app):
    site_id, _ = make_site(app)
    bad = check(admin_client, site_id, "javascript:alert(1)")
    assert bad.status_code == 422 and "url" in bad.get_json()["errors"]
    assert check(admin_client, 99999, "https://shop.example/").status_code == 404
    assert check(viewer_client, site_id, "https://shop.example/").status_code == 403
