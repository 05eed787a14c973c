"""A webhook receiver in the test process: every delivery it gets is verified with the official standardwebhooks."""
from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.conftest import free_port


@dataclass
class Delivery:
    """One request as received: its path, headers, body and which of the receiver's secrets verified it."""

    path: str
    headers: dict
    body: bytes
    verified_by: list = field(default_factory=list)
    payload: dict | None = None

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]


class Receiver:
    """An HTTP server on a free port of 127.0.0.1 that records deliveries and answers as scripted (200 by default)."""

    def __init__(self):
        self.secrets: list[str] = []
        self.deliveries: list[Delivery] = []
        self.replies: deque = deque()  # (status, headers) per request, in order; 200 once empty
        self.hold_next = False  # the next request waits for release() before its reply
        self.holding = threading.Event()
        self._release = threading.Event()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), self._handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hook"

    def verify(self, body: bytes, headers: dict) -> tuple[list, dict | None]:
        """The secrets whose signature verifies, and the payload (None when none does)."""
        good, payload = [], None
        for secret in self.secrets:
            try:
                payload = Webhook(secret).verify(body, headers)
                good.append(secret)
            except WebhookVerificationError:
                pass
        return good, payload

    def release(self) -> None:
        self._release.set()

    def ids(self) -> list[str]:
        with self.lock:
            return [delivery.webhook_id for delivery in self.deliveries]

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                if len(body) < length:  # the sender died mid-request (a killed worker): no delivery, nothing to answer
                    return
                headers = {name.lower(): value for name, value in self.headers.items()}
                good, payload = receiver.verify(body, headers)
                with receiver.lock:
                    receiver.deliveries.append(Delivery(self.path, headers, body, good, payload))
                    hold, receiver.hold_next = receiver.hold_next, False
                    status, extra = receiver.replies.popleft() if receiver.replies else (200, {})
                if hold:
                    receiver.holding.set()
                    receiver._release.wait(30)
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        return Handler

    def close(self) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()

