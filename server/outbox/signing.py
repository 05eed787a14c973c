"""Standard Webhooks signing: whsec_ secrets and the v1 HMAC-SHA256 signature of "id.timestamp.body"."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_secret() -> str:
    """A fresh endpoint secret: "whsec_" and 32 random bytes in base64 (what the specification's libraries take)."""
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """"v1,<base64 HMAC-SHA256>" of id.timestamp.body, keyed by the decoded part of the secret after whsec_."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    digest = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_header(secrets_: list[str], msg_id: str, timestamp: int, body: bytes) -> str:
    """The webhook-signature header: one signature per live secret, space-separated (rotation sends two)."""
    return " ".join(signature(secret, msg_id, timestamp, body) for secret in secrets_)


def headers(secrets_: list[str], msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """Every header a delivery carries besides the transport's own."""
    return {"webhook-id": msg_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": signature_header(secrets_, msg_id, timestamp, body),
            "content-type": "application/json", "user-agent": "Touchpoint-Webhooks/1"}
