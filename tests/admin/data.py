"""Responses, recovery answers and display counts written straight to the database, with chosen dates."""
from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import urlsplit

from server.extensions import db
from server.ingest.answers import comment_of, score_and_category
from server.models import EventCount, Recovery, Response, Survey

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    """'2025-03-03 10:00' → an aware UTC datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def add_responses(app, survey_id: int, rows: list[dict]) -> list[str]:
    """Store responses to a survey; each row gives answers (or a bare score) and any column to override.

    Score, category and comment are derived from the answers exactly as ingest does.
    A row may carry ``recovery`` = {message, contact_consent, email}.
    """
    ids = []
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        first = survey.questions[0]["id"]
        for row in rows:
            row = dict(row)
            answers = row.pop("answers", None)
            if answers is None:
                answers = {first: row.pop("score")} if "score" in row else {}
            recovery = row.pop("recovery", None)
            score, category = score_and_category(survey, answers)
            page_url = row.pop("page_url", "https://shop.example" + row.pop("path", "/"))
            values = dict(uuid=uuid.uuid4(), survey_id=survey.id, site_id=survey.site_id, created_at=at("2025-03-03 12:00"),
                          completed=True, answers=answers, score=score, category=category,
                          comment=comment_of(survey, answers), page_url=page_url,
                          page_path=urlsplit(page_url).path,
                          device="desktop", browser="Chrome", os="Linux", locale="en", trigger="exit_intent")
            values.update(row)
            if isinstance(values["created_at"], str):
                values["created_at"] = at(values["created_at"])
            values["updated_at"] = values["created_at"]
            response = Response(**values)
            db.session.add(response)
            db.session.flush()
            if recovery:
                db.session.add(Recovery(response_id=response.id, created_at=values["created_at"], **recovery))
            ids.append(str(values["uuid"]))
        db.session.commit()
    return ids


def add_event_counts(app, survey_id: int, per_day: dict[str, int], event_type: str = "display") -> None:
    """Set the daily display (or dismiss/close) counters of a survey."""
    with app.app_context():
        for day, count in per_day.items():
            db.session.add(EventCount(survey_id=survey_id, day=dt.date.fromisoformat(day), type=event_type, count=count))
        db.session.commit()
