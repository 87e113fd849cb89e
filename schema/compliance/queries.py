"""The compliance report query (compliance and admin only)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import strawberry
from graphql import GraphQLError

from projections.compliance.model import ReportRequest
from schema.audit.queries import caller, forbidden
from schema.compliance.types import ComplianceReport
from schema.context import Context
from schema.postmortems.enums import Severity
from schema.scalars import TimeZoneArgument, zone_name
from service.domain import NotPermitted
from service.domain.calendar import day_end, day_start, time_zone

MAX_PERIOD_DAYS = 3_660


def report_request(
    since: datetime | None,
    until: datetime | None,
    *,
    as_of: datetime | None,
    severity: Severity | None,
    service: str | None,
    team: str | None,
    zone: str,
    from_date: date | None = None,
    to_date: date | None = None,
) -> ReportRequest:
    """Returns a checked report request, or raises ValueError saying what is wrong.

    The period is `[since, until)`, or the calendar days `from_date` to `to_date` (both
    included) in the IANA zone `zone`, which also decides the report's calendar days.
    """
    tz = time_zone(zone)  # UnknownTimeZone is a ValueError
    if from_date is not None or to_date is not None:
        if since is not None or until is not None:
            raise ValueError("pass from and to, or fromDate and toDate, not both")
        if from_date is None or to_date is None:
            raise ValueError("fromDate and toDate go together")
        if from_date > to_date:
            raise ValueError("fromDate must not be after toDate")
        since, until = day_start(from_date, tz), day_end(to_date, tz)
    if since is None or until is None:
        raise ValueError("from and to are required (or fromDate and toDate)")
    if since >= until:
        raise ValueError("from must be before to")
    if (until - since).days > MAX_PERIOD_DAYS:
        raise ValueError(f"the period may span at most {MAX_PERIOD_DAYS} days")
    return ReportRequest(
        since=since,
        until=until,
        as_of=as_of or datetime.now(UTC),
        severity=severity,
        service=service,
        team=team,
        time_zone=zone,
    )


@strawberry.type
class ComplianceQuery:
    @strawberry.field(
        description="Compliance report for incidents resolved in [from, to), or on the calendar "
        "days fromDate to toDate (both included) in `timeZone`; compliance and admin only. "
        "Pass `asOf` to reproduce a report exactly (default: now)."
    )
    async def compliance_report(
        self,
        info: strawberry.Info[Context, None],
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
        severity: Severity | None = None,
        service: str | None = None,
        team: str | None = None,
        as_of: datetime | None = None,
        from_date: Annotated[
            date | None,
            strawberry.argument(description="First calendar day of the period, in `timeZone`."),
        ] = None,
        to_date: Annotated[
            date | None,
            strawberry.argument(description="Last calendar day of the period (included)."),
        ] = None,
        time_zone_name: TimeZoneArgument = None,
    ) -> ComplianceReport:
        zone = zone_name(time_zone_name, info.context.deps.settings.organisation_time_zone)
        try:
            request = report_request(
                from_,
                to,
                as_of=as_of,
                severity=severity,
                service=service,
                team=team,
                zone=zone,
                from_date=from_date,
                to_date=to_date,
            )
        except ValueError as error:
            raise GraphQLError(str(error)) from None
        try:
            report = await info.context.deps.compliance.report(caller(info), request)
        except NotPermitted as error:
            raise forbidden(error) from None
        return ComplianceReport.from_data(report)
