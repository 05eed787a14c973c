"""Surveys through the admin API: templates, create, replace with field-named errors, preview, status, copy, delete."""
import pytest

from server.catalog.templates import TEMPLATES, template
from tests.admin.data import add_responses
from tests.factories import make_site, make_survey


@pytest.fixture
def site_id(app):
    return make_site(app)[0]


def editable(survey: dict) -> dict:
    """A survey as GET returns it, minus what the server owns."""
    return {k: v for k, v in survey.items() if k not in ("id", "site_id", "created_at", "updated_at", "responses", "link_key")}


def test_templates_cover_the_six_starting_points(admin_client):
    templates = admin_client.get("/api/admin/templates").get_json()
    assert [t["id"] for t in templates] == ["nps", "csat", "ces", "cli", "exit_intent", "cart_abandonment"]
    assert all(t["description"] and t["definition"]["texts"]["en"] for t in templates)
    assert {t["id"]: t["trigger"] for t in templates}["exit_intent"] == "exit_intent"


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_every_template_creates_a_valid_draft(admin_client, site_id, name):
    response = admin_client.post(f"/api/admin/sites/{site_id}/surveys/from-template", json={"template": name})
    assert response.status_code == 201
    survey = response.get_json()
    assert survey["status"] == "draft" and survey["name"] == TEMPLATES[name]["name"] and survey["responses"] == 0
    # what the builder gets back, it can save unchanged
    assert admin_client.put(f"/api/admin/surveys/{survey['id']}", json=editable(survey)).status_code == 200


def test_create_from_a_template_with_a_name_or_from_a_full_definition(admin_client, site_id):
    named = admin_client.post(f"/api/admin/sites/{site_id}/surveys/from-template",
                              json={"template": "nps", "name": "Exit NPS"})
    assert named.get_json()["name"] == "Exit NPS"
    unknown = admin_client.post(f"/api/admin/sites/{site_id}/surveys/from-template", json={"template": "nope"})
    assert unknown.status_code == 422 and "template" in unknown.get_json()["errors"]
    full = admin_client.post(f"/api/admin/sites/{site_id}/surveys", json={**template("ces"), "status": "active"})
    assert full.status_code == 201 and full.get_json()["status"] == "active"
    assert admin_client.post("/api/admin/sites/999/surveys", json=template("ces")).status_code == 404
    listed = admin_client.get(f"/api/admin/sites/{site_id}/surveys").get_json()
    assert [(s["name"], s["trigger"], s["responses"]) for s in listed] == [
        ("Exit NPS", "page_view", 0), ("Customer effort", "page_view", 0)]


def test_name_errors_say_what_to_do(admin_client, app, site_id):
    """A marketer who clears the name reads "Give the survey a name.", not a length rule."""
    survey_id = make_survey(app, site_id, "nps")
    survey = editable(admin_client.get(f"/api/admin/surveys/{survey_id}").get_json())
    empty = admin_client.put(f"/api/admin/surveys/{survey_id}", json={**survey, "name": ""})
    assert empty.status_code == 422 and empty.get_json()["errors"] == {"name": ["Give the survey a name."]}
    long = admin_client.put(f"/api/admin/surveys/{survey_id}", json={**survey, "name": "n" * 121})
    assert long.get_json()["errors"] == {"name": ["Keep the name to 120 characters or fewer."]}
    from_template = admin_client.post(f"/api/admin/sites/{site_id}/surveys/from-template",
                                      json={"template": "nps", "name": ""})
    assert from_template.status_code == 422 and from_template.get_json()["errors"] == {"name": ["Give the survey a name."]}
    site = admin_client.patch(f"/api/admin/sites/{site_id}", json={"name": ""})
    assert site.status_code == 422 and site.get_json()["errors"] == {"name": ["Give the site a name."]}


