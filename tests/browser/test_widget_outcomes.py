"""Outcomes after the main score: promoters get exact share links and copy-link, everyone gets the
review link (no review gating), detractors get a recovery step in the popup, or a button to a recovery page;
all of it from the outcome file, which only a visitor who finishes a survey loads."""
from __future__ import annotations

import re

import pytest

from server.catalog.templates import template
from tests.browser import axe
from tests.browser.conftest import DESKTOP, IPHONE_13, SHOTS, choose, events, popup, shown_at, wait_until

pytestmark = pytest.mark.browser
NOW = {"type": "page_view", "delay_seconds": 0}
NETWORKS = ["x", "facebook", "linkedin", "vk", "telegram", "whatsapp", "email", "copy"]
SHARE_URL = "https://shop.example/p?id=1&ref=nps"
SHARE_TEXT = "Loved it — 10/10 & more"
REVIEW = "https://g.page/r/example/review"
U = "https%3A%2F%2Fshop.example%2Fp%3Fid%3D1%26ref%3Dnps"  # encodeURIComponent, written out by hand
T = "Loved%20it%20%E2%80%94%2010%2F10%20%26%20more"
SHARE_LINKS = [
    ("X", f"https://twitter.com/intent/tweet?text={T}&url={U}"),
    ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={U}"),
    ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={U}"),
    ("VK", f"https://vk.com/share.php?url={U}&title={T}"),
    ("Telegram", f"https://t.me/share/url?url={U}&text={T}"),
    ("WhatsApp", f"https://wa.me/?text={T}%20{U}"),
    ("E-mail", f"mailto:?subject={T}&body={T}%20{U}"),
]


def sharing_survey(tp, **outcomes) -> int:
    texts = template("nps")["texts"]
    texts["en"]["share.text"] = SHARE_TEXT
    return tp.survey(trigger=NOW, texts=texts,
                     outcomes={"share": {"networks": NETWORKS, "url": SHARE_URL}, "review_url": REVIEW, **outcomes})


def scored(tp, score: int, **open_options):
    """Open the host page, wait for the survey and give it a score; returns the page and the response id."""
    page = tp.open(**open_options)
    shown_at(page)
    choose(page, score)
    return page, events(page, "answered")[0]["responseId"]


def links(page) -> list[tuple[str, str]]:
    return popup(page).locator("a").evaluate_all("as => as.map(a => [a.textContent, a.getAttribute('href'), a.target])")


def test_a_promoter_gets_exact_share_links_copy_link_and_the_review_link(tp):
    sharing_survey(tp)
    context = tp.context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=tp.host.origin)
    page, _ = scored(tp, 10, context=context)
    box = popup(page)
    box.get_by_text("Glad you like us! Tell your friends:").wait_for()
    assert box.get_by_text("Thank you for your feedback!").is_visible()
    assert links(page) == [[text, href, "_blank"] for text, href in SHARE_LINKS] + [["Leave us a review", REVIEW, "_blank"]]
    copy = box.get_by_role("button", name="Copy link")
    copy.click()
    box.get_by_role("button", name="✓").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == SHARE_URL
    assert [(r["score"], r["category"], r["completed"]) for r in tp.wait_responses()] == [(10, "promoter", True)]


@pytest.mark.parametrize("score, wording", [(8, "Tell others about your experience"), (5, "Review us publicly")])
def test_passives_and_detractors_get_the_review_link_but_no_share_buttons(tp, score, wording):
    tp.host.put("/sorry", "<!doctype html><title>Sorry</title>")
    sharing_survey(tp, recovery_url=tp.host.origin + "/sorry")
    page, _ = scored(tp, score)
    popup(page).get_by_text("Thank you for your feedback!").wait_for()
    popup(page).get_by_role("link", name=wording).wait_for()  # it comes with the outcome file, after the thanks
    assert links(page) == [[wording, REVIEW, "_blank"]], "no review gating: the same link, worded by category"
    assert popup(page).get_by_role("button", name="Copy link").count() == 0


