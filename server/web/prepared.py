"""Answers made once and handed to every request they fit: the config's, one per cache entry and kind, and the
widget files'.

Every page view of a site asks for the same config and the same widget, and
building a werkzeug Response for each one repeated the same work each time: the
header list checked header by header, the Content-Length set, then the whole list
copied and checked again into the WSGI header list before sending. A PreparedAnswer is a real
Response, built once by werkzeug's own rules, whose WSGI status, header list and
body are kept; serving it hands out a copy of the list (docs/PERFORMANCE.md).

It is shared by concurrent requests, so nothing may change it after it is built.
Its headers are frozen: an after_request hook that tried to edit them would raise
instead of quietly editing every later answer.
"""
from __future__ import annotations

from flask import Response
from werkzeug.datastructures import Headers, ImmutableHeadersMixin
from werkzeug.http import parse_etags


class FrozenHeaders(ImmutableHeadersMixin, Headers):
    """Headers that refuse every change (werkzeug's mixin, as its read-only EnvironHeaders uses it)."""

    def __init__(self, items):
        super().__init__()
        self._list = list(items)  # set once, here: the mixin refuses add and extend, which Headers' own init uses


class PreparedAnswer(Response):
    """A Response whose WSGI form is made when it is built; a HEAD request gets the same headers and no body."""

    def __init__(self, body: bytes, status: int, headers: tuple[tuple[str, str], ...]):
        super().__init__(body, status, headers)
        # werkzeug reads the environ here only to make a Location header absolute; these answers have none
        self._wsgi_headers = tuple(self.get_wsgi_headers({}).to_wsgi_list())
        self._wsgi_status = self.status
        self._wsgi_body = tuple(self.get_app_iter({"REQUEST_METHOD": "GET"}))
        self.headers = FrozenHeaders(self.headers.items())
        self._prepared = True

    def __setattr__(self, name: str, value) -> None:
        if self.__dict__.get("_prepared"):
            raise TypeError("a PreparedAnswer is shared by every request it fits and cannot change")
        super().__setattr__(name, value)

    def get_wsgi_response(self, environ: dict) -> tuple[tuple[bytes, ...], str, list[tuple[str, str]]]:
        body = () if environ.get("REQUEST_METHOD") == "HEAD" else self._wsgi_body
        return body, self._wsgi_status, list(self._wsgi_headers)


def representation(headers: list[tuple[str, str]], media_type: str, body: bytes, gzipped: bool,
                   not_modified: bool) -> PreparedAnswer:
    """One representation's answer, made once: a 304 has no body, so it names no type or encoding; a 200 names
    its type, and gzip when ``gzipped`` (``body`` is then the compressed bytes)."""
    if not_modified:
        return PreparedAnswer(b"", 304, tuple(headers))
    entity = [("Content-Type", media_type)] + ([("Content-Encoding", "gzip")] if gzipped else [])
    return PreparedAnswer(body, 200, (*headers, *entity))


def unchanged(environ: dict, etag: str) -> bool:
    """True when If-None-Match names this ETag, weakly compared; a browser sends back exactly what it was
    given, so that is looked for first, and any other value is parsed."""
    sent = environ.get("HTTP_IF_NONE_MATCH")
    if sent is None:
        return False
    return sent in (f'"{etag}"', f'W/"{etag}"') or parse_etags(sent).contains_weak(etag)
