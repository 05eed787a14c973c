"""Outbox fixtures: a verifying webhook receiver, and a site with a survey and an endpoint pointing at it."""
from __future__ import annotations

import pytest

from server.extensions import db
from server.models import Site, WebhookEndpoint
from server.outbox.endpoints import create_endpoint
from tests.conftest import WEBHOOK_CONFIG
from tests.factories import make_site, make_survey

from .receiver import Receiver


@pytest.fixture
def app_config(app_config):
    """Tests deliver to a receiver on 127.0.0.1, so private addresses are allowed unless a test says otherwise."""
    return {**app_config, **WEBHOOK_CONFIG}


@pytest.fixture
def receiver():
    """The receiver; after the test, every delivery it got must have verified with one of its secrets."""
    server = Receiver()
    yield server
    server.close()
    assert all(delivery.verified_by for delivery in server.deliveries), "a delivery failed verification"


def add_endpoint(app, site_id: int, url: str, events=("response.created",), **filters) -> tuple[int, str]:
    """Register an endpoint through the function the admin API calls; (endpoint id, secret shown once)."""
    with app.app_context():
        endpoint, secret = create_endpoint(db.session.get(Site, site_id), url, list(events), filters)
        return endpoint.id, secret


@pytest.fixture
def hooked(app, receiver):
    """A site with an active NPS survey and an endpoint to the receiver: (site key, survey id, endpoint id)."""
    site_id, key = make_site(app)
    survey = make_survey(app, site_id, "nps")
    endpoint_id, secret = add_endpoint(app, site_id, receiver.url)
    receiver.secrets.append(secret)
    return key, survey, endpoint_id


def endpoint_row(app, endpoint_id: int) -> WebhookEndpoint:
    """The endpoint as stored now (detached)."""
    with app.app_context():
        endpoint = db.session.get(WebhookEndpoint, endpoint_id)
        db.session.expunge(endpoint)
        return endpoint
