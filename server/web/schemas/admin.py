"""Request and response shapes of the admin API (/api/admin)."""
from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ...cases.queries import VIEWS
from ...catalog.definition import CHANNEL_PATTERN
from ...catalog.link_tokens import MAX_REFS, REF_PATTERN
from ...catalog.scoring import CATEGORIES
from ...catalog.templates import TEMPLATES
from ...delivery.origins import normalise_domain, too_broad
from ...fields import DEVICES, LOCALE_PATTERN, HttpUrl, Name, StrictBool, StrictInt, http_url, storable_text
from ...models import (
    ALERT_TRIGGERS,
    CASE_STATUSES,
    DIGEST_FREQUENCIES,
    ENDPOINT_KINDS,
    IP_MODES,
    JOURNEY_STAGES,
    RESOLUTION_CODES,
    ROLES,
    SURVEY_KINDS,
    SURVEY_STATUSES,
)
from ...outbox.events import SUBSCRIBABLE
from ...timezones import zone_names

DOMAIN_RE = re.compile(r"^(\*\.)?[a-z0-9]([a-z0-9-]{0,62})(\.[a-z0-9]([a-z0-9-]{0,62}))*$")
BUCKETS = ("day", "week", "month")


def domain_pattern(value: str) -> None:
    """An allowed domain: a host name, optionally "*." for every subdomain (a URL is reduced to its host)."""
    host = normalise_domain(value)
    if not host or len(host) > 253 or not DOMAIN_RE.match(host):
        raise ValidationError("Use a domain like shop.example or *.shop.example.")
    if too_broad(host):
        raise ValidationError(f"{host} would allow every site under a public suffix: use *.yourdomain.{host[2:]}.")


# --- session and users ---------------------------------------------------------------

class LoginSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class SessionUserSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    role = fields.String()


class SessionSchema(Schema):
    """Who is signed in, and the token every write must carry in X-CSRF-Token."""

    user = fields.Nested(SessionUserSchema)
    csrf_token = fields.String()


class AdminSessionSchema(Schema):
    """One signed-in session of a user, as an admin sees it (never its token)."""

    id = fields.Integer(dump_only=True)
    user_id = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    last_seen_at = fields.DateTime(dump_only=True)
    expires_at = fields.DateTime(dump_only=True)
    device = fields.String(dump_only=True, metadata={"description": "Browser and system, from the User-Agent"})
    ip = fields.String(dump_only=True, metadata={"description": "The signing-in IP with its host part zeroed"})
    current = fields.Boolean(dump_only=True, metadata={"description": "This is the session making the request"})


class EndedSessionsSchema(Schema):
    ended = fields.Integer(dump_only=True)


class NewUserSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    role = fields.String(load_default="viewer", validate=validate.OneOf(ROLES))
    password = fields.String(required=True, load_only=True,
                             validate=validate.Length(min=8, max=200, error="Use 8 to 200 characters."))


class UserChangeSchema(Schema):
    role = fields.String(validate=validate.OneOf(ROLES))
    password = fields.String(load_only=True, validate=validate.Length(min=8, max=200, error="Use 8 to 200 characters."))

    @validates_schema
    def something_to_change(self, data, **kwargs):
        """An empty change is a mistake in the caller, not a no-op to wave through."""
        if not data:
            raise ValidationError("Send a role or a password.", "_schema")


# --- sites ---------------------------------------------------------------------------

class SnippetFileSchema(Schema):
    name = fields.String()
    content = fields.String()


class PlatformSnippetSchema(Schema):
    platform = fields.String()
    label = fields.String()
    files = fields.List(fields.Nested(SnippetFileSchema))


def known_zone(name: str) -> None:
    if name not in zone_names():
        raise ValidationError("Not a time zone we know: use an IANA name such as Europe/Berlin, or UTC.")


