"""Anatomy: what each part of the config and ingest requests costs, under the bench's gunicorn, against the hello.

    python -m bench --only anatomy [--rounds 3] [--seconds 3]

The load bench says how much a request costs in all; this says where. Each
row serves Touchpoint with the view cut short after some of its steps
(bench/anatomy_app.py), so that it answers the same bytes having done less,
and measures it as the load bench does: wrk, then the CPU of gunicorn and
PostgreSQL per request, each run right after a run of the hello. A part's cost
is the difference between two rows, under load, where code costs more than in a
loop in one process: the rate limits take about 4 µs called in a loop and add
26–31 µs to a config request under load (docs/PERFORMANCE.md). Not part of the
default `make bench`: it starts a gunicorn per row.
"""
from __future__ import annotations

import os
import statistics

from . import load
from .common import gunicorn, table, wrk

ROWS = [("config", "config-bare", "Flask and the route; the view answers its first answer again"),
        ("config", "config-answer", "+ the WSGI middleware: ProxyFix, edge headers with CORS, load shedding"),
        ("config", "config-limits", "+ the per-IP and per-site rate limits"),
        ("config", "config-limits-cache", "+ the cached entry and the origin sighting"),
        ("config", "real", "+ the origin check, gzip and ETag choice: the real view"),
        ("ingest", "ingest-answer", "the view answers its first answer again (the body is read by the worker)"),
        ("ingest", "ingest-validate", "+ the JSON body's checks, the rate limits, the schema's load"),
        ("ingest", "real", "+ storing: checks, the row and its events, the group commit: the real view")]


def run(seconds: int = 3, rounds: int = 3, connections: int = 32) -> list[dict]:
    """Measure every row against the hello; print CPU per request, the ratio and each row's cost over the last."""
    env, key, survey, _, _ = load.prepare()
    targets = {"config": (f"/v1/sites/{key}/config", "get.lua", None),
               "ingest": ("", "post_response.lua", {"SITE_KEY": key, "SURVEY_ID": str(survey)})}
    results = []
    with gunicorn("bench.hello_app:app", {**os.environ}) as (hello, hello_proc):
        wrk(hello + "/", 2, connections, "get.lua")
        for endpoint, variant, what in ROWS:
            path, script, extra = targets[endpoint]
            with gunicorn(f"bench.anatomy_app:create({variant!r})", env) as (tp, tp_proc):
                wrk(tp + path, 2, connections, script, extra)  # warm-up: caches, pools, the first answer
                pairs = [(load.measured(hello + "/", seconds, connections, "get.lua", None, hello_proc, None),
                          load.measured(tp + path, seconds, connections, script, extra, tp_proc,
                                        env["DATABASE_URL"]))
                         for _ in range(rounds)]
            results.append({"endpoint": endpoint, "variant": variant, "what": what,
                            "hello_us": statistics.median(h["cpu_us"] for h, _ in pairs),
                            "cpu_us": statistics.median(f["cpu_us"] for _, f in pairs),
                            "cpu_ratio": statistics.median(h["cpu_us"] / f["cpu_us"] for h, f in pairs),
                            "non_ok": sum(f["non_ok"] for _, f in pairs)})
    print(table(["endpoint", "the view does", "hello µs/req", "CPU µs/req", "over the row above", "CPU ratio",
                 "non-2xx"], rows(results)))
    print(f"Medians of {rounds} rounds of {seconds} s runs, each after a run of the hello. CPU µs/req: gunicorn,\n"
          "plus PostgreSQL for Touchpoint. \"over the row above\" compares CPU ratios, which the machine's drift\n"
          "between rows moves less than microseconds: hello µs/req × (1 / ratio - 1 / the row above's ratio).")
    return results


def rows(results: list[dict]) -> list[list]:
    """Table rows; a row's cost over the one above, for rows of the same endpoint, in the hello's microseconds."""
    out = []
    for index, result in enumerate(results):
        above = results[index - 1] if index and results[index - 1]["endpoint"] == result["endpoint"] else None
        step = "" if above is None else f"{result['hello_us'] * (1 / result['cpu_ratio'] - 1 / above['cpu_ratio']):+.0f}"
        out.append([result["endpoint"], result["what"], f"{result['hello_us']:.0f}", f"{result['cpu_us']:.0f}",
                    step, f"{result['cpu_ratio']:.2f}", result["non_ok"]])
    return out
