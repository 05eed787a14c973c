"""The survey definition schema: defaults, cross-field rules and field-named errors."""
import pytest
from marshmallow import ValidationError

from server.catalog.definition import survey_schema
from server.catalog.templates import TEMPLATES, template
from server.errors import flatten


def errors_for(definition) -> dict:
    with pytest.raises(ValidationError) as info:
        survey_schema.load(definition)
    return flatten(info.value.messages)


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_loads_with_complete_defaults(name):
    data = survey_schema.load(template(name))
    assert data["audience"]["devices"] == ["desktop", "tablet", "mobile"]
    assert data["frequency"]["mode"] in ("once", "until_answered", "every_n_days")
    assert data["appearance"]["position"] == "bottom-right"
    assert set(data["trigger"]) >= {"type"}
    if data["kind"] != "custom":
        assert data["outcomes"]["promoter_min"] > data["outcomes"]["detractor_max"]


def test_trigger_defaults_are_filled_per_type():
    definition = template("nps")
    definition["trigger"] = {"type": "cart_abandonment"}
    trigger = survey_schema.load(definition)["trigger"]
    assert trigger == {"type": "cart_abandonment", "idle_seconds": 45, "exit_intent": True, "count_selector": None,
                       "cart_pages": [{"match": "contains", "value": "/cart", "target": "path"},
                                      {"match": "contains", "value": "/checkout", "target": "path"}]}


def test_a_feedback_tab_sits_on_the_right_unless_told():
    definition = template("nps")
    definition["trigger"] = {"type": "feedback_button"}
    assert survey_schema.load(definition)["trigger"] == {"type": "feedback_button", "side": "right"}
    definition["trigger"]["side"] = "left"
    assert survey_schema.load(definition)["trigger"]["side"] == "left"


@pytest.mark.parametrize("change,field", [
    ({"kind": "quiz"}, "kind"),
    ({"questions": [{"id": "score", "type": "csat"}]}, "questions.0.type"),
    ({"questions": [{"id": "Score!", "type": "nps"}]}, "questions.0.id"),
    ({"questions": [{"id": "score", "type": "nps"}, {"id": "score", "type": "text"}]}, "questions.0.id"),
    ({"questions": [{"id": "score", "type": "nps"}, {"id": "again", "type": "csat"}]}, "questions.1.type"),
    ({"questions": [{"id": "score", "type": "nps"}, {"id": "pick", "type": "single"}]}, "questions.1.options"),
    ({"trigger": {"type": "click"}}, "trigger.selector"),
    ({"trigger": {"type": "teleport"}}, "trigger.type"),
    ({"trigger": {"type": "page_view", "seconds": 3}}, "trigger.seconds"),
    ({"trigger": {"type": "scroll_depth", "percent": 150}}, "trigger.percent"),
    ({"trigger": {"type": "feedback_button", "side": "top"}}, "trigger.side"),
    ({"trigger": {"type": "feedback_button", "selector": "#x"}}, "trigger.selector"),
    ({"audience": {"include": [{"match": "regex", "value": "(unclosed"}]}}, "audience.include.0.value"),
    ({"audience": {"devices": []}}, "audience.devices"),
    ({"audience": {"sample_percent": 101}}, "audience.sample_percent"),
    ({"outcomes": {"recovery_url": "javascript:alert(1)"}}, "outcomes.recovery_url"),
    ({"outcomes": {"review_url": "data:text/html,hi"}}, "outcomes.review_url"),
    ({"outcomes": {"share": {"networks": ["x"], "url": "ftp://x.example"}}}, "outcomes.share.url"),
    ({"outcomes": {"share": {"networks": ["myspace"], "url": "https://x.example"}}}, "outcomes.share.networks.0"),
    ({"outcomes": {"promoter_min": 5, "detractor_max": 7}}, "outcomes.promoter_min"),
    ({"outcomes": {"promoter_min": 11}}, "outcomes.promoter_min"),
    ({"appearance": {"brand_color": "red"}}, "appearance.brand_color"),
    ({"appearance": {"font": "x;}body{display:none"}}, "appearance.font"),
    ({"appearance": {"custom_css": "a" * 10001}}, "appearance.custom_css"),
    ({"texts": {"en": {"title": "Hi"}}}, "texts.en.q.score"),
    ({"texts": {"EN_us": {"q.score": "x"}}}, "texts.EN_us.key"),
    ({"default_locale": "ru", "texts": {"en": {"q.score": "x"}}}, "texts.ru"),
    ({"schedule_start": "2030-01-02T00:00:00Z", "schedule_end": "2030-01-01T00:00:00Z"}, "schedule_end"),
    ({"schedule_start": "2030-01-02T00:00:00"}, "schedule_start"),
    ({"quota": 0}, "quota"),
    ({"journey_stage": "nirvana"}, "journey_stage"),
    ({"surprise": 1}, "surprise"),
])
def test_invalid_definitions_name_the_field(change, field):
    definition = template("nps")
    definition.update(change)
    errors = errors_for(definition)
    assert any(name == field or name.startswith(field) for name in errors), errors


def test_xss_in_texts_is_accepted_as_plain_text():
    definition = template("nps")
    definition["texts"]["en"]["q.score"] = "<img src=x onerror=alert(1)>"
    assert survey_schema.load(definition)["texts"]["en"]["q.score"] == "<img src=x onerror=alert(1)>"