class SiteSchema(Schema):
    """A site's settings; the snippet fields are filled in when it is sent."""

    id = fields.Integer(dump_only=True)
    key = fields.String(dump_only=True)
    name = Name("site", required=True)
    allowed_domains = fields.List(fields.String(validate=domain_pattern), load_default=list,
                                  validate=validate.Length(max=50))
    cooldown_days = StrictInt(load_default=0, validate=validate.Range(min=0, max=365))
    honor_gpc = StrictBool(load_default=False)
    honor_dnt = StrictBool(load_default=False)
    ip_mode = fields.String(load_default="truncate", validate=validate.OneOf(IP_MODES))
    time_zone = fields.String(load_default="UTC", validate=known_zone, metadata={
        "description": "the IANA zone whose days results, filters, trends and digests are drawn in"})
    link_answers = StrictBool(load_default=True, metadata={
        "description": "recognise a returning browser by a pseudonymous key (the recovery rate needs it)"})
    survey_count = fields.Integer(dump_only=True)
    snippet = fields.String(dump_only=True)
    snippets = fields.List(fields.Nested(PlatformSnippetSchema), dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


# --- surveys -------------------------------------------------------------------------

class HeadlineSchema(Schema):
    """The main score of a survey: NPS, CSAT %, CES mean or CLI mean, with its counts."""

    metric = fields.String(allow_none=True)
    value = fields.Float(allow_none=True)
    mean = fields.Float(allow_none=True)
    agree_percent = fields.Float(allow_none=True)
    problem = fields.Boolean()
    answered = fields.Integer()
    responses = fields.Integer()
    promoters = fields.Integer()
    passives = fields.Integer()
    detractors = fields.Integer()


class SurveySummarySchema(Schema):
    """One line of a site's survey list."""

    id = fields.Integer()
    name = fields.String()
    kind = fields.String(validate=validate.OneOf(SURVEY_KINDS))
    status = fields.String(validate=validate.OneOf(SURVEY_STATUSES))
    touchpoint = fields.String()
    journey_stage = fields.String(validate=validate.OneOf(JOURNEY_STAGES))
    trigger = fields.String(attribute="trigger_type")
    placed = fields.Boolean(metadata={"description": "set in the site's order by an admin; else placed after those "
                                                     "by how specific its trigger is"})
    responses = fields.Integer()
    headline = fields.Nested(HeadlineSchema)
    updated_at = fields.DateTime()


class SurveyOrderSchema(Schema):
    """Every survey of a site, the one that wins first."""

    survey_ids = fields.List(StrictInt(validate=validate.Range(min=1, max=2**31 - 1)), required=True,
                             validate=validate.Length(min=1, max=500))


survey_order_schema = SurveyOrderSchema()


class PersonalLinksRequestSchema(Schema):
    """The recipients' references (order numbers, customer ids), one personal link each."""

    refs = fields.List(fields.String(validate=validate.Regexp(
        REF_PATTERN, error="Letters, digits, - and _, at most 64.")), required=True,
        validate=validate.Length(min=1, max=MAX_REFS))

    @validates_schema
    def each_once(self, data, **kwargs):
        refs = data.get("refs") or []
        if len(set(refs)) != len(refs):
            raise ValidationError({"refs": ["Each reference once."]})


class PersonalLinkSchema(Schema):
    ref = fields.String()
    token = fields.String(metadata={"description": "the ?token= of this recipient's link"})
    url = fields.String()


class PersonalLinksSchema(Schema):
    links = fields.List(fields.Nested(PersonalLinkSchema))


personal_links_request_schema = PersonalLinksRequestSchema()


class InstallationCheckSchema(Schema):
    url = fields.String(required=True, validate=[validate.Length(min=1, max=2048), http_url],
                        metadata={"description": "a page of the site, http or https"})


class InstallationResultSchema(Schema):
    status = fields.String(metadata={"description": "ok, domain_not_allowed, wrong_key, no_key, missing, unreachable, "
                                                    "http_error or too_many_redirects"})
    message = fields.String(metadata={"description": "what was found and what to do, in a sentence"})
    url = fields.String(metadata={"description": "the page read, after redirects"})
    keys = fields.List(fields.String(), metadata={"description": "the site keys the page's snippets name"})
    widget_sources = fields.List(fields.String())
    domain_allowed = fields.Boolean(allow_none=True)
    also_allow = fields.String(allow_none=True, metadata={"description": "a Shopify store's myshopify.com address "
                                                                         "the site does not allow yet"})


class SightingSchema(Schema):
    origin = fields.String()
    first_seen_at = fields.DateTime()
    last_seen_at = fields.DateTime(metadata={"description": "its last config request that reached this server"})


class SightingsSchema(Schema):
    seen = fields.List(fields.Nested(SightingSchema), metadata={"description": "allowed origins, latest first"})
    refused = fields.List(fields.Nested(SightingSchema), metadata={"description": "origins refused in the last 7 days"})


class NewSurveyFromTemplateSchema(Schema):
    template = fields.String(required=True, validate=validate.OneOf(tuple(TEMPLATES)))
    name = Name("survey")


class TemplateSchema(Schema):
    id = fields.String()
    name = fields.String()
    kind = fields.String()
    trigger = fields.String()
    description = fields.String()
    definition = fields.Dict()


class StatusSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(SURVEY_STATUSES))


