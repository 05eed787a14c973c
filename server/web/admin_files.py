"""The admin front end: the static files of the repository's admin/ folder, served at /admin/."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, redirect, send_from_directory

from ..errors import ApiError
from .security import add_page_headers

ADMIN_DIR = Path(__file__).resolve().parents[2] / "admin"
SERVED = (".html", ".js", ".css", ".svg", ".png", ".ico", ".woff2")
HIDDEN = ("node_modules/", "package.json", "package-lock.json")

bp = Blueprint("admin_files", __name__)
bp.after_request(add_page_headers)


def send(filename: str):
    """One file of admin/, revalidated on every use (the files are not content-hashed)."""
    if filename.startswith(HIDDEN) or not filename.endswith(SERVED) or "/." in "/" + filename:
        raise ApiError(404, "No such admin file.")
    response = send_from_directory(ADMIN_DIR, filename, max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/admin")
def admin_root():
    """The panel lives under /admin/."""
    return redirect("/admin/")


@bp.get("/admin/")
def index():
    """The single page of the admin panel."""
    return send("index.html")


@bp.get("/admin/preview.html")
def preview():
    """The live-preview page, framed by the survey builder; it loads the real /widget.js."""
    return send("preview.html")


@bp.get("/admin/<path:filename>")
def asset(filename: str):
    """Scripts, styles and the vendored chart library."""
    return send(filename)
