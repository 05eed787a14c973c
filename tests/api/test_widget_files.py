"""The widget's files: /widget.js, its hashed URL, the chunks it loads at the hash it was built with, and the
admin preview's renderer."""
import gzip
import hashlib

import pytest

from server.delivery.widget_asset import CHUNKS, DEFAULT_DIST, sibling_asset, widget_asset


@pytest.mark.parametrize("name", CHUNKS)
def test_the_widget_names_each_chunk_it_was_built_with(name):
    """A widget only ever loads the chunks of its own build (no old/new mix after a deploy)."""
    built = hashlib.sha256(DEFAULT_DIST.with_name(f"widget-{name}.js").read_bytes()).hexdigest()[:12]
    assert sibling_asset(None, name).digest == built
    assert f'{name}:"{built}"'.encode() in DEFAULT_DIST.read_bytes(), "dist/widget.js loads this build"


def test_the_hashed_files_are_immutable_and_gzipped_when_accepted(client):
    assets = [(f"/widget.{widget_asset(None).digest}.js", widget_asset(None))] + [
        (f"/widget-{name}.{sibling_asset(None, name).digest}.js", sibling_asset(None, name)) for name in CHUNKS]
    for path, asset in assets:
        plain = client.get(path)
        assert plain.status_code == 200 and plain.data == asset.body
        assert plain.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert plain.headers["Content-Type"].startswith("application/javascript")
        packed = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert packed.headers["Content-Encoding"] == "gzip" and gzip.decompress(packed.data) == asset.body
        assert client.get(path, headers={"If-None-Match": plain.headers["ETag"]}).status_code == 304


def test_an_unknown_hash_is_a_404_naming_the_digest(client):
    for path in ("/widget-outcome.000000000000.js", "/widget-tab.000000000000.js", "/widget.000000000000.js"):
        missing = client.get(path)
        assert missing.status_code == 404 and missing.get_json()["errors"] == {"digest": ["Unknown build."]}
    assert client.get(f"/widget-preview.{sibling_asset(None, 'preview').digest}.js").status_code == 404, \
        "the preview renderer is no chunk"


def test_the_preview_renderer_is_served_for_the_admin_and_never_ships_in_the_widget(client):
    preview = client.get("/widget-preview.js")
    assert preview.status_code == 200 and preview.data == sibling_asset(None, "preview").body
    assert b"touchpoint:preview" not in DEFAULT_DIST.read_bytes()


@pytest.mark.parametrize("headers", [{}, {"Accept-Encoding": "gzip"}])
def test_a_head_request_gets_the_gets_headers_and_no_body(client, headers):
    """The answer is made once per kind of request and shared (web/prepared.py); HEAD must still send no body."""
    got, head = client.get("/widget.js", headers=headers), client.head("/widget.js", headers=headers)
    assert head.status_code == got.status_code == 200 and got.data and head.data == b""
    assert sorted(head.headers.items()) == sorted(got.headers.items())


def test_any_if_none_match_that_names_the_build_revalidates(client):
    digest = widget_asset(None).digest
    for sent in (f'"{digest}"', f'W/"{digest}"', f'"other", W/"{digest}"', "*"):
        unchanged = client.get("/widget.js", headers={"If-None-Match": sent})
        assert unchanged.status_code == 304 and unchanged.data == b"" and "Content-Type" not in unchanged.headers
    assert client.get("/widget.js", headers={"If-None-Match": '"other"'}).status_code == 200
