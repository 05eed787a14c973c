"""The built widget files, loaded once (reloaded if they change) with their content hash and gzip form.

widget.js ships in every page. Beside it, widget/build.mjs builds the chunks the widget loads only
where needed, at the hash it was built with (widget-outcome.js: share buttons, review link, a
detractor's recovery, when a visitor finishes a survey; widget-tab.js: the feedback tab; widget-inline.js:
inline surveys), and
widget-preview.js, the popup renderer alone for the admin's live preview.
"""
from __future__ import annotations

import gzip
import hashlib
import threading
from pathlib import Path
from typing import NamedTuple

DEFAULT_DIST = Path(__file__).resolve().parents[2] / "widget" / "dist" / "widget.js"


class WidgetAsset(NamedTuple):
    body: bytes
    gzipped: bytes
    digest: str  # first 12 hex digits of the SHA-256: the content-hashed URL and the ETag
    mtime: float


_lock = threading.Lock()
_loaded: dict[str, WidgetAsset] = {}


def widget_asset(path: str | None) -> WidgetAsset | None:
    """The widget build at ``path`` (default widget/dist/widget.js), or None if it is not built."""
    file = Path(path) if path else DEFAULT_DIST
    try:
        mtime = file.stat().st_mtime
    except OSError:
        return None
    cached = _loaded.get(str(file))
    if cached and cached.mtime == mtime:
        return cached
    with _lock:
        body = file.read_bytes()
        asset = WidgetAsset(body, gzip.compress(body, 9, mtime=0), hashlib.sha256(body).hexdigest()[:12], mtime)
        _loaded[str(file)] = asset
        return asset


CHUNKS = ("outcome", "tab", "inline")  # widget/build.mjs CHUNKS: loaded by the widget at their content hash


def sibling_asset(widget_path: str | None, name: str) -> WidgetAsset | None:
    """A file built beside the widget (widget-<name>.js), or None if it is not built."""
    file = Path(widget_path) if widget_path else DEFAULT_DIST
    return widget_asset(str(file.with_name(f"{file.stem}-{name}.js")))
