"""The PostgreSQL group-commit writer's batch statement writes the events of exactly the rows it inserts."""
from __future__ import annotations

import datetime as dt
import uuid

import psycopg

from server.extensions import survey_views
from server.ingest.writer import GroupCommitWriter, Pending
from server.outbox.events import new_response_events
from tests.factories import post_json, response_body

from .test_outbox_writes import events

BACKENDS = ("postgres",)


def test_the_writers_batch_writes_events_for_exactly_its_new_rows(app, client, hooked, database_url):
    """One batch: two new UUIDs, one of them twice, and one stored before. Events: one per new row."""
    key, survey, _ = hooked
    stored = response_body(key, survey)
    assert post_json(client, "/v1/responses", stored).status_code == 201
    with app.app_context():
        view = survey_views.fresh(survey)
    now = dt.datetime.now(dt.UTC)

    def pending(uid: str) -> Pending:
        values = dict(uuid=uuid.UUID(uid), survey_id=survey, site_id=view.site_id, created_at=now, updated_at=now,
                      completed=False, answers={"score": 2}, score=2.0, category="detractor", comment=None,
                      page_url="", page_path="", referrer="", device="desktop", browser="", os="", locale="en",
                      trigger="", channel="web", hidden_fields=None, ip="", visitor_key=None, first_answer_ms=None,
                      duration_ms=None)
        return Pending(values, new_response_events(values, view))
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    batch = [pending(a), pending(b), pending(a), pending(stored["id"])]
    writer = GroupCommitWriter(database_url.replace("+psycopg", ""), 2, 5)
    with psycopg.connect(database_url.replace("+psycopg", ""), autocommit=True) as conn:
        writer._insert(conn, batch)
    assert [item.row_id is not None for item in batch] == [True, True, False, False]
    assert sorted(events(app)) == sorted([("response.created", stored["id"]), ("response.created", a),
                                          ("response.created", b)])
