"""The Shopify install files: the app embed renders the widget only once configured and escapes what the merchant
typed, its schema declares the settings it reads, and the extension zip carries the one storefront script."""
from __future__ import annotations

import re
import subprocess
import tomllib
import zipfile

from tests.platform.shopify import ASSETS, REPO, SHOPIFY, app_embed, render_embed, render_theme_snippet

TAGS = ('<script async src="https://tp.example/widget.js" data-site="KEY123"></script>\n'
        f'<script defer src="{ASSETS}touchpoint-shopify.js"></script>')


def test_the_app_embed_and_the_theme_snippet_print_the_same_two_tags():
    assert render_embed("https://tp.example", "KEY123").strip() == TAGS
    assert render_theme_snippet("https://tp.example", "KEY123").strip() == TAGS


def test_an_unconfigured_app_embed_prints_nothing():
    assert render_embed("", "KEY123").strip() == ""
    assert render_embed("https://tp.example", "").strip() == ""


def test_the_app_embed_escapes_its_settings():
    html = render_embed('https://tp.example"><script>alert(1)</script>', "K")
    assert "<script>alert" not in html and "&quot;&gt;&lt;script&gt;" in html


def test_the_schema_is_a_head_embed_declaring_every_setting_the_block_reads():
    body, schema = app_embed()
    assert schema["target"] == "head"
    declared = {setting["id"] for setting in schema["settings"]}
    assert set(re.findall(r"block\.settings\.(\w+)", body)) == declared == {"host", "site_key"}
    assert all(setting["type"] == "text" and setting["label"] for setting in schema["settings"])


def test_the_extension_zip_holds_the_embed_and_the_same_storefront_script():
    subprocess.run(["make", "--no-print-directory", "-s", "shopify-extension"], cwd=REPO, check=True)
    with zipfile.ZipFile(REPO / "dist" / "touchpoint-shopify-extension.zip") as archive:
        names = set(archive.namelist())
        assert {"touchpoint/shopify.extension.toml", "touchpoint/blocks/touchpoint.liquid",
                "touchpoint/assets/touchpoint-shopify.js"} <= names
        assert archive.read("touchpoint/assets/touchpoint-shopify.js") == (SHOPIFY / "touchpoint-shopify.js").read_bytes()
        config = tomllib.loads(archive.read("touchpoint/shopify.extension.toml").decode())
    assert config["type"] == "theme" and config["name"]
