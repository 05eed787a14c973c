"""A site's case settings: on or off, the rule, the SLA hours, the default owner and the touchpoint owners."""
from __future__ import annotations

from sqlalchemy import delete, select

from ..database import db
from ..errors import ApiError
from ..extensions import config_cache
from ..models import Site, Survey, TouchpointOwner, User
from .rules import rule_of
from .workflow import touchpoint_owners

FIELDS = ("cases_enabled", "sla_first_action_hours", "sla_resolve_hours", "default_owner_id")


def case_settings(site: Site) -> dict:
    """The settings as the admin edits them, with the touchpoint labels the site's surveys use."""
    labels = db.session.scalars(select(Survey.touchpoint).where(Survey.site_id == site.id, Survey.touchpoint != "")
                                .distinct().order_by(Survey.touchpoint)).all()
    return {**{name: getattr(site, name) for name in FIELDS}, "case_rule": rule_of(site.case_rule),
            "touchpoint_owners": [{"touchpoint": label, "user_id": user_id}
                                  for label, user_id in sorted(touchpoint_owners(site.id).items())],
            "touchpoints": list(labels)}


def owner_errors(data: dict) -> dict[str, list[str]]:
    """Owners must be users who work cases (admins and agents), by field name."""
    wanted = {("default_owner_id", data.get("default_owner_id"))}
    wanted |= {(f"touchpoint_owners.{index}.user_id", owner["user_id"])
               for index, owner in enumerate(data.get("touchpoint_owners") or [])}
    ids = {user_id for _, user_id in wanted if user_id is not None}
    acting = set(db.session.scalars(select(User.id).where(User.id.in_(ids), User.role.in_(("admin", "agent")))))
    return {field: ["Choose an admin or an agent."] for field, user_id in wanted
            if user_id is not None and user_id not in acting}


def save_case_settings(site: Site, data: dict) -> Site:
    """Apply any subset of the settings, commit, and drop the site's cached view (it decides whether events are
    written, so turning cases on or off takes effect at once)."""
    errors = owner_errors(data)
    first = data.get("sla_first_action_hours", site.sla_first_action_hours)
    if data.get("sla_resolve_hours", site.sla_resolve_hours) < first:
        errors["sla_resolve_hours"] = ["Must be at least the time to first action."]
    if errors:
        raise ApiError(422, "Some fields need attention.", errors)
    for name in FIELDS:
        if name in data:
            setattr(site, name, data[name])
    if "case_rule" in data:
        site.case_rule = rule_of(data["case_rule"])
    if "touchpoint_owners" in data:
        db.session.execute(delete(TouchpointOwner).where(TouchpointOwner.site_id == site.id))
        owners = {owner["touchpoint"]: owner["user_id"] for owner in data["touchpoint_owners"]}
        db.session.add_all(TouchpointOwner(site_id=site.id, touchpoint=label, user_id=user_id)
                           for label, user_id in owners.items())
    db.session.commit()
    config_cache.invalidate(site.key)
    return site
