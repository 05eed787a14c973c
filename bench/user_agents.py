"""Thousands of distinct, realistic User-Agent strings, as a day of real traffic brings them.

One string repeated all day would be parsed once and then found in the server's
cache; real visitors bring browsers, versions, builds, operating systems and
phone models in every combination, and most strings are new to the cache.
The mix is made the same way every time (a fixed seed).
"""
from __future__ import annotations

import random
from pathlib import Path

ANDROID_MODELS = ("SM-S928B", "SM-S921B", "SM-A546B", "SM-A155F", "SM-G991B", "SM-X700", "SM-X200", "Pixel 8 Pro",
                  "Pixel 8", "Pixel 7a", "Pixel 6", "M2101K6G", "2201117TG", "23049PCD8G", "CPH2451", "RMX3710",
                  "V2250", "moto g84 5G", "motorola edge 40", "TB-J606F", "Lenovo TB-X306F", "K", "22081212UG",
                  "NE2213", "LE2123", "ASUS_AI2302", "SO-52C", "A142", "Redmi Note 9 Pro", "KFTRWI")


def chrome_version(rng: random.Random) -> str:
    return f"{rng.randint(109, 131)}.0.{rng.randint(5000, 6999)}.{rng.randint(0, 220)}"


def one(rng: random.Random) -> str:
    """One visitor's User-Agent, drawn from a rough market mix."""
    kind = rng.random()
    if kind < 0.30:  # Chrome or Edge on Windows
        version = chrome_version(rng)
        edge = f" Edg/{version}" if rng.random() < 0.25 else ""
        return (f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                f"Chrome/{version} Safari/537.36{edge}")
    if kind < 0.36:  # Firefox on Windows or Linux
        major = rng.randint(102, 133)
        system = rng.choice(["Windows NT 10.0; Win64; x64", "X11; Linux x86_64", "X11; Ubuntu; Linux x86_64"])
        return f"Mozilla/5.0 ({system}; rv:{major}.0) Gecko/20100101 Firefox/{major}.0"
    if kind < 0.46:  # Safari or Chrome on a Mac
        if rng.random() < 0.5:
            return (f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    f"Version/{rng.randint(15, 18)}.{rng.randint(0, 6)} Safari/605.1.15")
        return (f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
                f"Chrome/{chrome_version(rng)} Safari/537.36")
    if kind < 0.72:  # iPhone or iPad: Safari, Chrome, in-app browsers
        ios = f"{rng.randint(15, 18)}_{rng.randint(0, 7)}"
        device = "iPad; CPU OS" if rng.random() < 0.15 else "iPhone; CPU iPhone OS"
        build = f"{rng.randint(15, 22)}{rng.choice('ABCDEFGH')}{rng.randint(10, 999)}"
        tail = rng.choice([f"Version/{ios.split('_')[0]}.{rng.randint(0, 6)} Mobile/{build} Safari/604.1",
                           f"CriOS/{chrome_version(rng)} Mobile/{build} Safari/604.1",
                           f"Mobile/{build} [FBAN/FBIOS;FBAV/{rng.randint(400, 480)}.0.0.{rng.randint(10, 60)}]",
                           f"Mobile/{build} Instagram {rng.randint(280, 350)}.0.0.{rng.randint(10, 40)}.{rng.randint(50, 200)}"])
        return f"Mozilla/5.0 ({device} {ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) {tail}"
    # Android: Chrome, Samsung Internet, Firefox
    android, model = rng.randint(9, 15), rng.choice(ANDROID_MODELS)
    mobile = "" if model.startswith(("SM-X", "TB", "Lenovo", "KF")) else " Mobile"
    browser = rng.random()
    if browser < 0.65:
        return (f"Mozilla/5.0 (Linux; Android {android}; {model}) AppleWebKit/537.36 (KHTML, like Gecko) "
                f"Chrome/{chrome_version(rng)}{mobile} Safari/537.36")
    if browser < 0.9:
        return (f"Mozilla/5.0 (Linux; Android {android}; {model}) AppleWebKit/537.36 (KHTML, like Gecko) "
                f"SamsungBrowser/{rng.randint(20, 26)}.0 Chrome/{chrome_version(rng)}{mobile} Safari/537.36")
    major = rng.randint(110, 133)
    return f"Mozilla/5.0 (Android {android}; {'Mobile' if mobile else 'Tablet'}; rv:{major}.0) Gecko/{major}.0 Firefox/{major}.0"


def mix(count: int = 10_000, seed: int = 7) -> list[str]:
    """``count`` distinct visitors' User-Agents (no bots: ingest refuses those)."""
    rng, seen = random.Random(seed), {}
    while len(seen) < count:
        seen.setdefault(one(rng), None)
    return list(seen)


def write(path: Path, count: int = 10_000) -> Path:
    """The mix, one string per line, for the wrk scripts (UA_FILE)."""
    path.write_text("\n".join(mix(count)) + "\n")
    return path
