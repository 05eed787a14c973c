"""What a sign-in must not do to others: starve a one-connection pool while hashing, or put a client's IP
or e-mail into a Redis key name (public requests' keys included).
"""
import threading

import redis as redis_lib

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.factories import ORIGIN, make_site, make_survey, post_json, response_body
from tests.integration.test_login_limits import CLIENT_IP, attempt

BACKENDS = ("postgres",)  # a pool size and timeout only PostgreSQL's engine options apply


def test_a_login_hashing_does_not_starve_a_one_connection_pool(make_app, make_user, monkeypatch):
    app = make_app(DB_POOL_SIZE=1, DB_POOL_TIMEOUT=0.5)
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    _, key = make_site(app)
    import server.models
    import server.web.admin.session as sign_in_module
    hashing, release = threading.Event(), threading.Event()

    def slow(real):
        def check(stored, password):
            hashing.set()
            release.wait(5)
            return real(stored, password)
        return check
    for module in (server.models, sign_in_module):
        monkeypatch.setattr(module, "check_password_hash", slow(module.check_password_hash))
    login = threading.Thread(target=lambda: attempt(app))
    login.start()
    try:
        assert hashing.wait(5)
        other = app.test_client().get(f"/v1/sites/{key}/config", headers={"Origin": ORIGIN})
        assert other.status_code == 200, "a request during a sign-in's hash needs the pool's only connection"
    finally:
        release.set()
        login.join(10)


def test_no_redis_key_holds_a_client_ip_or_an_e_mail(make_app, make_user, redis_url, redis_prefix):
    app = make_app(REDIS_URL=redis_url, REDIS_SYNC_SECONDS=0)
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = CLIENT_IP
    assert client.get(f"/v1/sites/{key}/config", headers={"Origin": ORIGIN}).status_code == 200
    assert post_json(client, "/v1/responses", response_body(key, survey)).status_code == 201
    assert attempt(app) == 401
    keys = [name.decode() for name in redis_lib.Redis.from_url(redis_url).scan_iter(match=redis_prefix + "*")]
    for name in keys:
        assert CLIENT_IP not in name and ADMIN_EMAIL not in name and "203.0.113" not in name, name
    scopes = {name[len(redis_prefix):].split(":")[1] for name in keys if name.startswith(redis_prefix + "rl:")}
    assert scopes >= {"read", "write", "login", "login-account"}, keys  # the requests were counted in Redis
