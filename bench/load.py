"""Load: Touchpoint on PostgreSQL + Redis against a bare Flask "hello" under identical gunicorn settings.

Each endpoint run sits between two runs of the ceiling, and its ratio is taken
against their mean, so drift in the machine's speed during the run (it is a
shared 2-core VM) does not masquerade as a difference between the apps. CPU
time per request is measured too, from /proc, for the gunicorn processes and
(for Touchpoint) PostgreSQL: a figure that noise from other tenants barely moves.
"""
from __future__ import annotations

import base64
import json
import os
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import psycopg
import redis

from .common import (
    ORIGIN,
    REDIS_URL,
    ROOT,
    cpu_since,
    cpu_snapshot,
    flask,
    fresh_database,
    gunicorn,
    postgres_pids,
    process_tree,
    table,
    touchpoint_env,
    wrk,
)
from .user_agents import write as write_user_agents

# targets on CPU per request against the hello's (the CPU ratio), which the shared machine's noise barely moves
TARGETS = {"config": 0.8, "config, UA mix": 0.8, "config (304)": 0.8, "ingest": 0.4, "ingest, UA mix": 0.4}
OUTBOX_COST_TARGET = 0.15  # ingest with its events written may cost at most 15 % more CPU than without
# A second site with a copy of the demo's NPS survey and nothing listening to its events (no endpoint, no alert
# rule, cases off), so "ingest, no outbox" is the same answer without its outbox rows.
QUIET_SITE = """
from server import create_app
from server.catalog.sites import save_site
from server.catalog.surveys import save_survey
from server.catalog.templates import template

app = create_app()
with app.app_context():
    site = save_site({"name": "Quiet shop", "allowed_domains": ["shop.example", "localhost"], "cooldown_days": 0})
    survey = save_survey(site, {**template("nps"), "status": "active"})
    print(site.key, survey.id)
"""
# the hello answering with the bytes and headers of Touchpoint's config answer: the best any config view can do
SHAPED = "hello, config's answer"
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def target_met(result: dict, target: float | None) -> bool | None:
    """Whether an endpoint's median CPU ratio reaches its target (None: the row has none). The targets are on
    CPU per request; the req/s ratio moves with whatever else the machine runs during the pair of runs."""
    return None if target is None else result["cpu_ratio"] >= target


def prepare() -> tuple[dict, str, int, str, int]:
    """A fresh bench database with the demo site (events written: endpoint, alert rule, cases) and a quiet copy;
    returns (env, site key, NPS survey id, quiet site key, its survey id)."""
    database_url = fresh_database("touchpoint_bench")
    env = touchpoint_env(database_url)
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match="tpbench:*", count=1000):
        client.delete(key)
    flask(["db", "upgrade"], env)
    flask(["seed-demo"], env)
    with psycopg.connect(database_url) as conn:
        key, survey = conn.execute("SELECT s.key, v.id FROM sites s JOIN surveys v ON v.site_id = s.id "
                                   "WHERE v.kind = 'nps' ORDER BY v.id LIMIT 1").fetchone()
        conn.execute("""UPDATE sites SET allowed_domains = '["shop.example", "localhost"]'""")
    quiet_key, quiet_survey = subprocess.run([sys.executable, "-c", QUIET_SITE], env=env, check=True, cwd=ROOT,
                                             capture_output=True, text=True).stdout.split()
    return env, key, survey, quiet_key, int(quiet_survey)


def record_answer(url: str, path: Path) -> Path:
    """Write a widget's config answer (gzip, with its Origin) for the hello's /shaped to replay; the headers
    gunicorn writes itself (Date, Server, Content-Length, Connection) are left to it."""
    request = urllib.request.Request(url, headers={"Origin": ORIGIN, "User-Agent": BROWSER_UA,
                                                   "Accept-Encoding": "gzip, deflate, br"})
    with urllib.request.urlopen(request) as response:
        body, headers = response.read(), response.getheaders()
    own = {"date", "server", "content-length", "connection", "keep-alive"}
    path.write_text(json.dumps({"body": base64.b64encode(body).decode(),
                                "headers": [[name, value] for name, value in headers if name.lower() not in own]}))
    return path


def etag_of(url: str) -> str:
    request = urllib.request.Request(url, headers={"Origin": ORIGIN, "User-Agent": BROWSER_UA})
    with urllib.request.urlopen(request) as response:
        return response.headers["ETag"]


def settled(database_url: str) -> None:
    """Write out what earlier runs left in PostgreSQL's buffers (a CHECKPOINT), so their flushing is not
    counted against the next run: without it the run after an ingest run paid for its predecessor's writes."""
    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("CHECKPOINT")


def measured(url: str, seconds: int, connections: int, script: str, extra: dict | None, proc,
             database_url: str | None) -> dict:
    """One wrk run, plus the CPU the server side (and PostgreSQL, given its URL) spent per request during it."""
    if database_url:
        settled(database_url)
    def processes() -> list[int]:  # listed again at the end: the backends opened during the run count too
        return process_tree(proc.pid) + (postgres_pids() if database_url else [])
    before = cpu_snapshot(processes())
    figures = wrk(url, seconds, connections, script, extra)
    figures["cpu_us"] = 1e6 * cpu_since(before, cpu_snapshot(processes())) / max(figures["requests"], 1)
    return figures


