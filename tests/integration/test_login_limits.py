"""Sign-in limits: exact under a concurrent burst, per account across IPs, no pooled connection held while hashing.

Every test runs without Redis (this process's locked counters) and with the real
Redis shared by two app instances (one atomic call per attempt), on both databases.
"""
import threading

import pytest

from server.extensions import db
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

BACKENDS = ("sqlite", "postgres")
LOGIN = "/api/admin/session"
CLIENT_IP = "203.0.113.77"


@pytest.fixture(params=["memory", "redis"])
def instances(request, make_app, make_user):
    """Build the app instances of a test: one without Redis, or two sharing the real Redis.

    The Redis instances sync their other counters only once a minute, so only exact
    counting of sign-ins can keep a burst to the limit.
    """
    def build(**config):
        if request.param == "memory":
            apps = [make_app(**config)]
        else:
            url = request.getfixturevalue("redis_url")
            apps = [make_app(REDIS_URL=url, REDIS_SYNC_SECONDS=60, **config) for _ in range(2)]
        make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
        return apps
    return build


def attempt(app, email=ADMIN_EMAIL, password="wrong password", ip=CLIENT_IP) -> int:
    """One sign-in attempt from ``ip``; its status code."""
    return app.test_client().post(LOGIN, json={"email": email, "password": password},
                                  environ_base={"REMOTE_ADDR": ip}).status_code


def burst(apps, count: int, ip_of=lambda index: CLIENT_IP) -> list[int]:
    """``count`` sign-in attempts at the same moment, spread over the instances; their status codes."""
    gate, statuses = threading.Barrier(count), [None] * count

    def run(index):
        gate.wait()
        statuses[index] = attempt(apps[index % len(apps)], ip=ip_of(index))
    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses


def test_a_burst_from_one_ip_gets_exactly_the_limit_through(instances):
    apps = instances(RATELIMIT_LOGIN="10/day", RATELIMIT_LOGIN_ACCOUNT="1000/day")  # a day never rolls over mid-test
    statuses = burst(apps, 30)
    assert sorted(statuses) == [401] * 10 + [429] * 20


def test_a_burst_on_one_account_from_many_ips_gets_exactly_the_account_limit_through(instances):
    apps = instances(RATELIMIT_LOGIN="1000/day", RATELIMIT_LOGIN_ACCOUNT="5/day")
    statuses = burst(apps, 20, ip_of=lambda index: f"198.51.100.{index + 1}")
    assert sorted(statuses) == [401] * 5 + [429] * 15


def test_the_account_limit_holds_across_ips_and_spares_other_accounts(instances):
    apps = instances(RATELIMIT_LOGIN="1000/day", RATELIMIT_LOGIN_ACCOUNT="3/day")
    statuses = [attempt(apps[i % len(apps)], ip=f"198.51.100.{i + 1}") for i in range(4)]
    assert statuses == [401, 401, 401, 429]
    # the right password from yet another IP is refused too: the account's budget is spent
    refused = apps[-1].test_client().post(LOGIN, json={"email": " Admin@Example.COM", "password": ADMIN_PASSWORD},
                                          environ_base={"REMOTE_ADDR": "192.0.2.200"})
    assert refused.status_code == 429 and "account" in refused.get_json()["message"]
    assert int(refused.headers["Retry-After"]) >= 1
    # another account from the same IPs is untouched, and an unknown one is limited the same way (no enumeration)
    assert attempt(apps[0], email="nobody@example.com", ip="198.51.100.1") == 401
    unknown = [attempt(apps[0], email="nobody@example.com", ip="198.51.100.1") for _ in range(3)]
    assert unknown == [401, 401, 429]


def test_no_pooled_connection_is_held_while_the_password_is_hashed(instances, monkeypatch):
    app = instances()[0]
    import server.models
    import server.web.admin.session as sign_in_module
    held = []

    def watched(module):
        real = module.check_password_hash

        def check(stored, password):
            held.append(db.engine.pool.checkedout())
            return real(stored, password)
        monkeypatch.setattr(module, "check_password_hash", check)
    watched(server.models)  # where the base checked a known user's password
    watched(sign_in_module)
    assert attempt(app, password=ADMIN_PASSWORD) == 200
    assert attempt(app) == 401
    assert attempt(app, email="nobody@example.com") == 401
    assert held == [0, 0, 0]
