"""Every admin screen at 360 px (a small phone) and 1366 px (a laptop): axe-core finds nothing serious or
critical, the page never scrolls sideways and nothing is cut off at the window's edge.

One context per width walks every screen (sign-in, sites, surveys, settings & snippet, the builder with
every section open, the live preview at each step, rule tester, results, touchpoint map, webhooks, alerts, users with
the sessions list), so the test costs one sign-in per width. Counts by impact are printed (run with -s);
screenshots land in $ADMIN_SHOTS (default /tmp/admin-shots) for people to look at.
"""
from __future__ import annotations

import pytest

from tests.browser import axe
from tests.browser.test_admin_screens import SCREENS, SHOTS, demo, sign_in  # noqa: F401 (demo is a fixture)
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

pytestmark = pytest.mark.browser
WIDTHS = [360, 1366]
PREVIEW_STEPS = ["Question", "Follow-up", "Promoter", "Passive", "Detractor"]
# Elements that stick out of the window without a scrolling or clipping ancestor to hold them:
# those a visitor cannot reach (a table inside an overflow-x:auto card is fine, it scrolls there).
CUT_OFF = """() => {
  const held = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
    if (getComputedStyle(p).overflowX !== 'visible') return true; return false }
  return [...document.body.querySelectorAll('*')].filter(el => {
    const r = el.getBoundingClientRect()
    return r.width && r.height && !el.closest('.skip, .offscreen')
      && (r.right > innerWidth + 1 || r.left < -1) && !held(el)
  }).map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : ''))
}"""


def check(page, name: str, width: int, report: dict) -> list[str]:
    """Audit the page as it is now; returns its problems (serious/critical axe findings, layout) as lines."""
    violations = axe.audit(page)
    report[name] = axe.counts(violations)
    print(f"axe {width}px {name}: {axe.summary(violations)}")
    problems = [f"{name}: {line}" for line in axe.blocking(violations)]
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    if overflow > 0:
        problems.append(f"{name}: the page is {overflow}px wider than the {width}px window")
    problems += [f"{name}: {what} sticks out of the window" for what in page.evaluate(CUT_OFF)]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{width}-{name}.png"), full_page=True)
    return problems


# Words split over two lines (a label too wide for its column wrapped mid-word: "Checkou t").
BROKEN_WORDS = """sel => [...document.querySelectorAll(sel)].flatMap(el => {
  const text = el.firstChild, words = []
  for (const m of (text?.textContent || '').matchAll(/\\S+/g)) {
    const range = document.createRange()
    range.setStart(text, m.index)
    range.setEnd(text, m.index + m[0].length)
    if (new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1) words.push(m[0])
  }
  return words
})"""


def top_bar_reachable(page) -> list[str]:
    """Every control of the top bar is visible inside the window (not scrolled away, not clipped)."""
    view = page.viewport_size
    missing = []
    for control in page.locator(".topbar a, .topbar button, .topbar .chip").all():
        box = control.bounding_box()
        if not control.is_visible() or not box or box["x"] < 0 or box["x"] + box["width"] > view["width"]:
            missing.append(control.inner_text() or control.get_attribute("aria-label") or "?")
    return [f"top bar: {name!r} is not within the window" for name in missing]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_admin_screen_is_accessible_and_fits(browser, live_server, demo, width):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 800})
    axe.install(context)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url + "/admin/"
    report, problems = {}, []
    try:
        page.goto(base)
        page.locator("#signin-email").wait_for()
        problems += check(page, "sign-in", width, report)
        sign_in(page, base, ADMIN_EMAIL, ADMIN_PASSWORD)
        problems += top_bar_reachable(page)
        for name, route, ready in SCREENS:
            page.goto(base + route.format(**demo))
            page.locator(ready).first.wait_for()
            if name == "builder":
                page.evaluate("document.querySelectorAll('details.section').forEach(d => d.open = true)")
                page.frame_locator(".preview-frame").locator("touchpoint-widget [role=dialog]").wait_for()
            if name == "users":
                page.locator(".table").get_by_role("button", name=f"1 session of {ADMIN_EMAIL}").click()
                page.locator(".session-row:not([hidden]) .session-list li").first.wait_for()
            page.wait_for_load_state("networkidle")  # charts, breakdowns and responses load after the first element
            if name == "touchpoint-map":
                problems += [f"map: {word!r} is broken over two lines" for word in page.evaluate(BROKEN_WORDS, ".tp-label")]
            problems += check(page, name, width, report)
        page.goto(base + f"#/surveys/{demo['nps']}")
        preview = page.locator(".preview")
        popup = page.frame_locator(".preview-frame").locator("touchpoint-widget [role=dialog]")
        popup.wait_for()
        for size in ("Phone", "Computer"):
            preview.get_by_role("button", name=size).click()
            for step in PREVIEW_STEPS:
                preview.get_by_role("button", name=step).click()
                popup.wait_for()
                page.wait_for_timeout(250)  # the popup's fade-in: contrast is measured on the final colours
                problems += check(page, f"preview-{size.lower()}-{step.lower()}", width, report)
    finally:
        context.close()
    print(f"axe {width}px total: " + ", ".join(f"{impact} {sum(r[impact] for r in report.values())}"
                                                 for impact in axe.IMPACTS))
    assert errors == []
    assert problems == [], "\n".join(problems)
