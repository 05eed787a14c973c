"""Pages and assets: /widget.js, the demo host page and the hosted recovery page."""
from __future__ import annotations

import uuid as uuidlib

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..demo import DEMO_SITE
from ..errors import ApiError
from ..extensions import db
from ..models import Recovery, Response, Site
from ..widget_asset import widget_asset

bp = Blueprint("pages", __name__)


def public_url() -> str:
    """This server's base URL, as pages should embed it."""
    return (current_app.config["PUBLIC_URL"] or request.host_url).rstrip("/")


def serve_widget(immutable: bool):
    asset = widget_asset(current_app.config["WIDGET_DIST"])
    if asset is None:
        raise ApiError(404, "The widget is not built yet: run `npm run build` in widget/.", code="widget_not_built")
    if request.if_none_match.contains_weak(asset.digest):
        response = current_app.response_class(status=304)
    elif request.accept_encodings["gzip"]:
        response = current_app.response_class(asset.gzipped, mimetype="application/javascript")
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = current_app.response_class(asset.body, mimetype="application/javascript")
    response.set_etag(asset.digest)
    response.headers["Cache-Control"] = ("public, max-age=31536000, immutable" if immutable
                                         else "public, max-age=300, stale-while-revalidate=86400")
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.vary.add("Accept-Encoding")
    return response


@bp.get("/widget.js")
def widget():
    """The widget, revalidated every few minutes so a new release reaches pages quickly."""
    return serve_widget(immutable=False)


@bp.get("/widget.<digest>.js")
def widget_hashed(digest: str):
    """The widget at its content-hashed URL, cacheable forever."""
    asset = widget_asset(current_app.config["WIDGET_DIST"])
    if asset is not None and digest != asset.digest:
        raise ApiError(404, "No widget build has that hash.", {"digest": ["Unknown build."]})
    return serve_widget(immutable=True)


@bp.get("/")
def index():
    """The root leads to the admin panel."""
    return redirect("/admin/")


@bp.get("/demo")
@bp.get("/demo/<any(cart, checkout, thanks):page>")
def demo(page: str = "home"):
    """A small shop page that embeds the real snippet for the demo site."""
    site = db.session.execute(select(Site).where(Site.name == DEMO_SITE)).scalars().first()
    if site is None:
        abort(404, "No demo site yet: run `flask --app server seed-demo`.")
    return render_template("demo.html", site=site, host=public_url(), page=page)


def response_or_none(response_id: str) -> Response | None:
    try:
        key = uuidlib.UUID(response_id)
    except ValueError:
        return None
    return db.session.execute(select(Response).where(Response.uuid == key)).scalar_one_or_none()


@bp.route("/r/<response_id>", methods=["GET", "POST"])
def recovery(response_id: str):
    """The hosted detractor recovery page: what went wrong, and a contact e-mail with consent."""
    response = response_or_none(response_id)
    state, errors, form = "form", {}, request.form
    if response is not None and response.recovery is not None:
        state = "done"
    elif request.method == "POST":
        message = form.get("message", "").strip()
        consent = form.get("consent") == "yes"
        email = form.get("email", "").strip() or None
        if not message and not email:
            errors["message"] = "Tell us what went wrong, or leave an e-mail so we can ask."
        if len(message) > 5000:
            errors["message"] = "Please keep it under 5000 characters."
        if email and (len(email) > 254 or "@" not in email or any(c.isspace() for c in email)):
            errors["email"] = "That does not look like an e-mail address."
        if email and not consent:
            errors["consent"] = "Tick the box so we may contact you, or leave the e-mail empty."
        if response is None:
            errors["response"] = "We have not received your answer yet. Please try again in a moment."
        if not errors:
            db.session.add(Recovery(response_id=response.id, message=message, contact_consent=consent,
                                    email=email if consent else None))
            try:
                db.session.commit()
            except IntegrityError:  # a double submit: the first one is kept
                db.session.rollback()
            return redirect(url_for("pages.recovery", response_id=response_id))
    status = 422 if errors else 200
    return render_template("recovery.html", state=state, errors=errors, form=form,
                           score=request.args.get("score", "")), status
