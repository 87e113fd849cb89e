"""The compliance report query (compliance and admin only)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import strawberry
from graphql import GraphQLError

from projections.compliance.model import ReportRequest
from schema.audit.queries import caller, forbidden
from schema.compliance.types import ComplianceReport
from schema.context import Context
from service.domain import NotPermitted, Severity

MAX_PERIOD_DAYS = 3_660


def report_request(
    since: datetime,
    until: datetime,
    *,
    as_of: datetime | None,
    severity: Severity | None,
    service: str | None,
    team: str | None,
) -> ReportRequest:
    """Returns a checked report request, or raises ValueError saying what is wrong."""
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
    )


@strawberry.type
class ComplianceQuery:
    @strawberry.field(
        description="Compliance report for incidents resolved in [from, to); compliance and "
        "admin only. Pass `asOf` to reproduce a report exactly (default: now)."
    )
    async def compliance_report(
        self,
        info: strawberry.Info[Context, None],
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        severity: Severity | None = None,
        service: str | None = None,
        team: str | None = None,
        as_of: datetime | None = None,
    ) -> ComplianceReport:
        try:
            request = report_request(
                from_, to, as_of=as_of, severity=severity, service=service, team=team
            )
        except ValueError as error:
            raise GraphQLError(str(error)) from None
        try:
            report = await info.context.deps.compliance.report(caller(info), request)
        except NotPermitted as error:
            raise forbidden(error) from None
        return ComplianceReport.from_data(report)
