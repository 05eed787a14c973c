"""Per-site privacy: export everything stored for a site, or erase its responses (admins only)."""
from __future__ import annotations

from flask import Blueprint, current_app, stream_with_context

from ...ingest.erasure import erase_site_responses
from ...reporting.exports import EXPORT_TYPES, site_export
from ..openapi import doc
from ..schemas.admin import ErasedSchema, site_export_query_schema
from .guard import admin_only
from .lookups import query_args, site_or_404

bp = Blueprint("privacy", __name__)


@bp.get("/sites/<id:site_id>/export")
@doc("Every response of a site (NDJSON or CSV, streamed)", tag="admin privacy",
     responses={200: ("NDJSON (default) or CSV", None, "application/x-ndjson")}, errors=(404, 422), admin=True,
     query=site_export_query_schema)
@admin_only
def export_site(site_id: int):
    """Stream all of a site's responses with their recovery answers."""
    fmt = site_export_query_schema.load(query_args())["format"]
    site = site_or_404(site_id)
    response = current_app.response_class(stream_with_context(site_export(site, fmt)), mimetype=EXPORT_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="touchpoint-{site.key}.{fmt}"'
    return response


@bp.delete("/sites/<id:site_id>/responses")
@doc("Erase every response, recovery answer and event of a site", tag="admin privacy",
     responses={200: ("How many of each were deleted", ErasedSchema)}, errors=(404,), admin=True)
def erase_site(site_id: int):
    """Delete all responses, recovery answers and events of a site; its surveys stay."""
    return ErasedSchema().dump(erase_site_responses(site_or_404(site_id)))
