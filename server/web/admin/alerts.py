"""Alerts of a site: e-mail alert rules, the scheduled digest, and the newest e-mails sent.

Thin handlers: the rules live in server/outbox (alert_rules.py, alerts.py).
"""
from __future__ import annotations

from flask import Blueprint

from ...models import AlertRule
from ...outbox.alert_rules import alerts_overview, create_rule, delete_rule, digest_of, save_digest, update_rule
from ..jsonbody import json_body
from ..openapi import doc
from ..schemas.admin import AlertRuleSchema, AlertsSchema, DigestSettingSchema, alert_rule_schema, digest_setting_schema
from .lookups import found, site_or_404

bp = Blueprint("alerts", __name__)
MAX_BODY = 16 * 1024
TAG = "admin alerts"


def rule_or_404(rule_id: int) -> AlertRule:
    return found(AlertRule, rule_id, "alert rule")


@bp.get("/sites/<id:site_id>/alerts")
@doc("A site's alert rules, digest settings and newest e-mails", tag=TAG,
     responses={200: ("The Alerts tab", AlertsSchema)}, errors=(404,), admin=True)
def list_alerts(site_id: int):
    """Whether e-mail is on, every rule (oldest first), the digest and the ten newest e-mails."""
    return AlertsSchema().dump(alerts_overview(site_or_404(site_id)))


@bp.post("/sites/<id:site_id>/alerts")
@doc("Add an alert rule", tag=TAG, body=AlertRuleSchema, responses={201: ("Created", AlertRuleSchema)},
     errors=(400, 404, 422), admin=True)
def add_rule(site_id: int):
    """A new rule; the site's answers are matched against it from now on."""
    site = site_or_404(site_id)
    return alert_rule_schema.dump(create_rule(site, alert_rule_schema.load(json_body(MAX_BODY)))), 201


@bp.get("/alerts/<id:rule_id>")
@doc("One alert rule", tag=TAG, responses={200: ("The rule", AlertRuleSchema)}, errors=(404,), admin=True)
def get_rule(rule_id: int):
    """A rule's conditions and recipients."""
    return alert_rule_schema.dump(rule_or_404(rule_id))


@bp.patch("/alerts/<id:rule_id>")
@doc("Change an alert rule (any subset)", tag=TAG, body=AlertRuleSchema, responses={200: ("Changed", AlertRuleSchema)},
     errors=(400, 404, 422), admin=True)
def change_rule(rule_id: int):
    """Change conditions, recipients, the name, or turn the rule on or off."""
    rule = rule_or_404(rule_id)
    return alert_rule_schema.dump(update_rule(rule, alert_rule_schema.load(json_body(MAX_BODY), partial=True)))


@bp.delete("/alerts/<id:rule_id>")
@doc("Delete an alert rule", tag=TAG, responses={204: "Deleted"}, errors=(404,), admin=True)
def remove_rule(rule_id: int):
    """Delete a rule; the e-mails it sent stay listed without it."""
    delete_rule(rule_or_404(rule_id))
    return "", 204


@bp.get("/sites/<id:site_id>/digest")
@doc("A site's digest settings", tag=TAG, responses={200: ("The digest", DigestSettingSchema)}, errors=(404,),
     admin=True)
def get_digest(site_id: int):
    """How often the digest goes out (off, daily, weekly) and to whom."""
    return digest_setting_schema.dump(digest_of(site_or_404(site_id)))


@bp.put("/sites/<id:site_id>/digest")
@doc("Set a site's digest", tag=TAG, body=DigestSettingSchema, responses={200: ("Saved", DigestSettingSchema)},
     errors=(400, 404, 422), admin=True)
def put_digest(site_id: int):
    """Turn the digest off, or on daily or weekly to some addresses."""
    site = site_or_404(site_id)
    data = digest_setting_schema.load(json_body(MAX_BODY))
    return digest_setting_schema.dump(save_digest(site, data["frequency"], data["recipients"]))
