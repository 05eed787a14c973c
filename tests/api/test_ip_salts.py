"""ip_mode=hash: a random salt per UTC day, shared by every app on the database, deleted two days on."""
import datetime as dt
import hashlib
import hmac
import ipaddress
import threading

from server.ingest.privacy import hash_ip, mask_ip
from tests.conftest import TEST_SECRET, sql
from tests.factories import make_site, make_survey, post_json, response_body

BACKENDS = ("sqlite", "postgres")
DAY = dt.date(2031, 3, 14)
IP = "198.51.77.23"


def hashed(app, ip: str, day: dt.date) -> str:
    """What ``app`` stores for ``ip`` on ``day`` under ip_mode=hash."""
    with app.app_context():
        return mask_ip(ip, "hash", TEST_SECRET, day)


def salt_days(app) -> set[dt.date]:
    """The days whose salts the database still holds."""
    return {dt.date.fromisoformat(str(day)) for (day,) in sql(app, "SELECT day FROM ip_salts")}


def old_scheme_hash(ip: str, secret: str, day: dt.date) -> str:
    """The hash as it was before daily salts: derivable from SECRET_KEY and the date alone."""
    salt = hmac.new(secret.encode(), day.isoformat().encode(), hashlib.sha256).digest()
    return "h:" + hmac.new(salt, ip.encode(), hashlib.sha256).hexdigest()[:32]


def test_two_apps_on_one_database_hash_an_ip_alike_within_a_day_and_differently_the_next(make_app):
    first, second = make_app(), make_app()
    today = hashed(first, IP, DAY)
    assert hashed(second, IP, DAY) == today, "every process must link one visitor's answers within a day"
    assert hashed(first, "198.51.77.24", DAY) != today
    tomorrow = hashed(second, IP, DAY + dt.timedelta(days=1))
    assert tomorrow != today and hashed(first, IP, DAY + dt.timedelta(days=1)) == tomorrow
    assert salt_days(first) == {DAY, DAY + dt.timedelta(days=1)}


def test_processes_meeting_a_new_day_together_agree_on_its_salt(make_app):
    apps = [make_app() for _ in range(4)]
    start, results = threading.Barrier(8), []

    def hash_at_once(app):
        start.wait()
        results.append(hashed(app, IP, DAY))
    threads = [threading.Thread(target=hash_at_once, args=(apps[i % 4],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(results) == 8 and len(set(results)) == 1
    assert sql(apps[0], "SELECT count(*) FROM ip_salts")[0][0] == 1


def test_salts_before_yesterday_are_deleted_and_forgotten_by_the_process(make_app):
    app = make_app()
    original = hashed(app, IP, DAY)
    hashed(app, IP, DAY + dt.timedelta(days=1))
    assert salt_days(app) == {DAY, DAY + dt.timedelta(days=1)}, "yesterday's salt is kept"
    hashed(app, IP, DAY + dt.timedelta(days=2))
    assert salt_days(app) == {DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=2)}
    assert hashed(app, IP, DAY) != original, "neither the database nor the process remembers the old salt"


def test_a_stored_hash_cannot_be_reversed_with_the_secret_once_its_salt_is_gone(app, client):
    """The outside tester's attack: try every address of a /16 against a stored hash, knowing SECRET_KEY."""
    site_id, key = make_site(app, ip_mode="hash")
    survey = make_survey(app, site_id, "nps")
    assert post_json(client, "/v1/responses", response_body(key, survey),
                     environ_base={"REMOTE_ADDR": IP}).status_code == 201
    [(stored,)] = sql(app, "SELECT ip FROM responses")
    [(day, salt)] = sql(app, "SELECT day, salt FROM ip_salts")
    day = dt.date.fromisoformat(str(day))
    assert stored == hash_ip(IP, TEST_SECRET, day, salt), "while its salt exists the hash is today's salted one"

    hashed(app, "192.0.2.1", day + dt.timedelta(days=2))  # the first use two days on
    assert day not in salt_days(app)
    candidates = [str(address) for address in ipaddress.ip_network("198.51.0.0/16")]
    assert stored not in {old_scheme_hash(ip, TEST_SECRET, day) for ip in candidates}
    assert stored not in {hash_ip(ip, TEST_SECRET, day, "") for ip in candidates}
