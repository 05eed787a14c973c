"""server/outbox/mail.py against a real SMTP server in the test process."""
import pytest

from server.outbox.mail import MailError, build_message, send
from tests.conftest import free_port


def test_a_message_arrives_with_text_and_html_parts(smtp_server):
    message = build_message(sender="Touchpoint <alerts@touchpoint.test>", to=["owner@shop.test", "cx@shop.test"],
                            subject="Détracteur: 2/10", text="Score 2\nThe parcel never came",
                            html="<p>Score <b>2</b></p>", reply_to="customer@example.com")
    assert send(message, smtp_server.config) is True

    [received] = smtp_server.mailbox.wait_for(1)
    assert received["Subject"] == "Détracteur: 2/10"
    assert received["Reply-To"] == "customer@example.com"
    assert received.get_body(("plain",)).get_content().splitlines() == ["Score 2", "The parcel never came"]
    assert "<b>2</b>" in received.get_body(("html",)).get_content()
    assert smtp_server.mailbox.envelopes[0][1] == ["owner@shop.test", "cx@shop.test"]


def test_the_default_sender_fills_a_message_without_from(smtp_server):
    message = build_message(sender="", to=["owner@shop.test"], subject="s", text="t")
    del message["From"]
    send(message, smtp_server.config)
    [received] = smtp_server.mailbox.wait_for(1)
    assert received["From"] == "Touchpoint <alerts@touchpoint.test>"


def test_no_mail_server_means_mail_is_off():
    message = build_message(sender="a@b.test", to=["c@d.test"], subject="s", text="t")
    assert send(message, {"MAIL_SERVER": None}) is False


def test_an_unreachable_server_raises_mail_error_for_a_retry():
    message = build_message(sender="a@b.test", to=["c@d.test"], subject="s", text="t")
    config = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": free_port(), "MAIL_TIMEOUT": 2.0}
    with pytest.raises(MailError):
        send(message, config)
