"""Pure analyses over view documents: fixes that did not hold, monthly trend series."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
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
