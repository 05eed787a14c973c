"""Single-use tokens of a survey link: made and read back with the server's secret, for one link only."""
from __future__ import annotations

import pytest

from server.catalog.link_tokens import make_token, personal_links, token_ref, token_response_id

SECRET, LINK = "s3cret", "AbCdEfGhIjKl"


def test_a_token_reads_back_as_its_reference_for_its_own_link_only():
    token = make_token(SECRET, LINK, "A-1001")
    assert token.startswith("A-1001.") and token_ref(SECRET, LINK, token) == "A-1001"
    assert token_ref(SECRET, "OtherLinkKey", token) is None, "another link's token"
    assert token_ref("another secret", LINK, token) is None, "made without this server's secret"


@pytest.mark.parametrize("token", [None, "", "A-1001", "A-1001.", ".abc", "A-1001.x" * 3, "bad ref!.AAAAAAAAAAAAAAAAAAAAAA"])
def test_anything_but_a_whole_token_is_none(token):
    assert token_ref(SECRET, LINK, token) is None


def test_an_altered_reference_or_signature_is_none():
    ref, signature = make_token(SECRET, LINK, "A-1001").split(".")
    assert token_ref(SECRET, LINK, f"A-1002.{signature}") is None
    flipped = ("B" if signature[0] != "B" else "C") + signature[1:]
    assert token_ref(SECRET, LINK, f"{ref}.{flipped}") is None


def test_each_recipient_writes_one_response_that_nobody_can_derive_without_the_secret():
    first = token_response_id(SECRET, LINK, "A-1001")
    assert first == token_response_id(SECRET, LINK, "A-1001"), "the same response on every answer"
    assert first != token_response_id(SECRET, LINK, "A-1002")
    assert first != token_response_id("another secret", LINK, "A-1001")
    assert first.version == 4


def test_personal_links_keep_the_given_order():
    links = personal_links(SECRET, LINK, "https://tp.example", ["b", "a"])
    assert [link["ref"] for link in links] == ["b", "a"]
    assert links[0] == {"ref": "b", "token": make_token(SECRET, LINK, "b"),
                        "url": f"https://tp.example/s/{LINK}?token={make_token(SECRET, LINK, 'b')}"}
