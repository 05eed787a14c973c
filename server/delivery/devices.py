"""Device class, browser and OS of a User-Agent, parsed on the server for what it stores and to keep bots out.

The config is the same for every visitor, so the server no longer picks
surveys by device: the widget classifies its own visitor (widget/src/device.js)
and both follow the cases in tests/fixtures/devices.json.

The classification is user-agents' (mobile, tablet, bot), with one correction:
Firefox for Android says "Tablet" in its User-Agent, which user-agents calls
mobile. Its own parser goes through ua-parser's legacy regex loop, about
750 µs for a User-Agent not seen before; ua-parser 1.0's resolver backed by
ua-parser-rs finds the same families in about 20 µs, so UserAgent below feeds
user-agents from that resolver. That is in a loop of parses; between two
requests, whose other work evicts its regexes from the CPU's caches, a parse
costs about 130 µs (`python -m bench --only agents`), which is what the
per-string cache saves.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from ua_parser import Domain, load_lazy_builtins
from ua_parser.regex import Resolver
from user_agents.parsers import UserAgent as ClassifiedAgent
from user_agents.parsers import parse_browser, parse_device, parse_operating_system

MAX_LENGTH = 512
_resolver = Resolver(load_lazy_builtins())


class Device(NamedTuple):
    kind: str  # desktop, tablet, mobile or bot
    browser: str
    os: str


class UserAgent(ClassifiedAgent):
    """user-agents' UserAgent (its is_bot, is_tablet, is_mobile…), parsed by ua-parser 1.0's fast resolver."""

    def __init__(self, user_agent_string: str):
        result = _resolver(user_agent_string, Domain.ALL)
        agent, system, device = result.user_agent, result.os, result.device
        self.ua_string = user_agent_string
        self.browser = (parse_browser(agent.family, agent.major, agent.minor, agent.patch) if agent
                        else parse_browser("Other"))
        self.os = (parse_operating_system(system.family, system.major, system.minor, system.patch,
                                          system.patch_minor) if system else parse_operating_system("Other"))
        self.device = (parse_device(device.family, device.brand, device.model) if device
                       else parse_device("Other", None, None))


def kind_of(agent: ClassifiedAgent) -> str:
    """bot, tablet, mobile or desktop, in that order of precedence."""
    if agent.is_bot:
        return "bot"
    if agent.is_tablet or agent.device.family == "Generic Tablet":
        return "tablet"
    if agent.is_mobile:
        return "mobile"
    return "desktop"


@lru_cache(maxsize=4096)
def parse_agent(user_agent: str) -> Device:
    """Classify a User-Agent string; cached because the same strings repeat all day."""
    agent = UserAgent(user_agent[:MAX_LENGTH])
    return Device(kind_of(agent), agent.browser.family[:40], agent.os.family[:40])