def test_replace_names_every_bad_field(admin_client, app, site_id):
    survey_id = make_survey(app, site_id, "nps")
    survey = editable(admin_client.get(f"/api/admin/surveys/{survey_id}").get_json())
    survey["outcomes"]["recovery_url"] = "javascript:alert(1)"
    survey["questions"][0]["type"] = "stars"
    survey["texts"]["en"]["q.score"] = "x" * 2001
    survey["audience"]["include"] = [{"match": "regex", "value": "(", "target": "path"}]
    survey["appearance"]["brand_color"] = "red"
    survey["trigger"] = {"type": "exit_intent", "min_dwell_seconds": -1}
    response = admin_client.put(f"/api/admin/surveys/{survey_id}", json=survey)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {"outcomes.recovery_url", "questions.0.type", "texts.en.q.score", "audience.include.0.value",
                           "appearance.brand_color", "trigger.min_dwell_seconds"}
    assert errors["outcomes.recovery_url"] == ["Must be an http or https URL."]


def test_missing_texts_and_bad_locales_are_named_by_locale_and_key(admin_client, app, site_id):
    survey_id = make_survey(app, site_id, "nps")
    survey = editable(admin_client.get(f"/api/admin/surveys/{survey_id}").get_json())
    del survey["texts"]["en"]["q.score"]
    assert set(admin_client.put(f"/api/admin/surveys/{survey_id}", json=survey).get_json()["errors"]) == {"texts.en.q.score"}
    survey["texts"]["en"]["q.score"] = "Hi?"
    survey["texts"]["EN_us"] = {"Bad Key": "x"}
    errors = admin_client.put(f"/api/admin/surveys/{survey_id}", json=survey).get_json()["errors"]
    assert "texts.EN_us" in errors


def test_a_saved_edit_reaches_the_widget_config(admin_client, app, site_id):
    from tests.factories import ORIGIN
    survey_id = make_survey(app, site_id, "nps")
    key = admin_client.get(f"/api/admin/sites/{site_id}").get_json()["key"]
    survey = editable(admin_client.get(f"/api/admin/surveys/{survey_id}").get_json())
    survey["texts"]["en"]["q.score"] = "Would you recommend our shop?"
    assert admin_client.put(f"/api/admin/surveys/{survey_id}", json=survey).status_code == 200
    config = admin_client.get(f"/v1/sites/{key}/config", headers={"Origin": ORIGIN}).get_json()
    assert config["surveys"][0]["texts"]["en"]["q.score"] == "Would you recommend our shop?"


def test_status_changes_publish_and_pause(admin_client, app, site_id):
    survey_id = admin_client.post(f"/api/admin/sites/{site_id}/surveys/from-template",
                                  json={"template": "csat"}).get_json()["id"]
    key = admin_client.get(f"/api/admin/sites/{site_id}").get_json()["key"]

    def live():
        return [s["id"] for s in admin_client.get(f"/v1/sites/{key}/config").get_json()["surveys"]]
    assert live() == []
    published = admin_client.patch(f"/api/admin/surveys/{survey_id}/status", json={"status": "active"})
    assert published.get_json()["status"] == "active"
    assert live() == [survey_id]
    assert admin_client.patch(f"/api/admin/surveys/{survey_id}/status", json={"status": "paused"}).status_code == 200
    assert live() == []
    bad = admin_client.patch(f"/api/admin/surveys/{survey_id}/status", json={"status": "live"})
    assert bad.status_code == 422 and "status" in bad.get_json()["errors"]


def test_duplicate_copies_as_a_draft_without_responses(admin_client, app, site_id):
    survey_id = make_survey(app, site_id, "nps", touchpoint="Checkout")
    add_responses(app, survey_id, [{"score": 9}])
    copy = admin_client.post(f"/api/admin/surveys/{survey_id}/duplicate")
    assert copy.status_code == 201
    body = copy.get_json()
    assert body["name"] == "Net Promoter Score (copy)" and body["status"] == "draft"
    assert body["touchpoint"] == "Checkout" and body["responses"] == 0 and body["id"] != survey_id


