"""The survey definition that marketers edit, validated (docs/SURVEY-FORMAT.md); the one source of trigger defaults."""
from __future__ import annotations

import re

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates,
    validates_schema,
)

from ..fields import DEVICES, LOCALE_PATTERN, HttpUrl, Name, StrictBool, StrictInt
from ..models import JOURNEY_STAGES, SURVEY_KINDS, SURVEY_STATUSES
from .custom_css import custom_css_problem
from .scoring import SCALES, SCORED_TYPES, thresholds

ID_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"
TEXT_KEY_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+){0,2}$"
FONT_PATTERN = r"^[A-Za-z0-9 ,'\"-]{1,200}$"
QUESTION_TYPES = ("nps", "csat", "ces", "cli", "single", "multi", "text")
URL_MATCHES = ("exact", "contains", "starts_with", "ends_with", "regex")
SHARE_NETWORKS = ("x", "facebook", "linkedin", "vk", "telegram", "whatsapp", "email", "copy")
POSITIONS = ("bottom-right", "bottom-left", "top-right", "top-left", "center")
MAX_TEXT = 2000


def confined_css(value: str) -> None:
    """Refuse custom CSS that would load anything or let the card leave its frame (catalog/custom_css.py)."""
    problem = custom_css_problem(value)
    if problem:
        raise ValidationError(problem)


def Identifier(**kwargs) -> fields.String:
    """A short lower-case identifier (question and option ids)."""
    return fields.String(validate=validate.Regexp(ID_PATTERN, error="Use a-z, 0-9 and _ (max 32), starting with a letter."),
                         **kwargs)


class StrictSchema(Schema):
    """Unknown fields are an error, so a typo never silently does nothing."""


class UrlRuleSchema(StrictSchema):
    match = fields.String(required=True, validate=validate.OneOf(URL_MATCHES))
    value = fields.String(required=True, validate=validate.Length(min=1, max=500))
    target = fields.String(load_default="path", validate=validate.OneOf(("path", "url")))

    @validates_schema
    def regex_compiles(self, data, **kwargs):
        """A regex rule must compile, or it would silently never match."""
        if data.get("match") == "regex":
            try:
                re.compile(data["value"])
            except (re.error, RecursionError, OverflowError) as exc:
                raise ValidationError(f"Not a valid regular expression: {exc}", "value") from exc


class QuestionSchema(StrictSchema):
    id = Identifier(required=True)
    type = fields.String(required=True, validate=validate.OneOf(QUESTION_TYPES))
    required = StrictBool(load_default=None)
    options = fields.List(Identifier(), validate=validate.Length(min=1, max=20))
    max_length = StrictInt(validate=validate.Range(min=1, max=MAX_TEXT))

    @validates_schema
    def options_fit_type(self, data, **kwargs):
        """Choice questions need distinct options; other types must not have any."""
        qtype, options = data.get("type"), data.get("options")
        if qtype in ("single", "multi"):
            if not options:
                raise ValidationError("A choice question needs at least one option.", "options")
            if len(set(options)) != len(options):
                raise ValidationError("Options must be distinct.", "options")
        elif options is not None:
            raise ValidationError("Only single and multi questions have options.", "options")
        if data.get("max_length") is not None and qtype != "text":
            raise ValidationError("Only text questions have a max_length.", "max_length")

    @post_load
    def fill_defaults(self, data, **kwargs):
        """Scored questions are required by default; text gets a 1000-character limit."""
        if data.get("required") is None:
            data["required"] = data["type"] in SCORED_TYPES
        if data["type"] == "text":
            data.setdefault("max_length", 1000)
        return data


CHANNEL_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,19}$"  # a response's channel: web (the popup) or a link's label
# a hidden field is a URL parameter a survey link declares: stored with the response, shown in results and exports
HIDDEN_FIELD_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"
RESERVED_LINK_PARAMS = ("score", "kiosk", "token")  # what the link's own URL says; never a hidden field


class LinkSchema(StrictSchema):
    """The survey's hosted link (/s/<key>): on or off, the channel its answers report as, its hidden fields, and
    whether it takes answers only through personal links (single-use tokens, one response per recipient)."""

    enabled = StrictBool(load_default=False)
    single_use = StrictBool(load_default=False)
    channel = fields.String(load_default="link", validate=validate.Regexp(
        CHANNEL_PATTERN, error="Lower-case letters, digits, - and _, at most 20."))
    hidden_fields = fields.List(fields.String(validate=[
        validate.Regexp(HIDDEN_FIELD_PATTERN, error="A name: a lower-case letter, then letters, digits or _ (≤ 32)."),
        validate.NoneOf(RESERVED_LINK_PARAMS, error="The link itself uses this parameter.")]),
        load_default=list, validate=validate.Length(max=10))

    @validates_schema
    def distinct_fields(self, data, **kwargs):
        names = data.get("hidden_fields") or []
        if len(set(names)) != len(names):
            raise ValidationError({"hidden_fields": ["Each name once."]})

    @validates("channel")
    def not_web(self, value, **kwargs):
        if value == "web":
            raise ValidationError("\"web\" is the popup's channel.")


