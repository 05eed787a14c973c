"""A survey's hosted link in real Chromium: answered on a phone with hidden fields that reach the CSV, a detractor's
recovery step from the link page, offline answers sent when the network returns, and screenshots and axe."""
from __future__ import annotations

import csv
import io
import urllib.request
from pathlib import Path

import pytest

from server.catalog.link_tokens import make_token
from tests.browser import axe
from tests.browser.conftest import DESKTOP, IPHONE_13, SHOTS, card, choose, wait_for, watch
from tests.browser.test_admin_polish import admin_at, shot  # noqa: F401 (fixture)
from tests.browser.test_admin_screens import demo, panel  # noqa: F401 (fixtures)
from tests.conftest import sql

pytestmark = pytest.mark.browser
LINK = {"enabled": True, "channel": "email", "hidden_fields": ["order", "customer_id"]}


def link_key(tp, survey_id: int) -> str:
    return sql(tp.app, "SELECT link_key FROM surveys WHERE id = :s", s=survey_id)[0][0]


def drained(page) -> None:
    """The page's queue is empty. Polled from here: the link page's CSP (no eval) refuses Playwright's in-page
    polling of a string predicate."""
    wait_for(lambda: page.evaluate("!(JSON.parse(localStorage.touchpoint || '{}').q || []).length"), 15,
             "the queue to drain")


def audit_now(page, what: str) -> None:
    """axe on a page already open (its CSP refuses script tags; evaluate is not a page script), no serious finding."""
    page.evaluate(f"() => {{ {axe.AXE.read_text()} }}")
    violations = axe.audit(page)
    print(f"{what}: {axe.summary(violations)}")
    assert axe.blocking(violations) == []


def open_link(tp, path: str, **context_options):
    page = tp.context(**context_options).new_page()
    watch(page)
    page.goto(tp.server.url + path)
    return page


def test_a_link_answered_on_a_phone_keeps_its_hidden_fields_in_the_csv(tp, admin_client):
    survey_id = tp.survey(trigger={"type": "link_only"}, link=LINK, followup={"enabled": True, "max_length": 500})
    page = open_link(tp, f"/s/{link_key(tp, survey_id)}?order=A-1001&customer_id=77&utm_source=mail", **IPHONE_13)
    card(page).wait_for()
    box = card(page).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, "the card fits the phone's width"
    choose(page, 9)
    card(page).get_by_role("textbox").fill("Quick delivery")
    card(page).get_by_role("button", name="Send").click()
    drained(page)
    page.get_by_text("Thank you! You can close this page.").wait_for(timeout=15_000)  # the card closes itself

    export = admin_client.get(f"/api/admin/surveys/{survey_id}/export.csv").get_data(as_text=True)
    [row] = list(csv.DictReader(io.StringIO(export)))
    assert (row["score"], row["answer.followup"], row["channel"], row["trigger"]) == ("9", "Quick delivery", "email", "link")
    assert (row["field.order"], row["field.customer_id"]) == ("A-1001", "77")
    assert "order=" not in row["page_url"], "hidden fields are fields, never inside the stored URL"
    assert page.errors == []


def test_a_one_click_score_from_an_email_is_recorded_only_when_the_visitor_confirms(tp):
    survey_id = tp.survey(trigger={"type": "link_only"}, link=LINK, followup={"enabled": True, "max_length": 500})
    path = f"/s/{link_key(tp, survey_id)}?score=9&order=A-5"
    scanner = tp.server.url + path
    with urllib.request.urlopen(scanner) as fetched:  # a mail scanner: a plain GET
        assert fetched.status == 200
    page = open_link(tp, path, **IPHONE_13)  # and one that runs the page's script
    card(page).wait_for()
    note = page.get_by_role("status").filter(has_text="You chose 9. Confirm it, or pick another score.")
    note.wait_for()
    assert card(page).get_by_role("button", name="9", exact=True).get_attribute("aria-pressed") == "true"
    page.wait_for_timeout(800)
    assert tp.responses() == [], "opening the link, even with its script, records nothing"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "link-page-score-phone.png"))
    page.get_by_role("button", name="Confirm 9").click()
    card(page).get_by_role("textbox").fill("On time")
    card(page).get_by_role("button", name="Send").click()
    drained(page)
    [response] = tp.wait_responses()
    assert (response["score"], response["answers"]["followup"], response["completed"]) == (9, "On time", True)
    assert note.count() == 0


