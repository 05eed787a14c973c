"""The config cache and rate limits on the real Redis, shared by two app instances, and Redis outages."""
import shutil
import subprocess
import time

import pytest
import redis as redis_lib

from server.runtime.ratelimit import RateLimiter
from server.runtime.redis import GuardedRedis, RedisConnection
from server.runtime.redis_sync import EXCHANGE, RedisSync, counter_lines
from tests.conftest import free_port, missing, sql
from tests.factories import (
    ORIGIN,
    make_site,
    make_survey,
    post_json,
    response_body,
    update_survey,
)

BACKENDS = ("postgres",)


def config(client, key):
    return client.get(f"/v1/sites/{key}/config", headers={"Origin": ORIGIN})


@pytest.fixture
def two_instances(make_app, redis_url):
    """Two app instances on the same PostgreSQL and Redis, as behind a load balancer (exact sync)."""
    return make_app(REDIS_URL=redis_url, REDIS_SYNC_SECONDS=0), make_app(REDIS_URL=redis_url, REDIS_SYNC_SECONDS=0)


def test_config_is_cached_in_redis_and_invalidated_by_an_edit(two_instances, redis_url, redis_prefix):
    app, _ = two_instances
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    client = app.test_client()
    first = config(client, key)
    assert first.status_code == 200
    r = redis_lib.Redis.from_url(redis_url)
    assert r.exists(f"{redis_prefix}cfg:{key}"), "the built config is stored in Redis"
    assert 0 < r.ttl(f"{redis_prefix}cfg:{key}") <= app.config["CONFIG_CACHE_TTL"]
    # change the row behind the cache's back: the cached body is still served
    sql(app, "UPDATE surveys SET status = 'paused' WHERE id = :id", id=survey)
    assert config(client, key).get_json()["surveys"] != []
    # an edit through the app invalidates at once
    update_survey(app, survey, status="paused")
    assert config(client, key).get_json()["surveys"] == []


def test_edit_on_instance_a_is_seen_by_instance_b_at_once(two_instances):
    app_a, app_b = two_instances
    site_id, key = make_site(app_a)
    survey = make_survey(app_a, site_id, "nps")
    client_b = app_b.test_client()
    before = config(client_b, key).get_json()["surveys"][0]["texts"]["en"]["q.score"]
    update_survey(app_a, survey, texts={"en": {"q.score": "Edited on A"}})
    after = config(client_b, key).get_json()["surveys"][0]["texts"]["en"]["q.score"]
    assert before != after == "Edited on A"


def test_edit_is_seen_by_another_instance_within_one_sync_interval(make_app, redis_url):
    app_a = make_app(REDIS_URL=redis_url, REDIS_SYNC_SECONDS=0.3)
    app_b = make_app(REDIS_URL=redis_url, REDIS_SYNC_SECONDS=0.3)
    site_id, key = make_site(app_a)
    survey = make_survey(app_a, site_id, "nps")
    client_a, client_b = app_a.test_client(), app_b.test_client()
    assert config(client_b, key).status_code == 200
    update_survey(app_a, survey, texts={"en": {"q.score": "Edited on A"}})
    edited_at = time.monotonic()
    assert config(client_a, key).get_json()["surveys"][0]["texts"]["en"]["q.score"] == "Edited on A", \
        "the instance that made the edit serves it at once"
    while config(client_b, key).get_json()["surveys"][0]["texts"]["en"]["q.score"] != "Edited on A":
        assert time.monotonic() - edited_at < 0.3 + 0.2, "another instance must catch up within one interval"
        time.sleep(0.02)


def test_batched_sync_makes_few_round_trips_and_bounds_overshoot(make_app, redis_url):
    # a day-long window cannot roll over during the test and hand out a second budget
    limits = dict(REDIS_URL=redis_url, RATELIMIT_PUBLIC_READ="50/day", REDIS_SYNC_SECONDS=0.2)
    app_a, app_b = make_app(**limits), make_app(**limits)
    _, key = make_site(app_a)
    a, b = app_a.test_client(), app_b.test_client()
    statuses = []
    started = time.monotonic()
    for _ in range(60):
        statuses += [config(a, key).status_code, config(b, key).status_code]
        time.sleep(0.01)
    elapsed = time.monotonic() - started
    sync_a = RateLimiter.counters_of(app_a)
    assert sync_a.round_trips <= elapsed / 0.2 + 3, "round trips are bounded by the interval, not the traffic"
    assert sync_a.round_trips < 60, "far fewer round trips than requests"
    allowed = statuses.count(200)
    assert statuses.count(429) == len(statuses) - allowed
    # each instance may overshoot by what it served during one interval before learning the other's counts
    served_per_interval = 60 * 0.2 / elapsed + 1
    assert 50 <= allowed <= 50 + 2 * served_per_interval + 2, (allowed, elapsed)


