"""The outbox's pure rules: the SSRF guard's verdicts, endpoint URLs, the retry schedule and the signature."""
from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress

import pytest
from standardwebhooks.webhooks import Webhook

from server.outbox.retries import MAX_ATTEMPTS, SCHEDULE, next_attempt, parse_retry_after
from server.outbox.signing import headers, new_secret
from server.runtime.ssrf import UnsafeAddress, endpoint_url_error, refusal, resolve_public

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                                     "fd00:ec2::254", "::1", "0.0.0.0", "::", "224.0.0.1", "100.64.0.1",
                                     "::ffff:127.0.0.1", "fe80::1", "240.0.0.1"])
def test_non_public_addresses_are_refused(address):
    assert refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_pass(address):
    assert refusal(ipaddress.ip_address(address)) is None


def test_metadata_is_named_as_such():
    assert refusal(ipaddress.ip_address("169.254.169.254")) == "a cloud metadata address"


def test_resolve_public_refuses_localhost_unless_allowed():
    with pytest.raises(UnsafeAddress, match="loopback"):
        resolve_public("https://localhost/hook")
    assert "127.0.0.1" in resolve_public("https://localhost/hook", allow_private=True)
    with pytest.raises(UnsafeAddress, match="private"):
        resolve_public("https://10.0.0.8/hook")


@pytest.mark.parametrize("url,allow,ok", [
    ("https://hooks.example.com/x", False, True),
    ("http://hooks.example.com/x", False, False),
    ("http://hooks.example.com/x", True, False),  # plain http is for localhost only
    ("http://localhost:8000/x", True, True),
    ("http://localhost:8000/x", False, False),
    ("https://127.0.0.1/x", False, False),
    ("https://169.254.169.254/latest", True, True),  # allowed private addresses include it: the admin asked
    ("https://user:pw@hooks.example.com/", False, False),
    ("ftp://hooks.example.com/", False, False),
    ("https://hooks.example.com:99999/", False, False),
    ("not a url", False, False),
])
def test_endpoint_urls(url, allow, ok):
    assert (endpoint_url_error(url, allow) is None) is ok


def test_schedule_is_the_specifications_and_then_gives_up():
    assert SCHEDULE == (0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
    for attempts in range(1, MAX_ATTEMPTS):
        wait = (next_attempt(attempts, NOW) - NOW).total_seconds()
        assert SCHEDULE[attempts] <= wait <= SCHEDULE[attempts] * 1.1
    assert next_attempt(MAX_ATTEMPTS, NOW) is None


def test_retry_after_in_seconds_or_as_a_date_and_the_later_wins():
    assert parse_retry_after("120", NOW) == 120
    date = email.utils.format_datetime(NOW + dt.timedelta(minutes=10), usegmt=True)
    assert parse_retry_after(date, NOW) == 600
    assert parse_retry_after("soon", NOW) is None and parse_retry_after(None, NOW) is None
    assert (next_attempt(1, NOW, 120) - NOW).total_seconds() == 120  # later than the schedule's 5 s
    assert (next_attempt(2, NOW, 1) - NOW).total_seconds() >= 300  # the schedule is later than Retry-After


def test_signatures_verify_with_the_official_library_one_per_live_secret():
    old, new = new_secret(), new_secret()
    body = b'{"type":"response.created"}'
    sent = headers([new, old], "msg_1", int(NOW.timestamp()), body)
    for secret in (old, new):
        with pytest.raises(Exception, match="too old"):  # the fixed NOW is long past: the library's tolerance
            Webhook(secret).verify(body, sent)
    now = int(dt.datetime.now(dt.UTC).timestamp())
    sent = headers([new, old], "msg_1", now, body)
    assert Webhook(old).verify(body, sent) == {"type": "response.created"}
    assert Webhook(new).verify(body, sent) == {"type": "response.created"}
