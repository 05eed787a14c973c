"""Dashboard at scale: 1,000,000 responses across 20 surveys on PostgreSQL, timing what marketers open.

Rows are generated deterministically and loaded with COPY. The admin API is
called in process through Flask's test client with a signed-in admin, so the
timings include routing, queries, serialisation and JSON, not the network.
Export memory is measured in a separate process (peak RSS before and after
streaming every byte of the export).
"""
from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import time
import uuid

import psycopg

from .common import ROOT, flask, fresh_database, table, touchpoint_env

ROWS = 1_000_000
SURVEYS = 20
DAYS = 180
KINDS = ["nps"] * 8 + ["csat"] * 4 + ["ces"] * 4 + ["cli"] * 2 + ["exit_intent"] * 2
STAGES = ["awareness", "consideration", "interest", "intent", "purchase", "post-purchase", "retention",
          "advocacy", "loyalty"]
SCALE = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7), "cli": (0, 10)}
THRESHOLDS = {"nps": (9, 6), "csat": (5, 2), "ces": (6, 3), "cli": (9, 6)}
PAGES = ["/", "/shop", "/shop/shirts", "/shop/shoes", "/cart", "/checkout", "/account", "/blog/spring"]
DEVICES = ["desktop"] * 5 + ["mobile"] * 4 + ["tablet"]
LOCALES = ["en"] * 6 + ["ru"] * 2 + ["de", "fr"]
TRIGGERS = ["exit_intent", "page_view", "time_on_page", "cart_abandonment", "scroll_depth"]
SUMMARY_TARGET = 0.5

SETUP = """
from server import create_app
from server.extensions import db
from server.models import Site
from server.catalog.sites import save_site
from server.catalog.surveys import save_survey
from server.catalog.templates import template
from server.catalog.users import create_user
import json, sys
kinds, stages = json.loads(sys.argv[1]), json.loads(sys.argv[2])
app = create_app()
with app.app_context():
    site = save_site({"name": "Big shop", "allowed_domains": ["shop.example"]})
    ids = []
    for n, (kind, stage) in enumerate(zip(kinds, stages)):
        d = template(kind)
        d.update(name=f"{d['name']} {n}", status="active", journey_stage=stage, touchpoint=f"Touchpoint {n}")
        ids.append(save_survey(site, d).id)
    create_user("bench@example.com", "bench password", "admin")
    print(json.dumps({"site": site.id, "surveys": ids}))
"""

MEASURE_EXPORT = """
import sys, json
from server import create_app
app = create_app()
client = app.test_client()
client.post("/api/admin/session", json={"email": "bench@example.com", "password": "bench password"})
def rss_mb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent, the bench that loaded the rows
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
path = sys.argv[1]
response = client.get(path, buffered=False)
chunks = iter(response.response)
size = len(next(chunks))
before = rss_mb()
started = __import__("time").monotonic()
for chunk in chunks:
    size += len(chunk)
elapsed = __import__("time").monotonic() - started
response.close()
print(json.dumps({"status": response.status_code, "bytes": size, "rss_before_mb": before, "rss_peak_mb": rss_mb(),
                  "seconds": elapsed}))
"""


