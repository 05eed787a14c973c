"""The demo site that `make run` seeds: an exit-intent NPS survey, a cart-abandonment survey, a feedback tab on
the order-confirmation page, an inline survey in the help page and a delivery survey answered only through its
link, with cases on."""
from __future__ import annotations

from sqlalchemy import select

from ..cases.settings import save_case_settings
from ..database import db
from ..models import Site
from .sites import save_site
from .surveys import save_survey
from .templates import template

DEMO_SITE = "Touchpoint demo shop"


def seed_demo() -> Site:
    """The demo site with an active NPS exit-intent survey, a cart-abandonment survey and a CSAT survey behind a
    feedback tab on the order-confirmation page, an inline CES in the help page, and a delivery CSAT behind a link
    (as an e-mail would carry it); its detractors open cases
    (the worker that `make run` starts opens them), so the Inbox has something to show."""
    site = save_site({"name": DEMO_SITE, "allowed_domains": ["localhost", "127.0.0.1"], "cooldown_days": 0})
    nps = template("nps")
    nps.update(name="Exit-intent NPS", touchpoint="Product pages", journey_stage="consideration", status="active",
               trigger={"type": "exit_intent", "min_dwell_seconds": 3, "touch": True},
               audience={"exclude": [{"match": "contains", "value": "/demo/cart", "target": "path"},
                                     {"match": "contains", "value": "/demo/checkout", "target": "path"}]},
               outcomes={"share": {"networks": ["x", "facebook", "linkedin", "telegram", "whatsapp", "email", "copy"],
                                   "url": "https://example.com/shop"},
                         "review_url": "https://example.com/reviews",
                         # the hosted page, so a newcomer meets the detractor recovery page too
                         "detractor": "hosted"})
    save_survey(site, nps)
    cart = template("cart_abandonment")
    cart.update(status="active", trigger={"type": "cart_abandonment", "idle_seconds": 20, "exit_intent": True})
    save_survey(site, cart)
    order = template("csat")
    order.update(name="Order feedback tab", status="active", trigger={"type": "feedback_button", "side": "right"},
                 audience={"include": [{"match": "contains", "value": "/demo/thanks", "target": "path"}]})
    order["texts"]["en"]["tab"] = "Rate your order"
    order["texts"]["ru"]["tab"] = "Оцените заказ"
    save_survey(site, order)
    help_ = template("ces")
    help_.update(name="Help article (inline)", touchpoint="Help centre", journey_stage="post-purchase", status="active",
                 trigger={"type": "inline"},
                 audience={"include": [{"match": "contains", "value": "/demo/help", "target": "path"}]})
    help_["texts"]["en"]["q.score"] = "This article answered my question."
    help_["texts"]["ru"]["q.score"] = "Эта статья ответила на мой вопрос."
    save_survey(site, help_)
    delivery = template("csat")
    delivery.update(name="Delivery survey (e-mail link)", touchpoint="Delivery", journey_stage="post-purchase",
                    status="active", trigger={"type": "link_only"},
                    link={"enabled": True, "channel": "email", "hidden_fields": ["order"]})
    delivery["texts"]["en"]["q.score"] = "How satisfied are you with the delivery of your order?"
    delivery["texts"]["ru"]["q.score"] = "Насколько вы довольны доставкой заказа?"
    save_survey(site, delivery)
    return save_case_settings(site, {"cases_enabled": True})


def demo_site() -> Site | None:
    """The demo site, once seeded."""
    return db.session.execute(select(Site).where(Site.name == DEMO_SITE)).scalars().first()
