"""A real SMTP server in the test process (aiosmtpd): every e-mail test reads what it received."""
from __future__ import annotations

import email
import threading
import time
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Mailbox:
    """Collects every message the SMTP server accepts, parsed, with its envelope recipients."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._changed = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._changed:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """Wait until at least ``count`` messages arrived; fail the test with what did arrive otherwise."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} e-mails, got {len(self.messages)}: "
                                         f"{[m['Subject'] for m in self.messages]}")
                self._changed.wait(left)
            return list(self.messages)


class SmtpServer:
    """aiosmtpd on 127.0.0.1 and a free port; ``config`` is what an app needs to send to it."""

    def __init__(self, port: int):
        self.mailbox = Mailbox()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=port)
        self.controller.start()
        self.port = port

    @property
    def config(self) -> dict:
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port, "MAIL_TIMEOUT": 5.0,
                "MAIL_DEFAULT_SENDER": "Touchpoint <alerts@touchpoint.test>"}

    def close(self) -> None:
        self.controller.stop()
