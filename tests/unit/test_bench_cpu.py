"""The load bench's CPU accounting: processes that start or end during a measured run, and targets judged on it."""
import os
import subprocess
import sys
import time

from bench.common import cpu_since, cpu_snapshot


def test_a_process_started_during_the_run_counts_in_full_and_one_that_ended_counts_up_to_its_end():
    before = {10: 1.0, 11: 5.0}  # 11 ends during the run after 0.1 s more; 12 is a backend opened during it
    after = {10: 1.25 + 5.1, 12: 0.5}  # 10, its parent, reaped it: 11's 5.1 s are among 10's children's
    assert round(cpu_since(before, after), 6) == 0.85  # 0.25 + 0.1 + 0.5


def test_a_child_that_worked_and_ended_during_the_run_is_counted_through_its_parent():
    before = cpu_snapshot([os.getpid()])
    child = subprocess.run([sys.executable, "-c", "sum(range(20_000_000))"], check=True)
    spent = cpu_since(before, cpu_snapshot([os.getpid()]))
    assert child.returncode == 0 and spent >= 0.1, f"the child's sum took CPU, but {spent:.3f} s were counted"


def test_a_snapshot_reads_running_processes_and_leaves_out_ended_ones():
    child = subprocess.Popen([sys.executable, "-c", "sum(range(3_000_000)); input()"], stdin=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10  # the child's sum takes tens of ms: never spin past its end
        while cpu_snapshot([child.pid]).get(child.pid, 0.0) == 0.0 and time.monotonic() < deadline:
            time.sleep(0.01)  # until the child has used a clock tick of CPU
        snapshot = cpu_snapshot([os.getpid(), child.pid])
        assert snapshot[child.pid] > 0 and snapshot[os.getpid()] > 0
    finally:
        child.communicate(b"\n")
    assert child.pid not in cpu_snapshot([child.pid])


def test_a_target_is_judged_on_cpu_per_request_not_on_requests_per_second():
    from bench.load import target_met
    faster_but_dearer = {"ratio": 0.85, "cpu_ratio": 0.78}  # more req/s than the ceiling's run, more CPU each
    assert target_met(faster_but_dearer, 0.8) is False
    assert target_met({"ratio": 0.75, "cpu_ratio": 0.81}, 0.8) is True
    assert target_met(faster_but_dearer, None) is None
