"""`make bench`: every benchmark, each printing its table (they are measurements, not tests)."""
from __future__ import annotations

import argparse

from . import agents, anatomy, faults, limiter, load, overload, size


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--seconds", type=int, default=4, help="duration of each load measurement")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of load measurements (medians are shown)")
    parser.add_argument("--overload-seconds", type=int, default=30)
    parser.add_argument("--only", action="append",
                        choices=["size", "agents", "load", "overload", "limiter", "faults", "dashboard", "anatomy"],
                        help="anatomy runs only when named here")
    args = parser.parse_args()
    only = set(args.only or ["size", "agents", "load", "overload", "limiter", "faults", "dashboard"])
    if "size" in only:
        print("\n== Widget size ==")
        size.run()
    if "agents" in only:
        print("\n== User-Agent classification: a string not seen before ==")
        agents.run()
    if only & {"load", "overload"}:
        print("\n== Load: requests/s against a bare Flask hello under identical gunicorn settings ==")
        figures = load.run(args.seconds, args.rounds)
        if "overload" in only:
            print("\n== Overload: ingest at 2x its measured capacity ==")
            overload.run(figures["results"]["ingest"]["rps"], figures["env"], figures["site_key"],
                         figures["survey_id"], args.overload_seconds)
    if "limiter" in only:
        print("\n== Rate limiting: our limiter against Flask-Limiter on the config endpoint ==")
        limiter.run(args.seconds)
    if "faults" in only:
        print("\n== Faults: answers streamed while Redis, PostgreSQL or gunicorn fail ==")
        faults.run()
    if "dashboard" in only:
        from . import dashboard
        print("\n== Dashboard at scale: 1,000,000 responses on PostgreSQL ==")
        dashboard.run()
    if "anatomy" in only:
        print("\n== Anatomy: what each part of a config and an ingest request costs ==")
        anatomy.run(args.seconds, args.rounds)


if __name__ == "__main__":
    main()
