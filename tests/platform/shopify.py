"""The Shopify files under snippets/shopify as Shopify would use them: Liquid rendered by a Liquid engine, the
app embed's schema read from its {% schema %} block, and the Customer Events pixel run against the Web Pixels
API's documented surface (`analytics.subscribe`, and `browser.localStorage`, which writes to the top frame)."""
from __future__ import annotations

import json
from pathlib import Path

from liquid import Environment

REPO = Path(__file__).resolve().parents[2]
SHOPIFY = REPO / "snippets" / "shopify"
EMBED = SHOPIFY / "app-embed" / "blocks" / "touchpoint.liquid"
ASSETS = "/cdn/shop/t/1/assets/"  # where Shopify serves a theme's or an app extension's assets


def liquid(assets: str = ASSETS) -> Environment:
    """A Liquid engine with Shopify's asset_url filter: the asset's URL under ``assets``."""
    env = Environment()
    env.filters["asset_url"] = lambda name: assets + name
    return env


def app_embed() -> tuple[str, dict]:
    """The app embed block's Liquid and its schema (Shopify reads the {% schema %} block as JSON, never renders it)."""
    text = EMBED.read_text()
    body, rest = text.split("{% schema %}")
    return body, json.loads(rest.split("{% endschema %}")[0])


def render_embed(host: str, site_key: str) -> str:
    """What the app embed puts in the storefront's <head>, with the merchant's two settings."""
    return liquid().from_string(app_embed()[0]).render(block={"settings": {"host": host, "site_key": site_key}})


def render_theme_snippet(host: str, site_key: str) -> str:
    """What {% render 'touchpoint' %} puts in <head>, with the two placeholders replaced as its comment says."""
    text = (SHOPIFY / "touchpoint.liquid").read_text().replace("{{HOST}}", host).replace("{{SITE_KEY}}", site_key)
    return liquid().from_string(text).render()


# The Web Pixels API as a custom pixel sees it: `analytics.subscribe(name, callback)`, and `browser.localStorage`
# whose promise-returning methods act on the top frame's storage; `fire` publishes an event to the subscribers.
PIXEL_SANDBOX = """
(source) => {
  const subscribers = {};
  const analytics = { subscribe: (name, callback) => { (subscribers[name] = subscribers[name] || []).push(callback); } };
  const browser = { localStorage: {
    setItem: async (key, value) => localStorage.setItem(key, value),
    getItem: async key => localStorage.getItem(key),
    removeItem: async key => localStorage.removeItem(key) } };
  new Function('analytics', 'browser', source)(analytics, browser);
  window.firePixelEvent = (name, event) => Promise.all((subscribers[name] || []).map(callback => callback(event)));
}
"""