class DeletedSurveySchema(Schema):
    deleted = fields.Integer()
    responses_deleted = fields.Integer()


class PreviewSchema(Schema):
    """An unsaved definition, validated and turned into what the widget would receive."""

    survey = fields.Dict()


# --- rule tester ---------------------------------------------------------------------

class RuleTestSchema(Schema):
    url = HttpUrl(required=True)
    device = fields.String(load_default="desktop", validate=validate.OneOf(DEVICES))
    visitor = fields.String(load_default="new", validate=validate.OneOf(("new", "returning")))
    language = fields.String(load_default=None, allow_none=True,
                             validate=validate.Regexp(LOCALE_PATTERN, flags=re.IGNORECASE, error="Not a language code."))


class StopperSchema(Schema):
    rule = fields.String()
    message = fields.String()


class RuleVerdictSchema(Schema):
    survey_id = fields.Integer()
    name = fields.String()
    touchpoint = fields.String()
    status = fields.String()
    trigger = fields.String(allow_none=True)
    would_show = fields.Boolean()
    live = fields.Boolean()
    stopped_by = fields.Nested(StopperSchema, allow_none=True)
    notes = fields.List(fields.String())
    sample_percent = fields.Float()


class RuleTestResultSchema(Schema):
    url = fields.String()
    device = fields.String()
    visitor = fields.String()
    language = fields.String(allow_none=True)
    surveys = fields.List(fields.Nested(RuleVerdictSchema))


# --- results -------------------------------------------------------------------------

class ResultFiltersSchema(Schema):
    """Query-string filters of the dashboard, the response list and the CSV export."""

    date_from = fields.Date(data_key="from", load_default=None, metadata={"description": "first day (site time zone)"})
    date_to = fields.Date(data_key="to", load_default=None, metadata={"description": "last day (site time zone), included"})
    category = fields.String(load_default=None, validate=validate.OneOf(CATEGORIES))
    device = fields.String(load_default=None, validate=validate.OneOf(DEVICES))
    channel = fields.String(load_default=None, validate=validate.Regexp(CHANNEL_PATTERN, error="Not a channel name."),
                            metadata={"description": "web (the popup), or a survey link's channel label"})
    q = fields.String(load_default=None, validate=[validate.Length(min=1, max=200), storable_text],
                      metadata={"description": "text in the comment"})

    @validates_schema
    def range_order(self, data, **kwargs):
        """The range ends on or after its start."""
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise ValidationError("Must be on or after the start date.", "to")


class ResultsQuerySchema(ResultFiltersSchema):
    bucket = fields.String(load_default="day", validate=validate.OneOf(BUCKETS))


class ResponsesQuerySchema(ResultFiltersSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000), metadata={"description": "from 1"})
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))


