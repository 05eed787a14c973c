"""A real gunicorn trusts X-Forwarded-Proto only as far as TRUSTED_PROXIES says (gunicorn.conf.py)."""
import http.client
import os
import signal
import subprocess
import sys

import pytest

from tests.conftest import TEST_SECRET, free_port
from tests.integration.test_gunicorn_worker import ROOT
from tests.integration.test_slow_clients import wait_until_serving

EMAIL, PASSWORD = "ops@example.com", "long enough 1"


def serve(env: dict, port: int) -> subprocess.Popen:
    """gunicorn as the Procfile starts it, from the repository root, listening on 127.0.0.1."""
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--worker-class",
                               "server.runtime.gunicorn_worker.GeventWorker", "--workers", "1", "--threads", "2",
                               "-b", f"127.0.0.1:{port}", "server:create_app()"],
                              cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    wait_until_serving(server, port)
    return server


def sign_in_over_forwarded_https(port: int) -> http.client.HTTPResponse:
    """Sign in over plain HTTP from 127.0.0.1 while claiming, in X-Forwarded-Proto, that it was HTTPS."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", "/api/admin/session", body=f'{{"email":"{EMAIL}","password":"{PASSWORD}"}}',
                 headers={"Content-Type": "application/json", "X-Forwarded-Proto": "https",
                          "Origin": f"http://127.0.0.1:{port}"})
    try:
        response = conn.getresponse()
        response.read()
        return response
    finally:
        conn.close()


@pytest.mark.parametrize("trusted, secure", [("0", False), ("1", True)])
def test_forwarded_https_counts_only_from_trusted_proxies(tmp_path, trusted, secure):
    """TRUSTED_PROXIES=0: the cookie is not Secure, however loudly 127.0.0.1 says https; =1 shows the test can tell."""
    env = {**os.environ, "SECRET_KEY": TEST_SECRET, "DATABASE_URL": f"sqlite:///{tmp_path / 'tp.sqlite'}",
           "TRUSTED_PROXIES": trusted}
    for name in ("REDIS_URL", "SESSION_COOKIE_SECURE", "FORWARDED_ALLOW_IPS", "GUNICORN_CMD_ARGS"):
        env.pop(name, None)
    flask = [sys.executable, "-m", "flask", "--app", "server"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "create-admin", "--email", EMAIL, "--password", PASSWORD], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    port = free_port()
    server = serve(env, port)
    try:
        response = sign_in_over_forwarded_https(port)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    assert response.status == 200
    cookie = response.getheader("Set-Cookie")
    assert cookie and ("; Secure" in cookie) is secure, cookie
