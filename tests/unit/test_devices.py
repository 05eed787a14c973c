"""The server's device classes, held to tests/fixtures/devices.json, which the widget's tests read too."""
import json
from pathlib import Path

import pytest
from user_agents import parse as legacy_parse

from server.delivery.devices import UserAgent, kind_of, parse_agent

CASES = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "devices.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["ua"][:60] or "(empty)")
def test_each_user_agent_is_classified_as_the_fixture_says(case):
    assert parse_agent(case["ua"]).kind == case.get("server_device", case["device"])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["ua"][:60] or "(empty)")
def test_the_fast_resolver_finds_what_user_agents_own_parser_finds(case):
    """Only the parser changed: browser, OS and device families, and so the classification, are user-agents'."""
    fast, legacy = UserAgent(case["ua"]), legacy_parse(case["ua"])
    assert (fast.browser, fast.os, fast.device) == (legacy.browser, legacy.os, legacy.device)
    assert (fast.is_bot, fast.is_tablet, fast.is_mobile) == (legacy.is_bot, legacy.is_tablet, legacy.is_mobile)
    assert kind_of(fast) == kind_of(legacy)


def test_long_user_agents_are_cut_before_parsing():
    assert parse_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) " + "x" * 10_000).kind == "mobile"