def test_a_detractor_on_the_link_page_tells_what_went_wrong_there(tp):
    survey_id = tp.survey(trigger={"type": "link_only"}, link=LINK, outcomes={"detractor": "in_widget"})
    page = open_link(tp, f"/s/{link_key(tp, survey_id)}?order=B-7")
    card(page).wait_for()
    choose(page, 2)
    box = card(page)
    box.get_by_role("textbox").first.fill("The parcel never came")
    box.get_by_role("button", name="Send").click()
    box.get_by_text("Thank you.", exact=False).wait_for()
    drained(page)
    [response] = tp.wait_responses()
    assert response["score"] == 2 and response["recovery"]["message"] == "The parcel never came"


def test_an_answer_given_offline_is_sent_when_the_network_returns(tp):
    survey_id = tp.survey(trigger={"type": "link_only"}, link=LINK)
    context = tp.context()
    page = context.new_page()
    page.goto(tp.server.url + f"/s/{link_key(tp, survey_id)}")
    card(page).wait_for()
    context.set_offline(True)
    choose(page, 10)
    page.wait_for_timeout(500)
    assert tp.responses() == []
    context.set_offline(False)
    drained(page)
    assert [r["score"] for r in tp.wait_responses()] == [10]


def test_a_kiosk_takes_three_answers_in_a_row_one_offline_and_delivers_each_once(tp):
    survey_id = tp.survey(trigger={"type": "link_only"}, link={**LINK, "hidden_fields": ["store"]})
    context = tp.context(viewport={"width": 1024, "height": 768}, has_touch=True)
    page = context.new_page()
    watch(page)
    page.goto(tp.server.url + f"/s/{link_key(tp, survey_id)}?kiosk=1&store=12&score=3")
    for turn, score in enumerate((10, 4, 8)):
        card(page).wait_for()
        assert card(page).get_by_role("button", name="3", exact=True).get_attribute("aria-pressed") is None, \
            "no score offered to a kiosk"
        if turn == 1:
            context.set_offline(True)
        choose(page, score)
        if turn == 1:
            page.wait_for_timeout(500)
            assert len(tp.responses()) == 1, "the second answer waits in the queue"
        page.locator("#survey > p.after", has_text="Thank you!").wait_for(timeout=15_000)  # the card resets itself
        if turn == 0:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "link-page-kiosk-thanks.png"))
        if turn == 1:
            context.set_offline(False)
    drained(page)
    wait_for(lambda: len(tp.responses()) == 3, 10, "three answers")
    responses = tp.responses()
    assert sorted(r["score"] for r in responses) == [4, 8, 10], "each answer once"
    rows = sql(tp.app, "SELECT channel, hidden_fields, visitor_key FROM responses")
    assert {row[0] for row in rows} == {"kiosk"} and all(row[2] is None for row in rows), "no visitor identity"
    assert page.evaluate("Object.keys(JSON.parse(localStorage.touchpoint))") == ["q"], "nothing kept but the queue"
    assert page.errors == []


