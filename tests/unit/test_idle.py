"""runtime/idle.py: under gevent, until_idle lets every other greenlet with work run first, within its bound; under
real threads it returns at once. gevent's monkey-patching is for the whole process, so those cases run in their own."""
import subprocess
import sys
import time
from pathlib import Path

from server.runtime.idle import gevent_patched, until_idle

ROOT = Path(__file__).resolve().parents[2]
PATCHED = "from gevent import monkey; monkey.patch_all()\nimport time, gevent\nfrom server.runtime.idle import until_idle\n"


def under_gevent(code: str) -> str:
    """Run ``code`` in a fresh, monkey-patched process; what it printed."""
    return subprocess.run([sys.executable, "-c", PATCHED + code], cwd=ROOT, check=True, capture_output=True,
                          text=True, timeout=60).stdout.strip()


def test_every_greenlet_with_work_runs_first_even_one_made_ready_meanwhile():
    # a single yield (gevent.sleep(0)) runs only the first of the chain: each link makes the next one ready
    out = under_gevent(
        "ran = []\n"
        "def link(n):\n"
        "    ran.append(n)\n"
        "    if n < 5:\n"
        "        gevent.spawn(link, n + 1)\n"
        "gevent.spawn(link, 1)\n"
        "until_idle(5)\n"
        "print(ran)\n")
    assert out == "[1, 2, 3, 4, 5]"


def test_a_loop_that_never_idles_is_waited_for_only_up_to_the_bound():
    out = under_gevent(
        "stop = []\n"
        "def busy():\n"
        "    while not stop:\n"
        "        gevent.sleep(0)\n"
        "spinner = gevent.spawn(busy)\n"
        "started = time.perf_counter()\n"
        "until_idle(0.05)\n"
        "print(time.perf_counter() - started)\n"
        "stop.append(1)\n"
        "spinner.join()\n")
    assert 0.05 <= float(out) < 2


def test_under_real_threads_there_is_nothing_to_wait_for():
    assert not gevent_patched()
    started = time.perf_counter()
    until_idle(5)
    assert time.perf_counter() - started < 1
