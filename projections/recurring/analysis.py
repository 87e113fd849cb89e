"""Pure analyses over view documents: fixes that did not hold, monthly trend series."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from projections.recurring.similarity import Pair


@dataclass(frozen=True)
class Recurrence:
    """A later incident like an earlier one whose action items were all closed before it."""

    earlier: str
    later: str
    similarity: float | None  # None when only an explicit "recurrence of" link joins them
    linked: bool


def recurred_despite_fix(
    views: Mapping[str, Mapping[str, Any]],
    pairs: Iterable[Pair],
    links: Iterable[tuple[str, str]],
) -> list[Recurrence]:
    """Returns the pairs where the later incident started after the earlier postmortem's fix was
    complete (every action item done or won't do, at least one done, the last one closed before
    the later incident started), latest recurrence first."""
    joined: dict[tuple[str, str], tuple[float | None, bool]] = {}
    for pair in pairs:
        joined[(pair.first, pair.second)] = (pair.score, False)
    for a, b in links:
        key = (min(a, b), max(a, b))
        score, _ = joined.get(key, (None, True))
        joined[key] = (score, True)
    found = []
    for (a, b), (score, linked) in joined.items():
        if a not in views or b not in views:
            continue
        first, second = views[a], views[b]
        if first["started_at"] is None or second["started_at"] is None:
            continue
        if first["started_at"] > second["started_at"]:
            first, second = second, first
        fixed = first.get("fix_completed_at")
        if fixed is not None and fixed < second["started_at"]:
            found.append(
                Recurrence(
                    earlier=first["postmortem_id"],
                    later=second["postmortem_id"],
                    similarity=score,
                    linked=linked,
                )
            )
    return sorted(
        found,
        key=lambda r: (views_start(views, r.later), r.later, r.earlier),
        reverse=True,
    )


def views_start(views: Mapping[str, Mapping[str, Any]], postmortem_id: str) -> Any:
    """Returns the incident start of a postmortem among views keyed by postmortem id."""
    return views[postmortem_id]["started_at"]


def months_between(start: date, end: date) -> list[str]:
    """Returns every 'YYYY-MM' month from `start`'s month to `end`'s month, inclusive."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True)
class TrendSeries:
    """Counts of one key (a service, category, severity or team) per month."""

    key: str
    counts: list[int]
    total: int


def trend_series(counters: Iterable[Mapping[str, Any]], months: list[str]) -> list[TrendSeries]:
    """Returns one series per key, a count for every month (zero where nothing happened), the
    busiest key first."""
    index = {m: i for i, m in enumerate(months)}
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    for counter in counters:
        if counter["month"] in index and counter["count"] > 0:
            counts[counter["key"]][index[counter["month"]]] += int(counter["count"])
    series = [TrendSeries(key=k, counts=c, total=sum(c)) for k, c in counts.items()]
    return sorted(series, key=lambda s: (-s.total, s.key))


@dataclass(frozen=True)
class WindowBuckets:
    """A time window cut into whole months, whole days, and the partial days at its edges."""

    months: list[str]  # 'YYYY-MM'
    days: list[str]  # 'YYYY-MM-DD'
    partial: list[tuple[datetime, datetime]]  # [from, to) ranges shorter than a day


def _floor_day(at: datetime) -> datetime:
    return at.replace(hour=0, minute=0, second=0, microsecond=0)


def _ceil_day(at: datetime) -> datetime:
    floor = _floor_day(at)
    return floor if floor == at else floor + timedelta(days=1)


def _month_start(at: datetime, later: bool) -> datetime:
    floor = at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if not later or floor == at:
        return floor
    return (
        floor.replace(year=floor.year + 1, month=1)
        if floor.month == 12
        else floor.replace(month=floor.month + 1)
    )


def window_buckets(start: datetime, end: datetime) -> WindowBuckets:
    """Returns the whole UTC months and days inside [start, end) and the partial-day edges, which
    together cover the window exactly once."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    first_day, last_day = _ceil_day(start), _floor_day(end)
    if first_day >= last_day:
        return WindowBuckets(months=[], days=[], partial=[(start, end)] if start < end else [])
    partial = [(start, first_day)] if start < first_day else []
    if last_day < end:
        partial.append((last_day, end))
    first_month, last_month = _month_start(first_day, True), _month_start(last_day, False)
    if first_month >= last_month:
        return WindowBuckets(months=[], days=_days(first_day, last_day), partial=partial)
    months = months_between(first_month.date(), (last_month - timedelta(days=1)).date())
    days = _days(first_day, first_month) + _days(last_month, last_day)
    return WindowBuckets(months=months, days=days, partial=partial)


def _days(start: datetime, end: datetime) -> list[str]:
    count = (end - start).days
    return [(start + timedelta(days=i)).date().isoformat() for i in range(count)]


def rank_groups(
    counts: Mapping[tuple[str, str], int],
    *,
    min_occurrences: int,
    service: str | None = None,
    category: str | None = None,
) -> list[tuple[str, str, int]]:
    """Returns the (service, category, count) groups with at least `min_occurrences` incidents
    (optionally of one service / category), most incidents first, then by name."""
    found = [
        (s, c, n)
        for (s, c), n in counts.items()
        if n >= min_occurrences
        and (service is None or s == service)
        and (category is None or c == category)
    ]
    return sorted(found, key=lambda g: (-g[2], g[0], g[1]))
