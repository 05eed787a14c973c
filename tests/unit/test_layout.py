"""The layout's promises: imports run one way, and the admin front end has no import cycle."""
import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "server"
DOMAIN = ("cases", "catalog", "delivery", "ingest", "outbox", "reporting", "runtime")


def server_imports(path: Path) -> set[str]:
    """The server modules a file imports, as dotted names relative to the package (``web.public``)."""
    package = path.relative_to(SERVER).with_suffix("").parts[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                out.add(".".join([*base, *(node.module.split(".") if node.module else [])]))
            elif node.module and node.module.startswith("server."):
                out.add(node.module[len("server."):])
    return out


@pytest.mark.parametrize("area", DOMAIN)
def test_no_domain_module_imports_the_web_layer(area):
    offenders = {str(path.relative_to(ROOT)): sorted(name for name in server_imports(path) if name.startswith("web"))
                 for path in (SERVER / area).rglob("*.py")}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_runtime_imports_no_domain_module():
    """Rate limits, Redis, load shedding and the worker sit under everything else."""
    offenders = {str(path.relative_to(ROOT)): sorted(name for name in server_imports(path)
                                                    if name.split(".")[0] in DOMAIN[:-1] + ("web",))
                 for path in (SERVER / "runtime").rglob("*.py")}
    assert {path: names for path, names in offenders.items() if names} == {}


def js_graph(folder: Path) -> dict[Path, set[Path]]:
    """Each ES module of a folder and the modules it imports."""
    graph = {}
    for path in folder.rglob("*.js"):
        if "vendor" in path.parts or "node_modules" in path.parts:
            continue
        targets = re.findall(r"^import\s[^'\"]*['\"](\.[^'\"]+)['\"]", path.read_text(), re.M)
        graph[path] = {(path.parent / target).resolve() for target in targets}
    return graph


def cycles(graph: dict[Path, set[Path]]) -> list[list[str]]:
    """Every import cycle found by a depth-first walk."""
    found, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for child in sorted(graph.get(node, ())):
            if state.get(child) == "open":
                found.append([p.name for p in trail[trail.index(child):]] + [child.name])
            elif child not in state:
                visit(child, trail + [child])
        state[node] = "done"
    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


@pytest.mark.parametrize("folder", ["admin/js", "widget/src"])
def test_front_end_modules_import_without_cycles(folder):
    graph = js_graph(ROOT / folder)
    assert len(graph) > 5
    assert cycles(graph) == []


def test_views_hold_only_views():
    """Forms' error display, the preview and the response list are parts that views use, not screens."""
    views = {path.name for path in (ROOT / "admin" / "js" / "views").glob("*.js")}
    assert not views & {"errors.js", "preview.js", "responses.js"}