class TouchpointQuerySchema(Schema):
    days = fields.Integer(load_default=30, validate=validate.Range(min=1, max=365),
                          metadata={"description": "the period; the trend compares it with the period before"})
    channel = fields.String(load_default=None, validate=validate.Regexp(CHANNEL_PATTERN, error="Not a channel name."),
                            metadata={"description": "only answers through this channel (web, or a link's label)"})


class SiteExportQuerySchema(Schema):
    format = fields.String(load_default="ndjson", validate=validate.OneOf(("ndjson", "csv")))


class ResultsSurveySchema(Schema):
    id = fields.Integer()
    site_id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    status = fields.String()


class TrendPointSchema(Schema):
    bucket = fields.String(metadata={"description": "first day of the day, week (Monday) or month"})
    score = fields.Float(allow_none=True)
    count = fields.Integer()


class ScoreCountSchema(Schema):
    score = fields.Integer()
    count = fields.Integer()
    category = fields.String(allow_none=True, validate=validate.OneOf(CATEGORIES),
                             metadata={"description": "what an answer of this score counts as, under the survey's thresholds"})


class SurveyFormatSchema(Schema):
    """The rules of the survey definition the builder follows, from the server's own schema."""

    scales = fields.Dict(keys=fields.String(), values=fields.List(fields.Integer()))
    default_thresholds = fields.Dict(keys=fields.String(), values=fields.List(fields.Float()))
    cli_items = fields.List(fields.String())
    trigger_defaults = fields.Dict(keys=fields.String(), values=fields.Dict())


class OptionCountSchema(Schema):
    option = fields.String()
    count = fields.Integer()


class ChoiceCountsSchema(Schema):
    question = fields.String()
    options = fields.List(fields.Nested(OptionCountSchema))


class ResponseRateSchema(Schema):
    responses = fields.Integer()
    displays = fields.Integer()
    dismissals = fields.Integer()
    rate = fields.Float(allow_none=True, metadata={"description": "responses per display, in %"})


class ResultsSchema(Schema):
    survey = fields.Nested(ResultsSurveySchema)
    filters = fields.Dict()
    headline = fields.Nested(HeadlineSchema)
    distribution = fields.List(fields.Nested(ScoreCountSchema))
    choices = fields.List(fields.Nested(ChoiceCountsSchema))
    trend = fields.List(fields.Nested(TrendPointSchema))
    response_rate = fields.Nested(ResponseRateSchema)
    cases = fields.Nested("SurveyCaseMetricsSchema", metadata={
        "description": "cases opened in the period: the survey's touchpoint, its site, and the recovery rate"})


class BreakdownRowSchema(Schema):
    value = fields.String()
    count = fields.Integer()
    answered = fields.Integer()
    score = fields.Float(allow_none=True)


class BreakdownsSchema(Schema):
    page = fields.List(fields.Nested(BreakdownRowSchema))
    device = fields.List(fields.Nested(BreakdownRowSchema))
    locale = fields.List(fields.Nested(BreakdownRowSchema))
    trigger = fields.List(fields.Nested(BreakdownRowSchema))
    channel = fields.List(fields.Nested(BreakdownRowSchema))


class RecoverySchema(Schema):
    message = fields.String()
    contact_consent = fields.Boolean()
    email = fields.String(allow_none=True)
    created_at = fields.String(metadata={"description": "ISO 8601, UTC"})


class ResponseRowSchema(Schema):
    id = fields.String()
    created_at = fields.String(metadata={"description": "ISO 8601, UTC"})
    completed = fields.Boolean()
    answers = fields.Dict()
    score = fields.Float(allow_none=True)
    category = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)
    page_url = fields.String()
    device = fields.String()
    browser = fields.String()
    os = fields.String()
    locale = fields.String()
    trigger = fields.String()
    channel = fields.String()
    hidden_fields = fields.Dict(metadata={"description": "a survey link's hidden fields"})
    recovery = fields.Nested(RecoverySchema, allow_none=True)


class PageSchema(Schema):
    """What every paginated list says besides its items."""

    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()


