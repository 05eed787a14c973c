"""Rate limiting: Touchpoint's own limiter against Flask-Limiter on the same endpoint, in process and with Redis.

The config endpoint (the busiest request: one per page view) is served five
ways by the same gunicorn settings: with no limiter, with each limiter on
in-process counters, and with each on Redis. Printed per way: requests/s, the
CPU per request of gunicorn and Redis together, the limiter's own CPU (the
difference from no limiter), and the Redis commands each request costs.
The decision this informs is in docs/DECISIONS.md.
"""
from __future__ import annotations

import statistics
from pathlib import Path

import redis

from .common import REDIS_URL, cpu_seconds, gunicorn, process_tree, table, wrk
from .load import prepare


def redis_pids() -> list[int]:
    return [int(p.parent.name) for p in Path("/proc").glob("[0-9]*/comm") if _comm(p) == "redis-server"]


def _comm(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""


def commands(client) -> int:
    return int(client.info("stats")["total_commands_processed"])


def run(seconds: int = 4, rounds: int = 3, connections: int = 32) -> dict:
    """Measure each way in rounds and print the medians."""
    env, key, *_ = prepare()
    no_redis = {k: v for k, v in env.items() if k != "REDIS_URL"}
    ways = [
        ("no limiter", "server:create_app()", {**no_redis, "RATELIMIT_DISABLED": "1"}),
        ("own limiter, in process", "server:create_app()", no_redis),
        ("Flask-Limiter, memory://", "bench.limiter_app:create()", no_redis),
        ("own limiter, Redis (sync 0.5 s)", "server:create_app()", env),
        ("Flask-Limiter, Redis", "bench.limiter_app:create()", {**env, "LIMITER_STORAGE": REDIS_URL}),
    ]
    client = redis.Redis.from_url(REDIS_URL)
    figures: dict[str, list[dict]] = {name: [] for name, _, _ in ways}
    for _ in range(rounds):
        for name, app, way_env in ways:
            with gunicorn(app, way_env) as (base, proc):
                url = f"{base}/v1/sites/{key}/config"
                wrk(url, 1, connections, "get.lua")  # warm-up
                pids = process_tree(proc.pid) + redis_pids()
                cpu, sent = cpu_seconds(pids), commands(client)
                result = wrk(url, seconds, connections, "get.lua")
                result["cpu_us"] = 1e6 * (cpu_seconds(pids) - cpu) / max(result["requests"], 1)
                result["redis_per_request"] = (commands(client) - sent) / max(result["requests"], 1)
                figures[name].append(result)
    medians = {name: {k: statistics.median(r[k] for r in runs) for k in ("rps", "cpu_us", "redis_per_request", "non_ok")}
               for name, runs in figures.items()}
    bare = medians["no limiter"]["cpu_us"]
    rows = [[name, f"{m['rps']:.0f}", f"{m['cpu_us']:.0f}", "" if name == "no limiter" else f"{m['cpu_us'] - bare:+.0f}",
             f"{m['redis_per_request']:.2f}", f"{m['non_ok']:.0f}"] for name, m in medians.items()]
    print(table(["config endpoint", "req/s", "CPU µs/req", "limiter CPU µs/req", "Redis commands/req", "non-2xx"], rows))
    print(f"Medians of {rounds} rounds of {seconds} s; CPU counts gunicorn and redis-server. Both limiters enforce\n"
          "the same per-IP and per-site fixed windows, set high enough never to refuse the load.")
    return medians
