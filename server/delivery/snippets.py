"""The paste-ready snippet of a site, and its platform variants read from the repository's snippets/ folder."""
from __future__ import annotations

from pathlib import Path

SNIPPETS_DIR = Path(__file__).resolve().parents[2] / "snippets"
# Known platforms first, in this order and with these labels; any other folder follows by name.
PLATFORMS = {"html": "HTML", "gtm": "Google Tag Manager", "wordpress": "WordPress / WooCommerce",
             "shopify": "Shopify", "react": "React / Next.js"}
MAX_FILE = 64 * 1024
STUB = "<script>window.touchpoint=window.touchpoint||function(){(touchpoint.q=touchpoint.q||[]).push(arguments)}</script>"


def html_snippet(host: str, site_key: str) -> str:
    """The two-line snippet for this server and site: the queue stub, then the async script tag."""
    return f'{STUB}\n<script async src="{host}/widget.js" data-site="{site_key}"></script>'


def fill(template: str, host: str, site_key: str) -> str:
    """Replace the {{HOST}} and {{SITE_KEY}} placeholders of a snippet file."""
    return template.replace("{{HOST}}", host).replace("{{SITE_KEY}}", site_key)


def file_order(path: Path) -> tuple:
    """Snippet files first, then example pages, then the README."""
    name = path.name.lower()
    return name.startswith("readme"), name.startswith("example"), path.name


def read_files(folder: Path) -> list[tuple[str, str]]:
    """(name, text) of a platform folder's text files: the snippets, then examples, then the README."""
    files = []
    for path in sorted(folder.iterdir(), key=file_order):
        if not path.is_file() or path.name.startswith(".") or path.stat().st_size > MAX_FILE:
            continue
        try:
            files.append((path.name, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    return files


def platform_snippets(host: str, site_key: str, root: Path | None = None) -> list[dict]:
    """Every platform variant found under snippets/, filled in; a missing folder is skipped, never an error."""
    root = root or SNIPPETS_DIR
    try:
        folders = {p.name: p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")}
    except OSError:
        return []
    order = [name for name in PLATFORMS if name in folders] + sorted(set(folders) - set(PLATFORMS))
    out = []
    for name in order:
        files = [{"name": n, "content": fill(text, host, site_key)} for n, text in read_files(folders[name])]
        if files:
            out.append({"platform": name, "label": PLATFORMS.get(name, name.replace("-", " ").title()), "files": files})
    return out
