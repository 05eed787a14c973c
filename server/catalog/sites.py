"""Sites: created, changed and deleted; every change drops the site's cached config at once."""
from __future__ import annotations

from sqlalchemy import func, select

from ..database import db
from ..delivery.origins import normalise_domain
from ..extensions import config_cache
from ..models import Site, Survey

SITE_FIELDS = ("name", "allowed_domains", "cooldown_days", "honor_gpc", "honor_dnt", "ip_mode", "link_answers", "time_zone")


def apply_site(site: Site, data: dict) -> Site:
    """Copy validated site settings; domains are normalised to bare host patterns."""
    for name in SITE_FIELDS:
        if name in data:
            value = data[name]
            if name == "allowed_domains":
                value = list(dict.fromkeys(d for d in map(normalise_domain, value) if d))
            setattr(site, name, value)
    return site


def save_site(data: dict, site: Site | None = None) -> Site:
    """Create or update a site from validated settings, commit and invalidate its config."""
    site = apply_site(site or Site(), data)
    db.session.add(site)
    db.session.commit()
    config_cache.invalidate(site.key)
    return site


def site_by_key(site_key: str) -> Site | None:
    """The site with this public key, or None."""
    return db.session.execute(select(Site).where(Site.key == site_key)).scalar_one_or_none()


def survey_counts(site_ids: list[int]) -> dict[int, int]:
    """How many surveys each site has."""
    rows = db.session.execute(select(Survey.site_id, func.count()).where(Survey.site_id.in_(site_ids))
                              .group_by(Survey.site_id))
    return dict(rows.all())


def delete_site(site: Site) -> None:
    """Delete a site with its surveys and all their data, and drop its cached config."""
    key = site.key
    db.session.delete(site)
    db.session.commit()
    config_cache.invalidate(key)
