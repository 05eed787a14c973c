"""The load bench's CPU accounting: processes that start or end during a measured run, and targets judged on it."""
import os
import subprocess
import sys
import time

from bench.common import cpu_since, cpu_snapshot


def test_a_process_started_during_the_run_counts_in_full_and_one_that_ended_counts_nothing():
    before = {10: 1.0, 11: 5.0}  # 11 ends during the run; 12 is a backend opened during it
    after = {10: 1.25, 12: 0.5}
    assert cpu_since(before, after) == 0.75  # the old sum of the first list's pids gave 1.25 - 6.0 < 0


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
