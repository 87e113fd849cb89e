"""Calendar days and months in a time zone: the organisation's, or the one a query names.

Every instant is stored in UTC; which calendar day or month it falls on depends on the time
zone it is read in (2025-07-31T20:00Z is already 1 August in Auckland). Zones are IANA names,
read from the tz database through `zoneinfo` (the `tzdata` package where the system has none).
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta, tzinfo

DEFAULT_TIME_ZONE = "UTC"
MAX_NAME_LENGTH = 64
# Names that depend on the machine rather than on the tz database.
_MACHINE_LOCAL = frozenset({"localtime", "posixrules"})


class UnknownTimeZone(ValueError):
    """Not an IANA time zone name the tz database knows."""


@functools.cache
def _known_names() -> dict[str, str]:
    """Returns every known zone name by its lower-case form (for suggestions)."""
    names = zoneinfo.available_timezones() - _MACHINE_LOCAL
    return {name.lower(): name for name in names}


@functools.lru_cache(maxsize=512)
def time_zone(name: str) -> zoneinfo.ZoneInfo:
    """Returns the zone of an IANA name (e.g. `Europe/Paris`, `Asia/Kolkata`, `UTC`).

    Raises UnknownTimeZone, whose message names the value and, where only the letter case
    differs, the name meant.
    """
    known = _known_names()
    if not isinstance(name, str) or len(name) > MAX_NAME_LENGTH or name not in known.values():
        shown = name[:MAX_NAME_LENGTH] if isinstance(name, str) else name
        hint = known.get(shown.lower()) if isinstance(shown, str) else None
        suggestion = f" (did you mean {hint!r}?)" if hint else ""
        raise UnknownTimeZone(
            f"unknown time zone {shown!r}{suggestion}: expected an IANA name such as "
            "Europe/Paris, America/Los_Angeles or UTC"
        )
    return zoneinfo.ZoneInfo(name)


def local_date(at: datetime, zone: tzinfo) -> date:
    """Returns the calendar day an instant falls on in a zone (naive instants are UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(zone).date()


def day_start(day: date, zone: tzinfo) -> datetime:
    """Returns the first instant (UTC) of a calendar day in a zone: local midnight, or the
    moment the clocks jump where a daylight-saving change skips midnight."""
    # fold=0 reads a skipped midnight with the offset before the jump: the jump's instant.
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


def day_end(day: date, zone: tzinfo) -> datetime:
    """Returns the first instant (UTC) after a calendar day in a zone (exclusive end)."""
    return day_start(day + timedelta(days=1), zone)


def month_key(at: datetime, zone: tzinfo) -> str:
    """Returns the 'YYYY-MM' month an instant falls in, in a zone."""
    day = local_date(at, zone)
    return f"{day.year:04d}-{day.month:02d}"


def first_of_next_month(day: date) -> date:
    """Returns the first day of the month after `day`'s month."""
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def month_starts(start: date, end: date) -> list[date]:
    """Returns the first day of every month from `start`'s month to `end`'s month inclusive,
    followed by the first day of the month after (n + 1 boundaries for n months)."""
    boundaries = [date(start.year, start.month, 1)]
    last = date(end.year, end.month, 1)
    while boundaries[-1] <= last:
        boundaries.append(first_of_next_month(boundaries[-1]))
    return boundaries
