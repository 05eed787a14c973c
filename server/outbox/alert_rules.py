"""What the admin API calls for the Alerts tab: alert rules, the digest settings, and what was sent lately.

Every change to a site's rules bumps the site's version, so ingest's cached
survey views re-read whether the site's events are written (outbox.site_listens).
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import delete, select

from ..database import db
from ..errors import ApiError
from ..extensions import config_cache
from ..models import AlertRule, DigestSetting, MailJob, Site, Survey
from .mail import mail_enabled

RULE_FIELDS = ("name", "enabled", "trigger", "survey_id", "touchpoint", "category", "max_score", "words", "notify_owner",
               "recipients")
RECENT_MAILS = 10
DEMO_RULE = {"name": "Demo: every detractor", "category": "detractor", "recipients": ["cx-team@example.com"]}


def rule_errors(site: Site, values: dict) -> dict[str, list[str]]:
    """What the schema cannot check: the survey must be one of this site's."""
    if values.get("survey_id") is not None:
        survey = db.session.get(Survey, values["survey_id"])
        if survey is None or survey.site_id != site.id:
            return {"survey_id": ["No such survey on this site."]}
    return {}


def site_rules(site: Site) -> list[AlertRule]:
    return list(db.session.scalars(select(AlertRule).where(AlertRule.site_id == site.id).order_by(AlertRule.id)))


def create_rule(site: Site, values: dict) -> AlertRule:
    """Add a rule; the site starts writing events if it did not."""
    errors = rule_errors(site, values)
    if errors:
        raise ApiError(422, "The alert rule cannot be saved.", errors)
    rule = AlertRule(site_id=site.id, **{key: values[key] for key in RULE_FIELDS if key in values})
    db.session.add(rule)
    db.session.commit()
    config_cache.invalidate(site.key)
    return rule


def update_rule(rule: AlertRule, changes: dict) -> AlertRule:
    """Change any subset of a rule's fields."""
    site = db.session.get(Site, rule.site_id)
    errors = rule_errors(site, changes)
    if errors:
        raise ApiError(422, "The alert rule cannot be saved.", errors)
    for key in RULE_FIELDS:
        if key in changes:
            setattr(rule, key, changes[key])
    db.session.commit()
    config_cache.invalidate(site.key)
    return rule


def delete_rule(rule: AlertRule) -> None:
    """Remove a rule; e-mails it recorded stay in the log without it."""
    site_key = db.session.get(Site, rule.site_id).key
    db.session.execute(delete(AlertRule).where(AlertRule.id == rule.id))
    db.session.commit()
    config_cache.invalidate(site_key)


def seed_demo_rule(site: Site) -> AlertRule | None:
    """Give the demo site one alert rule (every detractor), unless it has one; the new rule."""
    if site_rules(site):
        return None
    return create_rule(site, dict(DEMO_RULE))


def digest_of(site: Site) -> DigestSetting:
    """The site's digest settings (off, to nobody, when never set)."""
    return db.session.get(DigestSetting, site.id) or DigestSetting(site_id=site.id, frequency="off", recipients=[])


def save_digest(site: Site, frequency: str, recipients: list[str]) -> DigestSetting:
    setting = db.session.get(DigestSetting, site.id)
    if setting is None:
        setting = DigestSetting(site_id=site.id)
        db.session.add(setting)
    setting.frequency, setting.recipients = frequency, list(dict.fromkeys(recipients))
    db.session.commit()
    return setting


def recent_mails(site: Site, limit: int = RECENT_MAILS) -> list[MailJob]:
    """The site's newest e-mails (alerts, notices, digests) with their status."""
    return list(db.session.scalars(select(MailJob).where(MailJob.site_id == site.id)
                                   .order_by(MailJob.created_at.desc(), MailJob.id.desc()).limit(limit)))


def alerts_overview(site: Site) -> dict:
    """What the Alerts tab shows: whether e-mail is on, the rules, the digest and the latest e-mails."""
    return {"mail_enabled": mail_enabled(current_app.config), "rules": site_rules(site), "digest": digest_of(site),
            "recent": recent_mails(site)}
