"""The widget's files: /widget.js, its hashed URL, and the outcome file loaded at the hash the widget was built with."""
import gzip
import hashlib

from server.delivery.widget_asset import DEFAULT_DIST, outcome_asset, widget_asset

OUTCOME = DEFAULT_DIST.with_name("widget-outcome.js")


def test_the_widget_names_the_outcome_file_it_was_built_with():
    """A widget only ever loads the outcome file of its own build (no old/new mix after a deploy)."""
    built = hashlib.sha256(OUTCOME.read_bytes()).hexdigest()[:12]
    assert outcome_asset(None).digest == built
    assert f"widget-outcome.{built}.js".encode() in DEFAULT_DIST.read_bytes(), "dist/widget.js loads this build"


def test_the_hashed_files_are_immutable_and_gzipped_when_accepted(client):
    for path, asset in ((f"/widget.{widget_asset(None).digest}.js", widget_asset(None)),
                        (f"/widget-outcome.{outcome_asset(None).digest}.js", outcome_asset(None))):
        plain = client.get(path)
        assert plain.status_code == 200 and plain.data == asset.body
        assert plain.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert plain.headers["Content-Type"].startswith("application/javascript")
        packed = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert packed.headers["Content-Encoding"] == "gzip" and gzip.decompress(packed.data) == asset.body
        assert client.get(path, headers={"If-None-Match": plain.headers["ETag"]}).status_code == 304


def test_an_unknown_hash_is_a_404_naming_the_digest(client):
    for path in ("/widget-outcome.000000000000.js", "/widget.000000000000.js"):
        missing = client.get(path)
        assert missing.status_code == 404 and missing.get_json()["errors"] == {"digest": ["Unknown build."]}
