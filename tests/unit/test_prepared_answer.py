"""A PreparedAnswer sends what a Response built from the same parts sends, and cannot change once built."""
import pytest
from flask import Response
from werkzeug.test import EnvironBuilder, run_wsgi_app

from server.web.prepared import PreparedAnswer

HEADERS = (("ETag", '"abc"'), ("Cache-Control", "public, max-age=60"), ("Vary", "Accept-Encoding"),
           ("Content-Type", "application/json"))


def sent(response, method: str = "GET") -> tuple[bytes, str, list]:
    body, status, headers = run_wsgi_app(response, EnvironBuilder(method=method).get_environ())
    return b"".join(body), status, sorted(headers.to_wsgi_list())


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize(("body", "status"), [(b'{"surveys":[]}', 200), (b"", 304)])
def test_it_sends_what_a_response_of_the_same_parts_sends(body, status, method):
    prepared = PreparedAnswer(body, status, HEADERS)
    for _ in range(2):  # served again, it sends the same
        assert sent(prepared, method) == sent(Response(body, status, HEADERS), method)
    assert sent(prepared, "GET")[0] == (body if status == 200 else b"")
    assert sent(prepared, "HEAD")[0] == b""


def test_nothing_can_change_it_once_built():
    prepared = PreparedAnswer(b"{}", 200, HEADERS)
    with pytest.raises(TypeError):
        prepared.headers["X-Later"] = "edited"
    with pytest.raises(TypeError):
        prepared.headers.add("X-Later", "edited")
    with pytest.raises(TypeError):
        prepared.status_code = 500
    assert prepared.headers["ETag"] == '"abc"' and sent(prepared)[1] == "200 OK"
    assert ("X-Later", "edited") not in sent(prepared)[2]