def test_delete_reports_the_responses_deleted_with_it(admin_client, app, site_id):
    survey_id = make_survey(app, site_id, "nps")
    add_responses(app, survey_id, [{"score": 9}, {"score": 3, "recovery": {"message": "late", "contact_consent": False}}])
    assert admin_client.get(f"/api/admin/surveys/{survey_id}").get_json()["responses"] == 2
    deleted = admin_client.delete(f"/api/admin/surveys/{survey_id}")
    assert deleted.get_json() == {"deleted": survey_id, "responses_deleted": 2}
    assert admin_client.get(f"/api/admin/surveys/{survey_id}").status_code == 404
    from tests.conftest import sql
    assert sql(app, "SELECT count(*) FROM responses")[0][0] == 0
    assert sql(app, "SELECT count(*) FROM recoveries")[0][0] == 0


def test_preview_returns_the_public_view_with_defaults(admin_client):
    definition = template("nps")
    definition["appearance"] = {"brand_color": "#ff0000"}
    response = admin_client.post("/api/admin/surveys/preview", json=definition)
    assert response.status_code == 200
    survey = response.get_json()["survey"]
    assert survey["id"] == 0 and survey["kind"] == "nps"
    assert survey["appearance"] == {"position": "bottom-right", "theme": "light", "brand_color": "#ff0000",
                                    "font": "system-ui, sans-serif", "custom_css": ""}
    assert survey["outcomes"]["promoter_min"] == 9 and survey["schedule"] == {"start": None, "end": None}
    for internal in ("name", "touchpoint", "journey_stage", "status", "quota"):
        assert internal not in survey


def test_preview_validates_without_saving(admin_client, app, site_id):
    definition = template("nps")
    definition["outcomes"] = {"share": {"networks": ["x"]}}
    response = admin_client.post("/api/admin/surveys/preview", json=definition)
    assert response.status_code == 422 and list(response.get_json()["errors"]) == ["outcomes.share.url"]
    from tests.conftest import sql
    assert sql(app, "SELECT count(*) FROM surveys")[0][0] == 0


def test_the_site_order_decides_the_list_the_config_and_the_rule_tester(app, admin_client, client):
    from tests.factories import DESKTOP_UA, ORIGIN
    site_id, key = make_site(app, allowed_domains=["shop.example"])
    nps = make_survey(app, site_id, "nps", trigger={"type": "exit_intent", "min_dwell_seconds": 5, "touch": True})
    cart = make_survey(app, site_id, "cart_abandonment")
    shown = make_survey(app, site_id, "csat", trigger={"type": "page_view", "delay_seconds": 0})
    other_site, _ = make_site(app)
    elsewhere = make_survey(app, other_site, "nps")

    def orders():
        listed = admin_client.get(f"/api/admin/sites/{site_id}/surveys").get_json()
        config = client.get(f"/v1/sites/{key}/config", headers={"Origin": ORIGIN, "User-Agent": DESKTOP_UA}).get_json()
        tested = admin_client.post(f"/api/admin/sites/{site_id}/rule-test", json={"url": "https://shop.example/"})
        return ([s["id"] for s in listed], [s["id"] for s in config["surveys"]],
                [s["survey_id"] for s in tested.get_json()["surveys"]], [s["placed"] for s in listed])

    # by default the more specific trigger first: cart abandonment, exit intent, then the page view
    assert orders() == ([cart, nps, shown], [cart, nps, shown], [cart, nps, shown], [False] * 3)
    placed = admin_client.put(f"/api/admin/sites/{site_id}/survey-order", json={"survey_ids": [nps, shown, cart]})
    assert placed.status_code == 200 and [s["id"] for s in placed.get_json()] == [nps, shown, cart]
    assert orders() == ([nps, shown, cart], [nps, shown, cart], [nps, shown, cart], [True] * 3)
    for bad in ([nps, shown], [nps, shown, cart, elsewhere], [nps, nps, shown, cart], ["1"], None):
        refused = admin_client.put(f"/api/admin/sites/{site_id}/survey-order", json={"survey_ids": bad})
        fields = refused.get_json()["errors"]
        assert refused.status_code == 422 and all(f.startswith("survey_ids") for f in fields) and fields, bad
    assert orders()[0] == [nps, shown, cart], "a refused order changes nothing"
