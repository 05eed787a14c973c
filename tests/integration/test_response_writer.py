"""The group-commit writer on the real PostgreSQL: batches, re-sends, isolation of a refused row, idle exit, a kept
connection that was closed meanwhile."""
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from server.errors import ApiError
from server.ingest import writer as response_writer
from server.models import utcnow
from tests.conftest import sql
from tests.factories import make_site, make_survey

BACKENDS = ("postgres",)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def writer(app):
    return response_writer.ResponseWriter.of(app)


def row(survey_id: int, site_id: int, **overrides) -> dict:
    now = utcnow()
    values = dict(uuid=uuid.uuid4(), survey_id=survey_id, site_id=site_id, created_at=now, updated_at=now,
                  completed=True, answers={"score": 9}, score=9.0, category="promoter", comment=None,
                  page_url="https://shop.example/", page_path="/", referrer="", device="desktop", browser="Chrome",
                  os="Linux", locale="en", trigger="exit_intent", channel="web", hidden_fields=None, ip="203.0.113.0",
                  visitor_key=None, first_answer_ms=None,
                  duration_ms=None)
    values.update(overrides)
    return values


def test_concurrent_inserts_share_commits_and_each_gets_its_row(app, writer):
    site_id, _ = make_site(app)
    survey = make_survey(app, site_id, "nps")
    rows = [row(survey, site_id) for _ in range(200)]
    ids = [None] * len(rows)

    def insert(index):
        ids[index] = writer.insert(rows[index])
    threads = [threading.Thread(target=insert, args=(i,)) for i in range(len(rows))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert None not in ids and len(set(ids)) == len(rows)
    stored = dict(sql(app, "SELECT uuid, id FROM responses"))
    assert {rows[i]["uuid"]: ids[i] for i in range(len(rows))} == stored, "each waiter got its own row id"
    assert writer.rows >= 200 and writer.batches < writer.rows, "at least some commits carried several rows"


# Four requests in one gevent worker, as under gunicorn: each arrives a moment after the one before and needs a
# millisecond of its own work (validation) before its insert. The writer is woken by the first row; the others
# are ready to run by then. Printed: commits, rows.
GEVENT_ROUNDS = """
from gevent import monkey; monkey.patch_all()
import sys, time, gevent
from server.ingest.writer import GroupCommitWriter
from tests.integration.test_response_writer import row
writer = GroupCommitWriter(sys.argv[1], 5, 30)
def request(arrival):
    gevent.sleep(arrival)
    busy_until = time.perf_counter() + 0.001
    while time.perf_counter() < busy_until:
        pass
    return writer.insert(row(int(sys.argv[2]), int(sys.argv[3])))
for _ in range(5):
    greenlets = gevent.joinall([gevent.spawn(request, 0.0002 * slot) for slot in range(4)], raise_error=True)
    assert all(isinstance(greenlet.value, int) for greenlet in greenlets)
writer.stop()
print(writer.batches, writer.rows)
"""


def test_under_gevent_the_requests_about_to_insert_share_the_commit(app, writer):
    """Sending as soon as the first row came made two commits a round (1 row, then 3); under load that was a
    commit for every one to three answers, and a commit costs PostgreSQL about twice what a row does."""
    site_id, _ = make_site(app)
    survey = make_survey(app, site_id, "nps")
    out = subprocess.run([sys.executable, "-c", GEVENT_ROUNDS, writer.dsn, str(survey), str(site_id)], cwd=ROOT,
                         check=True, capture_output=True, text=True, timeout=60).stdout
    assert out.split() == ["5", "20"], "one commit for each round of four answers"
    assert sql(app, "SELECT count(*) FROM responses")[0][0] == 20


def test_a_resent_uuid_is_reported_as_stored_already(app, writer):
    site_id, _ = make_site(app)
    survey = make_survey(app, site_id, "nps")
    values = row(survey, site_id)
    assert isinstance(writer.insert(values), int)
    assert writer.insert(values) is None
    assert sql(app, "SELECT count(*) FROM responses")[0][0] == 1


def test_a_refused_row_does_not_fail_its_batch(app, writer, monkeypatch):
    site_id, _ = make_site(app)
    survey = make_survey(app, site_id, "nps")
    good = [row(survey, site_id) for _ in range(3)]
    bad = row(999_999, site_id)  # its survey does not exist: a foreign-key violation
    gate = threading.Event()
    original = writer._write

    def held(conn, batch):  # hold the first batch until all four rows are queued, so they share one
        gate.wait(5)
        return original(conn, batch)
    monkeypatch.setattr(writer, "_write", held)
    outcomes = {}

    def insert(name, values):
        try:
            outcomes[name] = writer.insert(values)
        except ApiError as exc:
            outcomes[name] = exc.status
    threads = [threading.Thread(target=insert, args=(n, v)) for n, v in [("bad", bad)] + list(enumerate(good))]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    gate.set()
    for thread in threads:
        thread.join(10)
    assert outcomes["bad"] == 404
    assert all(isinstance(outcomes[i], int) for i in range(3))
    assert sql(app, "SELECT count(*) FROM responses")[0][0] == 3


def test_the_writer_thread_exits_when_idle_and_comes_back(app, writer, monkeypatch):
    monkeypatch.setattr(response_writer, "IDLE_EXIT_SECONDS", 0.2)
    site_id, _ = make_site(app)
    survey = make_survey(app, site_id, "nps")
    writer.insert(row(survey, site_id))
    deadline = time.monotonic() + 5
    while writer._thread is not None:
        assert time.monotonic() < deadline, "an idle writer must not keep its thread and connection"
        time.sleep(0.05)
    assert isinstance(writer.insert(row(survey, site_id)), int)


def test_a_kept_connection_closed_by_the_server_is_replaced_without_failing_the_answer(app, writer):
    """The writer keeps its connection for minutes; one that PostgreSQL (or a proxy) closed meanwhile fails at its
    next batch, which is retried once on a new connection instead of answering 503."""
    site_id, _ = make_site(app)
    survey = make_survey(app, site_id, "nps")
    assert isinstance(writer.insert(row(survey, site_id)), int)
    assert writer._thread is not None, "the writer keeps its thread, and its connection, between answers"
    ended = sql(app, "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "  # returns once it has ended
                     "WHERE application_name = 'touchpoint-writer' AND datname = current_database()")
    assert [value for (value,) in ended] == [True]
    values = row(survey, site_id)
    row_id = writer.insert(values)
    assert row_id == sql(app, "SELECT id FROM responses WHERE uuid = :u", u=values["uuid"])[0][0]


def test_the_kept_connection_probes_its_peer_and_gives_up_on_unacknowledged_data(writer):
    """Kept for minutes, the connection must not be expired silently by a firewall, nor hang the writer when it was."""
    conn = writer._connect()
    try:
        settings = {item.keyword.decode(): (item.val or b"").decode() for item in conn.pgconn.info}
    finally:
        conn.close()
    assert (settings["keepalives"], settings["keepalives_idle"], settings["tcp_user_timeout"]) == ("1", "30", "5000")


def test_stop_writes_what_is_queued_then_ends_the_thread_and_a_later_answer_starts_another(app, writer):
    site_id, _ = make_site(app)
    survey = make_survey(app, site_id, "nps")
    assert isinstance(writer.insert(row(survey, site_id)), int)
    thread = writer._thread
    writer.stop()
    assert not thread.is_alive() and writer._thread is None
    deadline = time.monotonic() + 5  # the server ends the backend a moment after the client said goodbye
    while sql(app, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'touchpoint-writer' "
                   "AND datname = current_database()")[0][0]:
        assert time.monotonic() < deadline, "stop() closes the writer's connection"
        time.sleep(0.05)
    assert isinstance(writer.insert(row(survey, site_id)), int)
    assert writer._thread is not None and writer._thread is not thread


def test_a_uuid_twice_in_one_batch_is_new_once(app, writer, monkeypatch):
    """Two tabs re-sending one response at once: only one is told it created the row; the other merges."""
    site_id, _ = make_site(app)
    survey = make_survey(app, site_id, "nps")
    gate = threading.Event()
    original = writer._write

    def held(conn, batch):  # the first batch waits, so both copies queue up behind it and share the next one
        gate.wait(5)
        return original(conn, batch)
    monkeypatch.setattr(writer, "_write", held)
    twice = row(survey, site_id)
    outcomes = {}

    def insert(name, values):
        outcomes[name] = writer.insert(values)
    first = threading.Thread(target=insert, args=("filler", row(survey, site_id)))
    first.start()
    time.sleep(0.2)
    copies = [threading.Thread(target=insert, args=(name, dict(twice))) for name in ("a", "b")]
    for thread in copies:
        thread.start()
    time.sleep(0.2)
    batches = writer.batches
    gate.set()
    for thread in [first, *copies]:
        thread.join(10)
    assert writer.batches == batches + 2, "the two copies shared one batch"
    assert sorted([outcomes["a"], outcomes["b"]], key=lambda v: v is None) == [sql(
        app, "SELECT id FROM responses WHERE uuid = :u", u=twice["uuid"])[0][0], None]
