"""Ready-made survey definitions marketers start from: NPS, CSAT, CES, CLI, exit intent, cart abandonment; English and Russian."""
from __future__ import annotations

import copy

SCALE_TEXTS = {
    "en": {"q.score.low": "Not likely", "q.score.high": "Very likely"},
    "ru": {"q.score.low": "Маловероятно", "q.score.high": "Очень вероятно"},
}
OUTCOME_TEXTS = {
    "en": {"followup.promoter": "What do you like most?",
           "followup.passive": "What would make it a 10?",
           "followup.detractor": "What went wrong?",
           "thanks": "Thank you for your feedback!",
           "share.prompt": "Glad you like us! Tell your friends:",
           "share.text": "I recommend this shop",
           "review.promoter": "Leave us a review",
           "review.passive": "Tell others about your experience",
           "review.detractor": "Review us publicly"},
    "ru": {"followup.promoter": "Что вам нравится больше всего?",
           "followup.passive": "Что нам сделать, чтобы получить 10?",
           "followup.detractor": "Что пошло не так?",
           "thanks": "Спасибо за отзыв!",
           "share.prompt": "Рады, что вам нравится! Расскажите друзьям:",
           "share.text": "Рекомендую этот магазин",
           "review.promoter": "Оставьте отзыв",
           "review.passive": "Расскажите о своём опыте",
           "review.detractor": "Оставьте публичный отзыв"},
}


def _texts(per_locale: dict[str, dict[str, str]], with_outcomes: bool = True) -> dict:
    out = {}
    for locale, texts in per_locale.items():
        out[locale] = {**(OUTCOME_TEXTS[locale] if with_outcomes else {}), **texts}
    return out