class FollowupSchema(StrictSchema):
    enabled = StrictBool(load_default=False)
    max_length = StrictInt(load_default=1000, validate=validate.Range(min=1, max=MAX_TEXT))


# trigger type → {option: (field, default)}; a default of None means "required"
TRIGGER_OPTIONS: dict[str, dict[str, tuple[fields.Field, object]]] = {
    "page_view": {"delay_seconds": (StrictInt(validate=validate.Range(min=0, max=3600)), 0)},
    "time_on_page": {"seconds": (StrictInt(validate=validate.Range(min=1, max=3600)), 30)},
    "scroll_depth": {"percent": (StrictInt(validate=validate.Range(min=1, max=100)), 50)},
    "exit_intent": {"min_dwell_seconds": (StrictInt(validate=validate.Range(min=0, max=600)), 5),
                    "touch": (StrictBool(), True)},
    "cart_abandonment": {
        "idle_seconds": (StrictInt(validate=validate.Range(min=5, max=3600)), 45),
        "exit_intent": (StrictBool(), True),
        "cart_pages": (fields.List(fields.Nested(UrlRuleSchema), validate=validate.Length(max=20)),
                       [{"match": "contains", "value": "/cart", "target": "path"},
                        {"match": "contains", "value": "/checkout", "target": "path"}]),
        "count_selector": (fields.String(allow_none=True, validate=validate.Length(min=1, max=200)), "none"),
    },
    "click": {"selector": (fields.String(validate=validate.Length(min=1, max=200)), None)},
    "custom_event": {"event": (fields.String(validate=validate.Regexp(r"^[A-Za-z0-9_.:-]{1,64}$")), None)},
    # a tab on a screen edge that opens the survey when the visitor asks; its label is the "tab" text
    "feedback_button": {"side": (fields.String(validate=validate.OneOf(("right", "left"))), "right")},
    # in the page itself: in each <div data-touchpoint-survey="ID"> element of a page the audience allows
    "inline": {},
    # never on the website: answered only through its link (the config leaves it out)
    "link_only": {},
}
TRIGGER_TYPES = tuple(TRIGGER_OPTIONS)


def trigger_defaults() -> dict[str, dict]:
    """Each trigger type's options with the defaults the schema fills in ("" where an option is required)."""
    return {ttype: {name: "" if default is None else None if default == "none" else default
                    for name, (_, default) in options.items()}
            for ttype, options in TRIGGER_OPTIONS.items()}


