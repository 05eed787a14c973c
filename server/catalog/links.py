"""A survey's hosted link, /s/<link_key>: its key, its URL, and the hidden fields a visit to it carries.

The link shows the survey full-page, drawn by the widget's own popup renderer (widget/src/page.js). Its answers
are stored like the popup's, with the link's channel label (``link`` unless the survey says otherwise) and the
values of the URL parameters the link declares (its hidden fields, such as ``order`` or ``customer_id``).
"""
from __future__ import annotations

import io
import re
import secrets
from collections.abc import Mapping

import segno

from ..models import Survey
from .scoring import SCALES

MAX_FIELD_VALUE = 200  # characters kept of a hidden field's value


def give_link_key(survey: Survey) -> None:
    """A survey whose link is on gets a key once; it keeps it when the link goes off and on again."""
    if (survey.link or {}).get("enabled") and not survey.link_key:
        survey.link_key = secrets.token_urlsafe(9)


def link_path(survey: Survey) -> str | None:
    """The link's path while it is on, else None."""
    return f"/s/{survey.link_key}" if (survey.link or {}).get("enabled") and survey.link_key else None


def qr_code(url: str, fmt: str) -> tuple[bytes, str]:
    """The QR code of a URL as (SVG or PNG bytes, MIME type): error correction M (15 % may be damaged), four
    modules of quiet zone, dark on white; the PNG at 10 px a module, large enough to print."""
    code, out = segno.make(url, error="m", micro=False), io.BytesIO()
    if fmt == "svg":
        code.save(out, kind="svg", scale=8, border=4, xmldecl=False, title="QR code of the survey link")
        return out.getvalue(), "image/svg+xml"
    code.save(out, kind="png", scale=10, border=4)
    return out.getvalue(), "image/png"


def prefilled_score(kind: str, value: str | None) -> int | None:
    """The score a link's ``?score=`` offers (an e-mail's one-click scale), when it is a whole point of the
    survey's NPS, CSAT or CES scale; anything else is ignored."""
    scale = SCALES.get(kind) if kind != "cli" else None  # a CLI score is the mean of three items: no one click
    if scale is None or value is None or not re.fullmatch(r"[0-9]{1,2}", value):
        return None
    return int(value) if scale[0] <= int(value) <= scale[1] else None


def hidden_values(declared: list[str], params: Mapping[str, str]) -> dict[str, str]:
    """The declared hidden fields present in a link's query, each value cut to MAX_FIELD_VALUE characters."""
    return {name: params[name][:MAX_FIELD_VALUE] for name in declared if params.get(name)}


# The link page's own few words, around the survey card (the card's are the survey's and the widget's)
PAGE_WORDS = {
    "en": {"thanks": "Thank you!",
           "chosen": "You chose {score}. Confirm it, or pick another score.", "confirm": "Confirm {score}",
           "done": "Thank you! You can close this page.", "skipped": "No answer was sent.",
           "again": "Answer the survey", "off": "This survey link is not active.",
           "closed": "This survey is not taking answers any more. Thank you for coming by.",
           "personal": "This survey is answered through the personal link in your message."},
    "ru": {"thanks": "Спасибо!",
           "chosen": "Вы выбрали {score}. Подтвердите или выберите другую оценку.", "confirm": "Подтвердить {score}",
           "done": "Спасибо! Эту страницу можно закрыть.", "skipped": "Ответ не отправлен.",
           "again": "Пройти опрос", "off": "Эта ссылка на опрос не действует.",
           "closed": "Опрос больше не принимает ответы. Спасибо, что зашли.",
           "personal": "На этот опрос отвечают по личной ссылке из вашего письма."},
    "ar": {"thanks": "شكرًا لك!",
           "chosen": "اخترت {score}. أكّد اختيارك أو اختر تقييمًا آخر.", "confirm": "تأكيد {score}",
           "done": "شكرًا لك! يمكنك إغلاق هذه الصفحة.", "skipped": "لم يُرسل أي رد.",
           "again": "أجب عن الاستبيان", "off": "رابط هذا الاستبيان غير نشط.",
           "closed": "لم يعد هذا الاستبيان يستقبل الردود. شكرًا لزيارتك.",
           "personal": "يُجاب عن هذا الاستبيان عبر الرابط الشخصي في رسالتك."},
    "he": {"thanks": "תודה!",
           "chosen": "בחרת {score}. אפשר לאשר או לבחור ציון אחר.", "confirm": "אישור {score}",
           "done": "תודה! אפשר לסגור את הדף.", "skipped": "לא נשלחה תשובה.",
           "again": "למענה על הסקר", "off": "הקישור לסקר אינו פעיל.",
           "closed": "הסקר כבר אינו מקבל תשובות. תודה שביקרת.",
           "personal": "עונים על הסקר הזה דרך הקישור האישי שבהודעה שלך."},
}


def page_words(language: str) -> dict[str, str]:
    """The link page's words in a language (English where there are none)."""
    return PAGE_WORDS.get(language, PAGE_WORDS["en"])
