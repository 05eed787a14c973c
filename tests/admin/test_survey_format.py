"""GET /api/admin/survey-format: the builder's rules come from the schema the server validates with."""
from server.catalog.definition import TRIGGER_OPTIONS, survey_schema
from server.catalog.scoring import CLI_ITEMS, DEFAULT_THRESHOLDS, SCALES
from server.catalog.templates import template


def test_scales_thresholds_and_items_are_the_servers(admin_client):
    body = admin_client.get("/api/admin/survey-format").get_json()
    assert body["scales"] == {kind: list(scale) for kind, scale in SCALES.items()}
    assert body["default_thresholds"] == {kind: list(pair) for kind, pair in DEFAULT_THRESHOLDS.items()}
    assert body["cli_items"] == list(CLI_ITEMS)


def test_trigger_defaults_are_what_the_schema_fills_in(admin_client):
    """A trigger saved with only its type (and any required option) loads to exactly the builder's defaults."""
    defaults = admin_client.get("/api/admin/survey-format").get_json()["trigger_defaults"]
    assert set(defaults) == set(TRIGGER_OPTIONS)
    required = {"click": {"selector": ".buy"}, "custom_event": {"event": "signup"}}
    for trigger_type, options in defaults.items():
        loaded = survey_schema.load({**template("nps"), "trigger": {"type": trigger_type, **required.get(trigger_type, {})}})
        assert {**options, **required.get(trigger_type, {})} == {k: v for k, v in loaded["trigger"].items() if k != "type"}


def test_viewers_may_read_it_and_strangers_may_not(app, viewer_client):
    assert viewer_client.get("/api/admin/survey-format").status_code == 200
    assert app.test_client().get("/api/admin/survey-format").status_code == 401


def test_each_point_of_the_distribution_carries_its_category(app, admin_client):
    from tests.factories import make_site, make_survey
    site_id, _ = make_site(app)
    survey = make_survey(app, site_id, "nps", outcomes={"promoter_min": 8, "detractor_max": 5})
    rows = admin_client.get(f"/api/admin/surveys/{survey}/results").get_json()["distribution"]
    assert [(r["score"], r["category"]) for r in rows if r["score"] in (5, 6, 7, 8)] == [
        (5, "detractor"), (6, "passive"), (7, "passive"), (8, "promoter")]
