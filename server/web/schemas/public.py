"""Request and response shapes of the public widget API (/v1)."""
from marshmallow import Schema, fields, validate

from ...fields import SiteKey, StrictBool, StrictInt
from ...models import EVENT_TYPES


class TimingsSchema(Schema):
    first_answer_ms = StrictInt(validate=validate.Range(min=0, max=86_400_000), allow_none=True)
    duration_ms = StrictInt(validate=validate.Range(min=0, max=86_400_000), allow_none=True)


class ResponseInSchema(Schema):
    """One response as the widget sends it; answers are checked against the survey afterwards."""

    id = fields.UUID(required=True)
    site_key = SiteKey(required=True)
    survey_id = StrictInt(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    answers = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=32)), required=True,
                          validate=validate.Length(max=11))
    completed = StrictBool(load_default=False)
    page_url = fields.String(load_default="", validate=validate.Length(max=2048))
    referrer = fields.String(load_default="", validate=validate.Length(max=2048))
    locale = fields.String(load_default="", validate=[validate.Length(max=35),
                                                      validate.Regexp(r"^([A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*)?$")])
    trigger = fields.String(load_default="", validate=validate.Length(max=20))
    timings = fields.Nested(TimingsSchema, load_default=dict)
    visitor = fields.UUID(load_default=None, metadata={
        "description": "the widget's random id of this browser; stored only as a per-site keyed hash"})
    link = fields.String(load_default=None, validate=validate.Regexp(r"^[A-Za-z0-9_-]{1,16}$"), metadata={
        "description": "the key of the survey's hosted link, when the answer comes from its page"})
    kiosk = StrictBool(load_default=False, metadata={"description": "answered on a link page in kiosk mode"})
    token = fields.String(load_default=None, validate=validate.Length(min=1, max=200), metadata={
        "description": "a personal link's single-use token (its ?token=), when the link takes answers only so"})
    hidden_fields = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=32)),
                                values=fields.String(validate=validate.Length(max=200)), load_default=dict,
                                validate=validate.Length(max=10), data_key="fields",
                                metadata={"description": "the link's hidden fields: URL parameters it declares"})


class RecoveryInSchema(Schema):
    """What a detractor tells the widget's recovery step: stored exactly as the hosted page's form is."""

    response_id = fields.UUID(required=True)
    site_key = SiteKey(required=True)
    message = fields.String(load_default="", validate=validate.Length(max=20_000))  # the form's own limit is checked after
    email = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    consent = StrictBool(load_default=False)


class RecoveryOutSchema(Schema):
    response_id = fields.UUID()
    stored = fields.Boolean(metadata={"description": "false when this response had a recovery answer already"})


class ResponseOutSchema(Schema):
    id = fields.UUID()
    survey_id = fields.Integer()
    score = fields.Float(allow_none=True)
    category = fields.String(allow_none=True)
    completed = fields.Boolean()


class EventInSchema(Schema):
    id = fields.UUID(required=True)
    survey_id = StrictInt(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))


class EventBatchSchema(Schema):
    site_key = SiteKey(required=True)
    events = fields.List(fields.Nested(EventInSchema), required=True, validate=validate.Length(min=1, max=50))


class EventBatchOutSchema(Schema):
    accepted = fields.Integer()


class ErrorSchema(Schema):
    """The one error shape of every 4xx and 5xx."""

    code = fields.String(required=True)
    message = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


response_in_schema = ResponseInSchema()
recovery_in_schema = RecoveryInSchema()
response_out_schema = ResponseOutSchema()
event_batch_schema = EventBatchSchema()