def test_rate_limit_buckets_are_shared_through_redis(make_app, redis_url):
    limits = dict(REDIS_URL=redis_url, RATELIMIT_PUBLIC_READ="3/day", REDIS_SYNC_SECONDS=0)
    app_a, app_b = make_app(**limits), make_app(**limits)
    _, key = make_site(app_a)
    a, b = app_a.test_client(), app_b.test_client()
    statuses = [config(a, key).status_code, config(b, key).status_code, config(a, key).status_code,
                config(b, key).status_code]
    assert statuses == [200, 200, 200, 429]


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own, so the test can stop and restart it."""
    binary = shutil.which("redis-server")
    if binary is None:
        missing("redis-server", "binary not found")
    port = free_port()

    def start():
        proc = subprocess.Popen([binary, "--port", str(port), "--save", "", "--appendonly", "no",
                                 "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis_lib.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                return proc
            except redis_lib.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")
    state = {"proc": start()}

    class Handle:
        url = f"redis://127.0.0.1:{port}/0"

        def stop(self):
            state["proc"].terminate()
            state["proc"].wait(5)

        def restart(self):
            state["proc"] = start()
    yield Handle()
    state["proc"].terminate()
    state["proc"].wait(5)


def test_redis_stopping_mid_run_degrades_safely_and_recovers(make_app, own_redis):
    app = make_app(REDIS_URL=own_redis.url, RATELIMIT_PUBLIC_WRITE="1000/minute")
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    client = app.test_client()
    assert config(client, key).status_code == 200
    assert post_json(client, "/v1/responses", response_body(key, survey)).status_code == 201

    own_redis.stop()
    started = time.monotonic()
    outage = [config(client, key) for _ in range(5)]
    writes = [post_json(client, "/v1/responses", response_body(key, survey)) for _ in range(5)]
    assert [r.status_code for r in outage] == [200] * 5, "config is served from the database"
    assert [r.status_code for r in writes] == [201] * 5, "responses are still accepted"
    assert time.monotonic() - started < 5, "an outage must not add seconds of latency"
    update_survey(app, survey, texts={"en": {"q.score": "Edited during the outage"}})
    assert config(client, key).get_json()["surveys"][0]["texts"]["en"]["q.score"] == "Edited during the outage"

    own_redis.restart()
    time.sleep(RedisConnection.of(app).guarded.open_seconds + 0.1)
    assert config(client, key).status_code == 200
    assert redis_lib.Redis.from_url(own_redis.url).exists(f"tp:cfg:{key}"), "caching resumes"
    assert len(sql(app, "SELECT id FROM responses")) == 6


def test_after_a_redis_flush_and_three_edits_the_new_thresholds_apply_within_one_sync(make_app, own_redis):
    """Versions restarted at 0 after a flush used to climb back to the one a worker's survey view was cached
    under (three bumps before, three after), and that worker scored with the old thresholds indefinitely."""
    sync = 0.2
    editor = make_app(REDIS_URL=own_redis.url, REDIS_SYNC_SECONDS=sync)
    worker = make_app(REDIS_URL=own_redis.url, REDIS_SYNC_SECONDS=sync)
    site_id, key = make_site(editor)  # bump 1
    survey = make_survey(editor, site_id, "nps")  # bump 2
    update_survey(editor, survey, outcomes={"promoter_min": 9, "detractor_max": 6})  # bump 3
    client = worker.test_client()

    def category(score):
        return post_json(client, "/v1/responses", response_body(key, survey, {"score": score})).get_json()["category"]
    assert category(7) == "passive"  # the worker caches its view of the survey
    redis_lib.Redis.from_url(own_redis.url).flushall()
    for detractor_max in (5, 6, 7):  # three bumps again
        update_survey(editor, survey, outcomes={"promoter_min": 9, "detractor_max": detractor_max})
    edited = time.monotonic()
    while category(7) != "detractor":
        assert time.monotonic() - edited < sync + 0.5, "the new thresholds apply within one sync interval"
        time.sleep(0.02)


def test_one_exchange_adds_every_counter_and_reads_the_watched_keys(redis_url, redis_prefix):
    """The counters travel as one text argument: names with spaces, take-backs and many counters all arrive."""
    client = redis_lib.Redis.from_url(redis_url)
    exchange = client.register_script(EXCHANGE)
    client.set(redis_prefix + "cfgver:a", "7")
    ends = time.time() + 60
    counts = [("rl:read:ip one:1", 2, ends), ("rl:site-read:k:1", -1, ends)]
    counts += [(f"rl:read:{n}:1", 1, ends) for n in range(3000)]
    result = exchange(keys=[redis_prefix + "cfgver:a", redis_prefix + "cfgver:b"],
                      args=[counter_lines(redis_prefix, counts)])
    assert result[:3] == [2, -1, 1] and len(result) == len(counts) + 2
    assert result[-2:] == [b"7", None]
    assert exchange(keys=[], args=[counter_lines(redis_prefix, counts[:1])]) == [4]
    assert 0 < client.ttl(redis_prefix + "rl:read:ip one:1") <= 61


def test_the_sync_forgets_a_window_once_it_has_ended_and_keeps_the_current_ones(redis_url, redis_prefix):
    """Ended windows' counters leave the process's memory; one that has not ended keeps counting from Redis."""
    sync = RedisSync(GuardedRedis(redis_url), redis_prefix, interval=0)  # every call syncs
    now = time.time()
    ending, lasting = ("rl:read:ip:1", now + 0.3), ("rl:site-read:k:1", now + 3600)
    assert sync.incr([ending, lasting], now) == [1, 1]
    assert sync.incr([ending, lasting], now) == [2, 2]
    assert sync.known_counters() == 2
    time.sleep(0.35)
    assert sync.incr([lasting], time.time()) == [3], "a window that has not ended still counts on"
    assert sync.known_counters() == 1, "the ended window's counter is forgotten"
    assert sync.incr([("rl:read:ip:2", time.time() + 60)], time.time()) == [1]
    assert sync.known_counters() == 2
