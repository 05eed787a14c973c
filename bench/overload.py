"""Overload without loss: ingest offered twice its measured capacity; every acknowledged answer must be stored.

The load is open-loop: requests are started on a fixed schedule whether or not
earlier ones have been answered (asyncio + aiohttp), so the server really is
offered twice what it can take, as a burst of visitors would. Every answer is
classified: 2xx (acknowledged), 429/503 (refused, which the widget retries),
any other status, or no answer at all (a client timeout or connection error).
"""
from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from collections import Counter

import aiohttp
import psycopg

from .common import ORIGIN, gunicorn, table

TIMEOUT_SECONDS = 30
TICK = 0.005


def body_for(site_key: str, survey_id: int) -> tuple[str, bytes]:
    rid = str(uuid.uuid4())
    return rid, json.dumps({"id": rid, "site_key": site_key, "survey_id": survey_id,
                            "answers": {"score": random.randint(0, 10)}, "completed": False,
                            "page_url": "https://shop.example/cart", "locale": "en", "trigger": "exit_intent"}).encode()


async def send(session, url: str, rid: str, body: bytes, outcomes: list) -> None:
    headers = {"Content-Type": "text/plain;charset=UTF-8", "Origin": ORIGIN,
               "X-Forwarded-For": f"10.{random.randint(0, 3)}.{random.randint(0, 49)}.{random.randint(1, 50)}"}
    started = time.monotonic()
    try:
        async with session.post(url, data=body, headers=headers) as response:
            await response.read()
            outcomes.append((rid, response.status, time.monotonic() - started))
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        outcomes.append((rid, type(exc).__name__, time.monotonic() - started))


async def drive(url: str, rate: float, seconds: int, site_key: str, survey_id: int) -> tuple[list, float]:
    """Start rate × seconds requests on schedule; returns the outcomes and the rate actually offered."""
    outcomes, tasks = [], []
    connector = aiohttp.TCPConnector(limit=1500, force_close=False)
    async with aiohttp.ClientSession(connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)) as session:
        loop = asyncio.get_running_loop()
        start, total = loop.time(), int(rate * seconds)
        while len(tasks) < total:
            due = min(total, int((loop.time() - start) * rate) + 1)
            while len(tasks) < due:
                rid, body = body_for(site_key, survey_id)
                tasks.append(asyncio.create_task(send(session, url, rid, body, outcomes)))
            await asyncio.sleep(TICK)
        offered = total / (loop.time() - start)
        await asyncio.gather(*tasks)
    return outcomes, offered


def run(capacity_rps: float, env: dict, site_key: str, survey_id: int, seconds: int = 30) -> dict:
    """Offer 2x capacity for ``seconds``; compare acknowledgements with stored rows."""
    rate = 2 * capacity_rps
    with gunicorn("server:create_app()", env) as (tp, _):
        outcomes, offered = asyncio.run(drive(tp + "/v1/responses", rate, seconds, site_key, survey_id))
    acked = [rid for rid, status, _ in outcomes if isinstance(status, int) and 200 <= status < 300]
    kinds = Counter(status for _, status, _ in outcomes)
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        stored = conn.execute("SELECT count(*) FROM responses WHERE uuid = ANY(%s::uuid[])", (acked,)).fetchone()[0]
    refused = kinds.get(429, 0) + kinds.get(503, 0)
    other = {str(k): n for k, n in kinds.items() if not (isinstance(k, int) and (200 <= k < 300 or k in (429, 503)))}
    latencies = sorted(seconds for _, _, seconds in outcomes)
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0
    lost = len(acked) - stored
    holds = lost == 0 and not other
    print(table(["offered req/s", "sent", "acknowledged", "stored of acked", "lost", "429", "503", "other / no answer",
                 "p99 ms", ""],
                [[f"{offered:.0f} (2 × {capacity_rps:.0f})", len(outcomes), len(acked), stored, lost, kinds.get(429, 0),
                  kinds.get(503, 0), sum(other.values()), f"{p99:.0f}", "holds" if holds else "FAILS"]]))
    if other:
        print("  other outcomes:", other)
    return {"offered_rps": offered, "sent": len(outcomes), "acknowledged": len(acked), "stored_acked": stored,
            "lost": lost, "refused": refused, "other": other, "p99_ms": p99, "holds": holds}