def test_a_kiosk_card_left_half_answered_gives_way_to_a_fresh_one_after_a_minute(tp):
    survey_id = tp.survey(trigger={"type": "link_only"}, link=LINK, followup={"enabled": True, "max_length": 500})
    page = tp.context().new_page()
    page.clock.install()
    page.goto(tp.server.url + f"/s/{link_key(tp, survey_id)}?kiosk=1")
    card(page).wait_for()
    choose(page, 6)  # then walks away from the follow-up
    card(page).get_by_role("textbox").wait_for()
    page.clock.run_for(30_000)
    assert card(page).get_by_role("textbox").is_visible(), "half a minute is not a walk-away"
    page.clock.run_for(31_500 + 1_500)
    card(page).get_by_role("button", name="6", exact=True).wait_for()  # the next person starts from the score
    assert card(page).get_by_role("textbox").count() == 0


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_link_page_is_accessible_and_looked_at(tp, device):
    survey_id = tp.survey(trigger={"type": "link_only"}, link=LINK, appearance={"brand_color": "#0f766e"})
    context = tp.context(**(IPHONE_13 if device == "phone" else {**DESKTOP, "viewport": {"width": 1366, "height": 800}}))
    axe.install(context)
    page = context.new_page()
    page.goto(tp.server.url + f"/s/{link_key(tp, survey_id)}?order=A-1")
    card(page).wait_for()
    assert card(page).bounding_box()["width"] >= min(560, page.viewport_size["width"] - 32), "a card as wide as the page"
    page.wait_for_timeout(350)
    violations = axe.audit(page)
    print(f"link page, {device}: {axe.summary(violations)}")
    assert axe.blocking(violations) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"link-page-{device}.png"))
    page.goto(tp.server.url + "/s/nosuchlink123")
    assert page.get_by_text("This survey link is not active.").is_visible()


def link_turned_on(admin_at, survey_id: int, width: int):  # noqa: F811
    """The builder of a survey, its Link section open and the link turned on (not saved yet)."""
    page = admin_at(f"#/surveys/{survey_id}", width)
    page.locator(".preview-frame").wait_for()
    page.locator("details[data-section=link] > summary").click()
    page.get_by_label("Share this survey by a link too (e-mail, SMS, QR code)").check()
    return page


@pytest.mark.parametrize("width", [360, 1366])
def test_a_marketer_turns_the_link_on_and_gets_its_url_and_qr_code(app, admin_at, demo, width):  # noqa: F811
    page = link_turned_on(admin_at, demo["nps"], width)
    page.get_by_label("Channel").fill("email")
    page.get_by_label("Hidden fields").fill("order, customer_id")
    page.get_by_text("Save to get the link and its QR code.").wait_for()
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("button", name="Saved").wait_for()
    key = sql(app, "SELECT link_key FROM surveys WHERE id = :s", s=demo["nps"])[0][0]
    url = page.evaluate("location.origin") + f"/s/{key}"
    assert page.locator(".code").filter(has_text="The link").locator("pre").inner_text() == url
    qr = page.get_by_role("img", name=f"QR code of {url}")
    qr.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    assert page.get_by_text(f"{url}?order=…&customer_id=…").is_visible()
    shot(page, "builder-link")
    audit_now(page, f"builder link section, {width}px")
    snippet = page.locator(".code").filter(has_text="E-mail snippet").locator("pre").inner_text()
    assert page.errors == []

    mail = page.context.new_page()  # the snippet as a mail client shows it: HTML without script or stylesheet
    mail.set_content(snippet)
    links = mail.get_by_role("link")
    assert links.all_inner_texts() == [str(n) for n in range(11)]
    links.get_by_text("9", exact=True).click()
    mail.get_by_role("status").filter(has_text="You chose 9.").wait_for()
    assert mail.url == f"{url}?score=9"


