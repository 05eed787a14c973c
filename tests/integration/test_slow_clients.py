"""Slow clients cannot freeze the server: 200 sockets trickling headers or a body leave everyone else served.

A real gunicorn is started with the exact command line of the Procfile (on
PostgreSQL and Redis, as in production) or of `make run` (on SQLite). Half of
the sockets send part of a request's headers, the other half whole headers and
one byte of a declared 1,000-byte body; then an ordinary config GET and a
response POST must each be answered within a second, and the server must close
every slow socket by its read deadlines instead of holding it for ever.
"""
import http.client
import json
import os
import signal
import socket
import subprocess
import time

from bench.common import makefile_run_command, procfile_web_command
from tests.conftest import TEST_SECRET, free_port
from tests.factories import ORIGIN, make_site, make_survey, response_body
from tests.integration.test_gunicorn_worker import ROOT

BACKENDS = ("postgres", "sqlite")
SLOW_SOCKETS = 100  # of each kind
ANSWER_WITHIN = 1.0
CLOSED_WITHIN = 20.0  # the header deadline (keepalive) plus the body deadline, with a margin


def wait_until_serving(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 20
    while True:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/widget.js")
            conn.getresponse().read()
            return
        except OSError:
            assert time.monotonic() < deadline and server.poll() is None, "gunicorn did not start"
            time.sleep(0.1)
        finally:
            conn.close()


def open_slow_sockets(port: int, key: str) -> list[socket.socket]:
    """100 sockets stuck in their headers and 100 stuck one byte into a 1,000-byte body."""
    partial_headers = f"POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: te".encode()
    one_byte_of_body = (f"POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/plain\r\n"
                        f"Origin: {ORIGIN}\r\nContent-Length: 1000\r\n\r\n{{").encode()
    sockets = []
    for payload in (partial_headers, one_byte_of_body):
        for _ in range(SLOW_SOCKETS):
            sock = socket.create_connection(("127.0.0.1", port), timeout=2)
            sockets.append(sock)
            sock.sendall(payload)
    return sockets


def timed(port: int, method: str, path: str, body: str | None = None) -> tuple[int, float]:
    """(status, seconds) of one request on a new connection; a timeout after 5 s counts as never answered."""
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request(method, path, body, {"Origin": ORIGIN, "Content-Type": "text/plain"})
        response = conn.getresponse()
        response.read()
        return response.status, time.monotonic() - started
    except TimeoutError:
        return 0, time.monotonic() - started
    finally:
        conn.close()


def closed_by_server(sock: socket.socket, deadline: float) -> bool:
    """True once the server has closed the socket (EOF or reset) before ``deadline``."""
    while True:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            if sock.recv(4096) == b"":
                return True
        except ConnectionResetError:
            return True
        except TimeoutError:
            return False


def test_slow_sockets_neither_freeze_the_server_nor_stay_open(app, backend, database_url, redis_url, redis_prefix):
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    port = free_port()
    env = {**os.environ, "SECRET_KEY": TEST_SECRET, "PORT": str(port),
           "DATABASE_URL": database_url.replace("postgresql+psycopg://", "postgresql://")}
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "WORKER_CONNECTIONS", "GUNICORN_CMD_ARGS", "REDIS_URL"):
        env.pop(name, None)
    if backend == "postgres":  # production: the Procfile on PostgreSQL and Redis
        env.update(REDIS_URL=redis_url, REDIS_PREFIX=redis_prefix)
        command = procfile_web_command(port, env)
    else:  # `make run`: the embedded SQLite
        command = makefile_run_command(port)
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sockets: list[socket.socket] = []
    try:
        wait_until_serving(server, port)
        sockets = open_slow_sockets(port, key)
        time.sleep(0.5)  # the server has taken them in
        config = timed(port, "GET", f"/v1/sites/{key}/config")
        answer = timed(port, "POST", "/v1/responses", json.dumps(response_body(key, survey)))
        assert config[0] == 200 and config[1] < ANSWER_WITHIN, f"config GET: status {config[0]} after {config[1]:.2f} s"
        assert answer[0] == 201 and answer[1] < ANSWER_WITHIN, f"response POST: status {answer[0]} after {answer[1]:.2f} s"
        deadline = time.monotonic() + CLOSED_WITHIN
        still_open = sum(not closed_by_server(sock, deadline) for sock in sockets)
        assert still_open == 0, f"{still_open} slow sockets still open after {CLOSED_WITHIN} s"
    finally:
        for sock in sockets:
            sock.close()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(15)



def raw_exchange(port: int, head: bytes, body_parts: list[bytes], wait_for_continue: bool = False) -> bytes:
    """Send a request's head, then its body parts, and return everything the server answers before closing."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(head)
        if wait_for_continue:
            assert sock.recv(4096).startswith(b"HTTP/1.1 100 Continue"), "the body is sent only after a 100"
        for part in body_parts:
            sock.sendall(part)
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        return answer


def test_bodies_read_ahead_of_the_app_keep_http_semantics(app, tmp_path):
    """Expect: 100-continue, chunked bodies and oversized ones behave as before the worker read bodies itself."""
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    port = free_port()
    env = {**os.environ, "SECRET_KEY": TEST_SECRET, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"]}
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(makefile_run_command(port), cwd=ROOT, env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_serving(server, port)
        body = json.dumps(response_body(key, survey)).encode()
        head = (f"POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {ORIGIN}\r\n"
                "Content-Type: text/plain\r\n").encode()
        started = time.monotonic()
        answer = raw_exchange(port, head + b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(body), [body],
                              wait_for_continue=True)
        assert answer.startswith(b"HTTP/1.1 201") and time.monotonic() - started < ANSWER_WITHIN, answer[:200]
        body = json.dumps(response_body(key, survey)).encode()
        chunks = [b"%x\r\n%s\r\n" % (len(body[:20]), body[:20]), b"%x\r\n%s\r\n0\r\n\r\n" % (len(body[20:]), body[20:])]
        answer = raw_exchange(port, head + b"Transfer-Encoding: chunked\r\n\r\n", chunks)
        assert answer.startswith(b"HTTP/1.1 201"), answer[:200]
        answer = raw_exchange(port, head + b"Content-Length: 10000000\r\n\r\n", [b"{"])
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["code"] == "payload_too_large"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(15)