class ResponsePageSchema(PageSchema):
    items = fields.List(fields.Nested(ResponseRowSchema))


class TouchpointSchema(Schema):
    survey_id = fields.Integer()
    name = fields.String()
    touchpoint = fields.String()
    kind = fields.String()
    status = fields.String()
    metric = fields.String(allow_none=True)
    score = fields.Float(allow_none=True)
    previous_score = fields.Float(allow_none=True)
    responses = fields.Integer()
    trend = fields.String(validate=validate.OneOf(("up", "down", "flat", "none")))
    weakest = fields.Boolean()
    cases = fields.Nested("CaseMetricsSchema", metadata={"description": "cases of this touchpoint in the period"})


class StageSchema(Schema):
    stage = fields.String()
    touchpoints = fields.List(fields.Nested(TouchpointSchema))


class TouchpointMapSchema(Schema):
    days = fields.Integer()
    channel = fields.String(allow_none=True)
    channels = fields.List(fields.String(), metadata={"description": "the channels the site's answers can come through"})
    cases = fields.Nested("CaseMetricsSchema", metadata={"description": "the site's cases opened in the period"})
    recovery = fields.Nested("RecoveryRateSchema")
    stages = fields.List(fields.Nested(StageSchema))


class ErasedSchema(Schema):
    responses = fields.Integer()
    recoveries = fields.Integer()
    events = fields.Integer()
    event_counts = fields.Integer()


# --- webhooks ------------------------------------------------------------------------

class EndpointFiltersSchema(Schema):
    """Which events an endpoint gets besides their type: every filter set must match."""

    survey_id = StrictInt(allow_none=True, validate=validate.Range(min=1, max=2**31 - 1))
    touchpoint = fields.String(allow_none=True, validate=[validate.Length(min=1, max=120), storable_text])
    category = fields.String(allow_none=True, validate=validate.OneOf(CATEGORIES))
    max_score = fields.Float(allow_none=True, validate=validate.Range(min=0, max=10),
                             metadata={"description": "only answers scoring at most this"})


class EndpointSchema(Schema):
    """A webhook endpoint as the admin sees and edits it; never its secret (see NewSecretSchema)."""

    id = fields.Integer(dump_only=True)
    site_id = fields.Integer(dump_only=True)
    url = fields.String(required=True, validate=[validate.Length(min=1, max=2048), http_url])
    description = fields.String(load_default="", validate=[validate.Length(max=200), storable_text])
    kind = fields.String(load_default="webhook", validate=validate.OneOf(ENDPOINT_KINDS))
    events = fields.List(fields.String(validate=validate.OneOf(SUBSCRIBABLE)), required=True,
                         validate=validate.Length(min=1, max=len(SUBSCRIBABLE)))
    filters = fields.Nested(EndpointFiltersSchema, load_default=dict)
    enabled = fields.Boolean(dump_only=True)
    disabled_reason = fields.String(dump_only=True, allow_none=True)
    disabled_at = fields.DateTime(dump_only=True, allow_none=True)
    failed_in_a_row = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class NewEndpointSchema(EndpointSchema):
    """A just-created endpoint with its secret: the only answer besides a rotation that carries it."""

    secret = fields.String(dump_only=True, allow_none=True,
                           metadata={"description": "whsec_…, shown this once (null for Slack endpoints)"})


class NewSecretSchema(Schema):
    secret = fields.String(metadata={"description": "whsec_…, shown this once"})
    previous_valid_until = fields.DateTime(metadata={"description": "the old secret still signs until then"})


class AttemptSchema(Schema):
    started_at = fields.DateTime()
    status_code = fields.Integer(allow_none=True)
    latency_ms = fields.Integer()
    response_excerpt = fields.String()
    error = fields.String()


class DeliverySchema(Schema):
    id = fields.Integer()
    event_id = fields.String(metadata={"description": "the webhook-id receivers de-duplicate by"})
    event_type = fields.String()
    status = fields.String(metadata={"description": "pending, succeeded, failed (retrying) or gave_up"})
    attempt_count = fields.Integer()
    last_status = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    next_attempt_at = fields.DateTime(allow_none=True)
    attempts = fields.List(fields.Nested(AttemptSchema))


