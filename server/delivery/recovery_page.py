"""The hosted recovery page as its visitor sees it: the site's name, brand colour and language, and a way back.

Everything here is read from the response the link names: its survey's texts and
appearance, its site's name, and the page the answer was given on (the way back,
kept only when it is an http(s) URL).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..catalog.texts import RTL_LANGUAGES, recovery_lookup
from ..database import db
from ..models import Response, Survey

BRAND = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_BRAND = "#4f46e5"


def readable_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (#rrggbb), by WCAG relative luminance."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def back_link(page_url: str | None) -> str | None:
    """The page the visitor answered on, when it is an http(s) URL with a host; else no way back is offered."""
    try:
        parts = urlsplit(page_url or "")
    except ValueError:
        return None
    return page_url if parts.scheme in ("http", "https") and parts.hostname and len(page_url) <= 2048 else None


def page_context(response: Response | None) -> dict:
    """What the template needs: wording in the visitor's language, the site's name and colours, the way back."""
    survey = db.session.get(Survey, response.survey_id) if response is not None else None
    texts, default_locale = (survey.texts or {}, survey.default_locale) if survey else ({}, "en")
    language, text = recovery_lookup(texts, default_locale, response.locale if response else None)
    brand = ((survey.appearance or {}).get("brand_color") if survey else None) or DEFAULT_BRAND
    brand = brand if BRAND.match(brand) else DEFAULT_BRAND
    site = survey.site.name if survey else ""
    back = back_link(response.page_url if response else None)
    return {"lang": language, "dir": "rtl" if language in RTL_LANGUAGES else "ltr", "text": text, "site_name": site,
            "brand": brand, "brand_text": readable_on(brand),
            "back_url": back, "back_label": text("back").replace("{site}", site or urlsplit(back or "").hostname or "")}
