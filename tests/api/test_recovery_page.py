"""The hosted recovery page: the site's name, brand colour and language, and a way back to where the visitor was."""
import re

import pytest

from server.delivery.recovery_page import back_link, readable_on
from tests.factories import make_site, make_survey, response_body
from tests.factories import post_json as send_json

BACKENDS = ("sqlite", "postgres")


def answered(app, client, *, locale="en", page_url="https://shop.example/checkout?step=2", **survey):
    site_id, key = make_site(app, name="Linen & Co")
    survey_id = make_survey(app, site_id, "nps", **survey)
    body = {**response_body(key, survey_id, {"score": 2}), "locale": locale, "page_url": page_url}
    assert send_json(client, "/v1/responses", body).status_code == 201
    return body["id"]


def test_the_page_carries_the_sites_name_colour_and_a_way_back(app, client):
    rid = answered(app, client, appearance={"brand_color": "#fde047"})
    page = client.get(f"/r/{rid}?score=2")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="en" dir="ltr">' in html
    assert '<p class="site-name">Linen &amp; Co</p>' in html
    assert '<a class="back" href="https://shop.example/checkout?step=2" rel="noreferrer">← Back to Linen &amp; Co</a>' in html
    nonce = re.search(r"'nonce-([^']+)'", page.headers["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">:root {{ --brand: #fde047; --on-brand: #000000; }}</style>' in html, \
        "a light brand gets dark text on its button"
    assert "script-src" not in page.headers["Content-Security-Policy"] and "<script" not in html
    assert "Can we put this right?" in html and "What went wrong?" not in html, "it does not repeat the follow-up"


def test_the_page_speaks_the_visitors_language_with_the_surveys_own_wording_first(app, client):
    rid = answered(app, client, locale="ru-RU",
                   texts={"en": {"q.score": "How likely?"}, "ru": {"q.score": "Насколько вероятно?",
                                                                    "recovery.title": "Нам очень жаль"}})
    html = client.get(f"/r/{rid}").get_data(as_text=True)
    assert '<html lang="ru" dir="ltr">' in html and "<h1>Нам очень жаль</h1>" in html and "Вернуться на Linen &amp; Co" in html
    refused = client.post(f"/r/{rid}", data={"message": "", "email": "ann@example.com"})
    assert refused.status_code == 422
    assert "Отметьте согласие на связь" in refused.get_data(as_text=True)
    done = client.post(f"/r/{rid}", data={"message": "", "email": "ann@example.com", "consent": "yes"})
    assert done.status_code == 302
    assert "Спасибо. Мы свяжемся с вами." in client.get(f"/r/{rid}").get_data(as_text=True)


@pytest.mark.parametrize("page_url", ["javascript:alert(1)", "data:text/html,x", "/relative", "", "https://"])
def test_only_an_http_page_becomes_the_way_back(app, client, page_url):
    rid = answered(app, client, page_url=page_url)
    html = client.get(f"/r/{rid}").get_data(as_text=True)
    assert 'class="back"' not in html and back_link(page_url) is None


def test_button_text_contrast_follows_the_brand():
    assert readable_on("#fde047") == "#000000" and readable_on("#4f46e5") == "#ffffff"
    assert readable_on("#ffffff") == "#000000" and readable_on("#000000") == "#ffffff"


def test_a_right_to_left_language_turns_the_page_right_to_left(app, client):
    rid = answered(app, client, locale="he-IL", texts={"en": {"q.score": "How likely?"}, "he": {"q.score": "מה הסיכוי?"}})
    html = client.get(f"/r/{rid}").get_data(as_text=True)
    assert '<html lang="he" dir="rtl">' in html and "<h1>מצטערים שאכזבנו</h1>" in html