def generate(survey_ids: list[int], kinds: list[str], site_id: int, seed: int = 7):
    """Yield COPY rows for the responses table, spread over DAYS days."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for i in range(ROWS):
        index = i % SURVEYS
        survey, kind = survey_ids[index], kinds[index]
        created = now - dt.timedelta(seconds=rng.randrange(DAYS * 86400))
        if kind == "exit_intent":
            answers = {"reason": rng.choice(["price", "not_found", "just_browsing", "other"])}
            score = category = None
        elif kind == "cli":
            items = {k: rng.randint(0, 10) for k in ("recommend", "buy_again", "try_other")}
            answers, score = {"score": items}, sum(items.values()) / 3
        else:
            low, high = SCALE[kind]
            score = rng.randint(low, high)
            answers = {"score": score}
        if score is not None:
            pmin, dmax = THRESHOLDS[kind]
            category = "promoter" if score >= pmin else "detractor" if score <= dmax else "passive"
        comment = rng.choice([None, None, None, "Fast delivery", "Too expensive", "Could not find my size"])
        if comment:
            answers["followup" if kind != "exit_intent" else "details"] = comment
        page = rng.choice(PAGES)
        yield (str(uuid.UUID(int=rng.getrandbits(128), version=4)), survey, site_id, created, created, True,
               json.dumps(answers), score, category, comment, "https://shop.example" + page, page, "",
               rng.choice(DEVICES), "Chrome", "Android", rng.choice(LOCALES), rng.choice(TRIGGERS), "203.0.113.0")


def load(database_url: str, survey_ids: list[int], kinds: list[str], site_id: int) -> float:
    """COPY a million responses and the display counts that go with them; returns seconds taken."""
    started = time.monotonic()
    columns = ("uuid, survey_id, site_id, created_at, updated_at, completed, answers, score, category, comment, "
               "page_url, page_path, referrer, device, browser, os, locale, trigger, ip")
    with psycopg.connect(database_url) as conn:
        with conn.cursor().copy(f"COPY responses ({columns}) FROM STDIN") as copy:
            for row in generate(survey_ids, kinds, site_id):
                copy.write_row(row)
        today = dt.date.today()
        with conn.cursor().copy("COPY event_counts (survey_id, day, type, count) FROM STDIN") as copy:
            for survey in survey_ids:
                for day in range(DAYS + 1):
                    copy.write_row((survey, today - dt.timedelta(days=day), "display", ROWS // SURVEYS // DAYS * 4))
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE responses")
        conn.execute("VACUUM ANALYZE event_counts")
    return time.monotonic() - started


def timed(client, path: str, repeat: int = 5) -> dict:
    """Median and worst wall time of GET path (after one warm-up call)."""
    first = client.get(path)
    assert first.status_code == 200, (path, first.status_code, first.get_data(as_text=True)[:300])
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return {"median": statistics.median(times), "max": max(times)}


def run() -> dict:
    database_url = fresh_database("touchpoint_bench_dashboard")
    env = touchpoint_env(database_url)
    env.pop("REDIS_URL")
    flask(["db", "upgrade"], env)
    stages = [STAGES[i % len(STAGES)] for i in range(SURVEYS)]
    made = json.loads(subprocess.run([sys.executable, "-c", SETUP, json.dumps(KINDS), json.dumps(stages)], cwd=ROOT,
                                     env=env, check=True, capture_output=True, text=True).stdout.splitlines()[-1])
    seconds = load(database_url, made["surveys"], KINDS, made["site"])
    print(f"loaded {ROWS:,} responses across {SURVEYS} surveys in {seconds:.0f} s")

    import os
    os.environ.update({k: v for k, v in env.items() if k in ("DATABASE_URL", "SECRET_KEY")})
    from server import create_app
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url.replace("postgresql://", "postgresql+psycopg://"),
                      "SECRET_KEY": env["SECRET_KEY"], "REDIS_URL": None})
    client = app.test_client()
    assert client.post("/api/admin/session", json={"email": "bench@example.com",
                                                    "password": "bench password"}).status_code == 200
    nps = made["surveys"][0]
    site = made["site"]
    rows, results = [], {}
    checks = [("results summary (NPS, all time, daily trend)", f"/api/admin/surveys/{nps}/results?bucket=day", True),
              ("results summary (weekly trend)", f"/api/admin/surveys/{nps}/results?bucket=week", True),
              ("results summary, last 30 days", f"/api/admin/surveys/{nps}/results?bucket=day&from="
               f"{(dt.date.today() - dt.timedelta(days=30)).isoformat()}", True),
              ("breakdowns (page, device, locale, trigger)", f"/api/admin/surveys/{nps}/breakdowns", False),
              ("response list, page 1, text filter", f"/api/admin/surveys/{nps}/responses?q=delivery", False),
              ("touchpoint map (20 surveys, 1M rows)", f"/api/admin/sites/{site}/touchpoints?days=30", False)]
    for label, path, is_summary in checks:
        figures = timed(client, path)
        results[label] = figures
        target = f"< {SUMMARY_TARGET}" if is_summary else ""
        met = "" if not is_summary else ("met" if figures["max"] < SUMMARY_TARGET else "MISSED")
        rows.append([label, f"{figures['median']:.3f}", f"{figures['max']:.3f}", target, met])
    print(table(["dashboard call", "median s", "worst s", "target s", ""], rows))

    exports = []
    for label, path in (("CSV export of one survey (50,000 rows)", f"/api/admin/surveys/{nps}/export.csv"),
                        ("per-site export (1,000,000 rows)", f"/api/admin/sites/{site}/export")):
        out = json.loads(subprocess.run([sys.executable, "-c", MEASURE_EXPORT, path], cwd=ROOT, env=env, check=True,
                                        capture_output=True, text=True).stdout.splitlines()[-1])
        results[label] = out
        exports.append([label, out["status"], f"{out['bytes'] / 1e6:.1f}", f"{out['seconds']:.1f}",
                        f"{out['rss_before_mb']:.0f}", f"{out['rss_peak_mb']:.0f}",
                        f"{out['rss_peak_mb'] - out['rss_before_mb']:+.0f}"])
    print(table(["export", "status", "MB", "seconds", "RSS at first row MB", "peak RSS MB", "growth MB"], exports))
    return results
