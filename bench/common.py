"""Shared pieces of the benchmarks: databases, gunicorn processes, wrk runs and tables."""
from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")


def procfile_default(name: str) -> str:
    """The default the Procfile's `web:` command gives a setting, as in ${NAME:-default}."""
    match = re.search(r"\$\{" + name + r":-([^}]*)\}", (ROOT / "Procfile").read_text())
    if match is None:
        raise LookupError(f"the Procfile sets no default for {name}")
    return match.group(1)


# the same gunicorn settings for the ceiling and for Touchpoint, with the Procfile's workers, requests in the app
# per worker (--threads: how many answers can share a commit) and connection cap, which the overload run needs:
# past it a worker stops accepting and visitors wait unanswered (docs/DEPLOY.md)
GUNICORN = ["--worker-class", os.environ.get("BENCH_WORKER_CLASS", "server.runtime.gunicorn_worker.GeventWorker"),
            "--workers", procfile_default("WEB_CONCURRENCY"), "--threads", procfile_default("GUNICORN_THREADS"),
            "--log-level", "warning", "--keep-alive", "5", "--backlog", "2048",
            "--worker-connections", procfile_default("WORKER_CONNECTIONS")]
ORIGIN = "https://shop.example"
# on PostgreSQL the app refuses to start without a SECRET_KEY of 32 characters or more
BENCH_SECRET = "bench-secret-key-not-for-production-use"


def procfile_web_command(port: int, env: dict | None = None) -> list[str]:
    """The Procfile's `web:` command as a platform runs it (${NAME:-default} from ``env``), on 127.0.0.1:``port``."""
    env = os.environ if env is None else env
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    expanded = re.sub(r"\$\{(\w+):-([^}]*)\}", lambda m: env.get(m.group(1), m.group(2)), line[len("web:"):])
    return this_pythons_gunicorn(re.sub(r"--bind\s+\S+", f"--bind 127.0.0.1:{port}", expanded), "gunicorn")


def makefile_run_command(port: int) -> list[str]:
    """The gunicorn command of the Makefile's `run` target, continuation lines joined, $(PORT) filled in."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    recipe = text.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    start = recipe.index("$(BIN)/gunicorn")
    return this_pythons_gunicorn(recipe[start:].split("\n", 1)[0].replace("$(PORT)", str(port)), "$(BIN)/gunicorn")


def this_pythons_gunicorn(command: str, program: str) -> list[str]:
    """The same gunicorn arguments, run by this interpreter (the project's virtualenv)."""
    argv = shlex.split(command)
    assert argv[0] == program, argv
    return [sys.executable, "-m", "gunicorn", *argv[1:]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_database(name: str) -> str:
    """Drop and create a PostgreSQL database; returns its URL."""
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def touchpoint_env(database_url: str, **extra) -> dict:
    """Production-like settings: PostgreSQL, Redis, rate limits on but high enough not to refuse the load."""
    return {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL, "REDIS_PREFIX": "tpbench:",
            "SECRET_KEY": BENCH_SECRET, "TRUSTED_PROXIES": "1",
            "RATELIMIT_PUBLIC_READ": "1000000/minute", "RATELIMIT_PUBLIC_WRITE": "1000000/minute",
            "RATELIMIT_PER_SITE": "100000000/minute", **extra}


def flask(args: list[str], env: dict) -> str:
    """Run a `flask --app server` command and return its output."""
    return subprocess.run([sys.executable, "-m", "flask", "--app", "server", *args], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True).stdout


@contextmanager
def gunicorn(app: str, env: dict | None = None, extra: list[str] | None = None, cwd: Path = ROOT):
    """A gunicorn serving ``app`` on a free port; yields its base URL and stops it afterwards.

    ``extra`` arguments come after the bench's own, so they win (another --worker-class); ``cwd`` is the
    tree the app is imported from (another commit's, for bench/baseline.py).
    """
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", *GUNICORN, *(extra or []),
                             "-b", f"127.0.0.1:{port}", app], cwd=cwd, env=env or os.environ.copy(),
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError as exc:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"gunicorn for {app} did not start") from exc
                time.sleep(0.05)
        time.sleep(0.5)  # workers booted
        yield f"http://127.0.0.1:{port}", proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url: str, seconds: int = 10, connections: int = 32, script: str | None = None,
        env: dict | None = None) -> dict:
    """Run wrk (one thread) and parse requests/s, p50, p99 and the non-2xx/3xx count."""
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        cmd += ["-s", str(ROOT / "bench" / "wrk" / script)]
    out = subprocess.run(cmd + [url], check=True, capture_output=True, text=True,
                         env={**os.environ, **(env or {})}).stdout
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "p50": _ms(re.search(r"^\s+50\.?0*%\s+(\S+)", out, re.M).group(1)),
            "p99": _ms(re.search(r"^\s+99\.?0*%\s+(\S+)", out, re.M).group(1)),
            "non_ok": int(non_ok.group(1)) if non_ok else 0,
            "socket_errors": sum(map(int, errors.groups())) if errors else 0}


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds consumed so far by these processes (from /proc)."""
    return sum(cpu_snapshot(pids).values())


def cpu_snapshot(pids: list[int]) -> dict[int, float]:
    """Each running process's user + system CPU seconds so far, its reaped children's included (from /proc);
    ended ones are left out."""
    ticks = os.sysconf("SC_CLK_TCK")
    snapshot = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        # utime, stime, then cutime, cstime: what the children it has waited for spent, their whole lives
        snapshot[pid] = sum(int(field) for field in fields[11:15]) / ticks
    return snapshot


def cpu_since(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two snapshots, taken over the processes running at each.

    A process started in between (a database backend opened during the run, as
    the response writer's connection is after it idled out) counts in full. One
    that ended in between counts up to its end: its parent, once it reaped it,
    holds its whole life's CPU among its children's, so the part before the run
    is taken off here. That holds for the processes the bench watches, whose
    parents it watches too: gunicorn's workers and master, PostgreSQL's
    backends and postmaster. A snapshot reads one process after another, so a
    process reaped while it is being read may be missed or counted twice; the
    bench's processes end between runs, when a connection idled out, not at
    the moment a run starts or ends.
    """
    ended = sum(seconds for pid, seconds in before.items() if pid not in after)
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items()) - ended


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (gunicorn's master and workers)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        children = Path(f"/proc/{current}/task/{current}/children")
        if children.exists():
            todo.extend(int(child) for child in children.read_text().split())
    return found


def postgres_pids() -> list[int]:
    """Every PostgreSQL server process (their CPU is part of what a request costs)."""
    return [int(p.parent.name) for p in Path("/proc").glob("[0-9]*/comm")
            if _read(p).strip() in ("postgres", "postmaster")]


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def table(headers: list[str], rows: list[list]) -> str:
    """A plain-text table with right-aligned numbers."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
