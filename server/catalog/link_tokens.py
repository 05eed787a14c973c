"""Single-use tokens of a survey link: one personal link per recipient, so a second answer updates the first.

A link with ``single_use`` on takes answers only through personal links, ``/s/<key>?token=<ref>.<signature>``:
``ref`` is the recipient's reference in the sender's own list (an order number, a customer id), and the signature
is an HMAC of the link key and the reference under the server's secret, so nobody can make a token without it
and a token works for its own link only. Each token names one response (its id is derived from the same secret,
so it cannot be guessed from the reference): the recipient's first answer creates it, and answering again
through the same link replaces it.

Pure functions of (secret, link key, reference); the admin hands the links out (``personal_links``).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import uuid

REF_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_REFS = 5000  # personal links made at once (one mail merge)
_SIGNATURE_CHARS = 22  # 132 bits of base64url


def _mac(secret: str, purpose: str, link_key: str, ref: str) -> bytes:
    return hmac.new(secret.encode(), f"{purpose}:{link_key}:{ref}".encode(), hashlib.sha256).digest()


def make_token(secret: str, link_key: str, ref: str) -> str:
    """The token of one recipient's personal link: ``<ref>.<signature>``."""
    signature = base64.urlsafe_b64encode(_mac(secret, "token", link_key, ref)).decode()[:_SIGNATURE_CHARS]
    return f"{ref}.{signature}"


def token_ref(secret: str, link_key: str, token: str | None) -> str | None:
    """The reference a token was made for, when it is this link's and unaltered; else None."""
    ref, _, signature = (token or "").rpartition(".")
    if not REF_PATTERN.match(ref) or len(signature) != _SIGNATURE_CHARS:
        return None
    return ref if hmac.compare_digest(make_token(secret, link_key, ref), token) else None


def token_response_id(secret: str, link_key: str, ref: str) -> uuid.UUID:
    """The one response a recipient's personal link writes, again and again."""
    return uuid.UUID(bytes=_mac(secret, "response", link_key, ref)[:16], version=4)


def personal_links(secret: str, link_key: str, base_url: str, refs: list[str]) -> list[dict]:
    """A personal link per reference, in the order given: [{ref, token, url}]."""
    tokens = [(ref, make_token(secret, link_key, ref)) for ref in refs]
    return [{"ref": ref, "token": token, "url": f"{base_url}/s/{link_key}?token={token}"} for ref, token in tokens]
