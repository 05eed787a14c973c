"""Issue 12, the admin's rough edges, each checked in real Chromium at a phone's 360 px and a laptop's 1366 px.

Screenshots land in $ADMIN_SHOTS (default /tmp/admin-shots), named polish-<width>-<what>.png, for people to look at.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.admin.data import add_responses
from tests.browser import axe
from tests.browser.conftest import wait_for
from tests.browser.test_admin_screens import SHOTS, demo, panel  # noqa: F401 (fixtures)
from tests.conftest import sql
from tests.factories import make_survey

pytestmark = pytest.mark.browser
WIDTHS = [360, 1366]


@pytest.fixture
def admin_at(panel):  # noqa: F811
    """Open the admin signed in as the admin at a route, in a window `width` px wide, collecting page errors."""
    def open_at(route: str, width: int, height: int = 800):
        page = panel(route)
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.set_viewport_size({"width": width, "height": height})
        return page
    return open_at


def builder_trigger(page, trigger_type: str) -> None:
    """In an open survey builder (its preview drawn), open "When it shows" and pick a trigger type."""
    page.locator(".preview-frame").wait_for()
    page.locator("details[data-section=trigger] > summary").click()
    page.locator("[data-field='trigger.type'] select").select_option(trigger_type)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"polish-{page.viewport_size['width']}-{name}.png"))


def in_view_and_on_top(page, locator) -> bool:
    """The element is inside the window, below the top bar, and nothing covers its centre."""
    return locator.evaluate("""el => {
      const r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2
      const top = document.getElementById('topbar').getBoundingClientRect().bottom
      return r.top >= top - 1 && r.bottom <= innerHeight && el.contains(document.elementFromPoint(x, y))
    }""")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_builders_save_and_publish_stay_in_view_when_scrolling(admin_at, demo, width):  # noqa: F811
    page = admin_at(f"#/surveys/{demo['exit']}", width)
    page.locator(".preview-frame").wait_for()
    page.evaluate("document.querySelectorAll('details.section').forEach(d => d.open = true)")
    page.locator("[data-field=name] input").fill("Exit survey, renamed")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(200)
    assert page.evaluate("scrollY") > 1000, "the page should be long enough to scroll the head away"
    for name in ("Save changes", "Save & publish"):
        assert in_view_and_on_top(page, page.get_by_role("button", name=name)), f"{name!r} scrolled out of view"
    stuck = page.evaluate("""() => [...document.querySelectorAll('.builder-head, .builder-save')]
      .filter(el => getComputedStyle(el).position === 'sticky').map(el => el.getBoundingClientRect().height)""")
    assert stuck, "nothing in the builder's head is sticky"
    if width == 360:
        assert max(stuck) <= 64, f"the sticky part takes {max(stuck)}px of a phone's height"
    shot(page, "builder-scrolled")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("button", name="Saved").wait_for()
    assert page.errors == []


# Form fields the toast hides: they overlap it, and with the toast gone the overlap shows the field itself (a field
# already scrolled under the sticky top bar is hidden by the bar, not by the toast).
COVERED_FIELDS = """toast => {
  const t = toast.getBoundingClientRect()
  const overlaps = [...document.querySelectorAll('input, select, textarea')].map(el => {
    const r = el.getBoundingClientRect()
    const box = { l: Math.max(r.left, t.left), r: Math.min(r.right, t.right),
                  t: Math.max(r.top, t.top), b: Math.min(r.bottom, t.bottom) }
    return [el, box]
  }).filter(([, box]) => box.l < box.r && box.t < box.b)
  document.getElementById('toasts').style.visibility = 'hidden'
  const hidden = overlaps.filter(([el, box]) => el.contains(document.elementFromPoint((box.l + box.r) / 2, (box.t + box.b) / 2)))
  document.getElementById('toasts').style.visibility = ''
  return hidden.map(([el]) => el.closest('[data-field]')?.dataset.field || el.outerHTML.slice(0, 60))
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_toasts_cover_no_form_field_and_are_announced(admin_at, demo, width):  # noqa: F811
    page = admin_at(f"#/surveys/{demo['nps']}", width)
    page.locator(".preview-frame").wait_for()
    page.evaluate("document.querySelectorAll('details.section').forEach(d => d.open = true)")
    name = page.locator("[data-field=name] input")
    name.fill("Product page NPS")
    page.keyboard.press("Control+s")
    toast = page.locator(".toast", has_text="Saved")
    toast.wait_for()
    assert toast.evaluate(COVERED_FIELDS) == []
    # announced: a status message inside the live region that was in the page before it
    assert toast.get_attribute("role") == "status"
    assert toast.evaluate("el => el.parentElement.id === 'toasts' && el.parentElement.getAttribute('aria-live')") == "polite"
    shot(page, "toast-builder")
    # further down the form too, with a field focused
    page.locator("[data-field='appearance.font'] input").fill("Georgia, serif")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("button", name="Saved").wait_for()
    assert page.locator(".toast").count() == 1, "a newer confirmation replaces the one still showing"
    toast = page.locator(".toast", has_text="Saved")
    assert toast.evaluate(COVERED_FIELDS) == []
    shot(page, "toast-builder-look")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_template_asks_for_the_name_before_creating_the_draft(app, admin_at, demo, width):  # noqa: F811
    page = admin_at(f"#/sites/{demo['site']}", width)
    surveys = lambda: sql(app, "SELECT count(*) FROM surveys WHERE site_id = :s", s=demo["site"])[0][0]
    before = surveys()
    axe.install(page.context)
    page.reload()
    page.get_by_text("New survey from a template").click()
    page.locator(".templates").get_by_role("button", name="Net Promoter Score").click()
    dialog = page.get_by_role("dialog")
    name = dialog.get_by_label("Survey name")
    assert name.input_value() == "Net Promoter Score"
    assert name.evaluate("el => el === document.activeElement")
    shot(page, "template-name")
    assert axe.blocking(axe.audit(page, ".dialog")) == []
    assert surveys() == before, "a click on a template alone creates nothing"
    dialog.get_by_role("button", name="Cancel").click()
    dialog.wait_for(state="detached")
    assert surveys() == before
    page.locator(".templates").get_by_role("button", name="Net Promoter Score").click()
    name.fill("")
    assert dialog.get_by_role("button", name="Create draft").is_disabled()
    name.fill("Checkout NPS")
    name.press("Enter")
    page.locator(".builder-title h1", has_text="Checkout NPS").wait_for()
    assert sql(app, "SELECT name, status FROM surveys WHERE site_id = :s ORDER BY id DESC LIMIT 1", s=demo["site"])[0] \
        == ("Checkout NPS", "draft")
    assert surveys() == before + 1
    assert page.errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_question_is_worded_beside_it_and_stays_in_sync_with_texts(app, admin_at, demo, width):  # noqa: F811
    page = admin_at(f"#/surveys/{demo['nps']}", width)
    popup = page.frame_locator(".preview-frame").locator("touchpoint-widget [role=dialog]")
    popup.wait_for()
    question = page.locator("details[data-section=questions] .question").first
    beside = question.get_by_label("Question wording")
    assert beside.input_value() == "How likely are you to recommend us to a friend?"
    beside.fill("How likely are you to recommend our shop?")
    popup.get_by_text("How likely are you to recommend our shop?").wait_for()  # the preview follows
    page.locator("details[data-section=texts] > summary").click()
    in_texts = page.locator("details[data-section=texts] [data-field='texts.en.q.score'] textarea")
    assert in_texts.input_value() == "How likely are you to recommend our shop?"
    in_texts.fill("Would you recommend our shop?")
    assert beside.input_value() == "Would you recommend our shop?"
    beside.fill("")  # one text, so the error shows in both places
    question.locator(".field-error", has_text="Missing text").wait_for()
    page.locator("details[data-section=texts] [data-field='texts.en.q.score'] .field-error", has_text="Missing text").wait_for()
    beside.fill("Would you recommend our shop to a friend?")
    page.locator(".field-error").first.wait_for(state="detached")
    beside.scroll_into_view_if_needed()
    shot(page, "question-wording")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("button", name="Saved").wait_for()
    texts = sql(app, "SELECT texts FROM surveys WHERE id = :s", s=demo["nps"])[0][0]
    texts = json.loads(texts) if isinstance(texts, str) else texts
    assert texts["en"]["q.score"] == "Would you recommend our shop to a friend?"
    assert page.errors == []


TREND = """canvas => {
  const chart = Chart.getChart(canvas)
  return chart && { types: chart.data.datasets.map(d => d.type), radius: chart.data.datasets.map(d => d.pointRadius ?? null),
           labels: (chart.config.plugins || []).map(p => p.id), name: canvas.getAttribute('aria-label') }
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_trend_of_few_buckets_shows_points_and_counts(app, admin_at, demo, width):  # noqa: F811
    survey = make_survey(app, demo["site"], "csat", touchpoint="Support chat")
    now = dt.datetime.now(dt.UTC)
    add_responses(app, survey, [{"score": s, "created_at": now - dt.timedelta(minutes=i)} for i, s in enumerate([5, 4, 4, 2, 5])])
    page = admin_at(f"#/surveys/{survey}/results", width)
    canvas = page.locator(".chart-card").first.locator("canvas")
    canvas.wait_for()
    page.wait_for_load_state("networkidle")
    trend = canvas.evaluate(TREND)
    assert "bar" not in trend["types"], "one bucket drew a bar as wide as the chart"
    assert trend["radius"] == [6], "the score of the one bucket is a visible point (its count is written under it)"
    assert "trendValueLabels" in trend["labels"], "the values are written beside the points"
    assert "5 responses" in trend["name"] and "CSAT 80 %" in trend["name"], trend["name"]
    page.wait_for_timeout(400)  # the chart's animation
    page.locator(".chart-grid").scroll_into_view_if_needed()
    shot(page, "trend-one-bucket")
    # many buckets keep the bars
    page.goto(page.url.replace(f"/surveys/{survey}/", f"/surveys/{demo['nps']}/"))
    page.locator("#headline-score").wait_for()
    page.locator(".chart-card").first.get_by_role("button", name="Day").click()
    page.wait_for_load_state("networkidle")
    assert "bar" in wait_for(lambda: page.locator(".chart-card").first.locator("canvas").evaluate(TREND), 5, "the chart")["types"]
    assert page.errors == []


# The popup's question as a visitor's eye gets it: its font size in the frame times the frame's scale.
SEEN_FONT = """el => parseFloat(getComputedStyle(el).fontSize)"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_computer_preview_shows_the_popup_at_100_percent(admin_at, demo, width):  # noqa: F811
    page = admin_at(f"#/surveys/{demo['nps']}", width)
    preview = page.locator(".preview")
    question = page.frame_locator(".preview-frame").get_by_text("How likely are you to recommend us to a friend?")
    question.wait_for()
    assert preview.get_by_role("button", name="Computer").get_attribute("aria-pressed") == "true"
    scale = lambda: page.locator(".preview-frame").evaluate("f => f.getBoundingClientRect().width / f.offsetWidth")
    assert question.evaluate(SEEN_FONT) * scale() >= 12, "the popup's text is too small to read"
    # the stage is scrolled to the popup (bottom right): the whole question on a laptop, its start on a phone (the
    # popup is wider than a phone's preview: the stage scrolls inside its card, never the page)
    page.wait_for_timeout(400)  # the popup's fade-in and the scroll to it
    box, stage = question.bounding_box(), preview.locator(".preview-stage").bounding_box()
    assert stage["x"] <= box["x"] < stage["x"] + stage["width"] / 2
    assert stage["y"] <= box["y"] and box["y"] + box["height"] <= stage["y"] + stage["height"] + 1
    if width == 1366:
        assert box["x"] + box["width"] <= stage["x"] + stage["width"] + 1
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    preview.scroll_into_view_if_needed()
    shot(page, "preview-100")
    preview.get_by_role("button", name="Fit").click()
    assert scale() < 1
    shot(page, "preview-fit")
    preview.get_by_role("button", name="Phone").click()
    assert preview.get_by_role("button", name="Fit").is_hidden(), "the zoom is for the computer size"
    assert page.errors == []
