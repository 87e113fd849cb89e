"""File exports over HTTP: the audit trail (CSV, NDJSON, streamed in constant memory) and the
compliance report (JSON, CSV)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from projections.audit_log.filters import FILTER_NAMES, InvalidAuditFilter, parse_audit_filter
from projections.audit_log.queries import AuditFilter, Order, csv_header, csv_line, ndjson_line
from projections.compliance.queries import CSV_SECTIONS, report_csv, report_json
from projections.dependencies import Dependencies
from schema.compliance.queries import report_request
from schema.error_codes import ErrorCode
from service.api.auth import AuthenticationFailed, actor_from_header
from service.api.errors import error_response
from service.domain import NotPermitted, Severity, text
from service.domain.instants import InvalidInstant, MissingTimeZone, parse_instant
from service.domain.text import TextKind
from service.domain.values import Actor

EXPORT_BATCH_SIZE = 1_000


class BadRequest(ValueError):
    """A query parameter is invalid."""


def _time(request: Request, name: str) -> datetime | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    try:
        return parse_instant(value)
    except MissingTimeZone:
        raise BadRequest(f"{name} must carry a time zone (e.g. a trailing Z)") from None
    except InvalidInstant:
        raise BadRequest(f"{name} must be an ISO 8601 date-time, got {value!r}") from None


def _date(request: Request, name: str) -> date | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name} must be a date like 2025-07-01, got {value[:40]!r}") from None


def check_text(request: Request) -> None:
    """Refuses query parameters that are not text a user means (service/domain/text.py)."""
    for name, value in request.query_params.multi_items():
        if (problem := text.problem(value, TextKind.LINE)) is not None:
            raise BadRequest(f"{name} {problem}")


def audit_filter_from(request: Request) -> tuple[AuditFilter, Order]:
    """Returns the filter and order named by an export's query parameters (the one audit
    filter parser: projections/audit_log/filters.py)."""
    check_text(request)
    params = request.query_params
    unknown = set(params) - {*FILTER_NAMES, "order"}
    if unknown:
        raise BadRequest(f"unknown query parameters: {', '.join(sorted(unknown))}")
    try:
        order = Order(params.get("order", Order.OLDEST_FIRST.value))
    except ValueError:
        raise BadRequest("order must be NEWEST_FIRST or OLDEST_FIRST") from None
    try:
        filters = parse_audit_filter(
            postmortem_id=params.get("postmortemId"),
            actor_id=params.get("actorId"),
            event_type=params.get("eventType"),
            since=params.get("from"),
            until=params.get("to"),
        )
    except InvalidAuditFilter as error:
        raise BadRequest(str(error)) from None
    return filters, order


def caller(deps: Dependencies, request: Request) -> Actor:
    """Returns the authenticated caller (the middleware already refused anonymous requests and
    left the actor it proved, HS256 or JWKS, in the request state)."""
    actor = request.scope.get("state", {}).get("actor")
    if isinstance(actor, Actor):
        return actor
    return actor_from_header(deps.settings, request.headers.get("authorization"))


def _audit_export(
    deps: Dependencies, media_type: str, header: str | None, line: Callable[[Any], str]
) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        try:
            actor = caller(deps, request)
            filters, order = audit_filter_from(request)
            entries = deps.audit.stream(actor, filters, order=order, batch_size=EXPORT_BATCH_SIZE)
        except AuthenticationFailed as error:
            return error_response(401, ErrorCode.UNAUTHENTICATED, str(error), scope=request.scope)
        except NotPermitted as error:
            return error_response(403, ErrorCode.FORBIDDEN, str(error), scope=request.scope)
        except BadRequest as error:
            return error_response(400, ErrorCode.BAD_REQUEST, str(error), scope=request.scope)

        async def body() -> AsyncIterator[str]:
            if header is not None:
                yield header
            async for entry in entries:
                yield line(entry)

        extension = "csv" if media_type.startswith("text/csv") else "ndjson"
        return StreamingResponse(
            body(),
            media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="audit.{extension}"'},
        )

    return endpoint


def _compliance_export(deps: Dependencies, fmt: str) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        params = request.query_params
        allowed = {"from", "to", "fromDate", "toDate", "timeZone", "severity", "service", "team",
                   "asOf", "section"}  # fmt: skip
        try:
            actor = caller(deps, request)
            check_text(request)
            unknown = set(params) - allowed
            if unknown:
                raise BadRequest(f"unknown query parameters: {', '.join(sorted(unknown))}")
            since, until = _time(request, "from"), _time(request, "to")
            severity = params.get("severity") or None
            if severity is not None and severity not in Severity.__members__:
                raise BadRequest("severity must be one of SEV1, SEV2, SEV3, SEV4")
            # The CSV export is one table (default: sla); JSON is the whole report unless asked.
            section = params.get("section") or ("sla" if fmt == "csv" else None)
            if section is not None and section not in CSV_SECTIONS:
                raise BadRequest(f"section must be one of {', '.join(CSV_SECTIONS)}")
            try:
                report_query = report_request(
                    since,
                    until,
                    as_of=_time(request, "asOf"),
                    severity=Severity(severity) if severity else None,
                    service=params.get("service") or None,
                    team=params.get("team") or None,
                    zone=params.get("timeZone") or deps.settings.organisation_time_zone,
                    from_date=_date(request, "fromDate"),
                    to_date=_date(request, "toDate"),
                )
            except ValueError as error:
                raise BadRequest(str(error)) from None
            report = await deps.compliance.report(actor, report_query)
        except AuthenticationFailed as error:
            return error_response(401, ErrorCode.UNAUTHENTICATED, str(error), scope=request.scope)
        except NotPermitted as error:
            return error_response(403, ErrorCode.FORBIDDEN, str(error), scope=request.scope)
        except BadRequest as error:
            return error_response(400, ErrorCode.BAD_REQUEST, str(error), scope=request.scope)
        name = "compliance" if section is None else f"compliance-{section}"
        if fmt == "json":
            return PlainTextResponse(
                report_json(report, section),
                media_type="application/json",
                headers={"Content-Disposition": f'attachment; filename="{name}.json"'},
            )
        return PlainTextResponse(
            report_csv(report, section or "sla"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )

    return endpoint


def export_routes(deps: Dependencies) -> list[Route]:
    """Returns the export routes."""
    return [
        Route(
            "/exports/audit.csv",
            _audit_export(deps, "text/csv; charset=utf-8", csv_header(), csv_line),
        ),
        Route(
            "/exports/audit.ndjson",
            _audit_export(deps, "application/x-ndjson", None, ndjson_line),
        ),
        Route("/exports/compliance.json", _compliance_export(deps, "json")),
        Route("/exports/compliance.csv", _compliance_export(deps, "csv")),
    ]
