"""A survey's hosted link page, /s/<link_key>, as its visitor sees it: the survey in the visitor's language and
the site's colours, or a plain word when the link is off or the survey closed.

The page itself draws nothing of the survey: widget/src/page.js does, with the widget's popup renderer, from
the JSON built here (the survey's public view, as the config has it, plus the link's hidden fields with the
values of this visit's URL).
"""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from ..catalog.link_tokens import token_ref, token_response_id
from ..catalog.links import hidden_values, page_words, prefilled_score
from ..catalog.texts import RTL_LANGUAGES, primary
from ..database import db
from ..models import Survey, utcnow
from .audience import server_stopper
from .recovery_page import BRAND, DEFAULT_BRAND, readable_on
from .site_config import public_survey


def survey_by_link(link_key: str) -> Survey | None:
    """The survey whose link this is, while its link is on."""
    survey = db.session.execute(select(Survey).where(Survey.link_key == link_key)).scalars().first()
    return survey if survey is not None and (survey.link or {}).get("enabled") else None


def taking_answers(survey: Survey) -> bool:
    """Active and inside its schedule (a full quota is refused when the answer arrives)."""
    stop = server_stopper(survey, utcnow(), 0)
    return survey.status == "active" and (stop is None or stop[0] == "link_only")


def link_page(link_key: str, best_locale, args: Mapping[str, str], secret: str) -> tuple[int, dict]:
    """(status, template context) of a link page. ``best_locale(locales)`` picks the visitor's best of the
    survey's locales (the request's Accept-Language), or None. A single-use link opens only with a personal
    link's token (403 without one), and its answers write that token's response."""
    survey = survey_by_link(link_key)
    texts = survey.texts if survey is not None else {}
    locale = (best_locale([key for key in texts if texts[key]]) if texts else None) or \
        (survey.default_locale if survey is not None else "en")
    language = primary(locale) or "en"
    words = page_words(language)
    brand = ((survey.appearance or {}).get("brand_color") if survey is not None else None) or DEFAULT_BRAND
    brand = brand if BRAND.match(brand) else DEFAULT_BRAND
    context = {"lang": locale, "dir": "rtl" if language in RTL_LANGUAGES else "ltr", "words": words,
               "brand": brand, "brand_text": readable_on(brand), "site_name": survey.site.name if survey else "",
               "state": "off", "payload": None}
    if survey is None:
        return 404, context
    if not taking_answers(survey):
        return 200, {**context, "state": "closed"}
    personal = {}
    if survey.link.get("single_use"):
        ref = token_ref(secret, survey.link_key, args.get("token"))
        if ref is None:
            return 403, {**context, "state": "personal"}
        personal = {"token": args["token"], "response_id": str(token_response_id(secret, survey.link_key, ref))}
    # a tablet on a counter: a fresh card after each answer (widget/src/page.js); never one recipient's link
    kiosk = args.get("kiosk") == "1" and not personal
    payload = {"survey": public_survey(survey), "site_key": survey.site.key, "link": survey.link_key,
               "fields": hidden_values(survey.link.get("hidden_fields") or [], args),
               "kiosk": kiosk, "score": None if kiosk else prefilled_score(survey.kind, args.get("score")), **personal}
    return 200, {**context, "state": "open", "payload": payload}
