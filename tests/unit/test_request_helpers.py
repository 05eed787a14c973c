"""Pure helpers of the request path: origins, IP masking, JSON body checks, device parsing."""
import datetime as dt
import ipaddress
import random

import pytest

from server.delivery.devices import parse_agent
from server.delivery.origins import host_allowed, normalise_domain, origin_allowed
from server.errors import ApiError
from server.ingest.privacy import hash_ip, mask_ip, truncate_ip
from server.web.jsonbody import content_type, depth, parse_json, unstorable_text
from tests.factories import BOT_UA, DESKTOP_UA, PHONE_UA, TABLET_UA


@pytest.mark.parametrize("entry,normal", [("https://Shop.Example/path", "shop.example"), ("shop.example:8080", "shop.example"),
                                          (" *.brand.example ", "*.brand.example"), ("", "")])
def test_normalise_domain(entry, normal):
    assert normalise_domain(entry) == normal


def test_host_and_origin_rules():
    allowed = ["shop.example", "*.brand.example"]
    assert host_allowed("shop.example", allowed) and host_allowed("www.shop.example", allowed)
    assert not host_allowed("blog.shop.example", allowed)
    assert host_allowed("a.b.brand.example", allowed) and host_allowed("brand.example", allowed)
    assert not host_allowed("evilbrand.example", allowed)
    allowed = tuple(allowed)
    assert origin_allowed("https://shop.example:8443", allowed)
    assert not origin_allowed("file://shop.example", allowed)
    assert not origin_allowed("null", allowed) and not origin_allowed(None, allowed)
    assert not origin_allowed("http://[::1", allowed)


def ipaddress_truncation(ip: str) -> str:
    """The /24 or /48 network address as the ipaddress module gives it: what truncate_ip must equal."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    return str(ipaddress.ip_network(f"{address}/{24 if address.version == 4 else 48}", strict=False).network_address)


def test_truncation_equals_the_ipaddress_modules_for_any_address():
    rng = random.Random(7)
    odd = ["::ffff:1.2.3.4", "::1", "::", "0.0.0.0", "255.255.255.255", "fe80::1%eth0", "1.2.3", "010.1.2.3",
           "1.2.3.4 ", "", "64:ff9b::1.2.3.4", "2001:0db8:0000:0000:0000:0000:0000:0001", "1.2.3.4\x00", "::1.2.3.4"]
    v4 = [".".join(str(rng.randint(0, 255)) for _ in range(4)) for _ in range(2000)]
    v6 = [":".join(format(rng.choice([0, 0, rng.randint(0, 65535)]), "x") for _ in range(8)) for _ in range(2000)]
    for ip in odd + v4 + v6:
        assert truncate_ip(ip) == ipaddress_truncation(ip), ip


def test_ip_is_truncated_or_hashed_never_raw():
    assert truncate_ip("203.0.113.77") == "203.0.113.0"
    assert truncate_ip("2001:db8:abcd:12:1:2:3:4") == "2001:db8:abcd::"
    assert truncate_ip("not an ip") == ""
    day = dt.date(2026, 11, 23)
    hashed = hash_ip("203.0.113.77", "secret", day, "salt")
    assert hashed == hash_ip("203.0.113.77", "secret", day, "salt")
    assert hashed != hash_ip("203.0.113.77", "secret", day + dt.timedelta(days=1), "salt"), "the day is keyed in"
    assert hashed != hash_ip("203.0.113.77", "secret", day, "other salt"), "so is the day's random salt"
    assert hashed != hash_ip("203.0.113.77", "other secret", day, "salt"), "and the secret"
    assert "203.0.113" not in hashed
    assert mask_ip("203.0.113.77", "none", "secret", day) == ""


def test_a_byte_order_mark_is_refused_and_named():
    with pytest.raises(ApiError) as info:
        parse_json(b'\xef\xbb\xbf{"a": 1}')
    assert info.value.status == 400 and "byte order mark" in info.value.errors["body"][0]


def test_json_depth_and_constants():
    assert depth({"a": [1, {"b": 2}]}) == 3
    assert parse_json(b'{"a": 1}') == {"a": 1}
    for raw in (b"NaN", b'{"a": -Infinity}', b"\xc3\x28", b"[" * 20 + b"]" * 20, b'{"\\u0000": 1}',
                b'\xef\xbb\xbf{"a": 1}'):
        with pytest.raises(ApiError) as info:
            parse_json(raw)
        assert info.value.status == 400


@pytest.mark.parametrize("header", ["text/plain;charset=UTF-8", "Text/Plain; Charset=UTF-8", "application/json",
                                    "APPLICATION/JSON; charset=utf8", 'application/json; charset="latin-1"',
                                    "application/json;", "", "text/plain; boundary=x; charset=utf-16", ";charset=utf-8"])
def test_content_type_reads_a_header_as_the_request_object_does(header):
    """json_body reads the type from the environ: it must decide exactly what werkzeug's request would."""
    from werkzeug.wrappers import Request
    request = Request({"CONTENT_TYPE": header} if header else {})
    assert content_type(header) == (request.mimetype, request.mimetype_params.get("charset", "utf-8").lower())


BODIES = [b'{"a": 1}', b'{"a": "x\\u0000"}', b'{"a\\u0000": 1}', b'{"a": "\\ud800"}', b'{"a": ["\\udfff"]}',
          b'{"a": "\\ud83d\\ude00"}', b'{"a": "\\\\u0000"}', b'{"a": "\\u00e9"}', b'{"a": "{{{{{{{{{{[[[["}',
          b'[[[[[[[[1]]]]]]]]', b'[[[[[[[[[1]]]]]]]]]', b'{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":1}}}}}}}}}',
          b'{"a": [{"b": "\\u0000"}]}', "{\"a\": \"caf\u00e9 \U0001f600\"}".encode()]


def walked(raw: bytes):
    """What parse_json must answer: always walking the value for depth, NUL and lone surrogates."""
    import json
    value = json.loads(raw.decode())
    if depth(value) > 8:
        return "too deep"
    return unstorable_text(value) or value


@pytest.mark.parametrize("raw", BODIES)
def test_the_text_checks_skip_a_walk_only_when_it_would_find_nothing(raw):
    try:
        ours = parse_json(raw)
    except ApiError as exc:
        ours = "too deep" if "deeply" in exc.message else exc.message
    assert ours == walked(raw)


def test_device_classes():
    assert parse_agent(DESKTOP_UA).kind == "desktop"
    assert parse_agent(PHONE_UA) == ("mobile", "Mobile Safari", "iOS")
    assert parse_agent(TABLET_UA).kind == "tablet"
    assert parse_agent(BOT_UA).kind == "bot"
    assert parse_agent("").kind == "desktop"
