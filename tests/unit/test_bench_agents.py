"""bench/agents.py: it times the parse itself, not the per-string cache in front of it."""
from bench.agents import run
from server.delivery.devices import parse_agent


def test_every_timed_call_parses_and_none_goes_through_the_cache():
    before = parse_agent.cache_info()
    figures = run(count=20)
    assert parse_agent.cache_info() == before
    assert figures["warm_us"] > 0 and figures["cold_us"] > 0 and figures["legacy_us"] > 0
