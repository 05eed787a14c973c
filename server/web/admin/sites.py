"""Sites: settings, the snippet to paste and its platform variants."""
from __future__ import annotations

from flask import Blueprint, current_app
from sqlalchemy import select

from ...catalog.sites import delete_site, save_site, survey_counts
from ...database import db
from ...delivery.installation import check_installation
from ...delivery.sightings import sightings_of
from ...delivery.snippets import html_snippet, platform_snippets
from ...models import Site, utcnow
from ..hosts import public_url
from ..jsonbody import json_body
from ..openapi import doc
from ..schemas.admin import (
    InstallationCheckSchema,
    InstallationResultSchema,
    SightingsSchema,
    SiteSchema,
    installation_check_schema,
    site_schema,
)
from .lookups import site_or_404

bp = Blueprint("sites", __name__)
MAX_BODY = 16 * 1024


def site_out(site: Site, count: int | None = None, with_snippets: bool = True) -> dict:
    """A site as the admin shows it: settings, survey count, and the snippets filled in for this server."""
    host = public_url()
    data = site_schema.dump(site)
    data["survey_count"] = survey_counts([site.id]).get(site.id, 0) if count is None else count
    data["snippet"] = html_snippet(host, site.key)
    data["snippets"] = platform_snippets(host, site.key) if with_snippets else []
    return data


@bp.get("/sites")
@doc("List the sites", tag="admin sites", responses={200: ("Sites", SiteSchema(many=True))}, errors=(), admin=True)
def list_sites():
    """Every site with its survey count and snippet (platform variants come with a single site)."""
    sites = db.session.execute(select(Site).order_by(Site.name, Site.id)).scalars().all()
    counts = survey_counts([s.id for s in sites])
    return [site_out(s, counts.get(s.id, 0), with_snippets=False) for s in sites]


@bp.post("/sites")
@doc("Create a site", tag="admin sites", body=SiteSchema, responses={201: ("Created", SiteSchema)},
     errors=(400, 422), admin=True)
def create_site():
    """Create a site; its key is generated."""
    site = save_site(site_schema.load(json_body(MAX_BODY)))
    return site_out(site, 0), 201


@bp.get("/sites/<id:site_id>")
@doc("One site with its snippets", tag="admin sites", responses={200: ("The site", SiteSchema)},
     errors=(404,), admin=True)
def get_site(site_id: int):
    """One site, with the snippet and its platform variants."""
    return site_out(site_or_404(site_id))


@bp.patch("/sites/<id:site_id>")
@doc("Change a site's settings (any subset)", tag="admin sites", body=SiteSchema,
     responses={200: ("Changed", SiteSchema)}, errors=(400, 404, 422), admin=True)
def update_site(site_id: int):
    """Change some settings of a site; its cached config is dropped at once."""
    site = site_or_404(site_id)
    data = site_schema.load(json_body(MAX_BODY), partial=True)
    return site_out(save_site(data, site))


@bp.post("/sites/<id:site_id>/installation-check")
@doc("Fetch a page of the site and say whether this site's snippet is on it", tag="admin sites",
     body=InstallationCheckSchema, responses={200: ("What the page holds", InstallationResultSchema)},
     errors=(400, 404, 422), admin=True)
def installation_check(site_id: int):
    """Read a page server-side (through the SSRF guard) and look for the snippet with this site's key."""
    site = site_or_404(site_id)
    url = installation_check_schema.load(json_body(MAX_BODY))["url"]
    key, domains, config = site.key, list(site.allowed_domains or []), current_app.config
    db.session.rollback()  # no transaction stays open while the page takes its time
    return check_installation(url, key, domains, min(config["WEBHOOK_TIMEOUT"], 10.0), config["WEBHOOKS_ALLOW_PRIVATE"])


@bp.get("/sites/<id:site_id>/origins")
@doc("The page origins that asked for this site's config: allowed ones with their last request, refused ones",
     tag="admin sites", responses={200: ("Origins seen", SightingsSchema)}, errors=(404,), admin=True)
def origins(site_id: int):
    """Install feedback: where the snippet runs, and which domains it was refused on lately."""
    return SightingsSchema().dump(sightings_of(site_or_404(site_id).id, utcnow()))


@bp.delete("/sites/<id:site_id>")
@doc("Delete a site with its surveys and responses", tag="admin sites", responses={204: "Deleted"},
     errors=(404,), admin=True)
def remove_site(site_id: int):
    """Delete a site, its surveys and every response."""
    delete_site(site_or_404(site_id))
    return "", 204
