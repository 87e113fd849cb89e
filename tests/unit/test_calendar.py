"""Calendar days and months in IANA time zones: names checked, local midnights around UTC on
both sides, half-hour offsets, daylight-saving changes, and the organisation setting."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from service.config import ConfigurationError, load_settings
from service.domain.calendar import (
    UnknownTimeZone,
    day_end,
    day_start,
    local_date,
    month_key,
    month_starts,
    time_zone,
)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Mars/Olympus", "unknown time zone 'Mars/Olympus': expected an IANA name"),
        ("europe/paris", "unknown time zone 'europe/paris' (did you mean 'Europe/Paris'?)"),
        ("America", "unknown time zone 'America'"),  # a folder of the database, not a zone
        ("../etc/passwd", "unknown time zone '../etc/passwd'"),
        ("localtime", "unknown time zone 'localtime'"),  # the machine's, not a named zone
        ("", "unknown time zone ''"),
        ("Asia/Kolkata ", "unknown time zone 'Asia/Kolkata '"),
    ],
)
def test_only_names_of_the_tz_database_are_time_zones(name: str, message: str) -> None:
    with pytest.raises(UnknownTimeZone) as raised:
        time_zone(name)
    assert str(raised.value).startswith(message)


def test_a_calendar_day_starts_at_local_midnight_on_both_sides_of_utc() -> None:
    # 1 March 2026: Auckland is on daylight time (+13), Los Angeles on standard time (-8),
    # Kolkata always +05:30.
    assert day_start(date(2026, 3, 1), time_zone("Pacific/Auckland")) == utc(2026, 2, 28, 11)
    assert day_start(date(2026, 3, 1), time_zone("America/Los_Angeles")) == utc(2026, 3, 1, 8)
    assert day_start(date(2026, 3, 1), time_zone("Asia/Kolkata")) == utc(2026, 2, 28, 18, 30)
    assert day_end(date(2026, 2, 28), time_zone("Asia/Kolkata")) == utc(2026, 2, 28, 18, 30)
    # The same instant falls on three different days (and two months).
    at = utc(2026, 2, 28, 20, 0)
    assert local_date(at, time_zone("Pacific/Auckland")) == date(2026, 3, 1)
    assert local_date(at, time_zone("America/Los_Angeles")) == date(2026, 2, 28)
    assert month_key(at, time_zone("Asia/Kolkata")) == "2026-03"
    assert month_key(at, time_zone("UTC")) == "2026-02"


def test_days_around_daylight_saving_changes_are_23_or_25_hours_long() -> None:
    la, auckland = time_zone("America/Los_Angeles"), time_zone("Pacific/Auckland")
    # Los Angeles springs forward on 8 March 2026 and falls back on 1 November 2026.
    assert (day_start(date(2026, 3, 8), la), day_end(date(2026, 3, 8), la)) == (
        utc(2026, 3, 8, 8), utc(2026, 3, 9, 7))  # fmt: skip
    assert (day_end(date(2026, 3, 8), la) - day_start(date(2026, 3, 8), la)).seconds == 23 * 3600
    assert (day_end(date(2026, 11, 1), la) - day_start(date(2026, 11, 1), la)).days == 1
    assert (day_end(date(2026, 11, 1), la) - day_start(date(2026, 11, 1), la)).seconds == 3600
    # Auckland leaves daylight time on 5 April 2026: April starts at +13, May at +12.
    assert day_start(date(2026, 4, 1), auckland) == utc(2026, 3, 31, 11)
    assert day_start(date(2026, 5, 1), auckland) == utc(2026, 4, 30, 12)


def test_a_day_whose_midnight_is_skipped_starts_when_the_clocks_jump() -> None:
    # Santiago went from 00:00 -04 straight to 01:00 -03 on 7 September 2025.
    santiago = time_zone("America/Santiago")
    assert day_start(date(2025, 9, 7), santiago) == utc(2025, 9, 7, 4)
    assert local_date(utc(2025, 9, 7, 3, 59), santiago) == date(2025, 9, 6)
    assert local_date(utc(2025, 9, 7, 4, 0), santiago) == date(2025, 9, 7)


def test_month_starts_are_the_boundaries_of_every_month_of_a_range() -> None:
    assert month_starts(date(2025, 11, 20), date(2026, 2, 3)) == [
        date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1),
        date(2026, 3, 1),
    ]  # fmt: skip
    assert month_starts(date(2026, 2, 3), date(2026, 1, 1)) == [date(2026, 2, 1)]


def test_the_organisation_time_zone_is_checked_at_start_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ORGANISATION_TIME_ZONE", "Pacific/Auckland")
    assert load_settings().organisation_time_zone == "Pacific/Auckland"
    monkeypatch.setenv("ORGANISATION_TIME_ZONE", "Pacific/Aukland")
    with pytest.raises(ConfigurationError) as raised:
        load_settings()
    assert str(raised.value).startswith(
        "ORGANISATION_TIME_ZONE: unknown time zone 'Pacific/Aukland': expected an IANA name"
    )
    monkeypatch.delenv("ORGANISATION_TIME_ZONE")
    assert load_settings().organisation_time_zone == "UTC"
