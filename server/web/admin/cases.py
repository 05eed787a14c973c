"""The case inbox: the views and their counts, one case, and the actions on it; a site's case settings.

Thin handlers: the rules live in server/cases. The case metrics ride on the
results and touchpoint-map answers (results.py). Everyone signed in reads; admins
and agents act on cases (agent_may); only admins change a site's settings.
"""
from __future__ import annotations

from flask import Blueprint, current_app

from ...cases import workflow
from ...cases.queries import case_detail, case_page, counts
from ...cases.replies import reply, reply_refusal
from ...cases.settings import case_settings, save_case_settings
from ...database import db
from ...errors import ApiError
from ...models import Case, User, utcnow
from ..jsonbody import json_body
from ..openapi import doc
from ..schemas.admin import (
    AssignSchema,
    CaseCountsSchema,
    CasePageSchema,
    CaseSchema,
    CaseSettingsSchema,
    NoteSchema,
    ReplySchema,
    ResolveSchema,
    assign_schema,
    case_page_schema,
    case_query_schema,
    case_schema,
    case_settings_schema,
    note_schema,
    reply_schema,
    resolve_schema,
)
from .guard import agent_may, current_user
from .lookups import found, query_args, site_or_404

bp = Blueprint("cases", __name__)
TAG = "admin cases"
MAX_BODY = 64 * 1024


def case_or_404(case_id: int) -> Case:
    return found(Case, case_id, "case")


def case_out(case: Case):
    """A case as the case page shows it, with whether a reply can be sent (and why not)."""
    refusal = reply_refusal(case, current_app.config)
    return case_schema.dump({**case_detail(case, utcnow()), "can_reply": refusal is None,
                             "reply_blocked_reason": refusal.message if refusal else None})


def acted(case: Case):
    """Commit an action and answer with the case as it is now."""
    db.session.commit()
    return case_out(case)


@bp.get("/cases")
@doc("A page of the inbox: one view (mine, unassigned, overdue, all) under filters", tag=TAG,
     responses={200: ("Cases, newest first", CasePageSchema)}, errors=(422,), admin=True, query=case_query_schema)
def list_cases():
    """The cases of a view, filtered by site, touchpoint and status."""
    data = case_query_schema.load(query_args())
    page = case_page(data["view"], current_user(), utcnow(), data["site_id"], data["touchpoint"], data["status"],
                     data["page"], data["per_page"])
    return case_page_schema.dump(page)


@bp.get("/cases/counts")
@doc("How many unresolved cases each view holds (the navigation's numbers)", tag=TAG,
     responses={200: ("Counts", CaseCountsSchema)}, errors=(), admin=True)
def case_counts():
    """Mine, unassigned, overdue and all, unresolved only."""
    return CaseCountsSchema().dump(counts(current_user(), utcnow()))


@bp.get("/cases/<id:case_id>")
@doc("One case: the answer, the recovery message, notes and the timeline", tag=TAG,
     responses={200: ("The case", CaseSchema)}, errors=(404,), admin=True)
def get_case(case_id: int):
    """A case with everything its page shows."""
    return case_out(case_or_404(case_id))


@bp.post("/cases/<id:case_id>/assign")
@doc("Give a case to an admin or agent, or to nobody", tag=TAG, body=AssignSchema,
     responses={200: ("The case", CaseSchema)}, errors=(400, 404, 422), admin=True)
@agent_may
def assign_case(case_id: int):
    """Set the owner; a new owner of an overdue case is e-mailed by the next sweep."""
    case = case_or_404(case_id)
    data = assign_schema.load(json_body(MAX_BODY))
    owner = db.session.get(User, data["owner_id"]) if data["owner_id"] else None
    if data["owner_id"] and owner is None:
        raise ApiError(422, "Some fields need attention.", {"owner_id": ["No such user."]})
    return acted(workflow.assign(case, owner, current_user()))


@bp.post("/cases/<id:case_id>/start")
@doc("Start working a case (open → in progress)", tag=TAG, responses={200: ("The case", CaseSchema)},
     errors=(404, 409), admin=True)
@agent_may
def start_case(case_id: int):
    """Open → in progress."""
    return acted(workflow.start(case_or_404(case_id), current_user()))


@bp.post("/cases/<id:case_id>/resolve")
@doc("Resolve a case with a resolution code", tag=TAG, body=ResolveSchema,
     responses={200: ("The case", CaseSchema)}, errors=(400, 404, 409, 422), admin=True)
@agent_may
def resolve_case(case_id: int):
    """Close the case: contacted, refunded, fixed, no_action_possible or duplicate."""
    case = case_or_404(case_id)
    data = resolve_schema.load(json_body(MAX_BODY))
    return acted(workflow.resolve(case, data["resolution"], current_user()))


@bp.post("/cases/<id:case_id>/reopen")
@doc("Reopen a resolved case", tag=TAG, responses={200: ("The case", CaseSchema)}, errors=(404, 409), admin=True)
@agent_may
def reopen_case(case_id: int):
    """Resolved → open, with a fresh resolve deadline."""
    return acted(workflow.reopen(case_or_404(case_id), current_user()))


@bp.post("/cases/<id:case_id>/notes")
@doc("Add an internal note", tag=TAG, body=NoteSchema, responses={201: ("The case", CaseSchema)},
     errors=(400, 404, 422), admin=True)
@agent_may
def add_note(case_id: int):
    """A note on the timeline; never sent to the customer or a webhook."""
    case = case_or_404(case_id)
    data = note_schema.load(json_body(MAX_BODY))
    workflow.add_note(case, data["text"], current_user())
    return acted(case), 201


@bp.post("/cases/<id:case_id>/reply")
@doc("E-mail the customer (only with their consent, only when e-mail is on)", tag=TAG, body=ReplySchema,
     responses={201: ("The case", CaseSchema)}, errors=(400, 404, 409, 422, 503), admin=True)
@agent_may
def reply_to_customer(case_id: int):
    """Send to the consented address, Reply-To the agent; the reply joins the timeline."""
    case = case_or_404(case_id)
    data = reply_schema.load(json_body(MAX_BODY))
    reply(case, data["subject"], data["text"], current_user(), current_app.config)
    return acted(case), 201


@bp.get("/sites/<id:site_id>/case-settings")
@doc("A site's case settings: rule, SLA, default owner and touchpoint owners", tag=TAG,
     responses={200: ("The settings", CaseSettingsSchema)}, errors=(404,), admin=True)
def get_case_settings(site_id: int):
    """The settings with the site's touchpoint labels."""
    return case_settings_schema.dump(case_settings(site_or_404(site_id)))


@bp.patch("/sites/<id:site_id>/case-settings")
@doc("Change a site's case settings (any subset; touchpoint_owners replaces them all)", tag=TAG,
     body=CaseSettingsSchema, responses={200: ("The settings", CaseSettingsSchema)}, errors=(400, 404, 422),
     admin=True)
def change_case_settings(site_id: int):
    """Turn cases on or off, change the rule, the SLA or the owners (admins only)."""
    site = site_or_404(site_id)
    data = case_settings_schema.load(json_body(MAX_BODY), partial=True)
    return case_settings_schema.dump(case_settings(save_case_settings(site, data)))

