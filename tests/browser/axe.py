"""axe-core in real Chromium: install it in every frame of a context, audit a page, count findings by impact.

axe comes from admin/node_modules (`make test` runs `npm ci` there; it is a devDependency of
admin/package.json, pinned). It is installed as an init script, not a <script> tag, because the
admin's CSP (script-src 'self') rightly refuses inline scripts, and so that the admin's preview
iframe and the widget's host pages get it too: `axe.run` then audits frames and open shadow roots.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "admin" / "node_modules" / "axe-core" / "axe.min.js"
IMPACTS = ("critical", "serious", "moderate", "minor")
BLOCKING = {"critical", "serious"}
# One pass over the document (frames and open shadow roots included) or over one element and its shadow
# root; results limited to violations to keep it fast.
# It first lets running animations finish (the widget fades in): a colour caught mid-fade is blended with
# the page behind it, a state no visitor reads, and its contrast is not the one shipped. Finite
# animations only; an infinite one would hang the audit, so none may run where axe looks.
SETTLED = "Promise.all([document, ...[...document.querySelectorAll('*')].flatMap(e => e.shadowRoot || [])]" \
          ".flatMap(root => root.getAnimations()).map(a => a.finished.catch(() => null)))"
RUN = f"sel => {SETTLED}.then(() => axe.run(sel ? document.querySelector(sel) : document, " \
      "{resultTypes: ['violations']}))" \
      ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, " \
      "nodes: v.nodes.map(n => [n.target.flat().join(' '), n.failureSummary])})))"


def install(context) -> None:
    """Make axe available in every page and frame the context opens from now on."""
    if not AXE.exists():
        pytest.skip(f"{AXE} missing: run `npm ci` in admin/")
    context.add_init_script(script=AXE.read_text())


def audit(page, selector: str | None = None) -> list[dict]:
    """axe's violations on the page as it is now (or in the element `selector` finds): rule id, impact,
    help text and the nodes (selector, why)."""
    return page.evaluate(RUN, selector)


def counts(violations: list[dict]) -> dict[str, int]:
    """Failing nodes per impact, every impact listed (zeros too) so that reports compare."""
    found = Counter()
    for violation in violations:
        found[violation["impact"]] += len(violation["nodes"])
    return {impact: found[impact] for impact in IMPACTS}


def summary(violations: list[dict]) -> str:
    """Counts by impact with the rules behind them: "serious 2 (color-contrast 2), moderate 0, …"."""
    parts = []
    for impact, n in counts(violations).items():
        rules = ", ".join(f"{v['id']} {len(v['nodes'])}" for v in violations if v["impact"] == impact)
        parts.append(f"{impact} {n}" + (f" ({rules})" if rules else ""))
    return ", ".join(parts)


def blocking(violations: list[dict]) -> list[str]:
    """The serious and critical findings, one readable line per node."""
    return [f"{v['impact']} {v['id']} ({v['help']}): {target} — {why}"
            for v in violations if v["impact"] in BLOCKING for target, why in v["nodes"]]
