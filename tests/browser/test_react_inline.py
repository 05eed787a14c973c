"""snippets/react in a real React 19 app with react-router (tests/browser/react-app): <TouchpointSurvey> in one route
only, so client-side navigation mounts and unmounts the inline survey, and the widget follows: a card when the route
mounts it, none after it unmounts it, a fresh one when it comes back, and the answer stored once."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import choose, drained, events, noise, settle
from tests.conftest import missing, sql

pytestmark = pytest.mark.browser
APP = Path(__file__).parent / "react-app"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>React shop</title>
<script>window.APP = {app}</script></head><body><div id="root"></div><script src="/app.js"></script></body></html>"""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> bytes:
    """The app built with esbuild (development React: its warnings reach the console, where the test looks)."""
    if not (APP / "node_modules" / "react").is_dir() or not shutil.which("node"):
        missing("react-app", "React is not installed (make tests/browser/react-app/node_modules/.installed)")
    out = tmp_path_factory.mktemp("react-app") / "app.js"
    subprocess.run(["node", str(APP / "build.mjs"), str(out)], check=True)
    return out.read_bytes()


def card(page):
    return page.locator(".inline-survey touchpoint-widget [role=region]")


def test_an_inline_survey_follows_the_react_routes_that_mount_and_unmount_it(tp, bundle):
    survey = tp.survey(trigger={"type": "inline"})
    tp.host.put("/app.js", bundle, "text/javascript")
    tp.host.put("*", PAGE.format(app=json.dumps({"host": tp.server.url, "siteKey": tp.key, "surveyId": survey})))
    page = tp.visit(tp.host.origin + "/")
    page.get_by_role("heading", name="Home").wait_for()
    page.wait_for_function("() => window.touchpoint && window.touchpoint.tp")  # the widget has its config
    settle(page)
    assert page.locator("touchpoint-widget").count() == 0, "home has no inline survey"

    page.click("#nav-article")
    card(page).wait_for()
    assert card(page).get_by_role("group").get_by_role("button").count() == 11
    page.click("#nav-home")
    page.get_by_role("heading", name="Home").wait_for()
    settle(page)
    assert page.locator("touchpoint-widget").count() == 0, "the route unmounted it, and its card went with it"

    page.click("#nav-article")
    card(page).wait_for()
    assert [e["trigger"] for e in events(page, "shown")] == ["inline", "inline"], "mounted again, a fresh card"
    choose(page, 10)
    drained(page)
    [response] = tp.wait_responses()
    assert response["trigger"] == "inline" and response["answers"] == {"score": 10}
    assert sql(tp.app, "SELECT type, count(*) FROM events GROUP BY type") == [("display", 2)]
    assert noise(page) == [], "React has nothing to say about the widget's card in its element"