class DeliveryPageSchema(PageSchema):
    items = fields.List(fields.Nested(DeliverySchema))


class DeliveryQuerySchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000), metadata={"description": "from 1"})
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


# --- alerts --------------------------------------------------------------------------

def Addresses(most: int, **kwargs) -> fields.List:
    """E-mail addresses; a wrong one is named in an error under the list's own field, where the form shows it."""
    def is_address(value: str) -> bool:
        try:
            validate.Email()(value)
        except ValidationError:
            return False
        return len(value) <= 254

    def check(values: list[str]) -> None:
        wrong = [value for value in values if not is_address(value)]
        if wrong:
            raise ValidationError(f"Not an e-mail address: {', '.join(wrong[:3])}.")
        if len(values) > most:
            raise ValidationError(f"Keep to {most} addresses or fewer.")
    return fields.List(fields.String(validate=storable_text), validate=check,
                       metadata={"description": f"at most {most} e-mail addresses"}, **kwargs)


class AlertRuleSchema(Schema):
    """An alert rule: when (every condition set must hold) and to whom. Touchpoint owners come with the case inbox."""

    id = fields.Integer(dump_only=True)
    site_id = fields.Integer(dump_only=True)
    name = Name("rule", required=True)
    enabled = StrictBool(load_default=True)
    trigger = fields.String(load_default="answer", validate=validate.OneOf(ALERT_TRIGGERS), metadata={
        "description": "answer: a completed answer (response.completed); recovery: a recovery form "
                       "(recovery.submitted)"})
    survey_id = StrictInt(allow_none=True, load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    touchpoint = fields.String(load_default="", validate=[validate.Length(max=80), storable_text],
                               metadata={"description": "empty: any touchpoint"})
    category = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(CATEGORIES))
    max_score = fields.Float(allow_none=True, load_default=None, validate=validate.Range(min=0, max=10),
                             metadata={"description": "only answers scoring at most this"})
    words = fields.List(fields.String(validate=[validate.Length(min=1, max=60), storable_text]), load_default=list,
                        validate=validate.Length(max=20),
                        metadata={"description": "any of them at the start of a word of the comment, any case"})
    recipients = Addresses(20, required=True)
    notify_owner = StrictBool(load_default=False, metadata={
        "description": "also e-mail the owner of the answer's touchpoint (else the site's default owner)"})

    @validates_schema
    def someone_to_tell(self, data, partial=None, **kwargs):
        if "recipients" in data and not data["recipients"] and not data.get("notify_owner"):
            raise ValidationError("Add at least one e-mail address, or tell the touchpoint's owner.", "recipients")
    created_at = fields.DateTime(dump_only=True)


class DigestSettingSchema(Schema):
    frequency = fields.String(required=True, validate=validate.OneOf(DIGEST_FREQUENCIES))
    recipients = Addresses(20, load_default=list)

    @validates_schema
    def someone_when_on(self, data, **kwargs):
        if data.get("frequency", "off") != "off" and not data.get("recipients"):
            raise ValidationError("Add at least one e-mail address, or turn the digest off.", "recipients")


class SentMailSchema(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"description": "alert, endpoint_disabled or digest"})
    rule_id = fields.Integer(allow_none=True)
    subject = fields.String()
    recipients = fields.List(fields.String())
    status = fields.String(metadata={"description": "pending, sent, failed (retrying), gave_up, or mail_off "
                                                    "(recorded while MAIL_SERVER was not set: never sent)"})
    attempts = fields.Integer()
    last_error = fields.String()
    created_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)


class AlertsSchema(Schema):
    """The Alerts tab: whether e-mail is on, the rules, the digest and the newest e-mails."""

    mail_enabled = fields.Boolean(metadata={"description": "false when MAIL_SERVER is not set: alerts are recorded "
                                                           "but not sent"})
    rules = fields.List(fields.Nested(AlertRuleSchema))
    digest = fields.Nested(DigestSettingSchema)
    recent = fields.List(fields.Nested(SentMailSchema))


