"""Load: Touchpoint on PostgreSQL + Redis against a bare Flask "hello" under identical gunicorn settings."""
from __future__ import annotations

import statistics
import urllib.request

import psycopg
import redis

from .common import ORIGIN, REDIS_URL, flask, fresh_database, gunicorn, table, touchpoint_env, wrk

TARGETS = {"config": 0.8, "config (304)": 0.8, "ingest": 0.4}


def prepare() -> tuple[dict, str, int]:
    """A fresh bench database with the demo site; returns (env, site key, NPS survey id)."""
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
        conn.execute("UPDATE sites SET allowed_domains = '[\"shop.example\", \"localhost\"]'")
    return env, key, survey


def etag_of(url: str) -> str:
    request = urllib.request.Request(url, headers={"Origin": ORIGIN, "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) "
                                                   "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"})
    with urllib.request.urlopen(request) as response:
        return response.headers["ETag"]


def run(seconds: int = 10, connections: int = 32) -> dict:
    """Measure every endpoint and the ceiling in one run; returns the figures and prints a table."""
    env, key, survey = prepare()
    results, ceilings = {}, []
    with gunicorn("bench.hello_app:app") as (hello, _), gunicorn("server:create_app()", env) as (tp, _):
        config_url = f"{tp}/v1/sites/{key}/config"
        post_env = {"SITE_KEY": key, "SURVEY_ID": str(survey)}
        for url, script, extra in ((hello + "/", "get.lua", None), (config_url, "get.lua", None),
                                   (tp, "post_response.lua", post_env), (tp + "/widget.js", "get.lua", None)):
            wrk(url, 2, connections, script, extra)  # warm-up: caches and connection pools
        etag = etag_of(config_url)
        plan = [("ceiling", hello + "/", "get.lua", None), ("config", config_url, "get.lua", None),
                ("config (304)", config_url, "get.lua", {"IF_NONE_MATCH": etag}),
                ("ceiling", hello + "/", "get.lua", None), ("ingest", tp, "post_response.lua", post_env),
                ("widget.js", tp + "/widget.js", "get.lua", None), ("ceiling", hello + "/", "get.lua", None)]
        for name, url, script, extra in plan:
            figures = wrk(url, seconds, connections, script, extra)
            if name == "ceiling":
                ceilings.append(figures)
            else:
                results[name] = figures
    ceiling = statistics.mean(c["rps"] for c in ceilings)
    rows = [["hello (ceiling)", f"{ceiling:.0f}", f"{statistics.median(c['p50'] for c in ceilings):.2f}",
             f"{statistics.median(c['p99'] for c in ceilings):.2f}", "1.00", "", "",
             f"{min(c['rps'] for c in ceilings):.0f}–{max(c['rps'] for c in ceilings):.0f} over {len(ceilings)} runs"]]
    for name, figures in results.items():
        ratio = figures["rps"] / ceiling
        target = TARGETS.get(name)
        figures.update(ratio=ratio, target=target, met=None if target is None else ratio >= target)
        rows.append([name, f"{figures['rps']:.0f}", f"{figures['p50']:.2f}", f"{figures['p99']:.2f}", f"{ratio:.2f}",
                     f"≥ {target}" if target else "", {None: "", True: "met", False: "MISSED"}[figures["met"]],
                     f"{figures['non_ok']} non-2xx/3xx, {figures['socket_errors']} socket errors"])
    print(table(["endpoint", "req/s", "p50 ms", "p99 ms", "ratio", "target", "", "notes"], rows))
    return {"ceiling": ceiling, "results": results, "site_key": key, "survey_id": survey, "env": env}
