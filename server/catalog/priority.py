"""Which survey wins when several are due at the same moment: the site's order, explicit and testable.

The widget offers surveys in the order the config lists them (its triggers are
armed in that order, and one popup at a time holds), so this order decides. An
admin may set it as a list on the site's survey page; a survey never placed
there (a new one) comes after the placed ones, by how specific its trigger is.
Example: an exit-intent NPS and a cart-abandonment survey on exit intent with a
non-empty cart: the cart survey, the more specific one, shows.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..errors import ApiError
from ..models import Survey

# the more specific trigger first; time, scroll and page view (and anything new) come last. A feedback tab
# is a click the visitor chose to make, so it ranks with click. An inline survey is no popup and competes with
# none: its place in the order changes nothing.
TRIGGER_RANK = {"cart_abandonment": 0, "click": 1, "custom_event": 1, "feedback_button": 1, "exit_intent": 2}
LAST_RANK = 3


def priority_key(survey: Survey) -> tuple:
    """Placed surveys by their place; the others after them, by trigger specificity, then oldest first."""
    trigger = (survey.trigger or {}).get("type")
    return (survey.priority is None, survey.priority or 0, TRIGGER_RANK.get(trigger, LAST_RANK), survey.id)


def by_priority(surveys: Iterable[Survey]) -> list[Survey]:
    """Surveys in the order they win."""
    return sorted(surveys, key=priority_key)


def set_order(surveys: list[Survey], survey_ids: list[int]) -> None:
    """Place every survey of a site: ``survey_ids`` must name each of them exactly once."""
    known = {survey.id for survey in surveys}
    if len(survey_ids) != len(set(survey_ids)) or set(survey_ids) != known:
        raise ApiError(422, "The order must list every survey of the site once.",
                       {"survey_ids": [f"Expected each of {sorted(known)} exactly once."]})
    place = {survey_id: index for index, survey_id in enumerate(survey_ids)}
    for survey in surveys:
        survey.priority = place[survey.id]
