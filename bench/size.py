"""Widget size: gzip -9 bytes of the built widget against the 8 KB budget."""
from __future__ import annotations

import gzip

from .common import ROOT, table

BUDGET = 8192
# the files built beside the widget (widget/build.mjs), and when a page loads them
WHEN = {"outcome": "after an answer", "tab": "where a feedback tab shows", "inline": "where an inline survey may show",
        "preview": "admin preview only",
        "page": "survey link pages only"}


def run() -> dict:
    raw = (ROOT / "widget" / "dist" / "widget.js").read_bytes()
    gzipped = len(gzip.compress(raw, 9))
    rows = [["widget/dist/widget.js", len(raw), gzipped, BUDGET, "met" if gzipped <= BUDGET else "MISSED"]]
    for name, when in WHEN.items():
        chunk = (ROOT / "widget" / "dist" / f"widget-{name}.js").read_bytes()
        rows.append([f"widget/dist/widget-{name}.js", len(chunk), len(gzip.compress(chunk, 9)), "", when])
    print(table(["file", "bytes", "gzip -9", "budget", ""], rows))
    return {"raw": len(raw), "gzip": gzipped, "budget": BUDGET}
