"""User-Agent classification: what a string not seen before costs, in a loop and with cold caches.

Ingest classifies each answer's User-Agent (server/delivery/devices.py) and
caches the result per string. A string not seen before is parsed by ua-parser
1.0's resolver on ua-parser-rs. In a loop of parses its regexes stay in the
CPU's caches; in a server, a request's other work evicts them between two
parses, which the load bench's "UA mix" rows pay for. The second column
copies 16 MB between parses to evict them likewise. user-agents' own parser,
ua-parser's legacy regex loop, is shown for scale.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from user_agents import parse as legacy_parse

from server.delivery.devices import parse_agent

from .common import table
from .user_agents import mix

SWEEP_BYTES = 16 * 1024 * 1024


def per_string(parse: Callable[[str], object], agents: Sequence[str], evict: bool) -> float:
    """Microseconds per call of ``parse`` over ``agents``; with ``evict``, 16 MB are copied before each call."""
    source, target = bytearray(SWEEP_BYTES), bytearray(SWEEP_BYTES)
    spent = 0.0
    for agent in agents:
        if evict:
            target[:] = source
        started = time.perf_counter()
        parse(agent)
        spent += time.perf_counter() - started
    return spent / len(agents) * 1e6


def run(count: int = 1000) -> dict:
    """Print µs per string not seen before, for Touchpoint's classifier and user-agents' legacy parse."""
    agents = mix()  # 10,000 distinct strings: the first ``count`` warm, the next ``count`` cold, the rest legacy
    classify = parse_agent.__wrapped__  # the function under the per-string cache, so that every call parses
    classify(agents[0])  # the resolver loads its regexes on first use
    warm = per_string(classify, agents[1:count], evict=False)
    cold = per_string(classify, agents[count:2 * count], evict=True)
    legacy = per_string(legacy_parse, agents[2 * count:2 * count + 200], evict=False)
    print(table(["parser of a User-Agent not seen before", "µs in a loop", "µs, caches evicted"],
                [["parse_agent (ua-parser 1.0 on ua-parser-rs)", f"{warm:.1f}", f"{cold:.1f}"],
                 ["user-agents' own parse (legacy ua-parser)", f"{legacy:.0f}", ""]]))
    print("10,000 distinct strings of bench/user_agents.py; each call classifies a string the process has not "
          "parsed before.")
    return {"warm_us": warm, "cold_us": cold, "legacy_us": legacy}
