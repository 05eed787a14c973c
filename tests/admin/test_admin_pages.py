"""The admin front end as served: strict CSP, only its own files, no HTML injection paths, vendored Chart.js fresh."""
import re
from pathlib import Path

import pytest

ADMIN = Path(__file__).resolve().parents[2] / "admin"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def fetch(client, path):
    """GET a file and close it (file responses hold an open handle until closed)."""
    response = client.get(path)
    response.get_data()
    response.close()
    return response


def test_the_panel_is_served_under_a_strict_csp(client):
    assert client.get("/admin").headers["Location"].endswith("/admin/")
    page = fetch(client, "/admin/")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert page.headers["Content-Security-Policy"] == CSP
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff" and page.headers["Referrer-Policy"]
    assert page.headers["Cache-Control"] == "no-cache"
    script = fetch(client, "/admin/js/app.js")
    assert script.status_code == 200 and script.mimetype in ("text/javascript", "application/javascript")
    assert fetch(client, "/admin/css/admin.css").mimetype == "text/css"


def test_only_the_builder_may_frame_the_preview(client):
    preview = fetch(client, "/admin/preview.html")
    assert "frame-ancestors 'self'" in preview.headers["Content-Security-Policy"]
    assert "script-src 'self'" in preview.headers["Content-Security-Policy"]
    assert preview.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert b'<script src="/widget-preview.js"></script>' in preview.data


@pytest.mark.parametrize("path", ["/admin/package.json", "/admin/package-lock.json", "/admin/node_modules/chart.js/package.json",
                                  "/admin/../server/config.py", "/admin/js/../../server/config.py", "/admin/.hidden.js",
                                  "/admin/missing.js"])
def test_nothing_but_the_front_end_is_served(client, path):
    assert client.get(path).status_code == 404


def front_end_files(*suffixes):
    return [p for p in ADMIN.rglob("*") if p.suffix in suffixes and "node_modules" not in p.parts and "vendor" not in p.parts]


def test_html_has_no_inline_script_or_style():
    for page in front_end_files(".html"):
        text = page.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), page
        assert not re.search(r"\sstyle=|<style", text), page
        assert not re.search(r"\son[a-z]+=", text), page


def test_scripts_never_parse_html():
    """Every text reaches the DOM through textContent; stored payloads must render inert."""
    banned = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\(['\"]on")
    for script in front_end_files(".js"):
        assert not banned.search(script.read_text()), script


def test_the_vendored_chart_library_is_the_locked_one():
    """make test runs `npm ci` in admin/ first, so node_modules holds exactly the locked version."""
    vendored = ADMIN / "vendor" / "chart.umd.min.js"
    installed = ADMIN / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js"
    assert installed.exists(), "run `npm ci` in admin/ (make test does)"
    assert vendored.read_bytes() == installed.read_bytes()
    import json
    lock = json.loads((ADMIN / "package-lock.json").read_text())
    pinned = json.loads((ADMIN / "package.json").read_text())["dependencies"]["chart.js"]
    assert lock["packages"]["node_modules/chart.js"]["version"] == pinned
    assert f"Chart.js v{pinned}" in vendored.read_text()[:200]


def test_every_module_import_resolves():
    """No bundler: a typo in an import path would only show in the browser, so check them here."""
    for script in front_end_files(".js"):
        for target in re.findall(r"^import .* from '(\.[^']+)'", script.read_text(), re.M):
            assert (script.parent / target).resolve().exists(), (script, target)
