"""Overload without loss: ingest driven at 2x its measured capacity; every acknowledged answer must be stored."""
from __future__ import annotations

import tempfile
from collections import Counter

import psycopg

from .common import gunicorn, table, wrk


def run(capacity_rps: float, env: dict, site_key: str, survey_id: int, seconds: int = 30,
        connections: int = 400) -> dict:
    """Offer 2x capacity for ``seconds``; compare acknowledgements with stored rows."""
    rate = 2 * capacity_rps
    with tempfile.NamedTemporaryFile("r", suffix=".acks") as acks, gunicorn("server:create_app()", env) as (tp, _):
        with psycopg.connect(env["DATABASE_URL"]) as conn:
            before = conn.execute("SELECT count(*) FROM responses").fetchone()[0]
        figures = wrk(tp, seconds, connections, "overload.lua",
                      {"SITE_KEY": site_key, "SURVEY_ID": str(survey_id), "RATE": str(rate),
                       "CONNECTIONS": str(connections), "ACK_FILE": acks.name})
        lines = [line.split() for line in acks.read().splitlines() if line.strip()]
    acked = [parts[1] for parts in lines if parts[0] == "A"]
    refused = Counter(int(parts[1]) for parts in lines if parts[0] == "R")
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        stored = conn.execute("SELECT count(*) FROM responses WHERE uuid = ANY(%s::uuid[])", (acked,)).fetchone()[0]
        after = conn.execute("SELECT count(*) FROM responses").fetchone()[0]
    other = {status: n for status, n in refused.items() if status not in (429, 503)}
    result = {"offered_rps": rate, "achieved_rps": figures["rps"], "acknowledged": len(acked), "stored_acked": stored,
              "rows_added": after - before, "refused_429": refused.get(429, 0), "refused_503": refused.get(503, 0),
              "other_status": other, "socket_errors": figures["socket_errors"], "p99": figures["p99"]}
    lost = len(acked) - stored
    result["holds"] = lost == 0 and not other and figures["socket_errors"] == 0
    print(table(["offered req/s", "answered req/s", "acknowledged", "stored of acked", "lost", "429", "503",
                 "other", "socket errors", "p99 ms", ""],
                [[f"{rate:.0f}", f"{figures['rps']:.0f}", len(acked), stored, lost, refused.get(429, 0),
                  refused.get(503, 0), sum(other.values()), figures["socket_errors"], f"{figures['p99']:.0f}",
                  "holds" if result["holds"] else "FAILS"]]))
    return result
