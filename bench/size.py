"""Widget size: gzip -9 bytes of the built widget against the 8 KB budget."""
from __future__ import annotations

import gzip

from .common import ROOT, table

BUDGET = 8192


def run() -> dict:
    raw = (ROOT / "widget" / "dist" / "widget.js").read_bytes()
    gzipped = len(gzip.compress(raw, 9))
    chunk = (ROOT / "widget" / "dist" / "widget-outcome.js").read_bytes()
    print(table(["file", "bytes", "gzip -9", "budget", ""],
                [["widget/dist/widget.js", len(raw), gzipped, BUDGET, "met" if gzipped <= BUDGET else "MISSED"],
                 ["widget/dist/widget-outcome.js", len(chunk), len(gzip.compress(chunk, 9)), "", "after an answer"]]))
    return {"raw": len(raw), "gzip": gzipped, "budget": BUDGET}