class TriggerField(fields.Field):
    """One trigger: its type decides which options it takes and their defaults."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, dict):
            raise ValidationError("Must be an object.")
        ttype = value.get("type")
        if ttype not in TRIGGER_OPTIONS:
            raise ValidationError({"type": [f"Must be one of: {', '.join(TRIGGER_TYPES)}."]})
        options = TRIGGER_OPTIONS[ttype]
        schema = Schema.from_dict({"type": fields.String(), **{k: f for k, (f, _) in options.items()}})()
        errors = {k: ["Not an option of this trigger type."] for k in value if k != "type" and k not in options}
        errors.update({k: ["Missing data for required field."] for k, (_, d) in options.items()
                       if d is None and value.get(k) in (None, "")})
        try:
            loaded = schema.load({k: v for k, v in value.items() if k == "type" or k in options})
        except ValidationError as exc:
            errors.update(exc.messages)
        if errors:
            raise ValidationError(errors)
        for key, (_, default) in options.items():
            if key not in loaded:
                loaded[key] = None if default == "none" else default
        return loaded

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class AudienceSchema(StrictSchema):
    include = fields.List(fields.Nested(UrlRuleSchema), load_default=list, validate=validate.Length(max=20))
    exclude = fields.List(fields.Nested(UrlRuleSchema), load_default=list, validate=validate.Length(max=20))
    devices = fields.List(fields.String(validate=validate.OneOf(DEVICES)), load_default=lambda: list(DEVICES),
                          validate=validate.Length(min=1, max=3, error="Pick at least one device."))
    visitor = fields.String(load_default="all", validate=validate.OneOf(("all", "new", "returning")))
    min_page_views = StrictInt(load_default=0, validate=validate.Range(min=0, max=1000))
    languages = fields.List(fields.String(validate=validate.Regexp(r"^[a-z]{2,3}$")), load_default=list,
                            validate=validate.Length(max=50))
    sample_percent = fields.Float(load_default=100, allow_nan=False, validate=validate.Range(min=0, max=100))

    @post_load
    def dedupe(self, data, **kwargs):
        """Devices and languages are sets; keep their first-seen order."""
        data["devices"] = list(dict.fromkeys(data["devices"]))
        data["languages"] = list(dict.fromkeys(data["languages"]))
        return data


class FrequencySchema(StrictSchema):
    mode = fields.String(load_default="until_answered", validate=validate.OneOf(("once", "until_answered", "every_n_days")))
    days = StrictInt(load_default=30, validate=validate.Range(min=1, max=3650))
    dismiss_mute_days = StrictInt(load_default=7, validate=validate.Range(min=0, max=3650))


class AppearanceSchema(StrictSchema):
    position = fields.String(load_default="bottom-right", validate=validate.OneOf(POSITIONS))
    theme = fields.String(load_default="light", validate=validate.OneOf(("light", "dark", "auto")))
    brand_color = fields.String(load_default="#4f46e5", validate=validate.Regexp(r"^#[0-9a-fA-F]{6}$", error="Use #rrggbb."))
    font = fields.String(load_default="system-ui, sans-serif",
                         validate=validate.Regexp(FONT_PATTERN, error="Use a CSS font-family list."))
    custom_css = fields.String(load_default="", validate=[validate.Length(max=10000), confined_css])


DETRACTOR_OUTCOMES = ("in_widget", "redirect", "hosted")


class ShareSchema(StrictSchema):
    networks = fields.List(fields.String(validate=validate.OneOf(SHARE_NETWORKS)), load_default=list,
                           validate=validate.Length(max=len(SHARE_NETWORKS)))
    url = HttpUrl(load_default=None, allow_none=True)

    @validates_schema
    def url_when_sharing(self, data, **kwargs):
        """Share buttons need something to share."""
        if data.get("networks") and not data.get("url"):
            raise ValidationError("Set the URL to share, or pick no networks.", "url")


class OutcomesSchema(StrictSchema):
    promoter_min = fields.Float(allow_nan=False, load_default=None, allow_none=True)
    detractor_max = fields.Float(allow_nan=False, load_default=None, allow_none=True)
    share = fields.Nested(ShareSchema, load_default=lambda: {"networks": [], "url": None})
    review_url = HttpUrl(load_default=None, allow_none=True)
    # what a detractor meets after answering: a recovery step in the popup (new surveys), or a button that
    # leads to recovery_url or to the hosted /r/ page; never a navigation by timer
    detractor = fields.String(load_default="in_widget", validate=validate.OneOf(DETRACTOR_OUTCOMES))
    recovery_url = HttpUrl(load_default=None, allow_none=True)

    @validates_schema
    def url_when_redirecting(self, data, **kwargs):
        """Sending detractors to a page of your own needs that page."""
        if data.get("detractor") == "redirect" and not data.get("recovery_url"):
            raise ValidationError("Give the page to send detractors to, or choose another recovery.", "recovery_url")


class TextsField(fields.Dict):
    """locale → {text key → plain text}; flattened error names like ``texts.en.q.score``."""

    def __init__(self, **kwargs):
        super().__init__(
            keys=fields.String(validate=validate.Regexp(LOCALE_PATTERN, error="Not a locale code.")),
            values=fields.Dict(keys=fields.String(validate=validate.Regexp(TEXT_KEY_PATTERN, error="Not a text key.")),
                               values=fields.String(validate=validate.Length(max=MAX_TEXT)),
                               validate=validate.Length(max=200)),
            validate=validate.Length(min=1, max=30), **kwargs)


class SurveySchema(StrictSchema):
    """A whole survey definition as marketers edit it."""

    id = fields.Integer(dump_only=True)
    site_id = fields.Integer(dump_only=True)
    name = Name("survey", required=True)
    kind = fields.String(required=True, validate=validate.OneOf(SURVEY_KINDS))
    touchpoint = fields.String(load_default="", validate=validate.Length(max=80))
    journey_stage = fields.String(load_default="consideration", validate=validate.OneOf(JOURNEY_STAGES))
    status = fields.String(load_default="draft", validate=validate.OneOf(SURVEY_STATUSES))
    default_locale = fields.String(load_default="en", validate=validate.Regexp(LOCALE_PATTERN))
    texts = TextsField(required=True)
    questions = fields.List(fields.Nested(QuestionSchema), required=True, validate=validate.Length(min=1, max=10))
    followup = fields.Nested(FollowupSchema, load_default=lambda: {"enabled": False, "max_length": 1000})
    trigger = TriggerField(required=True)
    audience = fields.Nested(AudienceSchema, load_default=lambda: AudienceSchema().load({}))
    frequency = fields.Nested(FrequencySchema, load_default=lambda: FrequencySchema().load({}))
    appearance = fields.Nested(AppearanceSchema, load_default=lambda: AppearanceSchema().load({}))
    outcomes = fields.Nested(OutcomesSchema, load_default=lambda: OutcomesSchema().load({}))
    schedule_start = fields.AwareDateTime(load_default=None, allow_none=True, default_timezone=None)
    schedule_end = fields.AwareDateTime(load_default=None, allow_none=True, default_timezone=None)
    quota = StrictInt(load_default=None, allow_none=True, validate=validate.Range(min=1, max=10_000_000))
    link = fields.Nested(LinkSchema, load_default=lambda: LinkSchema().load({}))
    link_key = fields.String(dump_only=True, allow_none=True, metadata={"description": "the link is /s/<link_key>"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    # filled in by the admin API (what deleting the survey would delete); a definition never carries it
    responses = fields.Integer(dump_only=True, metadata={"description": "how many responses the survey has"})

    @validates_schema
    def questions_fit_kind(self, data, **kwargs):
        """A scored kind opens with its own scored question; nothing else is scored."""
        kind, questions = data.get("kind"), data.get("questions")
        if not kind or not questions:
            return
        ids = [q["id"] for q in questions]
        if "followup" in ids:
            raise ValidationError({"questions": {ids.index("followup"): {"id": ["'followup' is reserved."]}}})
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValidationError({"questions": {ids.index(sorted(dupes)[0]): {"id": ["Question ids must be distinct."]}}})
        if kind in SCORED_TYPES and questions[0]["type"] != kind:
            raise ValidationError({"questions": {0: {"type": [f"A {kind} survey starts with a {kind} question."]}}})
        for index, question in enumerate(questions):
            if question["type"] in SCORED_TYPES and (kind not in SCORED_TYPES or index > 0):
                raise ValidationError({"questions": {index: {"type": ["Only the first question of a scored survey is scored."]}}})

    @validates_schema
    def thresholds_fit_scale(self, data, **kwargs):
        """Thresholds lie on the main scale and leave promoters above detractors."""
        kind, outcomes = data.get("kind"), data.get("outcomes") or {}
        if kind not in SCALES:
            return
        low, high = SCALES[kind]
        promoter_min = outcomes.get("promoter_min")
        detractor_max = outcomes.get("detractor_max")
        errors = {}
        for name, value in (("promoter_min", promoter_min), ("detractor_max", detractor_max)):
            if value is not None and not low <= value <= high:
                errors[name] = [f"Must be between {low} and {high}."]
        pmin, dmax = thresholds(kind, outcomes)
        if not errors and pmin <= dmax:
            errors["promoter_min"] = ["Must be above detractor_max."]
        if errors:
            raise ValidationError({"outcomes": errors})

    @validates_schema
    def texts_cover_questions(self, data, **kwargs):
        """The default locale must word every question, so no visitor sees an empty popup."""
        texts, questions = data.get("texts"), data.get("questions")
        locale = data.get("default_locale", "en")
        if texts is None or not questions:
            return
        if locale not in texts:
            raise ValidationError({"texts": {locale: ["The default locale needs its texts."]}})
        missing = {f"q.{q['id']}": ["Missing text."] for q in questions if not texts[locale].get(f"q.{q['id']}")}
        if missing:
            raise ValidationError({"texts": {locale: missing}})

    @validates_schema
    def schedule_order(self, data, **kwargs):
        """A schedule ends after it starts."""
        start, end = data.get("schedule_start"), data.get("schedule_end")
        if start and end and end <= start:
            raise ValidationError("Must be after schedule_start.", "schedule_end")

    @post_load
    def fill_thresholds(self, data, **kwargs):
        """Unset thresholds take the kind's defaults, so the widget always gets numbers."""
        bands = thresholds(data["kind"], data["outcomes"])
        if bands:
            data["outcomes"]["promoter_min"], data["outcomes"]["detractor_max"] = bands
        return data


survey_schema = SurveySchema()
