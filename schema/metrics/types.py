"""GraphQL types of the incident metrics (built from the query's dataclasses)."""

from __future__ import annotations

import strawberry

from projections.incident_metrics import queries as model
from schema.postmortems.enums import Severity
from schema.scalars import TimeZone


@strawberry.type(description="One duration over a group's incidents, in minutes.")
class DurationStats:
    count: int = strawberry.field(description="Incidents of the group with this duration known.")
    median_minutes: float | None = strawberry.field(
        description="Median in minutes (2 decimals); null when `count` is 0."
    )
    p90_minutes: float | None = strawberry.field(
        description="90th percentile in minutes (linear interpolation between closest ranks, "
        "as the compliance report); null when `count` is 0."
    )

    @classmethod
    def from_data(cls, stats: model.DurationStats) -> DurationStats:
        """Returns the GraphQL view."""
        return cls(
            count=stats.count, median_minutes=stats.median_minutes, p90_minutes=stats.p90_minutes
        )


@strawberry.type(
    description="Incidents that started in one calendar month (of the query's time zone), "
    "of one service and severity, or all of them for a month's total."
)
class IncidentMetricsGroup:
    month: str = strawberry.field(description="'YYYY-MM' of the incident start.")
    service: str | None = strawberry.field(
        description="The affected service (an incident of several services counts in each); "
        "null in `totals`, and for postmortems that name no service."
    )
    severity: Severity | None = strawberry.field(description="Null in `totals`.")
    incidents: int
    time_to_detect: DurationStats = strawberry.field(description="Detected minus started.")
    time_to_mitigate: DurationStats = strawberry.field(description="Mitigated minus started.")
    time_to_resolve: DurationStats = strawberry.field(description="Resolved minus started.")
    time_to_publish: DurationStats = strawberry.field(
        description="First publication of the postmortem minus resolved."
    )

    @classmethod
    def from_data(cls, group: model.MetricsGroup) -> IncidentMetricsGroup:
        """Returns the GraphQL view."""
        d = group.durations
        return cls(
            month=group.month,
            service=group.service,
            severity=Severity(group.severity) if group.severity else None,
            incidents=group.incidents,
            time_to_detect=DurationStats.from_data(d["detect"]),
            time_to_mitigate=DurationStats.from_data(d["mitigate"]),
            time_to_resolve=DurationStats.from_data(d["resolve"]),
            time_to_publish=DurationStats.from_data(d["publish"]),
        )


@strawberry.type(description="Incident metrics per calendar month.")
class IncidentMetrics:
    months: list[str] = strawberry.field(description="'YYYY-MM', oldest first.")
    time_zone: TimeZone = strawberry.field(description="The IANA zone whose months count.")
    totals: list[IncidentMetricsGroup] = strawberry.field(
        description="One per month (months without incidents included), every incident once."
    )
    groups: list[IncidentMetricsGroup] = strawberry.field(
        description="One per (month, service, severity) with at least one incident, by month, "
        "then service, then severity."
    )