TEMPLATES: dict[str, dict] = {
    "nps": {
        "name": "Net Promoter Score", "kind": "nps", "touchpoint": "Website", "journey_stage": "loyalty",
        "questions": [{"id": "score", "type": "nps"}],
        "followup": {"enabled": True, "max_length": 1000},
        "trigger": {"type": "page_view", "delay_seconds": 10},
        "texts": _texts({"en": {"q.score": "How likely are you to recommend us to a friend?", **SCALE_TEXTS["en"]},
                         "ru": {"q.score": "Насколько вероятно, что вы порекомендуете нас другу?", **SCALE_TEXTS["ru"]}}),
    },
    "csat": {
        "name": "Customer satisfaction", "kind": "csat", "touchpoint": "Order confirmation",
        "journey_stage": "post-purchase",
        "questions": [{"id": "score", "type": "csat"}],
        "followup": {"enabled": True, "max_length": 1000},
        "trigger": {"type": "page_view", "delay_seconds": 3},
        "texts": _texts({"en": {"q.score": "How satisfied are you with your purchase?",
                                "q.score.low": "Very unsatisfied", "q.score.high": "Very satisfied"},
                         "ru": {"q.score": "Насколько вы довольны покупкой?",
                                "q.score.low": "Совсем недоволен", "q.score.high": "Очень доволен"}}),
    },
    "ces": {
        "name": "Customer effort", "kind": "ces", "touchpoint": "Checkout", "journey_stage": "purchase",
        "questions": [{"id": "score", "type": "ces"}],
        "followup": {"enabled": True, "max_length": 1000},
        "trigger": {"type": "page_view", "delay_seconds": 2},
        "texts": _texts({"en": {"q.score": "The shop made it easy for me to complete my order.",
                                "q.score.low": "Strongly disagree", "q.score.high": "Strongly agree"},
                         "ru": {"q.score": "Магазин позволил легко оформить заказ.",
                                "q.score.low": "Совершенно не согласен", "q.score.high": "Полностью согласен"}}),
    },
    "cli": {
        "name": "Customer loyalty index", "kind": "cli", "touchpoint": "Account", "journey_stage": "retention",
        "questions": [{"id": "score", "type": "cli"}],
        "followup": {"enabled": False, "max_length": 1000},
        "trigger": {"type": "time_on_page", "seconds": 20},
        "texts": _texts({"en": {"q.score": "A few quick questions about us",
                                "q.score.recommend": "How likely are you to recommend us?",
                                "q.score.buy_again": "How likely are you to buy from us again?",
                                "q.score.try_other": "How likely are you to try our other products?",
                                **SCALE_TEXTS["en"]},
                         "ru": {"q.score": "Несколько коротких вопросов",
                                "q.score.recommend": "Насколько вероятно, что вы нас порекомендуете?",
                                "q.score.buy_again": "Насколько вероятно, что вы купите у нас снова?",
                                "q.score.try_other": "Насколько вероятно, что вы попробуете другие наши товары?",
                                **SCALE_TEXTS["ru"]}}),
    },
    "exit_intent": {
        "name": "Why are you leaving?", "kind": "custom", "touchpoint": "Product page", "journey_stage": "consideration",
        "questions": [{"id": "reason", "type": "single", "options": ["price", "not_found", "just_browsing", "other"]},
                      {"id": "details", "type": "text", "max_length": 500}],
        "trigger": {"type": "exit_intent", "min_dwell_seconds": 5, "touch": True},
        "frequency": {"mode": "once", "days": 30, "dismiss_mute_days": 30},
        "texts": _texts({"en": {"q.reason": "Before you go: what stopped you today?",
                                "q.reason.price": "The price", "q.reason.not_found": "I couldn't find what I need",
                                "q.reason.just_browsing": "Just browsing", "q.reason.other": "Something else",
                                "q.details": "Anything we could do better?"},
                         "ru": {"q.reason": "Перед уходом: что вас остановило?",
                                "q.reason.price": "Цена", "q.reason.not_found": "Не нашёл нужное",
                                "q.reason.just_browsing": "Просто смотрю", "q.reason.other": "Другое",
                                "q.details": "Что мы могли бы сделать лучше?"}}, with_outcomes=False),
    },
    "cart_abandonment": {
        "name": "What stopped you?", "kind": "custom", "touchpoint": "Cart", "journey_stage": "intent",
        "questions": [{"id": "reason", "type": "single",
                       "options": ["shipping_cost", "total_price", "payment", "comparing", "other"]},
                      {"id": "details", "type": "text", "max_length": 500}],
        "trigger": {"type": "cart_abandonment", "idle_seconds": 45, "exit_intent": True},
        "frequency": {"mode": "every_n_days", "days": 14, "dismiss_mute_days": 14},
        "texts": _texts({"en": {"q.reason": "Something stopping you from checking out?",
                                "q.reason.shipping_cost": "Shipping costs", "q.reason.total_price": "The total price",
                                "q.reason.payment": "Payment options", "q.reason.comparing": "Still comparing",
                                "q.reason.other": "Something else", "q.details": "Tell us more (optional)"},
                         "ru": {"q.reason": "Что-то мешает оформить заказ?",
                                "q.reason.shipping_cost": "Стоимость доставки", "q.reason.total_price": "Итоговая цена",
                                "q.reason.payment": "Способы оплаты", "q.reason.comparing": "Ещё сравниваю",
                                "q.reason.other": "Другое", "q.details": "Расскажите подробнее (необязательно)"}},
                        with_outcomes=False),
    },
}


def template(name: str) -> dict:
    """A fresh, editable copy of a template's survey definition."""
    return copy.deepcopy(TEMPLATES[name])


TEMPLATE_NOTES = {
    "nps": "How likely visitors are to recommend you, 0–10. Promoters get share buttons.",
    "csat": "How satisfied customers are, 1–5. Best right after an order or a support contact.",
    "ces": "How easy a task was, 1–7. Best right after checkout or sign-up.",
    "cli": "Loyalty from three 0–10 questions: recommend, buy again, try other products.",
    "exit_intent": "Asks visitors who are about to leave what stopped them.",
    "cart_abandonment": "Asks shoppers who leave a full cart what held them back.",
}


def template_list() -> list[dict]:
    """Every template with a one-line description and its definition, in the order marketers see them."""
    return [{"id": name, "name": t["name"], "kind": t["kind"], "trigger": t["trigger"]["type"],
             "description": TEMPLATE_NOTES.get(name, ""), "definition": template(name)}
            for name, t in TEMPLATES.items()]
