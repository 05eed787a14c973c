"""The size budget, reported by pytest too: the committed widget build is at most 8192 bytes gzip -9."""
from __future__ import annotations

import gzip
import shutil
import subprocess

from server.delivery.widget_asset import DEFAULT_DIST

BUDGET = 8192


def test_the_widget_fits_its_gzip_budget():
    code = DEFAULT_DIST.read_bytes()
    sizes = {"zlib level 9": len(gzip.compress(code, 9, mtime=0))}
    if shutil.which("gzip"):
        sizes["gzip -9c"] = len(subprocess.run(["gzip", "-9c", str(DEFAULT_DIST)], capture_output=True, check=True).stdout)
    assert all(size <= BUDGET for size in sizes.values()), sizes
    assert b"sourceMappingURL" not in code and code.startswith(b"(()=>{"), "one minified IIFE"
