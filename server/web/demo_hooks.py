"""The demo's built-in webhook receiver: POST /demo/webhook-log receives, GET shows what arrived, newest first.

A page for newcomers on `make run`, not an API: no session (the worker posts
here), a bounded body, and a log the domain keeps to its newest rows. Where no
endpoint points at it (an installation without the demo) it is a 404, so the
public cannot write to the database through it.
"""
from __future__ import annotations

from flask import Blueprint, render_template, request

from ..errors import ApiError
from ..outbox.demo_receiver import KEEP, RECEIVER_PATH, receiver_endpoints, recent_receipts, record_receipt
from .security import add_page_headers

bp = Blueprint("demo_hooks", __name__)
bp.after_request(add_page_headers)
MAX_BODY = 64 * 1024  # far above any event's payload


def require_demo_endpoint() -> None:
    """A 404 unless seed-demo pointed an endpoint here."""
    if not receiver_endpoints():
        raise ApiError(404, "No webhook endpoint points at the demo receiver: run `flask --app server seed-demo`.")


@bp.get(RECEIVER_PATH)
def webhook_log():
    """The last deliveries the receiver got, newest first, each with its signature verdict (refreshes itself)."""
    require_demo_endpoint()
    return render_template("demo_webhook_log.html", receipts=recent_receipts(), keep=KEEP)


@bp.post(RECEIVER_PATH)
def receive_webhook():
    """Receive one delivery: verify its signature and log it. Answers 200 either way, as a lenient receiver would."""
    require_demo_endpoint()
    if (request.content_length or 0) > MAX_BODY:
        raise ApiError(413, f"The body is larger than {MAX_BODY} bytes.", code="too_large")
    body = request.stream.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        raise ApiError(413, f"The body is larger than {MAX_BODY} bytes.", code="too_large")
    receipt = record_receipt(body, {name.lower(): value for name, value in request.headers.items()})
    return {"received": True, "verified": receipt.verified, "verdict": receipt.verdict}
