"""Monthly incident metrics (async, for the API): median and 90th percentile time to detect,
mitigate, resolve and publish, per calendar month of the incident start in a time zone, per
service and severity, read from `incident_metrics` (never by replaying events).

The period's incidents are read once (one small document each, through the index on scope and
incident start) and grouped here: the cost grows with the incidents of the period, which is
why a query covers at most `MAX_MONTHS` months.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from projections.compliance.report import percentile
from projections.incident_metrics.projection import COLLECTION, DURATIONS
from service.domain.calendar import day_start, month_key, month_starts
from service.domain.document import Document

MAX_MONTHS = 36


@dataclass(frozen=True)
class DurationStats:
    """One duration over a group's incidents, in minutes (None when no incident has it)."""

    count: int
    median_minutes: float | None
    p90_minutes: float | None


@dataclass(frozen=True)
class MetricsGroup:
    """The incidents of one month (and service and severity, unless a month's total)."""

    month: str
    service: str | None
    severity: str | None
    incidents: int
    durations: dict[str, DurationStats]  # by DURATIONS name


@dataclass(frozen=True)
class IncidentMetrics:
    """The metrics of a range of months ('YYYY-MM', oldest first)."""

    months: list[str]
    totals: list[MetricsGroup]  # one per month, every month
    groups: list[MetricsGroup]  # per (month, service, severity) with incidents


def duration_stats(seconds: Iterable[float]) -> DurationStats:
    """Returns the count, median and 90th percentile (linear interpolation between closest
    ranks, as in the compliance report) of durations given in seconds, in minutes."""
    minutes = [s / 60 for s in seconds]
    median, p90 = percentile(minutes, 50), percentile(minutes, 90)
    return DurationStats(
        count=len(minutes),
        median_minutes=None if median is None else round(median, 2),
        p90_minutes=None if p90 is None else round(p90, 2),
    )


def _group(
    month: str, service: str | None, severity: str | None, docs: list[Document]
) -> MetricsGroup:
    durations = {
        name: duration_stats(
            s for d in docs if (s := (d.get("seconds") or {}).get(name)) is not None
        )
        for name in DURATIONS
    }
    return MetricsGroup(month, service, severity, len(docs), durations)


def summarise(
    docs: Iterable[Mapping[str, Any]], months: list[str], zone: tzinfo
) -> IncidentMetrics:
    """Returns the metrics of incident documents (pure): totals per month, and groups per
    (month, service, severity); an incident of several services counts in each service's
    group once, and once in its month's total. A postmortem without a service is grouped
    under service None."""
    by_month: dict[str, list[Document]] = defaultdict(list)
    by_group: dict[tuple[str, str, str], list[Document]] = defaultdict(list)
    for doc in docs:
        month = month_key(doc["started_at"], zone)
        by_month[month].append(dict(doc))
        for service in doc.get("services") or [""]:
            by_group[(month, service, str(doc.get("severity")))].append(dict(doc))
    totals = [_group(m, None, None, by_month.get(m, [])) for m in months]
    groups = [
        _group(month, service or None, severity, found)
        for (month, service, severity), found in sorted(by_group.items())
        if month in months
    ]
    return IncidentMetrics(months=months, totals=totals, groups=groups)


class IncidentMetricsQueries:
    """Reads of the `incident_metrics` view."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._collection = db[COLLECTION]

    async def metrics(
        self,
        scope: str,
        start: date,
        end: date,
        zone: tzinfo,
        *,
        service: str | None = None,
        severity: str | None = None,
    ) -> IncidentMetrics:
        """Returns the metrics of incidents that started from `start`'s month to `end`'s
        month, calendar months in `zone`, optionally of one service and severity."""
        firsts = month_starts(start, end)
        months = [f"{first.year:04d}-{first.month:02d}" for first in firsts[:-1]]
        if not months:
            return IncidentMetrics(months=[], totals=[], groups=[])
        query: Document = {
            "scope": scope,
            "started_at": {"$gte": day_start(firsts[0], zone), "$lt": day_start(firsts[-1], zone)},
        }
        if service is not None:
            query["services"] = service
        if severity is not None:
            query["severity"] = severity
        fields = {"started_at": 1, "services": 1, "severity": 1, "seconds": 1}
        docs = await self._collection.find(query, fields).to_list()
        result = summarise(docs, months, zone)
        if service is None:
            return result
        # An incident of several services: keep the asked-for service's groups only.
        groups = [g for g in result.groups if g.service == service]
        return IncidentMetrics(months=result.months, totals=result.totals, groups=groups)
