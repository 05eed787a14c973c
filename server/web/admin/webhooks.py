"""Webhooks of a site: endpoints (signed webhooks or Slack), their secrets, enabling, the delivery log, test and replay.

Thin handlers: the rules live in server/outbox (endpoints.py, delivery_log.py).
A secret leaves the server twice only: in the answer to creating an endpoint
and in the answer to rotating its secret.
"""
from __future__ import annotations

from flask import Blueprint
from sqlalchemy import select

from ...database import db
from ...errors import ApiError
from ...models import WebhookEndpoint
from ...outbox.delivery_log import delivery_of, delivery_page, delivery_row
from ...outbox.endpoints import (
    create_endpoint,
    delete_endpoint,
    replay,
    rotate_secret,
    send_test_event,
    set_enabled,
    update_endpoint,
)
from ..jsonbody import json_body
from ..openapi import doc
from ..schemas.admin import (
    DeliveryPageSchema,
    DeliverySchema,
    EndpointSchema,
    NewEndpointSchema,
    NewSecretSchema,
    delivery_query_schema,
    endpoint_schema,
)
from .lookups import found, query_args, site_or_404

bp = Blueprint("webhooks", __name__)
MAX_BODY = 16 * 1024
TAG = "admin webhooks"


def endpoint_or_404(endpoint_id: int) -> WebhookEndpoint:
    """The endpoint with this id, or a 404 naming it."""
    return found(WebhookEndpoint, endpoint_id, "webhook endpoint")


def without_nulls(filters: dict) -> dict:
    """The filters that are set: a null filter means "any", so it is not stored."""
    return {key: value for key, value in filters.items() if value is not None}


@bp.get("/sites/<id:site_id>/webhooks")
@doc("A site's webhook endpoints", tag=TAG, responses={200: ("Endpoints", EndpointSchema(many=True))},
     errors=(404,), admin=True)
def list_endpoints(site_id: int):
    """Every endpoint of the site, oldest first, with whether it is enabled and why not."""
    site = site_or_404(site_id)
    endpoints = db.session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.site_id == site.id)
                                   .order_by(WebhookEndpoint.id)).all()
    return endpoint_schema.dump(endpoints, many=True)


@bp.post("/sites/<id:site_id>/webhooks")
@doc("Add a webhook endpoint (its secret is in this answer only)", tag=TAG, body=EndpointSchema,
     responses={201: ("Created, with its secret", NewEndpointSchema)}, errors=(400, 404, 422), admin=True)
def add_endpoint(site_id: int):
    """Register an endpoint; a signed webhook's whsec_ secret is returned this once."""
    site = site_or_404(site_id)
    data = endpoint_schema.load(json_body(MAX_BODY))
    endpoint, secret = create_endpoint(site, data["url"], data["events"], without_nulls(data["filters"]),
                                       data["description"], data["kind"])
    return {**endpoint_schema.dump(endpoint), "secret": secret if endpoint.kind == "webhook" else None}, 201


@bp.get("/webhooks/<id:endpoint_id>")
@doc("One webhook endpoint", tag=TAG, responses={200: ("The endpoint", EndpointSchema)}, errors=(404,), admin=True)
def get_endpoint(endpoint_id: int):
    """An endpoint's settings and state (never its secret)."""
    return endpoint_schema.dump(endpoint_or_404(endpoint_id))


@bp.patch("/webhooks/<id:endpoint_id>")
@doc("Change a webhook endpoint (any subset)", tag=TAG, body=EndpointSchema,
     responses={200: ("Changed", EndpointSchema)}, errors=(400, 404, 422), admin=True)
def change_endpoint(endpoint_id: int):
    """Change the URL, description, kind, events or filters; the secret stays."""
    endpoint = endpoint_or_404(endpoint_id)
    data = endpoint_schema.load(json_body(MAX_BODY), partial=True)
    if "filters" in data:
        data["filters"] = without_nulls(data["filters"])
    return endpoint_schema.dump(update_endpoint(endpoint, data))