def test_a_detractor_tells_the_popup_what_went_wrong_and_stays_on_the_page(tp):
    """In-widget recovery, the default: a note and a consented e-mail, stored as the hosted page stores them."""
    sharing_survey(tp)
    page, rid = scored(tp, 2)
    box = popup(page)
    box.get_by_text("Can we put this right?").wait_for()
    assert links(page) == [["Review us publicly", REVIEW, "_blank"]], "the review link stays, and nothing leads away"
    box.get_by_label("Note for our team (optional)").fill("The parcel came a week late.")
    box.get_by_label("Your e-mail (optional)").fill("late@example.com")
    box.get_by_role("button", name="Send").click()
    alert = box.get_by_role("alert")
    assert alert.inner_text() == "Tick the box so we may contact you, or leave the e-mail empty."
    assert box.get_by_label("You may contact me about my answer").evaluate("el => el === el.getRootNode().activeElement")
    box.get_by_label("You may contact me about my answer").check()
    box.get_by_role("button", name="Send").click()
    box.get_by_text("Thank you. We will get back to you.").wait_for()
    wait_until(page, events(page, "answered")[0]["at"] + 3000)
    assert page.url == tp.host.origin + "/", "the visitor never left the host page"
    deadline_rows = tp.wait_responses()
    assert [(r["uuid"], r["category"]) for r in deadline_rows] == [(rid, "detractor")]
    page.wait_for_function("() => !(JSON.parse(localStorage.getItem('touchpoint') || '{}').q || []).length")
    assert tp.responses()[0]["recovery"] == {"message": "The parcel came a week late.", "email": "late@example.com",
                                             "consent": True}


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_detractor_chooses_to_open_the_hosted_recovery_page_and_its_form_is_stored(tp, device):
    """The hosted page is branded, leads back to the page the answer was given on, and passes axe."""
    sharing_survey(tp, detractor="hosted")
    context = tp.context(**{"desktop": DESKTOP, "phone": IPHONE_13}[device])
    axe.install(context)
    page, rid = scored(tp, 2, context=context)
    go = popup(page).get_by_role("link", name="Tell us what happened →")
    go.wait_for()
    wait_until(page, events(page, "answered")[0]["at"] + 3000)
    assert page.url == tp.host.origin + "/", "no timer takes the visitor away: the review link stays usable"
    assert links(page)[0] == ["Review us publicly", REVIEW, "_blank"]
    go.click()
    page.wait_for_url(f"{tp.server.url}/r/**")
    assert page.url == f"{tp.server.url}/r/{rid}?score=2"
    [row] = tp.wait_responses()
    assert (row["uuid"], row["score"], row["category"]) == (rid, 2, "detractor")
    back = page.get_by_role("link", name=re.compile("^← Back to "))
    assert back.get_attribute("href") == tp.host.origin + "/"
    violations = axe.audit(page)
    assert axe.blocking(violations) == [], axe.summary(violations)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{device}-hosted-recovery.png", full_page=True)

    page.fill("#message", "The parcel came a week late.")
    page.fill("#email", "late@example.com")
    page.check("input[name=consent]")
    page.get_by_role("button", name="Send").click()
    page.locator("#recovery-done").wait_for()
    assert tp.responses()[0]["recovery"] == {"message": "The parcel came a week late.", "email": "late@example.com",
                                             "consent": True}
    page.reload()  # a second visit shows the thanks, not a second form
    assert page.locator("#recovery-done").is_visible() and page.locator("form").count() == 0


def test_a_custom_recovery_url_gets_the_response_id_and_the_score(tp):
    tp.host.put("/sorry", "<!doctype html><title>Sorry</title><h1>Tell us more</h1>")
    sharing_survey(tp, detractor="redirect", recovery_url=tp.host.origin + "/sorry?from=nps#contact")
    page, rid = scored(tp, 1)
    popup(page).get_by_role("link", name="Tell us what happened →").click()
    page.wait_for_url(f"{tp.host.origin}/sorry?**")
    assert page.url == f"{tp.host.origin}/sorry?from=nps&response_id={rid}&score=1#contact"
    assert [r["uuid"] for r in tp.wait_responses()] == [rid]


def test_the_outcome_file_loads_only_when_a_visitor_finishes_a_survey(tp):
    """Pages where nobody answers never fetch it; a visitor who answers fetches it once."""
    tp.survey(trigger=NOW, followup={"enabled": True, "max_length": 500},
              outcomes={"share": {"networks": NETWORKS, "url": SHARE_URL}, "review_url": REVIEW})
    requested = []
    context = tp.context()
    context.on("request", lambda r: "widget-outcome." in r.url and requested.append(r.url))
    page = tp.open(context=context)
    shown_at(page)
    choose(page, 10)
    popup(page).get_by_role("textbox").wait_for()
    assert requested == [], "the question and the follow-up need nothing more"
    popup(page).get_by_role("button", name="Send").click()
    popup(page).get_by_text("Glad you like us! Tell your friends:").wait_for()
    assert len(requested) == 1 and requested[0].startswith(tp.server.url + "/widget-outcome.")
