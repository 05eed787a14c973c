"""custom_css restyles the card and nothing else: no request to a third party, no card that covers the page."""
import pytest

from server.catalog.custom_css import custom_css_problem
from server.catalog.definition import survey_schema
from server.catalog.templates import TEMPLATES, template
from server.extensions import db
from server.models import Survey
from tests.factories import make_site, make_survey

BACKENDS = ("sqlite", "postgres")
HOSTILE = [
    ".w{background:url(http://tracker.example/p.gif)}",            # a request that leaks the visitor's IP and page
    ".w{background:URL( 'https://tracker.example/p.gif' )}",
    ".w{background:u\\72l(https://tracker.example/p.gif)}",       # an escape spelling url(
    ".w{background:url(data:image/png;base64,iVBORw0KGgo=)}",     # data: too: one simple rule, nothing to parse
    ".w{background:image-set('https://tracker.example/a.png' 1x)}",
    ".w{background:-webkit-image-set('https://tracker.example/a.png' 1x)}",
    ".w{cursor:url(https://tracker.example/c.cur),auto}",
    ".q{list-style-image:src('https://tracker.example/x')}",
    "@import 'https://tracker.example/x.css';",
    "@import url(https://tracker.example/x.css);",
    "@font-face{font-family:x;src:local(x)}",
    "@namespace svg 'http://www.w3.org/2000/svg';",
    "@-moz-document url-prefix(){.w{color:red}}",
    "@layer x{.w{color:red}}",
    ":host{position:absolute;inset:0}",                              # the light-DOM host element: reaches the page
    ":HOST(.x){color:red}",
    ":host-context(body){color:red}",
    "::slotted(*){color:red}",
    ".w{position:fixed;inset:0}",
    ".w{position : FIXED}",
    ".w{--p:fixed}.w{position:var(--p)}",                           # smuggled through a custom property
    ".q{position:sticky;top:0}",
    ".w{width:100vw;height:100vh}",
    ".w{height:50dvh}",
    ".w{width:calc(1vmax + 10px)}",
    ".w{max-width:none;width:5000px}",
    ".w{max-height:none}",
    ".w{overflow:visible}",
    ".w{overflow-y:visible}",
    ".w{z-index:1}",
    ".w{transform:scale(20)}",
    ".w{scale:20}",
    ".w{zoom:20}",
    ".w{contain:none}",
    ".w{inset:0}",
    ".w{pos/**/ition:fixed}",                                       # a comment cannot hide a keyword either
    ".w{border:5000px solid transparent}",                         # a card grown over the page by its border
    ".w{box-shadow:0 0 0 100000px #000}",
    ".w{outline:3000px solid red}",
    ".p{margin:-2000px}",
    ".w{padding:200em}",
    ".w{border-width:calc(999px * 999)}",                          # multiplication would undo every bound
    ".w{border-width:calc(50px*50)}",
    ".w{padding:1000%}",
    "@media (min-width:1px){.w{border:9000px solid #fff}}",         # inside @media too
]

HARMLESS = [
    "",
    ".w{border-radius:4px}.p{font-weight:700}",                    # the README's example
    ".w{background:linear-gradient(#fff,#eee);border:2px solid var(--b);box-shadow:0 2px 8px #0002}",
    ".q{font-size:1.1em;margin-bottom:8px}.x{top:8px;right:8px;position:absolute}",
    ".o{position:relative;left:2px}.s button{border-radius:50%}",
    "@media (max-width:640px){.w{border-radius:0}}",
    "@supports (color:lch(50% 0 0)){.p{color:white}}",
    ".w{font-family:'Fixedsys Excelsior',monospace}",               # a word containing 'fixed' is fine
    ".w{width:320px}",                                             # still capped by the widget's max-width
    "@media (max-width:1024px){.w{border-radius:0}}",               # a media query may name any width
    ".w{transition:opacity 200ms;font-weight:700;line-height:1.4;padding:12px 16px;width:100%}",
    ".w{box-shadow:0 8px 24px rgba(0,0,0,.2);border:1px solid #e5e7eb;margin:-4px}",
    ".w *{color:#333}",                                            # * in a selector is not multiplication
    "/* brand */ .w.dark{background:#111}",
]


@pytest.mark.parametrize("css", HOSTILE)
def test_hostile_custom_css_is_refused(css):
    assert custom_css_problem(css), css


@pytest.mark.parametrize("css", HARMLESS)
def test_styling_the_card_is_allowed(css):
    assert custom_css_problem(css) is None


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_still_validates(name):
    assert survey_schema.load(template(name))["appearance"]["custom_css"] == ""


def test_saving_hostile_css_is_422_naming_the_field(admin_client, app):
    site_id = make_site(app)[0]
    survey_id = make_survey(app, site_id, "nps")
    survey = admin_client.get(f"/api/admin/surveys/{survey_id}").get_json()
    for key in ("id", "site_id", "created_at", "updated_at", "responses", "link_key"):
        survey.pop(key, None)
    before = survey["appearance"]["custom_css"]
    survey["appearance"]["custom_css"] = ".w{background:url(http://tracker.example/p.gif)}"
    response = admin_client.put(f"/api/admin/surveys/{survey_id}", json=survey)
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == "validation_error" and list(body["errors"]) == ["appearance.custom_css"]
    assert "url()" in body["errors"]["appearance.custom_css"][0]
    assert admin_client.get(f"/api/admin/surveys/{survey_id}").get_json()["appearance"]["custom_css"] == before


def test_css_saved_before_the_rule_is_not_served(app, client):
    """A survey stored before this check keeps its row, but the widget never gets its hostile CSS."""
    site_id, key = make_site(app)
    hostile, fine = make_survey(app, site_id, "nps"), make_survey(app, site_id, "csat")
    with app.app_context():  # straight into the row, as an old release saved it
        for survey_id, css in ((hostile, ":host{position:fixed;inset:0}"), (fine, ".w{border-radius:4px}")):
            survey = db.session.get(Survey, survey_id)
            survey.appearance = {**survey.appearance, "custom_css": css}
        db.session.commit()
    response = client.get(f"/v1/sites/{key}/config", headers={"Origin": "https://shop.example"})
    served = {s["id"]: s["appearance"]["custom_css"] for s in response.get_json()["surveys"]}
    assert served == {hostile: "", fine: ".w{border-radius:4px}"}
