"""Touchpoint now against an earlier commit, each under its own Procfile worker, counted the same way.

    python -m bench.baseline COMMIT [--rounds 5] [--seconds 4]

The load bench gives CPU per request as a ratio to a bare Flask hello under
the same gunicorn settings. When the server's worker changes, the hello's
cost changes with it, and a ratio alone cannot say whether an endpoint got
dearer or its ceiling got cheaper. This runs both trees side by side on one
PostgreSQL and Redis, interleaved round by round: each tree's hello and its
config and ingest, under the worker class its own Procfile names and the
bench's other settings (bench/common.py), with the same wrk scripts and the
same CPU accounting (gunicorn plus every PostgreSQL process that worked). It
prints each tree's microseconds per request and ratio, and now over then.

The earlier tree is exported with ``git archive`` into a temporary folder and
run with this virtualenv: a commit whose dependencies differ from today's may
not start, and says so. Its demo site is whatever its own ``seed-demo`` made,
and gunicorn reads each tree's own gunicorn.conf.py, if it has one. As in the
load bench, every PostgreSQL process counts; the other tree idles meanwhile.
"""
from __future__ import annotations

import argparse
import io
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import psycopg

from .common import ROOT, fresh_database, gunicorn, table, touchpoint_env
from .load import measured

CASES = ("config", "ingest")


@dataclass
class Tree:
    """One side of the comparison: a source tree, its worker class, and (once prepared) its database and site."""

    name: str
    root: Path
    worker: str
    env: dict | None = None
    site_key: str = ""
    survey_id: int = 0


def export(commit: str, into: Path) -> Path:
    """The files of ``commit`` (``git archive``) extracted under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit], check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def procfile_worker(root: Path) -> str:
    """The --worker-class of a tree's Procfile `web:` line."""
    web = next(line for line in (root / "Procfile").read_text().splitlines() if line.startswith("web:"))
    found = re.search(r"(?:--worker-class|-k)(?:\s+|=)(\S+)", web)
    if found is None:
        raise SystemExit(f"{root / 'Procfile'}: the web line names no --worker-class")
    return found.group(1)


def prepare(tree: Tree) -> None:
    """A fresh database migrated and seeded by the tree's own code; its demo site's NPS survey."""
    url = fresh_database(f"touchpoint_baseline_{tree.name}")
    tree.env = touchpoint_env(url, REDIS_PREFIX=f"tpbaseline-{tree.name}:", PYTHONPATH=str(tree.root))
    for command in (["db", "upgrade"], ["seed-demo"]):
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "server", *command], cwd=tree.root,
                              env=tree.env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{tree.name}: flask {' '.join(command)} failed:\n{done.stderr[-2000:]}")
    with psycopg.connect(url) as conn:
        tree.site_key, tree.survey_id = conn.execute(
            "SELECT s.key, v.id FROM sites s JOIN surveys v ON v.site_id = s.id WHERE v.kind = 'nps' "
            "ORDER BY v.id LIMIT 1").fetchone()
        conn.execute("""UPDATE sites SET allowed_domains = '["shop.example", "localhost"]'""")


def run(commit: str, seconds: int = 4, rounds: int = 5, connections: int = 32) -> dict:
    """Measure both trees in interleaved rounds; print and return the medians per tree and case."""
    folder = Path(tempfile.mkdtemp(prefix="touchpoint-baseline-"))
    try:
        then_root = export(commit, folder)
        trees = [Tree("then", then_root, procfile_worker(then_root)), Tree("now", ROOT, procfile_worker(ROOT))]
        for tree in trees:
            prepare(tree)
        runs: dict[tuple[str, str], list[tuple[float, float]]] = {}
        with ExitStack() as stack:
            served = {}
            for tree in trees:
                extra = ["--worker-class", tree.worker]
                hello = stack.enter_context(gunicorn("bench.hello_app:app", tree.env, extra, cwd=tree.root))
                app = stack.enter_context(gunicorn("server:create_app()", tree.env, extra, cwd=tree.root))
                served[tree.name] = (hello, app)
            for round_ in range(rounds + 1):  # the first round warms caches and pools and is not kept
                for tree in trees:
                    (hello, hello_proc), (base, proc) = served[tree.name]
                    plan = {"config": (f"{base}/v1/sites/{tree.site_key}/config", "get.lua", None),
                            "ingest": (base, "post_response.lua",
                                       {"SITE_KEY": tree.site_key, "SURVEY_ID": str(tree.survey_id)})}
                    for case in CASES:
                        url, script, extra_env = plan[case]
                        length = seconds if round_ else 2
                        ceiling = measured(hello + "/", length, connections, "get.lua", None, hello_proc, None)
                        figures = measured(url, length, connections, script, extra_env, proc,
                                           tree.env["DATABASE_URL"])
                        if figures["non_ok"]:
                            raise SystemExit(f"{tree.name} {case}: {figures['non_ok']} answers were not 2xx/3xx")
                        if round_:
                            runs.setdefault((tree.name, case), []).append((ceiling["cpu_us"], figures["cpu_us"]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    medians = {key: (statistics.median(c for c, _ in values), statistics.median(e for _, e in values))
               for key, values in runs.items()}
    rows = []
    for case in CASES:
        for tree in trees:
            hello_us, endpoint_us = medians[(tree.name, case)]
            rows.append([case, tree.name, tree.worker, f"{hello_us:.0f}", f"{endpoint_us:.0f}",
                         f"{hello_us / endpoint_us:.2f}"])
        rows.append([case, "now / then", "", f"{medians[('now', case)][0] / medians[('then', case)][0]:.2f}",
                     f"{medians[('now', case)][1] / medians[('then', case)][1]:.2f}", ""])
    print(table(["endpoint", "tree", "worker class", "hello CPU µs/req", "CPU µs/req", "CPU ratio"], rows))
    print(f"Medians of {rounds} rounds of {seconds} s runs; \"then\" is {commit}, \"now\" this checkout.\n"
          "CPU µs/req: gunicorn processes (and PostgreSQL for the endpoint); CPU ratio = hello / endpoint.\n"
          "now / then: each tree's CPU per request over the other's, for its hello and for the endpoint.")
    return {"medians": medians, "workers": {tree.name: tree.worker for tree in trees}}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.baseline", description=__doc__.split("\n\n")[0])
    parser.add_argument("commit", help="the earlier commit to compare with (any git revision)")
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    run(args.commit, args.seconds, args.rounds)


if __name__ == "__main__":
    main()
