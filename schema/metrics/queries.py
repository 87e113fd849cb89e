"""The incident metrics query: parse and bound the arguments, read the view, map to types."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from graphql import GraphQLError

from projections.incident_metrics.queries import MAX_MONTHS, IncidentMetricsQueries
from schema.context import Context
from schema.error_codes import ErrorCode
from schema.metrics.types import IncidentMetrics, IncidentMetricsGroup
from schema.postmortems.enums import Severity
from schema.recurring.queries import IncludeUnpublished, check_months
from schema.scalars import TimeZoneArgument, zone_name
from service.application.read_rules import recurring_scope
from service.domain.calendar import time_zone
from service.domain.errors import NotPermitted

MAX_NAME = 100


@strawberry.type
class MetricsQuery:
    @strawberry.field(
        description="Time to detect, mitigate, resolve and publish (median and 90th "
        "percentile, in minutes) per calendar month of the incident start in `timeZone`, "
        f"per service and severity, from `from`'s month to `to`'s month (at most {MAX_MONTHS} "
        "months). Every authenticated user sees published postmortems (their latest published "
        "revision); `includeUnpublished` adds drafts and postmortems in review (reviewers, "
        "compliance officers and admins only). Withdrawn postmortems are never counted."
    )
    async def incident_metrics(
        self,
        info: strawberry.Info[Context, None],
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
        service: Annotated[
            str | None,
            strawberry.argument(description="Only this service (exact, at most 100 characters)."),
        ] = None,
        severity: Annotated[
            Severity | None, strawberry.argument(description="Only this severity.")
        ] = None,
        include_unpublished: IncludeUnpublished = False,
        time_zone_name: TimeZoneArgument = None,
    ) -> IncidentMetrics:
        try:
            scope = recurring_scope(info.context.actor, include_unpublished)
        except NotPermitted as error:
            raise GraphQLError(str(error), extensions={"code": ErrorCode.FORBIDDEN}) from None
        check_months(from_, to, MAX_MONTHS)
        if service is not None and not 1 <= len(service.strip()) <= MAX_NAME:
            raise GraphQLError(f"service must be 1 to {MAX_NAME} characters")
        zone = zone_name(time_zone_name, info.context.deps.settings.organisation_time_zone)
        found = await IncidentMetricsQueries(info.context.deps.db).metrics(
            scope,
            from_,
            to,
            time_zone(zone),
            service=service.strip() if service is not None else None,
            severity=severity.value if severity is not None else None,
        )
        return IncidentMetrics(
            months=found.months,
            time_zone=zone,
            totals=[IncidentMetricsGroup.from_data(g) for g in found.totals],
            groups=[IncidentMetricsGroup.from_data(g) for g in found.groups],
        )
