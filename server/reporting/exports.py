"""Responses as CSV and NDJSON text, streamed batch by batch; spreadsheet formulas are neutralised."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import Select, select

from ..database import db
from ..models import Recovery, Response, Survey
from .filters import Filters, conditions

BATCH = 1000
# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# (OWASP's CSV-injection list, plus the fullwidth forms some spreadsheets fold to ASCII).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# What a spreadsheet may skip before it looks for a formula: blanks, line breaks and invisible characters.
LEADING_BLANKS = " \t\r\n\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
                 "\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
ROW_COLUMNS = (Response.uuid, Response.created_at, Response.survey_id, Survey.name.label("survey"),
               Response.completed, Response.score, Response.category, Response.comment, Response.answers,
               Response.page_url, Response.referrer, Response.device, Response.browser, Response.os,
               Response.locale, Response.trigger, Response.channel, Response.hidden_fields, Response.ip,
               Recovery.message.label("recovery_message"), Recovery.contact_consent.label("recovery_consent"),
               Recovery.email.label("recovery_email"), Recovery.created_at.label("recovery_at"))
BASE_COLUMNS = ("response_id", "created_at", "survey_id", "survey", "completed", "score", "category", "comment",
                "page_url", "referrer", "device", "browser", "os", "locale", "trigger", "channel",
                "recovery_message", "recovery_consent", "recovery_email")


def response_rows(*conditions, order_newest_first: bool = True) -> Select:
    """Responses with their survey's name and recovery answer (if any), newest first."""
    stmt = (select(*ROW_COLUMNS).join(Survey, Survey.id == Response.survey_id)
            .outerjoin(Recovery, Recovery.response_id == Response.id).where(*conditions))
    order = (Response.created_at.desc(), Response.id.desc()) if order_newest_first else (Response.id,)
    return stmt.order_by(*order)


def stream(statement: Select, batch: int = BATCH) -> Iterator:
    """Rows of a statement fetched ``batch`` at a time (a server-side cursor on PostgreSQL)."""
    yield from db.session.execute(statement.execution_options(yield_per=batch))


def iso(value: dt.datetime | None) -> str:
    """An ISO 8601 UTC timestamp with a Z, or ""."""
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else ""


def score_text(score: float | None) -> str:
    """9.0 → "9"; a CLI mean like 8.3333 → "8.33"."""
    if score is None:
        return ""
    return str(int(score)) if float(score).is_integer() else f"{score:.2f}"


def answer_text(value) -> str:
    """An answer as one cell: choices joined with "; ", a CLI object as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def neutralise(cell: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with a single quote.

    A formula hidden behind leading blanks (" =1+1", "\u200b=1+1") counts too,
    because some spreadsheets trim them before parsing.
    """
    if cell.startswith(FORMULA_START) or cell.lstrip(LEADING_BLANKS).startswith(FORMULA_START):
        return "'" + cell
    return cell


def base_cells(row) -> list[str]:
    """The BASE_COLUMNS of one response row."""
    return [str(row.uuid), iso(row.created_at), str(row.survey_id), row.survey or "",
            "true" if row.completed else "false", score_text(row.score), row.category or "", row.comment or "",
            row.page_url, row.referrer, row.device, row.browser, row.os, row.locale, row.trigger, row.channel,
            row.recovery_message or "",
            "" if row.recovery_consent is None else ("true" if row.recovery_consent else "false"),
            row.recovery_email or ""]


def survey_columns(question_ids: Sequence[str], field_names: Sequence[str] = ()) -> list[str]:
    """Columns of a survey's export: the base ones, one per answer, then one per hidden field of its link."""
    return [*BASE_COLUMNS, *(f"answer.{qid}" for qid in question_ids), *(f"field.{name}" for name in field_names)]


def survey_cells(row, question_ids: Sequence[str], field_names: Sequence[str] = ()) -> list[str]:
    answers, hidden = row.answers or {}, row.hidden_fields or {}
    return base_cells(row) + [answer_text(answers.get(qid)) for qid in question_ids] + \
        [str(hidden.get(name, "")) for name in field_names]


def csv_lines(header: Sequence[str], rows: Iterable[list[str]], batch: int = 200) -> Iterator[str]:
    """CSV text (RFC 4180, CRLF) in chunks of ``batch`` rows, every cell neutralised and quoted.

    Every cell is quoted, not only those with a comma: Excel in a locale whose
    separator is ``;`` would otherwise split ``x;=1+1`` into a second cell that
    starts with ``=`` (OWASP: quote every field, double embedded quotes).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for count, cells in enumerate(rows, 1):
        writer.writerow([neutralise(c) for c in cells])
        if count % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def response_record(row) -> dict:
    """One response as a JSON object (the NDJSON export keeps the answers' structure)."""
    recovery = None
    if row.recovery_at is not None:
        recovery = {"message": row.recovery_message, "contact_consent": row.recovery_consent,
                    "email": row.recovery_email, "created_at": iso(row.recovery_at)}
    return {"id": str(row.uuid), "created_at": iso(row.created_at), "survey_id": row.survey_id,
            "survey": row.survey, "completed": row.completed, "answers": row.answers, "score": row.score,
            "category": row.category, "comment": row.comment, "page_url": row.page_url, "referrer": row.referrer,
            "device": row.device, "browser": row.browser, "os": row.os, "locale": row.locale,
            "trigger": row.trigger, "channel": row.channel, "hidden_fields": row.hidden_fields or {}, "ip": row.ip,
            "recovery": recovery}


def ndjson_lines(rows: Iterable) -> Iterator[str]:
    """One JSON object per line."""
    for row in rows:
        yield json.dumps(response_record(row), ensure_ascii=False, separators=(",", ":")) + "\n"


SITE_COLUMNS = (*BASE_COLUMNS, "answers", "fields", "ip")
EXPORT_TYPES = {"ndjson": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


def site_cells(row) -> list[str]:
    return base_cells(row) + [answer_text(row.answers or {}), answer_text(row.hidden_fields or {}), row.ip]


def site_export(site, fmt: str) -> Iterator[str]:
    """Every response of the site (oldest first) with its recovery answer, as NDJSON or CSV text."""
    rows = stream(response_rows(Response.site_id == site.id, order_newest_first=False))
    if fmt == "csv":
        return csv_lines(SITE_COLUMNS, (site_cells(row) for row in rows))
    return ndjson_lines(rows)


def survey_export(survey: Survey, filters: Filters) -> Iterator[str]:
    """A survey's filtered responses as CSV text, newest first, one column per answer (the follow-up too) and
    per hidden field its link declares."""
    question_ids = [q["id"] for q in survey.questions] + (["followup"] if (survey.followup or {}).get("enabled") else [])
    field_names = (survey.link or {}).get("hidden_fields") or []
    rows = stream(response_rows(*conditions(survey.id, filters)))
    return csv_lines(survey_columns(question_ids, field_names),
                     (survey_cells(row, question_ids, field_names) for row in rows))
