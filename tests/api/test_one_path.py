"""Each public endpoint has one code path: a refusal is counted once and a busy slot is waited for once.

Regression tests for the fast lane that answered before Flask and handed what it
could not answer to the route, which then repeated the lane's side effects.
"""
import ast
import time
from pathlib import Path

from tests.factories import make_site, make_survey, post_json, response_body

ROOT = Path(__file__).resolve().parents[2]


def test_each_invalid_write_counts_once_against_the_rate_limit(make_app):
    app = make_app(RATELIMIT_PUBLIC_WRITE="4/day")
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    client = app.test_client()
    statuses = [post_json(client, "/v1/responses", response_body(key, survey, {"score": 12})).status_code
                for _ in range(5)]
    assert statuses == [422, 422, 422, 422, 429]


def test_a_busy_ingest_slot_is_waited_for_once(make_app):
    from server.runtime.loadshed import ingest_slots

    app = make_app(INGEST_MAX_IN_FLIGHT=1, INGEST_QUEUE_TIMEOUT=0.3)
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    slots = ingest_slots(1)
    assert slots.acquire(timeout=1), "the test holds the only slot"
    try:
        started = time.monotonic()
        refused = post_json(app.test_client(), "/v1/responses", response_body(key, survey))
        waited = time.monotonic() - started
    finally:
        slots.release()
    assert refused.status_code == 503 and refused.headers["Retry-After"]
    assert 0.3 <= waited < 0.55, f"waited {waited:.2f} s for a 0.3 s slot timeout"


def imported_modules(path: Path) -> set[str]:
    """The modules a source file imports, relative ones resolved within the server package."""
    tree = ast.parse(path.read_text())
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(filter(None, (base, node.module)))
            out.add(module)
            out.update(f"{module}.{alias.name}" for alias in node.names)
    return out


def test_queue_time_shedding_owns_its_stamp_and_needs_no_worker():
    """The shedding middleware defines QUEUED_AT; the gunicorn worker imports it, never the other way."""
    loadshed = ROOT / "server" / "runtime" / "loadshed.py"
    worker = ROOT / "server" / "runtime" / "gunicorn_worker.py"
    assert not any("gunicorn" in name for name in imported_modules(loadshed))
    assert "server.runtime.loadshed.QUEUED_AT" in imported_modules(worker)
    assert not (ROOT / "server" / "api" / "fastlane.py").exists()