@pytest.mark.parametrize("width", [360, 1366])
def test_a_marketer_makes_personal_links_for_a_mail_merge(app, admin_at, demo, width):  # noqa: F811
    page = link_turned_on(admin_at, demo["nps"], width)
    page.get_by_label("Personal links only: one per recipient, and answering again replaces the first answer").check()
    held = []  # the builder's own validation after the save answers only when told (below)
    page.route("**/api/admin/surveys/preview", lambda route: held.append(route))
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("button", name="Saved").wait_for()
    snippet = page.locator(".code").filter(has_text="E-mail snippet").locator("pre").inner_text()
    assert "?token=TOKEN&#38;score=9" in snippet, "the mail merge fills in each recipient's token"
    recipients = page.get_by_label("Recipients (one reference per line: an order number, a customer id)")
    recipients.fill("A-1001\nA#1002")
    page.get_by_role("button", name="Make personal links").click()
    page.get_by_role("alert").filter(has_text="“A#1002”: Letters, digits, - and _, at most 64.").wait_for()
    assert held, "the builder validated after the save"
    with page.expect_response(lambda response: response.request == held[-1].request):
        for route in held:  # the builder's validation answers now: it clears its fields' errors, not this one
            route.continue_()
    page.unroute("**/api/admin/surveys/preview")
    page.wait_for_timeout(200)
    assert page.get_by_role("alert").filter(has_text="A#1002").is_visible()
    recipients.fill("A-1001\nA-1002")
    page.get_by_role("button", name="Make personal links").click()
    download = page.get_by_role("link", name="Download the CSV")
    download.wait_for()
    with page.expect_download() as done:
        download.click()
    rows = list(csv.DictReader(io.StringIO(Path(done.value.path()).read_text())))
    key = sql(app, "SELECT link_key FROM surveys WHERE id = :s", s=demo["nps"])[0][0]
    assert [row["ref"] for row in rows] == ["A-1001", "A-1002"]
    assert rows[0]["url"] == page.evaluate("location.origin") + f"/s/{key}?token={rows[0]['token']}"
    shot(page, "builder-personal-links")
    audit_now(page, f"builder personal links, {width}px")
    assert page.errors == []


@pytest.mark.parametrize("width", [360, 1366])
def test_results_show_the_channels_and_filter_by_one(app, admin_at, demo, width):  # noqa: F811
    from tests.admin.data import add_responses
    from tests.factories import update_survey
    update_survey(app, demo["nps"], link=LINK)
    add_responses(app, demo["nps"], [{"score": 10, "channel": "email", "hidden_fields": {"order": "A-42"},
                                      "trigger": "link", "created_at": "2030-01-01 10:00"}])
    page = admin_at(f"#/surveys/{demo['nps']}/results", width)
    table = page.locator("[data-breakdown=channel]")
    table.get_by_text("email").wait_for()
    assert table.get_by_text("Website").is_visible()
    page.get_by_label("Channel").select_option("email")
    wait_for(lambda: page.locator(".response").count() == 1, 10, "the list to keep the e-mail answer alone")
    first = page.locator(".response").first
    assert first.get_by_text("A-42").is_visible() and first.get_by_text("order").is_visible()
    shot(page, "results-channels")
    audit_now(page, f"results with channels, {width}px")

    page.goto(page.url.split("#")[0] + f"#/sites/{demo['site']}/map")
    page.get_by_label("Channel").select_option("email")
    card = page.locator(f".touchpoint[href='#/surveys/{demo['nps']}/results']")
    wait_for(lambda: "1 response" in card.inner_text(), 10, "the map to read the e-mail channel alone")
    shot(page, "map-channel")
    audit_now(page, f"map with a channel, {width}px")
    assert page.errors == []


def test_a_personal_link_answered_twice_keeps_one_response_with_the_second_answer(tp):
    survey_id = tp.survey(trigger={"type": "link_only"}, link={**LINK, "single_use": True})
    key = link_key(tp, survey_id)
    path = f"/s/{key}?token={make_token(tp.app.config['SECRET_KEY'], key, 'A-1001')}&order=A-1001"
    for score in (9, 4):  # the recipient opens the e-mail's link again a day later, on another device
        page = open_link(tp, path, **IPHONE_13)
        card(page).wait_for()
        choose(page, score)
        drained(page)
        wait_for(lambda expected=score: [r["score"] for r in tp.responses()] == [expected], what=f"score {score}")
    [response] = tp.responses()
    assert (response["score"], response["category"], response["trigger"]) == (4, "detractor", "link")
    stranger = open_link(tp, f"/s/{key}?order=A-1001")
    assert stranger.get_by_text("This survey is answered through the personal link in your message.").is_visible()
    assert card(stranger).count() == 0