# --- cases ---------------------------------------------------------------------------

class CaseMetricsSchema(Schema):
    cases = fields.Integer(metadata={"description": "cases opened in the period"})
    open = fields.Integer(metadata={"description": "of those, not resolved yet"})
    median_first_action_hours = fields.Float(allow_none=True)
    median_resolve_hours = fields.Float(allow_none=True)
    within_sla_percent = fields.Float(allow_none=True, metadata={
        "description": "of the cases resolved or past a deadline, the share resolved within both deadlines"})


class RecoveryRateSchema(Schema):
    answered_again = fields.Integer(metadata={"description": "customers with a closed case who answered again later"})
    recovered = fields.Integer(metadata={"description": "of those, no longer detractors"})
    rate_percent = fields.Float(allow_none=True)


class SurveyCaseMetricsSchema(Schema):
    touchpoint = fields.Nested(CaseMetricsSchema)
    site = fields.Nested(CaseMetricsSchema)
    recovery = fields.Nested(RecoveryRateSchema)


class CaseQuerySchema(Schema):
    view = fields.String(load_default="all", validate=validate.OneOf(VIEWS))
    site_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    touchpoint = fields.String(load_default=None, validate=[validate.Length(min=1, max=80), storable_text])
    status = fields.String(load_default=None, validate=validate.OneOf(CASE_STATUSES))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000), metadata={"description": "from 1"})
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))


class CaseSummarySchema(Schema):
    id = fields.Integer()
    site_id = fields.Integer()
    site_name = fields.String()
    survey_id = fields.Integer()
    touchpoint = fields.String()
    status = fields.String(validate=validate.OneOf(CASE_STATUSES))
    resolution = fields.String(allow_none=True, validate=validate.OneOf(RESOLUTION_CODES))
    owner_id = fields.Integer(allow_none=True)
    owner_email = fields.String(allow_none=True)
    opened_at = fields.DateTime()
    first_action_at = fields.DateTime(allow_none=True)
    resolved_at = fields.DateTime(allow_none=True)
    first_action_due = fields.DateTime()
    resolve_due = fields.DateTime()
    overdue = fields.Boolean(metadata={"description": "unresolved and past a deadline now"})
    score = fields.Float(allow_none=True)
    category = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)


class CasePageSchema(PageSchema):
    items = fields.List(fields.Nested(CaseSummarySchema))


class CaseCountsSchema(Schema):
    mine = fields.Integer(metadata={"description": "unresolved cases the caller owns"})
    unassigned = fields.Integer(metadata={"description": "unresolved cases nobody owns"})
    overdue = fields.Integer(metadata={"description": "unresolved cases past a deadline"})
    all = fields.Integer(metadata={"description": "unresolved cases"})


