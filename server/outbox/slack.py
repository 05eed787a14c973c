"""Slack-compatible incoming webhooks: an event as a readable message ({"text", "blocks"}), built by a pure function.

Slack (and Mattermost, Rocket.Chat, Discord's /slack URLs) take this shape.
They verify no signature, so a Slack endpoint gets the message without the
Standard Webhooks headers; the SSRF guard, retries and the log are the same.
"""
from __future__ import annotations

from .events import RECOVERY_SUBMITTED, TEST_EVENT

TITLES = {"response.created": "New answer", "response.completed": "Completed answer",
          RECOVERY_SUBMITTED: "Recovery form sent", TEST_EVENT: "Test event from Touchpoint"}
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


def response_link(data: dict, admin_base: str | None) -> str | None:
    """The admin page that shows the answer (its survey's results), or None without a public base URL."""
    if not admin_base or data.get("survey_id") is None:
        return None
    return f"{admin_base.rstrip('/')}/admin/#/surveys/{data['survey_id']}/results"


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
    link = response_link(data, admin_base)
    if link:
        lines.append(f"<{link}|Open in Touchpoint>")
    header = f"{title}{' · ' + where if where else ''}"
    return {"text": f"{header}: {lines[0].strip('*')}",
            "blocks": [{"type": "header", "text": {"type": "plain_text", "text": header[:150]}},
                       {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}}]}
