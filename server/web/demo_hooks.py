"""The demo's built-in webhook receiver: POST /demo/webhook-log receives, GET shows what arrived, newest first.

A page for newcomers on `make run`, not an API: no session (the worker posts
here), a bounded body, and a log the domain keeps to its newest rows.
"""
from __future__ import annotations

from flask import Blueprint, render_template, request

from ..errors import ApiError
from ..outbox.demo_receiver import KEEP, RECEIVER_PATH, recent_receipts, record_receipt

bp = Blueprint("demo_hooks", __name__)
MAX_BODY = 64 * 1024  # far above any event's payload


@bp.get(RECEIVER_PATH)
def webhook_log():
    """The last deliveries the receiver got, newest first, each with its signature verdict (refreshes itself)."""
    return render_template("demo_webhook_log.html", receipts=recent_receipts(), keep=KEEP)


@bp.post(RECEIVER_PATH)
def receive_webhook():
    """Receive one delivery: verify its signature and log it. Answers 200 either way, as a lenient receiver would."""
    if (request.content_length or 0) > MAX_BODY:
        raise ApiError(413, f"The body is larger than {MAX_BODY} bytes.", code="too_large")
    body = request.stream.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        raise ApiError(413, f"The body is larger than {MAX_BODY} bytes.", code="too_large")
    receipt = record_receipt(body, {name.lower(): value for name, value in request.headers.items()})
    return {"received": True, "verified": receipt.verified, "verdict": receipt.verdict}
