"""Cases for admin and browser tests, opened the way production opens them: an answer, then the worker."""
from __future__ import annotations

from server.cases.settings import save_case_settings
from server.extensions import db
from server.models import Site
from server.outbox.dispatch import dispatch_events, drain
from tests.factories import make_site, make_survey, post_json, response_body


def enable_cases(app, site_id: int, **settings) -> None:
    """Turn a site's case rule on (and change other case settings) through the function the admin API calls."""
    with app.app_context():
        save_case_settings(db.session.get(Site, site_id), {"cases_enabled": True, **settings})


def shop_with_cases(app, **settings) -> tuple[int, str, int]:
    """A site with cases on and an active NPS survey at the "checkout" touchpoint: (site id, key, survey id)."""
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps", touchpoint="checkout")
    enable_cases(app, site_id, **settings)
    return site_id, key, survey


def open_cases(app, client, key: str, survey: int, scores, comment: str = "The parcel never came",
               recovery: dict | None = None) -> list[str]:
    """Answer the survey with each score (completed, with a comment, and the recovery form when given), run the
    worker; the response ids."""
    ids = []
    for score in scores:
        body = response_body(key, survey, {"score": score, "followup": comment}, completed=True)
        assert post_json(client, "/v1/responses", body).status_code == 201
        if recovery:
            assert client.post(f"/r/{body['id']}", data=recovery).status_code == 302
        ids.append(body["id"])
    with app.app_context():
        drain()
        dispatch_events()
    return ids
