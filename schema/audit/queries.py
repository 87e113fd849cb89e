"""Audit queries: the trail and the verification of its chain (compliance and admin only)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from graphql import GraphQLError

from projections.audit_log.filters import InvalidAuditFilter, parse_audit_filter
from projections.audit_log.queries import AuditFilter, Order, encode_cursor
from schema.audit.types import (
    AuditChainVerification,
    AuditEntry,
    AuditEntryConnection,
    AuditEntryEdge,
    AuditTrailFilter,
)
from schema.context import Context
from schema.error_codes import ErrorCode
from schema.pagination import (
    After,
    Before,
    cursor_errors,
    first_argument,
    last_argument,
    page_info,
    page_request,
)
from service.domain.errors import NotPermitted
from service.domain.values import Actor

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50


def caller(info: strawberry.Info[Context, None]) -> Actor:
    """Returns the authenticated caller, or raises a client error."""
    if info.context.actor is None:
        raise GraphQLError(
            "authentication required", extensions={"code": ErrorCode.UNAUTHENTICATED}
        )
    return info.context.actor


def forbidden(error: NotPermitted) -> GraphQLError:
    """Returns the client error for a refused read."""
    return GraphQLError(str(error), extensions={"code": ErrorCode.FORBIDDEN})


def audit_filter(value: AuditTrailFilter | None) -> AuditFilter:
    """Returns the read-model filter for the GraphQL filter input (the one audit filter
    parser: projections/audit_log/filters.py); a refused value is BAD_USER_INPUT."""
    if value is None:
        return AuditFilter()
    try:
        return parse_audit_filter(
            postmortem_id=None if value.postmortem_id is None else str(value.postmortem_id),
            actor_id=value.actor_id,
            event_type=value.event_type,
            since=value.from_,
            until=value.to,
        )
    except InvalidAuditFilter as error:
        raise GraphQLError(
            f"filter.{error}", extensions={"code": ErrorCode.BAD_USER_INPUT}
        ) from None


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description="The audit trail: one entry per event, filtered; compliance and admin only."
    )
    async def audit_trail(
        self,
        info: strawberry.Info[Context, None],
        filter: AuditTrailFilter | None = None,
        first: Annotated[int | None, first_argument(DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)] = None,
        after: After = None,
        last: Annotated[int | None, last_argument(MAX_PAGE_SIZE)] = None,
        before: Before = None,
        order: Annotated[
            Order,
            strawberry.argument(
                description="NEWEST_FIRST (the default: the latest event first) or OLDEST_FIRST; "
                "a cursor only continues the order that issued it."
            ),
        ] = Order.NEWEST_FIRST,
    ) -> AuditEntryConnection:
        request = page_request(
            first=first, after=after, last=last, before=before,
            default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE,
        )  # fmt: skip
        filters = audit_filter(filter)
        try:
            with cursor_errors():
                page = await info.context.deps.audit.page(
                    caller(info), filters, request=request, order=order
                )
        except NotPermitted as error:
            raise forbidden(error) from None
        edges = [
            AuditEntryEdge(cursor=encode_cursor(doc["_id"]), node=AuditEntry.from_document(doc))
            for doc in page.items
        ]
        return AuditEntryConnection(
            edges=edges,
            page_info=page_info(
                [e.cursor for e in edges], page.has_next_page, page.has_previous_page
            ),
            count=page.total_count,
        )

    @strawberry.field(
        description="Recomputes the audit hash chain from the event store and reports OK or "
        "the first broken link; compliance and admin only."
    )
    async def verify_audit_chain(
        self, info: strawberry.Info[Context, None]
    ) -> AuditChainVerification:
        try:
            result = await info.context.deps.audit.verify(caller(info))
        except NotPermitted as error:
            raise forbidden(error) from None
        return AuditChainVerification.from_data(result)
