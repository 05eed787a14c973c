"""The <id:…> URL converter matches exactly the ids an SQL INTEGER primary key can hold."""
import re

from hypothesis import given
from hypothesis import strategies as st

from server.fields import MAX_ROW_ID
from server.web.converters import RowId, numbers_up_to


@given(st.integers(min_value=-10, max_value=10**12) | st.integers(min_value=MAX_ROW_ID - 2000, max_value=MAX_ROW_ID + 2000))
def test_the_id_pattern_matches_exactly_one_to_the_largest_row_id(n):
    assert bool(re.fullmatch(RowId.regex, str(n))) == (1 <= n <= MAX_ROW_ID)


@given(st.integers(min_value=1, max_value=5000), st.integers(min_value=-10, max_value=6000))
def test_numbers_up_to_any_limit(limit, n):
    assert bool(re.fullmatch(numbers_up_to(limit), str(n))) == (1 <= n <= limit)


def test_leading_zeros_and_other_digits_are_not_ids():
    for text in ("0", "01", "00000000001", "١٢", "1.0", "+1", " 1", "2147483647 "):
        assert re.fullmatch(RowId.regex, text) is None, text
