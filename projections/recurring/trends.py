"""Incidents per calendar month in any time zone, read from counters (no scan of incidents).

The recurring projection counts incidents per UTC month and key. A month in another zone runs
from local midnight on its first day to local midnight on the next month's first day; each of
those instants lies within 14 hours of the UTC month boundary of the same date, on that UTC
day or the one before (the first or last day of a UTC month). So

    local month i = UTC month i - S(i) + S(i + 1),

where S(i) counts the incidents between the UTC boundary and the local one (signed: negative
when the local boundary comes first). The projection keeps, for the first and last UTC day of
every month, incidents per key and quarter hour (`EDGE_<dimension>` counters), and every
zone's offset today is a whole number of quarter hours, so S(i) is a sum of those counters. A
boundary off the quarter hours (local mean time before the 20th century) is counted from the
view documents instead. A query reads 2n + 1 counter documents for n months, whatever the
number of incidents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from projections.recurring.analysis import TrendSeries, trend_series
from projections.recurring.documents import (
    EDGE_SLOT_MINUTES,
    decode_key,
    edge_kind,
    split_edge_field,
    trend_keys,
)
from projections.recurring.projection import counter_id
from service.domain.calendar import day_start, month_starts


@dataclass(frozen=True)
class Edge:
    """Incidents between a UTC month boundary and the local one, on one UTC day."""

    day: str  # the UTC day 'YYYY-MM-DD' whose edge counters hold them
    low: datetime
    high: datetime
    sign: int  # +1: the local month starts after the UTC month (they move back a month)


def boundary_edge(first_of_month: date, zone: tzinfo) -> Edge | None:
    """Returns the edge between the UTC and the local start of a month (None: they agree)."""
    local = day_start(first_of_month, zone)
    utc = datetime.combine(first_of_month, time(), tzinfo=UTC)
    if local == utc:
        return None
    if local > utc:
        return Edge(day=first_of_month.isoformat(), low=utc, high=local, sign=1)
    return Edge(day=(first_of_month - timedelta(days=1)).isoformat(), low=local, high=utc, sign=-1)


def _slot_bounds(edge: Edge) -> tuple[int, int] | None:
    """Returns the quarter-hour slots [first, last) an edge covers, or None if it does not
    start and end on quarter hours of its day."""
    day_begins = datetime.fromisoformat(edge.day).replace(tzinfo=UTC)
    bounds = []
    for at in (edge.low, edge.high):
        seconds = (at - day_begins).total_seconds()
        if seconds % (EDGE_SLOT_MINUTES * 60):
            return None
        bounds.append(int(seconds // (EDGE_SLOT_MINUTES * 60)))
    return bounds[0], bounds[1]


def month_label(first_of_month: date) -> str:
    """Returns 'YYYY-MM'."""
    return f"{first_of_month.year:04d}-{first_of_month.month:02d}"


async def zoned_trends(
    counters: Any,
    views: Any,
    scope: str,
    start: date,
    end: date,
    dimension: str,
    zone: tzinfo,
) -> tuple[list[str], list[TrendSeries]]:
    """Returns the months from `start`'s to `end`'s (in `zone`) and each key's incidents per
    month, busiest key first; `counters` and `views` are the async collections."""
    firsts = month_starts(start, end)
    months = [month_label(first) for first in firsts[:-1]]
    if not months:
        return [], []
    edges = [boundary_edge(first, zone) for first in firsts]
    ids = [counter_id(scope, dimension, month) for month in months]
    ids += sorted({counter_id(scope, edge_kind(dimension), e.day) for e in edges if e})
    found: dict[str, Mapping[str, Any]] = {}
    async for doc in counters.find({"_id": {"$in": ids}}):
        found[doc["_id"]] = doc.get("counts") or {}
    totals: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    for i, month in enumerate(months):
        for field, n in found.get(counter_id(scope, dimension, month), {}).items():
            totals[decode_key(field)][i] += int(n)
    for i, edge in enumerate(edges):
        if edge is None:
            continue
        counts = await _edge_counts(found, views, scope, dimension, edge)
        for key, n in counts.items():
            # S(i) leaves month i and joins month i - 1.
            if i < len(months):
                totals[key][i] -= edge.sign * n
            if i > 0:
                totals[key][i - 1] += edge.sign * n
    counters = [
        {"key": key, "month": month, "count": n}
        for key, per_month in totals.items()
        for month, n in zip(months, per_month, strict=True)
    ]
    return months, trend_series(counters, months)  # drops counts below one (mid-update)


async def _edge_counts(
    found: Mapping[str, Mapping[str, Any]], views: Any, scope: str, dimension: str, edge: Edge
) -> dict[str, int]:
    """Returns incidents per key that started in [edge.low, edge.high)."""
    counts: dict[str, int] = defaultdict(int)
    slots = _slot_bounds(edge)
    if slots is not None:
        first, last = slots
        for field, n in found.get(counter_id(scope, edge_kind(dimension), edge.day), {}).items():
            slot, key = split_edge_field(field)
            if first <= slot < last:
                counts[key] += int(n)
        return counts
    match = {"scope": scope, "started_at": {"$gte": edge.low, "$lt": edge.high}}
    fields = {"started_at": 1, "services": 1, "category": 1, "severity": 1, "team": 1}
    async for view in views.find(match, fields):
        for view_dimension, key, _ in trend_keys(view):
            if view_dimension == dimension:
                counts[key] += 1
    return counts
