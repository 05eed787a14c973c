"""Pages and assets: /widget.js, the demo host page and the hosted recovery page."""
from __future__ import annotations

from functools import lru_cache

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from ..catalog.demo import demo_site
from ..catalog.links import link_path
from ..delivery.link_page import link_page
from ..delivery.recovery_page import page_context
from ..delivery.widget_asset import CHUNKS, WidgetAsset, sibling_asset, widget_asset
from ..errors import ApiError
from ..ingest.recoveries import recovery_errors, response_by_uuid, save_recovery
from .compression import accepts_gzip
from .hosts import public_url
from .prepared import PreparedAnswer, representation, unchanged
from .security import add_page_headers

bp = Blueprint("pages", __name__)
bp.after_request(add_page_headers)


def serve_widget(immutable: bool, asset: WidgetAsset | None = None) -> PreparedAnswer:
    """A built widget file: gzip-compressed when accepted, ETagged, cached for minutes or (hashed URL) for good."""
    asset = asset or widget_asset(current_app.config["WIDGET_DIST"])
    if asset is None:
        raise ApiError(404, "The widget is not built yet: run `npm run build` in widget/.", code="widget_not_built")
    environ = request.environ
    return widget_answer(asset, immutable, accepts_gzip(environ), unchanged(environ, asset.digest))


# a handful of files, each gzip or not, 200 or 304, and /widget.js under two caching policies (its plain and
# its hashed URL); a rebuilt file is a new asset, and so new answers
@lru_cache(maxsize=64)
def widget_answer(asset: WidgetAsset, immutable: bool, gzipped: bool, not_modified: bool) -> PreparedAnswer:
    """A widget file's answer for one kind of request, made once and shared (web/prepared.py). Any page may
    load it, so it allows any origin."""
    headers = [("ETag", f'"{asset.digest}"'),
               ("Cache-Control", "public, max-age=31536000, immutable" if immutable
                else "public, max-age=300, stale-while-revalidate=86400"),
               ("Access-Control-Allow-Origin", "*"), ("Vary", "Accept-Encoding")]
    return representation(headers, "application/javascript; charset=utf-8", asset.gzipped if gzipped else asset.body,
                          gzipped, not_modified)


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


@bp.get("/widget-<any({chunks}):name>.<digest>.js".format(chunks=", ".join(CHUNKS)))
def widget_chunk(name: str, digest: str):
    """A chunk the widget loads only where needed (outcome: what follows a survey's thanks; tab: the feedback
    tab; inline: inline surveys), at the hash it was built with; cacheable forever."""
    asset = sibling_asset(current_app.config["WIDGET_DIST"], name)
    if asset is None or digest != asset.digest:
        raise ApiError(404, f"No {name} build has that hash.", {"digest": ["Unknown build."]})
    return serve_widget(immutable=True, asset=asset)


@bp.get("/widget-<any(preview, page):name>.js")
def widget_page(name: str):
    """The popup renderer for a page of ours: the admin's live preview (admin/preview.html), or a survey's link."""
    return serve_widget(immutable=False, asset=sibling_asset(current_app.config["WIDGET_DIST"], name))


@bp.get("/s/<link_key>")
def survey_link(link_key: str):
    """A survey's hosted link: the survey full-page, drawn by the widget's renderer (widget/src/page.js).

    The GET records nothing: mail scanners and link previews open every link. Answers are sent by the page."""
    status, context = link_page(link_key, request.accept_languages.best_match, request.args,
                                current_app.config["SECRET_KEY"])
    return render_template("survey_link.html", **context), status


@bp.get("/")
def index():
    """The root leads to the admin panel."""
    return redirect("/admin/")


@bp.get("/demo")
@bp.get("/demo/<any(cart, checkout, thanks, help):page>")
def demo(page: str = "home"):
    """A small shop page that embeds the real snippet for the demo site."""
    site = demo_site()
    if site is None:
        abort(404, "No demo site yet: run `flask --app server seed-demo`.")
    link = next((link_path(survey) for survey in site.surveys if link_path(survey)), None)
    inline = next((survey.id for survey in site.surveys if (survey.trigger or {}).get("type") == "inline"), None)
    return render_template("demo.html", site=site, host=public_url(), page=page, survey_link=link,
                           inline_survey=inline)


@bp.route("/r/<response_id>", methods=["GET", "POST"])
def recovery(response_id: str):
    """The hosted detractor recovery page: what went wrong, and a contact e-mail with consent."""
    response = response_by_uuid(response_id)
    state, errors, form = "form", {}, request.form
    if response is not None and response.recovery is not None:
        state = "done"
    elif request.method == "POST":
        message, email = form.get("message", "").strip(), form.get("email", "").strip() or None
        consent = form.get("consent") == "yes"
        errors = recovery_errors(response, message, email, consent)
        if not errors:
            save_recovery(response, message, email, consent)
            return redirect(url_for("pages.recovery", response_id=response_id))
    page = page_context(response)
    contact = state == "done" and bool(response.recovery.email)
    return render_template("recovery.html", state=state, errors=errors, form=form, contact=contact,
                           **page), 422 if errors else 200
