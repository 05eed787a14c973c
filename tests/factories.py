"""Building sites, surveys and request bodies for tests."""
from __future__ import annotations

import json
import uuid

from server.catalog.sites import save_site
from server.catalog.surveys import save_survey
from server.catalog.templates import template
from server.extensions import db
from server.models import Site, Survey

ORIGIN = "https://shop.example"
DESKTOP_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/126.0.0.0 Safari/537.36")
PHONE_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")
TABLET_UA = ("Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
             "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")
BOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def make_site(app, **settings) -> tuple[int, str]:
    """Create a site allowing shop.example; returns (id, key)."""
    with app.app_context():
        site = save_site({"name": "Shop", "allowed_domains": ["shop.example", "localhost"], **settings})
        return site.id, site.key


def make_survey(app, site_id: int, template_name: str = "nps", /, **overrides) -> int:
    """Create a survey from a template (active by default); returns its id. Overrides may set any field."""
    definition = template(template_name)
    definition.update({"status": "active", **overrides})
    with app.app_context():
        site = db.session.get(Site, site_id)
        return save_survey(site, definition).id


def update_survey(app, survey_id: int, **changes) -> None:
    """Change fields of a survey through the same path the admin uses."""
    from server.catalog.surveys import definition_of
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        current = definition_of(survey)
        current.update(changes)
        save_survey(survey.site, current, survey)


def response_body(site_key: str, survey_id: int, answers=None, **extra) -> dict:
    body = {"id": str(uuid.uuid4()), "site_key": site_key, "survey_id": survey_id,
            "answers": {"score": 9} if answers is None else answers, "page_url": "https://shop.example/cart?x=1",
            "referrer": "https://www.google.com/", "locale": "en", "trigger": "exit_intent"}
    body.update(extra)
    return body


def post_json(client, path: str, body, origin: str | None = ORIGIN, ua: str = DESKTOP_UA,
              content_type: str = "application/json", **kwargs):
    """POST a body (dict → JSON, bytes/str as is) the way the widget would."""
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    headers = {"Content-Type": content_type, "User-Agent": ua, **kwargs.pop("headers", {})}
    if origin is not None:
        headers["Origin"] = origin
    return client.post(path, data=data, headers=headers, **kwargs)
