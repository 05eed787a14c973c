"""Device class, browser and OS parsed from the User-Agent on the server (STYLE 15)."""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from user_agents import parse


class Device(NamedTuple):
    kind: str  # desktop, tablet, mobile or bot
    browser: str
    os: str


@lru_cache(maxsize=4096)
def parse_device(user_agent: str) -> Device:
    """Classify a User-Agent string; cached because the same few strings repeat all day."""
    agent = parse(user_agent[:512])
    if agent.is_bot:
        kind = "bot"
    elif agent.is_tablet:
        kind = "tablet"
    elif agent.is_mobile:
        kind = "mobile"
    else:
        kind = "desktop"
    return Device(kind, agent.browser.family[:40], agent.os.family[:40])
