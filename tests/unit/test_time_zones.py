"""A site's time zone: local days of stored UTC times, where a local day starts, and the digests' windows."""
from __future__ import annotations

import datetime as dt

import pytest

from server.reporting.digest import digest_period, period_label
from server.timezones import day_start, local_day_text, zone_names

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_late_evening_utc_answer_is_the_next_day_in_moscow_and_the_same_day_in_new_york():
    assert local_day_text("2026-03-10 22:30:00.000000", "Europe/Moscow") == "2026-03-11"
    assert local_day_text("2026-03-10 22:30:00.000000", "America/New_York") == "2026-03-10"
    assert local_day_text("2026-03-10 22:30:00+00:00", "UTC") == "2026-03-10"
    assert local_day_text(None, "Europe/Moscow") is None


def test_a_local_day_starts_at_local_midnight_across_daylight_saving():
    assert day_start(dt.date(2026, 3, 11), "Europe/Moscow") == at("2026-03-10 21:00")
    # Berlin moves to summer time on Sunday 2026-03-29: that day is 23 hours long
    assert day_start(dt.date(2026, 3, 29), "Europe/Berlin") == at("2026-03-28 23:00")
    assert day_start(dt.date(2026, 3, 30), "Europe/Berlin") == at("2026-03-29 22:00")
    assert day_start(dt.date(2026, 3, 29), "UTC") == at("2026-03-29 00:00")


def test_the_first_day_a_date_can_name_starts_at_the_first_instant_east_of_utc():
    assert day_start(dt.date.min, "Asia/Tokyo") == dt.datetime.min.replace(tzinfo=UTC)


def test_zone_names_are_the_iana_ones():
    assert {"UTC", "Europe/Moscow", "America/Sao_Paulo", "Asia/Kolkata"} <= zone_names()
    assert "Mars/Olympus" not in zone_names()


@pytest.mark.parametrize("frequency,now,zone,start,end,label", [
    # 22:30 UTC on the 10th is already the 11th in Moscow: "yesterday" there is the 10th
    ("daily", "2026-03-10 22:30", "Europe/Moscow", "2026-03-09 21:00", "2026-03-10 21:00", "2026-03-10"),
    ("daily", "2026-03-10 22:30", "UTC", "2026-03-09 00:00", "2026-03-10 00:00", "2026-03-09"),
    # the week holding Berlin's switch to summer time is an hour short
    ("weekly", "2026-03-30 08:00", "Europe/Berlin", "2026-03-22 23:00", "2026-03-29 22:00", "2026-03-23 to 2026-03-29"),
    ("weekly", "2026-03-29 23:30", "Asia/Tokyo", "2026-03-22 15:00", "2026-03-29 15:00", "2026-03-23 to 2026-03-29"),
])
def test_a_digest_covers_the_sites_last_whole_local_day_or_week(frequency, now, zone, start, end, label):
    got = digest_period(frequency, at(now), zone)
    assert got == (at(start), at(end))
    assert period_label(frequency, *got, zone) == label
