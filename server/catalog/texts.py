"""A survey's texts as a visitor reads them: which locales apply, in which order, and the built-in wording.

The widget has the same rule in widget/src/i18n.js (``locales``); tests/fixtures/text_locales.json
holds both to it. The recovery step's built-in wording lives in one file both read,
widget/src/outcome-texts.json (the widget's outcome file bundles it; the hosted page reads it here).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

RECOVERY_TEXTS = Path(__file__).resolve().parents[2] / "widget" / "src" / "outcome-texts.json"


def primary(locale: str | None) -> str:
    """The primary language subtag, lower-cased: "pt-BR" → "pt"."""
    return str(locale or "").replace("_", "-").split("-")[0].lower()


def text_locales(texts: dict, default_locale: str, locale: str | None) -> list[str]:
    """The survey's text locales to use, best first: the visitor's exact locale, its primary subtag, then
    default_locale (compared case-insensitively; empty catalogues skipped)."""
    found: list[str] = []
    for wanted in (locale, primary(locale), default_locale):
        wanted = str(wanted or "").replace("_", "-").lower()
        for key in texts:
            if key.lower() == wanted and key not in found and texts[key]:
                found.append(key)
    return found


@cache
def _recovery_texts() -> dict[str, dict[str, str]]:
    return json.loads(RECOVERY_TEXTS.read_text(encoding="utf-8"))


def recovery_wording(language: str) -> dict[str, str]:
    """The built-in wording of the recovery step in a language (English when there is none)."""
    texts = _recovery_texts()
    return texts.get(primary(language)) or texts["en"]


RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur"})


def recovery_lookup(texts: dict, default_locale: str, locale: str | None) -> tuple[str, Callable[[str], str]]:
    """(language, text(key)) for the recovery step: the survey's "recovery.<key>" in its best locale, else the
    built-in wording in that locale's language (English where there is none), as the widget's step does.
    The language is the one the page speaks: its best survey locale's, else the visitor's."""
    found = text_locales(texts or {}, default_locale, locale)
    catalogues = [texts[key] for key in found]
    language = primary(found[0] if found else locale) or "en"
    builtin = recovery_wording(language)

    def text(key: str) -> str:
        for catalogue in catalogues:
            if catalogue.get("recovery." + key):
                return str(catalogue["recovery." + key])
        return builtin.get(key, "")
    return language, text
