"""The pure parts of alerts: which events a rule matches, its recipients, the e-mails' words, the digest's period."""
from __future__ import annotations

import datetime as dt

import pytest

from server.models import AlertRule
from server.outbox.alerts import recipients, rule_matches, word_found
from server.outbox.messages import alert_mail, digest_mail, endpoint_disabled_mail
from server.reporting.digest import digest_period, period_label

DATA = {"touchpoint": "Checkout", "category": "detractor", "score": 2.0, "comment": "The parcel never came"}


def rule(**fields) -> AlertRule:
    values = {"enabled": True, "trigger": "answer", "survey_id": None, "touchpoint": "", "category": None,
              "max_score": None, "words": [], "recipients": ["cx@shop.test"]}
    return AlertRule(**{**values, **fields})


@pytest.mark.parametrize("fields,event_type,survey_id,data,fires", [
    ({}, "response.completed", 4, DATA, True),
    ({}, "response.created", 4, DATA, False),  # one answer alerts once: on completion only
    ({}, "recovery.submitted", 4, DATA, False),
    ({"trigger": "recovery"}, "recovery.submitted", 4, {**DATA, "comment": None, "message": "call me"}, True),
    ({"trigger": "recovery"}, "response.completed", 4, DATA, False),
    ({"enabled": False}, "response.completed", 4, DATA, False),
    ({"survey_id": 4}, "response.completed", 4, DATA, True),
    ({"survey_id": 5}, "response.completed", 4, DATA, False),
    ({"touchpoint": " checkout "}, "response.completed", 4, DATA, True),
    ({"touchpoint": "Search"}, "response.completed", 4, DATA, False),
    ({"category": "detractor"}, "response.completed", 4, DATA, True),
    ({"category": "promoter"}, "response.completed", 4, DATA, False),
    ({"max_score": 2}, "response.completed", 4, DATA, True),
    ({"max_score": 1.5}, "response.completed", 4, DATA, False),
    ({"max_score": 6}, "response.completed", 4, {**DATA, "score": None}, False),
    ({"words": ["refund", "parcel"]}, "response.completed", 4, DATA, True),
    ({"words": ["refund"]}, "response.completed", 4, DATA, False),
    ({"words": ["refund"]}, "response.completed", 4, {**DATA, "comment": None}, False),
    ({"trigger": "recovery", "words": ["call"]}, "recovery.submitted", 4, {**DATA, "message": "Call me"}, True),
    ({"category": "detractor", "max_score": 6, "touchpoint": "Checkout", "words": ["PARCEL"]},
     "response.completed", 4, DATA, True),
])
def test_a_rule_fires_when_every_condition_it_sets_holds(fields, event_type, survey_id, data, fires):
    assert rule_matches(rule(**fields), event_type, survey_id, data) is fires


@pytest.mark.parametrize("word,text,found", [
    ("refund", "I want a Refund!", True), ("refund", "refunds please", True), ("late", "chocolate", False),
    ("late", "arrived late.", True), ("c++", "the C++ docs", True), ("", "anything", False),
    ("  late ", "Late", True),
])
def test_a_word_is_found_at_the_start_of_a_word_in_any_case(word, text, found):
    assert word_found(word, text) is found


def test_recipients_are_each_address_once():
    assert recipients(rule(recipients=["CX@shop.test", "cx@shop.test ", "boss@shop.test"]), DATA) == [
        "cx@shop.test", "boss@shop.test"]


def test_an_alert_escapes_what_visitors_wrote_in_its_html():
    mail = alert_mail({**DATA, "comment": "<script>alert(1)</script>", "page_url": "https://shop.example/?a=1&b=2",
                       "device": "desktop", "survey_id": 4}, "Detractors", "Shop", "answer",
                      "https://tp.example/admin/#/surveys/4/results")
    assert "<script>" not in mail.html and "&lt;script&gt;" in mail.html and "a=1&amp;b=2" in mail.html
    assert "Comment: <script>alert(1)</script>" in mail.text  # plain text stays as written
    assert mail.subject == "Alert: 2 (Detractor) · Checkout · Shop"


def test_an_alert_without_public_url_has_no_link_and_without_consent_no_contact():
    mail = alert_mail({**DATA, "email": None}, "R", "Shop", "answer", None)
    assert "http" not in mail.text.replace("https://", "") and "Contact" not in mail.text and "href" not in mail.html


def test_the_endpoint_notice_says_why_and_where_to_fix_it():
    mail = endpoint_disabled_mail("CRM", "https://crm.example/hook", "The endpoint answered 410 Gone.",
                                  "2026-12-03 07:00 UTC", "Shop", None)
    assert "Why: The endpoint answered 410 Gone." in mail.text and "Webhooks tab." in mail.text


def test_a_digest_without_cases_has_no_cases_heading_and_with_them_it_has():
    digest = {"touchpoints": [], "detractor_comments": [], "more_comments": 0, "cases": None}
    assert "case" not in digest_mail("Shop", "2026-12-02", "daily", digest, None).text.lower()
    digest["cases"] = {"title": "Open or overdue cases", "lines": ["#12 Checkout, overdue by 2 days"]}
    mail = digest_mail("Shop", "2026-12-02", "daily", digest, None)
    assert "Open or overdue cases\n- #12 Checkout, overdue by 2 days" in mail.text


@pytest.mark.parametrize("frequency,now,start,end,label", [
    ("daily", "2026-12-03 00:05", "2026-12-02", "2026-12-03", "2026-12-02"),
    ("daily", "2026-12-03 23:59", "2026-12-02", "2026-12-03", "2026-12-02"),
    ("weekly", "2026-11-30 00:05", "2026-11-23", "2026-11-30", "2026-11-23 to 2026-11-29"),  # a Monday
    ("weekly", "2026-12-06 23:00", "2026-11-23", "2026-11-30", "2026-11-23 to 2026-11-29"),  # the Sunday after
])
def test_a_digest_covers_the_last_whole_day_or_monday_to_sunday_week(frequency, now, start, end, label):
    moment = dt.datetime.fromisoformat(now).replace(tzinfo=dt.UTC)
    got = digest_period(frequency, moment)
    assert [d.date().isoformat() for d in got] == [start, end]
    assert period_label(frequency, *got) == label


def test_a_slack_endpoint_subscribed_to_alert_triggered_gets_a_readable_message():
    from server.outbox.slack import slack_message
    message = slack_message({"type": "alert.triggered", "data": {**DATA, "site_key": "k3y", "survey_id": 4,
                                                                 "page_url": "https://shop.example/c"}},
                            "https://tp.example")
    assert message["text"] == "Alert · Checkout · k3y: Score 2 · Detractor"
    assert "> The parcel never came" in message["blocks"][1]["text"]["text"]