def run(seconds: int = 4, rounds: int = 5, connections: int = 32) -> dict:
    """Measure every endpoint in rounds, each run right after a ceiling run; print and return medians."""
    env, key, survey, quiet_key, quiet_survey = prepare()
    runs: dict[str, list[dict]] = {}
    ceilings = []
    shape_file = Path(tempfile.mkdtemp()) / "config-answer.json"
    with gunicorn("bench.hello_app:app", {**os.environ, "BENCH_SHAPE_FILE": str(shape_file)}) as (hello, hello_proc), \
            gunicorn("server:create_app()", env) as (tp, tp_proc):
        config_url = f"{tp}/v1/sites/{key}/config"
        record_answer(config_url, shape_file)
        post_env = {"SITE_KEY": key, "SURVEY_ID": str(survey)}
        mix = {"UA_FILE": str(write_user_agents(Path(tempfile.mkdtemp()) / "user-agents.txt"))}
        plan = [(SHAPED, hello + "/shaped", "get.lua", None),
                ("config", config_url, "get.lua", None), ("config, UA mix", config_url, "get.lua", mix),
                ("config (304)", config_url, "get.lua", None),
                ("ingest", tp, "post_response.lua", post_env),
                ("ingest, no outbox", tp, "post_response.lua", {"SITE_KEY": quiet_key, "SURVEY_ID": str(quiet_survey)}),
                ("ingest, UA mix", tp, "post_response.lua", {**post_env, **mix}),
                ("widget.js", tp + "/widget.js", "get.lua", None)]
        for _, url, script, extra in [("ceiling", hello + "/", "get.lua", None)] + plan:
            wrk(url, 2, connections, script, extra)  # warm-up: caches and connection pools
        plan[3] = ("config (304)", config_url, "get.lua", {"IF_NONE_MATCH": etag_of(config_url)})
        for _ in range(rounds):
            for name, url, script, extra in plan:
                ceiling = measured(hello + "/", seconds, connections, "get.lua", None, hello_proc, None)
                figures = (measured(url, seconds, connections, script, extra, hello_proc, None) if name == SHAPED
                           else measured(url, seconds, connections, script, extra, tp_proc, env["DATABASE_URL"]))
                figures.update(ratio=figures["rps"] / ceiling["rps"], cpu_ratio=ceiling["cpu_us"] / figures["cpu_us"])
                ceilings.append(ceiling)
                runs.setdefault(name, []).append(figures)
    median = lambda values: statistics.median(values)
    rows = [["hello (ceiling)", f"{median(c['rps'] for c in ceilings):.0f}", f"{median(c['p50'] for c in ceilings):.2f}",
             f"{median(c['p99'] for c in ceilings):.2f}", "1.00", "", f"{median(c['cpu_us'] for c in ceilings):.0f}",
             "1.00", "", "", f"{min(c['rps'] for c in ceilings):.0f}–{max(c['rps'] for c in ceilings):.0f} req/s "
                             f"over {len(ceilings)} runs"]]
    results = {}
    for name, figures in runs.items():
        ratios = sorted(f["ratio"] for f in figures)
        result = {key_: median(f[key_] for f in figures) for key_ in ("rps", "p50", "p99", "cpu_us", "cpu_ratio", "ratio")}
        result.update(non_ok=sum(f["non_ok"] for f in figures), socket_errors=sum(f["socket_errors"] for f in figures))
        target = TARGETS.get(name)
        result.update(target=target, met=target_met(result, target))
        results[name] = result
        rows.append([name, f"{result['rps']:.0f}", f"{result['p50']:.2f}", f"{result['p99']:.2f}",
                     f"{result['ratio']:.2f}", f"{ratios[0]:.2f}–{ratios[-1]:.2f}", f"{result['cpu_us']:.0f}",
                     f"{result['cpu_ratio']:.2f}", f"≥ {target}" if target else "",
                     {None: "", True: "met", False: "MISSED"}[result["met"]],
                     f"{result['non_ok']} non-2xx/3xx, {result['socket_errors']} socket errors"])
    print(table(["endpoint", "req/s", "p50 ms", "p99 ms", "ratio", "ratio range", "CPU µs/req", "CPU ratio",
                 "CPU target", "", "notes"], rows))
    print(f"Medians of {rounds} rounds of {seconds} s runs; each endpoint run follows its own ceiling run and its\n"
          "ratio is req/s over that ceiling's. \"UA mix\": each request sends one of 10,000 distinct, realistic\n"
          "User-Agents (bench/user_agents.py); the other rows send one browser's, which the server parses once.\n"
          "CPU µs/req: gunicorn processes, plus PostgreSQL for Touchpoint;\n"
          "CPU ratio = ceiling CPU per request / endpoint CPU per request (steadier on a shared machine).\n"
          "\"ingest\" writes its outbox events (the demo site has an endpoint, an alert rule and cases on);\n"
          "\"ingest, no outbox\" is the same answer on a site nothing listens to.\n"
          f"\"{SHAPED}\": the hello replaying Touchpoint's config answer (its bytes and headers), computing\n"
          "nothing: the CPU ratio any config view that sends this answer could reach at best.")
    cost = results["ingest"]["cpu_us"] / results["ingest, no outbox"]["cpu_us"] - 1
    print(f"Outbox cost: ingest CPU per answer {100 * cost:+.0f} % with its events written "
          f"(target ≤ {100 * OUTBOX_COST_TARGET:.0f} %: {'met' if cost <= OUTBOX_COST_TARGET else 'MISSED'}).")
    return {"results": results, "site_key": key, "survey_id": survey, "env": env}
