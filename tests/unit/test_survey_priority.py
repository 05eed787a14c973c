"""Which survey wins when several are due together: placed surveys in their order, then by trigger specificity."""
from __future__ import annotations

import pytest

from server.catalog.priority import by_priority, set_order
from server.errors import ApiError
from server.models import Survey


def survey(id_: int, trigger: str, priority: int | None = None) -> Survey:
    return Survey(id=id_, trigger={"type": trigger}, priority=priority)


def test_by_default_the_more_specific_trigger_wins():
    surveys = [survey(1, "page_view"), survey(2, "exit_intent"), survey(3, "scroll_depth"), survey(4, "click"),
               survey(5, "cart_abandonment"), survey(6, "custom_event"), survey(7, "time_on_page"),
               survey(8, "feedback_button")]
    assert [s.id for s in by_priority(surveys)] == [5, 4, 6, 8, 2, 1, 3, 7]


def test_placed_surveys_come_first_in_their_order_and_new_ones_follow_by_default():
    surveys = [survey(1, "exit_intent", 1), survey(2, "cart_abandonment", 0), survey(3, "page_view", 2),
               survey(4, "cart_abandonment"), survey(5, "page_view")]
    set_order(surveys[:3], [3, 1, 2])
    assert [s.id for s in by_priority(surveys)] == [3, 1, 2, 4, 5]


@pytest.mark.parametrize("ids", [[1, 2], [1, 2, 3, 3], [1, 2, 4], []])
def test_an_order_must_name_every_survey_once(ids):
    surveys = [survey(1, "page_view"), survey(2, "page_view"), survey(3, "page_view")]
    with pytest.raises(ApiError) as refused:
        set_order(surveys, ids)
    assert refused.value.status == 422 and "survey_ids" in refused.value.errors
    assert all(s.priority is None for s in surveys), "nothing is placed by a refused order"
