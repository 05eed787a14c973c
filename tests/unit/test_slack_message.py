"""The Slack message built from an event: readable score, category, comment, page and a link; mrkdwn escaped."""
import datetime as dt

from server.outbox.events import envelope
from server.outbox.slack import slack_message

AT = "2026-01-02T03:04:05Z"


def payload(**data):
    return {"type": "response.created", "timestamp": AT,
            "data": {"survey_id": 7, "site_key": "demo", "touchpoint": "Checkout", "score": 2,
                     "category": "detractor", "comment": "The parcel never came", "page_url": "https://shop.example/c",
                     **data}}


def section(message):
    return message["blocks"][1]["text"]["text"]


def test_a_detractor_answer_reads_as_score_category_comment_page_and_link():
    message = slack_message(payload(), "https://tp.example/")
    assert message["blocks"][0]["text"] == {"type": "plain_text", "text": "New answer · Checkout · demo"}
    assert section(message).splitlines() == ["*Score 2 · Detractor*", "> The parcel never came",
                                             "Page: https://shop.example/c",
                                             "<https://tp.example/admin/#/surveys/7/results|Open in Touchpoint>"]
    assert message["text"] == "New answer · Checkout · demo: Score 2 · Detractor"


def test_comment_text_cannot_forge_links_or_mentions():
    text = section(slack_message(payload(comment="<!channel> see <https://evil.example|bank> & more")))
    assert "<!channel>" not in text and "<https://evil" not in text
    assert "&lt;!channel&gt; see &lt;https://evil.example|bank&gt; &amp; more" in text


def test_without_a_public_url_there_is_no_link_and_without_a_score_it_says_so():
    text = section(slack_message(payload(score=None, category=None, comment=None, page_url="")))
    assert text == "*No score*"


def test_a_recovery_shows_the_message_and_the_consented_e_mail():
    message = slack_message({"type": "recovery.submitted", "timestamp": AT,
                             "data": {"survey_id": 7, "score": 1, "category": "detractor", "message": "Refund please",
                                      "email": "ann@example.com"}}, None)
    assert message["blocks"][0]["text"]["text"] == "Recovery form sent"
    assert "> Refund please" in section(message) and "Contact (consented): ann@example.com" in section(message)


def test_the_test_event_says_the_endpoint_is_connected():
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    message = slack_message(envelope("webhook.test", {"site_key": "demo", "endpoint_id": 1}, at))
    assert message["text"].startswith("Test event from Touchpoint · demo: This endpoint is connected")


def test_a_long_comment_is_cut():
    text = section(slack_message(payload(comment="x" * 5000)))
    assert len(text) < 3000 and "x…" in text


def test_a_case_event_links_to_the_case_and_says_its_state():
    message = slack_message({"type": "case.closed", "timestamp": AT, "data": {
        "case_id": 4, "survey_id": 7, "site_key": "demo", "touchpoint": "Checkout", "score": 2.0,
        "category": "detractor", "status": "resolved", "resolution": "no_action_possible",
        "owner_email": "ann@shop.example", "overdue": True}}, "https://tp.example")
    assert message["blocks"][0]["text"]["text"] == "Case resolved · Checkout · demo"
    assert section(message).splitlines() == [
        "*Score 2 · Detractor*", "Case #4 · Resolved · ann@shop.example · no action possible · overdue",
        "<https://tp.example/admin/#/cases/4|Open in Touchpoint>"]
