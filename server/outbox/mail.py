"""Sending e-mail: one message builder and one SMTP sender for alerts, digests, case replies and notices.

The standard library does the MIME (``email.message.EmailMessage``: plain text plus an HTML
alternative) and the transport (``smtplib``). Settings come from ``MAIL_*`` (server/settings.py).
With no ``MAIL_SERVER`` e-mail is off: :func:`send` returns False and the caller records that.
"""
from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid


class MailError(Exception):
    """The SMTP server could not be reached or refused the message; the caller retries later."""


def build_message(*, sender: str, to: Sequence[str], subject: str, text: str, html: str | None = None,
                  reply_to: str | None = None, headers: Mapping[str, str] | None = None) -> EmailMessage:
    """A message with a plain-text body and, when given, an HTML alternative."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    if reply_to:
        message["Reply-To"] = reply_to
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def mail_enabled(config: Mapping) -> bool:
    return bool(config.get("MAIL_SERVER"))


def send(message: EmailMessage, config: Mapping) -> bool:
    """Send one message over SMTP with the app's ``MAIL_*`` settings; False when e-mail is off.

    Raises :class:`MailError` on any transport failure, so a task can retry.
    """
    if not mail_enabled(config):
        return False
    if "From" not in message:
        message["From"] = config["MAIL_DEFAULT_SENDER"]
    host, port, timeout = config["MAIL_SERVER"], int(config["MAIL_PORT"]), float(config["MAIL_TIMEOUT"])
    try:
        if config.get("MAIL_USE_SSL"):
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        with smtp:
            if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"{type(exc).__name__}: {exc}") from exc
    return True