class CaseEntrySchema(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    kind = fields.String(metadata={"description": "opened, recovery, assigned, started, note, reply, resolved, "
                                                  "reopened or overdue"})
    user_email = fields.String(allow_none=True, metadata={"description": "null for what the system did"})
    text = fields.String()
    data = fields.Dict()


class CaseSchema(CaseSummarySchema):
    survey_name = fields.String()
    kind = fields.String()
    response = fields.Nested(ResponseRowSchema, metadata={"description": "as the response list shows it, with the "
                                                                          "recovery message (its e-mail only with consent)"})
    timeline = fields.List(fields.Nested(CaseEntrySchema))
    can_reply = fields.Boolean(metadata={"description": "the customer consented and e-mail is on"})
    reply_blocked_reason = fields.String(allow_none=True)


class AssignSchema(Schema):
    owner_id = StrictInt(required=True, allow_none=True, validate=validate.Range(min=1, max=2**31 - 1),
                         metadata={"description": "an admin or agent; null leaves the case unassigned"})


class ResolveSchema(Schema):
    resolution = fields.String(required=True, validate=validate.OneOf(RESOLUTION_CODES))


class NoteSchema(Schema):
    text = fields.String(required=True, validate=[validate.Length(min=1, max=5000), storable_text])


class ReplySchema(Schema):
    subject = fields.String(load_default="", validate=[validate.Length(max=200), storable_text])
    text = fields.String(required=True, validate=[validate.Length(min=1, max=20_000), storable_text])

    @validates_schema
    def one_line_subject(self, data, **kwargs):
        """A subject is a header: a line break in it would start another header."""
        if any(c in data.get("subject", "") for c in "\r\n"):
            raise ValidationError("Use one line.", "subject")


class CaseRuleSchema(Schema):
    detractors = StrictBool(load_default=True, metadata={"description": "every detractor opens a case"})
    csat_max = StrictInt(load_default=2, allow_none=True, validate=validate.Range(min=1, max=5),
                         metadata={"description": "a CSAT answer at most this opens a case (null: none)"})
    ces_max = StrictInt(load_default=3, allow_none=True, validate=validate.Range(min=1, max=7),
                        metadata={"description": "a CES answer at most this opens a case (null: none)"})


class TouchpointOwnerSchema(Schema):
    touchpoint = fields.String(required=True, validate=[validate.Length(min=1, max=80), storable_text])
    user_id = StrictInt(required=True, validate=validate.Range(min=1, max=2**31 - 1))


class CaseSettingsSchema(Schema):
    """A site's case inbox settings: on or off, the rule, the SLA, the default owner and the touchpoint owners."""

    cases_enabled = StrictBool()
    case_rule = fields.Nested(CaseRuleSchema)
    sla_first_action_hours = StrictInt(validate=validate.Range(min=1, max=24 * 90))
    sla_resolve_hours = StrictInt(validate=validate.Range(min=1, max=24 * 365))
    default_owner_id = StrictInt(allow_none=True, validate=validate.Range(min=1, max=2**31 - 1))
    touchpoint_owners = fields.List(fields.Nested(TouchpointOwnerSchema), validate=validate.Length(max=500),
                                    metadata={"description": "replaces every owner when sent"})
    touchpoints = fields.List(fields.String(), dump_only=True,
                              metadata={"description": "the touchpoint labels of the site's surveys"})

    @validates_schema
    def deadlines_in_order(self, data, **kwargs):
        """Resolving cannot be due before the first action."""
        first, resolve = data.get("sla_first_action_hours"), data.get("sla_resolve_hours")
        if first is not None and resolve is not None and resolve < first:
            raise ValidationError("Must be at least the time to first action.", "sla_resolve_hours")


login_schema = LoginSchema()
session_schema = SessionSchema()
user_schema = UserSchema()
admin_session_schema = AdminSessionSchema()
ended_sessions_schema = EndedSessionsSchema()
new_user_schema = NewUserSchema()
user_change_schema = UserChangeSchema()
site_schema = SiteSchema()
installation_check_schema = InstallationCheckSchema()
survey_summary_schema = SurveySummarySchema()
new_survey_from_template_schema = NewSurveyFromTemplateSchema()
template_schema = TemplateSchema()
status_schema = StatusSchema()
rule_test_schema = RuleTestSchema()
rule_test_result_schema = RuleTestResultSchema()
results_query_schema = ResultsQuerySchema()
responses_query_schema = ResponsesQuerySchema()
result_filters_schema = ResultFiltersSchema()
touchpoint_query_schema = TouchpointQuerySchema()
site_export_query_schema = SiteExportQuerySchema()
endpoint_schema = EndpointSchema()
delivery_query_schema = DeliveryQuerySchema()
alert_rule_schema = AlertRuleSchema()
digest_setting_schema = DigestSettingSchema()
case_query_schema = CaseQuerySchema()
case_schema = CaseSchema()
case_page_schema = CasePageSchema()
assign_schema = AssignSchema()
resolve_schema = ResolveSchema()
note_schema = NoteSchema()
reply_schema = ReplySchema()
case_settings_schema = CaseSettingsSchema()
