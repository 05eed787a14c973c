"""The gevent worker: its connection cap fits the open-files limit, and its master loads nothing before the fork."""
import os
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from server.runtime.gunicorn_worker import check_cooperative_psycopg, usable_connections
from tests.conftest import TEST_SECRET, free_port

ROOT = Path(__file__).resolve().parents[2]


def in_subprocess(limits: tuple[int, int], wanted: int) -> tuple[int, int]:
    """usable_connections(wanted) in a fresh process started under these (soft, hard) limits; (result, new soft)."""
    code = ("import resource; from server.runtime.gunicorn_worker import usable_connections; "
            f"n = usable_connections({wanted}); print(n, resource.getrlimit(resource.RLIMIT_NOFILE)[0])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True,
                         preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, limits)).stdout
    result, soft = out.split()
    return int(result), int(soft)


def test_the_soft_limit_is_raised_to_fit_the_connections():
    assert in_subprocess((256, 4096), 1000) == (1000, 1064)


def test_the_cap_shrinks_to_fit_a_low_hard_limit():
    assert in_subprocess((256, 300), 1000) == (236, 300)


def test_a_limit_that_already_fits_is_left_alone():
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert usable_connections(10) == 10
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] == soft


def test_more_connections_than_descriptors_leave_the_worker_alive(tmp_path):
    """accept() past the fd limit fails with EMFILE; with the cap fitted, extra visitors wait in the backlog instead."""
    port = free_port()
    env = {**os.environ, "SECRET_KEY": TEST_SECRET, "DATABASE_URL": f"sqlite:///{tmp_path / 'tp.sqlite'}"}
    env.pop("REDIS_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn",
                               "--worker-class", "server.runtime.gunicorn_worker.GeventWorker",
                               "--workers", "1", "--threads", "2", "--worker-connections", "1000",
                               "-b", f"127.0.0.1:{port}", "server:create_app()"],
                              cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True,
                              preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (200, 200)))
    sockets = []
    try:
        url = f"http://127.0.0.1:{port}/widget.js"
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "gunicorn did not start"
                time.sleep(0.1)
        worker = worker_pid(server.pid)
        for _ in range(300):  # more than the 200 descriptors the worker may open
            sockets.append(socket.create_connection(("127.0.0.1", port), timeout=2))
        time.sleep(1.5)  # the worker accepts what its cap allows
        for sock in sockets:
            sock.close()
        sockets.clear()
        with urllib.request.urlopen(url, timeout=10) as answer:
            assert answer.status == 200
        assert worker_pid(server.pid) == worker, "the worker died and was replaced"
    finally:
        for sock in sockets:
            sock.close()
        os.killpg(server.pid, signal.SIGTERM)
        _, errors = server.communicate(timeout=10)
    assert "Too many open files" not in errors


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def test_the_master_imports_nothing_that_must_come_after_the_monkey_patching():
    """gunicorn's master imports the worker class before the fork; the app's libraries must load only in the worker."""
    code = "import sys, server.runtime.gunicorn_worker; print(' '.join(sys.modules))"
    modules = set(subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True,
                                 text=True).stdout.split())
    assert "server.runtime.gunicorn_worker" in modules
    early = {"flask", "werkzeug", "sqlalchemy", "flask_sqlalchemy", "psycopg", "redis", "server.runtime.loadshed",
             "server.extensions", "server.database"}
    assert not modules & early


def test_a_worker_refuses_to_serve_with_a_blocking_psycopg():
    """Here psycopg was imported without gevent's patches, so it waits in C, which would stall every greenlet."""
    import psycopg.waiting

    assert psycopg.waiting.wait is psycopg.waiting.wait_c
    with pytest.raises(RuntimeError, match="before gevent"):
        check_cooperative_psycopg()
