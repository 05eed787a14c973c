"""What gunicorn.conf.py gives every server started as the Procfile and `make run` start it."""
import os
import signal
import subprocess
import time
from pathlib import Path

from bench.common import ROOT, procfile_web_command
from bench.faults import wait_for_port
from tests.conftest import TEST_SECRET, free_port


def test_a_server_opens_no_control_socket_another_instance_could_take_over(tmp_path):
    port, home = free_port(), tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "SECRET_KEY": TEST_SECRET, "WEB_CONCURRENCY": "1",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'tp.sqlite'}"}
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(procfile_web_command(port, env), cwd=ROOT, env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, 20)
        time.sleep(1.0)  # gunicorn opens its control socket once the arbiter runs
        assert not list(Path(home).rglob("*.ctl")), "a control socket in HOME: a second instance would take it over"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(15)
