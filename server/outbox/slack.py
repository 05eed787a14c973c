"""Slack-compatible incoming webhooks: an event as a readable message ({"text", "blocks"}), built by a pure function.

Slack (and Mattermost, Rocket.Chat, Discord's /slack URLs) take this shape.
They verify no signature, so a Slack endpoint gets the message without the
Standard Webhooks headers; the SSRF guard, retries and the log are the same.
"""
from __future__ import annotations

from .events import ALERT_TRIGGERED, CASE_CLOSED, CASE_OPENED, CASE_UPDATED, RECOVERY_SUBMITTED, TEST_EVENT
from .links import response_link

TITLES = {"response.created": "New answer", "response.completed": "Completed answer",
          RECOVERY_SUBMITTED: "Recovery form sent", TEST_EVENT: "Test event from Touchpoint",
          ALERT_TRIGGERED: "Alert", CASE_OPENED: "Case opened", CASE_UPDATED: "Case updated", CASE_CLOSED: "Case resolved"}
CASE_STATUS_WORDS = {"open": "Open", "in_progress": "In progress", "resolved": "Resolved"}
CATEGORY_WORDS = {"detractor": "Detractor", "passive": "Passive", "promoter": "Promoter"}
COMMENT_CHARS = 1500  # a Slack section's text holds 3000; a long comment is cut, the link leads to all of it


def escape(text: str) -> str:
    """Text safe inside Slack mrkdwn: &, < and > escaped, so a comment cannot forge a link or a mention."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def score_line(data: dict) -> str:
    """"Score 2 · Detractor", or "No score" when the answer has none."""
    score = data.get("score")
    text = "No score" if score is None else f"Score {score:g}" if isinstance(score, float) else f"Score {score}"
    category = CATEGORY_WORDS.get(data.get("category") or "")
    return f"{text} · {category}" if category else text


def case_line(data: dict) -> str:
    """"Case #4 · In progress · ann@shop.example" (the owner, or "unassigned"), and the resolution when closed."""
    parts = [f"Case #{data['case_id']}", CASE_STATUS_WORDS.get(data.get("status"), str(data.get("status"))),
             data.get("owner_email") or "unassigned"]
    if data.get("resolution"):
        parts.append(data["resolution"].replace("_", " "))
    if data.get("overdue"):
        parts.append("overdue")
    return " · ".join(parts)


def slack_message(payload: dict, admin_base: str | None = None) -> dict:
    """The Slack message for a Standard Webhooks payload: a plain-text fallback and blocks (pure)."""
    event_type, data = payload.get("type", ""), payload.get("data") or {}
    title = TITLES.get(event_type, event_type)
    where = " · ".join(part for part in (data.get("touchpoint"), data.get("site_key")) if part)
    if event_type == TEST_EVENT:
        lines = ["This endpoint is connected: Touchpoint's messages will arrive here."]
    else:
        lines = [f"*{escape(score_line(data))}*"]
        comment = (data.get("comment") or data.get("message") or "").strip()
        if comment:
            cut = comment if len(comment) <= COMMENT_CHARS else comment[:COMMENT_CHARS] + "…"
            lines.append("> " + escape(cut).replace("\n", "\n> "))
        if data.get("page_url"):
            lines.append(f"Page: {escape(data['page_url'])}")
        if data.get("email"):  # present only when the customer consented on the recovery page
            lines.append(f"Contact (consented): {escape(data['email'])}")
        if data.get("case_id") is not None:
            lines.append(escape(case_line(data)))
    link = response_link(data, admin_base)
    if link:
        lines.append(f"<{link}|Open in Touchpoint>")
    header = f"{title}{' · ' + where if where else ''}"
    return {"text": f"{header}: {lines[0].strip('*')}",
            "blocks": [{"type": "header", "text": {"type": "plain_text", "text": header[:150]}},
                       {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}}]}