@bp.delete("/webhooks/<id:endpoint_id>")
@doc("Delete a webhook endpoint and its delivery log", tag=TAG, responses={204: "Deleted"}, errors=(404,), admin=True)
def remove_endpoint(endpoint_id: int):
    """Delete an endpoint; undelivered events to it are dropped with it."""
    delete_endpoint(endpoint_or_404(endpoint_id))
    return "", 204


@bp.post("/webhooks/<id:endpoint_id>/rotate")
@doc("Rotate the signing secret (the old one signs too for 24 hours)", tag=TAG,
     responses={200: ("The new secret, shown this once", NewSecretSchema)}, errors=(404, 409), admin=True)
def rotate(endpoint_id: int):
    """A new whsec_ secret; deliveries carry both signatures during the grace period."""
    endpoint = endpoint_or_404(endpoint_id)
    if endpoint.kind != "webhook":
        raise ApiError(409, "Slack endpoints are not signed: there is no secret to rotate.", code="not_signed")
    secret = rotate_secret(endpoint)
    return NewSecretSchema().dump({"secret": secret, "previous_valid_until": endpoint.previous_secret_until})


@bp.post("/webhooks/<id:endpoint_id>/enable")
@doc("Enable an endpoint (clears why it was disabled)", tag=TAG, responses={200: ("Enabled", EndpointSchema)},
     errors=(404,), admin=True)
def enable(endpoint_id: int):
    """Deliver to the endpoint again; its failure count and disabled reason are cleared."""
    endpoint = endpoint_or_404(endpoint_id)
    set_enabled(endpoint, True)
    return endpoint_schema.dump(endpoint)


@bp.post("/webhooks/<id:endpoint_id>/disable")
@doc("Disable an endpoint by hand", tag=TAG, responses={200: ("Disabled", EndpointSchema)}, errors=(404,),
     admin=True)
def disable(endpoint_id: int):
    """Stop delivering; events keep being logged for other endpoints only."""
    endpoint = endpoint_or_404(endpoint_id)
    set_enabled(endpoint, False)
    return endpoint_schema.dump(endpoint)


@bp.get("/webhooks/<id:endpoint_id>/deliveries")
@doc("An endpoint's delivery log, newest first, with every attempt", tag=TAG,
     responses={200: ("A page of deliveries", DeliveryPageSchema)}, errors=(404, 422), admin=True,
     query=delivery_query_schema)
def deliveries(endpoint_id: int):
    """Deliveries with status, attempts (status code, latency, response excerpt, error, time), paginated."""
    data = delivery_query_schema.load(query_args())
    endpoint = endpoint_or_404(endpoint_id)
    return DeliveryPageSchema().dump(delivery_page(endpoint.id, data["page"], data["per_page"]))


@bp.post("/webhooks/<id:endpoint_id>/test")
@doc("Send a webhook.test event to this endpoint", tag=TAG, responses={202: ("Queued", DeliverySchema)},
     errors=(404,), admin=True)
def send_test(endpoint_id: int):
    """Queue a test event to this endpoint alone; the worker sends it within a second or two."""
    delivery = send_test_event(endpoint_or_404(endpoint_id))
    return DeliverySchema().dump(delivery_row(delivery.id)), 202


@bp.post("/webhooks/<id:endpoint_id>/deliveries/<id:delivery_id>/replay")
@doc("Send a delivery again now (same webhook-id)", tag=TAG, responses={202: ("Queued", DeliverySchema)},
     errors=(404,), admin=True)
def replay_delivery(endpoint_id: int, delivery_id: int):
    """Queue the delivery again on a fresh retry schedule; receivers de-duplicate by its webhook-id."""
    endpoint = endpoint_or_404(endpoint_id)
    delivery = delivery_of(endpoint.id, delivery_id)
    if delivery is None:
        raise ApiError(404, "No such delivery of this endpoint.")
    replay(delivery)
    return DeliverySchema().dump(delivery_row(delivery.id)), 202

