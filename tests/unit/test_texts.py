"""Survey texts on the server, held to the widget's rule by the fixture both test suites read."""
import json
from pathlib import Path

import pytest

from server.catalog.texts import recovery_lookup, recovery_wording, text_locales

FIXTURE = json.loads((Path(__file__).parents[1] / "fixtures" / "text_locales.json").read_text())


@pytest.mark.parametrize("case", FIXTURE["cases"], ids=lambda c: json.dumps(c)[:50])
def test_the_locale_order_is_the_widgets(case):
    texts = case.get("texts", FIXTURE["texts"])
    assert text_locales(texts, case.get("default_locale", FIXTURE["default_locale"]), case["locale"]) == case["expected"]


def test_the_recovery_wording_comes_from_the_survey_then_the_built_in_file_in_its_language():
    texts = {"en": {"q.score": "How likely?"}, "ru": {"q.score": "Вероятно?", "recovery.title": "Ой"}}
    language, text = recovery_lookup(texts, "en", "ru-RU")
    assert (language, text("title"), text("send")) == ("ru", "Ой", recovery_wording("ru")["send"])
    language, text = recovery_lookup(texts, "en", "fr")
    assert (language, text("title")) == ("en", "Sorry we let you down")
    assert recovery_wording("zz") == recovery_wording("en")
    assert set(recovery_wording("ru")) == set(recovery_wording("en")), "every language has every key"
