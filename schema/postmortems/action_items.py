"""The action items list across postmortems: "what is overdue, and whose is it?"."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError

from projections.action_items.queries import ActionItemFilter as ListFilter
from projections.action_items.queries import ActionItemQueries, encode_cursor, is_overdue
from projections.paging import Count
from schema.context import Context
from schema.pagination import (
    After,
    Before,
    PageInfo,
    cursor_errors,
    first_argument,
    last_argument,
    page_info,
    page_request,
    total_count_field,
)
from schema.postmortems.enums import ActionItemStatus, Severity
from schema.postmortems.sections import ActionItem
from schema.scalars import TimeZone, TimeZoneArgument, zone_name
from service.domain.calendar import local_date, time_zone
from service.domain.text import user_key

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
MAX_NAME = 100


@strawberry.input(description="Every given criterion must hold.")
class ActionItemFilter:
    owner: str | None = strawberry.field(
        default=None, description="Owned by this team or person (exact, at most 100 characters)."
    )
    statuses: list[ActionItemStatus] | None = strawberry.field(
        default=None, description="Any of these statuses."
    )
    overdue: bool | None = strawberry.field(
        default=None,
        description="True: not done or won't-do and due before today (the calendar day in "
        "`timeZone`); false: the others.",
    )
    severities: list[Severity] | None = strawberry.field(
        default=None, description="Of postmortems of any of these severities."
    )
    service: str | None = strawberry.field(
        default=None, description="Of postmortems of this service."
    )
    team: str | None = strawberry.field(default=None, description="Of postmortems of this team.")


@strawberry.type(description="An action item with the postmortem it belongs to.")
class ActionItemListing:
    postmortem_id: strawberry.ID
    postmortem_title: str
    severity: Severity
    services: list[str]
    team: str | None
    item: ActionItem
    overdue: bool = strawberry.field(
        description="Not done or won't-do, and due before today (in the list's `timeZone`)."
    )

    @classmethod
    def from_document(cls, doc: dict[str, Any], today: date) -> ActionItemListing:
        """Returns the listing of a stored `action_items` document."""
        item = {**doc, "id": doc["action_item_id"]}
        return cls(
            postmortem_id=strawberry.ID(doc["postmortem_id"]),
            postmortem_title=doc.get("postmortem_title") or "",
            severity=Severity(doc["severity"]),
            services=list(doc.get("services") or []),
            team=doc.get("team"),
            item=ActionItem.from_document(item),
            overdue=is_overdue(doc, today),
        )


@strawberry.type
class ActionItemEdge:
    cursor: str
    node: ActionItemListing


@strawberry.type(description="A page of action items, soonest due first (Relay connection).")
class ActionItemConnection:
    edges: list[ActionItemEdge]
    page_info: PageInfo
    count: strawberry.Private[Count]
    total_count: int = total_count_field("matching action items the caller may see")
    time_zone: TimeZone = strawberry.field(
        description="The IANA zone whose calendar decided `today`."
    )
    today: date = strawberry.field(
        description="The calendar day in `timeZone` that `overdue` compares due dates with."
    )


def list_filter(value: ActionItemFilter | None) -> ListFilter:
    """Returns the read-model filter, or raises a client error naming every problem."""
    if value is None:
        return ListFilter()
    problems = [
        f"filter.{name} must be 1 to {MAX_NAME} characters"
        for name, text in (("owner", value.owner), ("service", value.service), ("team", value.team))
        if text is not None and not 1 <= len(text.strip()) <= MAX_NAME
    ]
    if problems:
        raise GraphQLError("; ".join(problems))
    return ListFilter(
        owner=user_key(value.owner) if value.owner else None,
        statuses=tuple(dict.fromkeys(s.value for s in value.statuses or [])),
        overdue=value.overdue,
        severities=tuple(dict.fromkeys(s.value for s in value.severities or [])),
        service=value.service.strip() if value.service else None,
        team=value.team.strip() if value.team else None,
    )


@strawberry.type
class ActionItemQuery:
    @strawberry.field(
        description="Action items across the postmortems the caller may see, soonest due first "
        "(no due date last), paged like every list (`first`/`after`, `last`/`before`, at most "
        "100 a page); e.g. overdue ones by owner. An item is "
        "overdue from the day after its due date, in `timeZone`."
    )
    async def action_items(
        self,
        info: strawberry.Info[Context, None],
        filter: ActionItemFilter | None = None,
        first: Annotated[int | None, first_argument(DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)] = None,
        after: After = None,
        last: Annotated[int | None, last_argument(MAX_PAGE_SIZE)] = None,
        before: Before = None,
        time_zone_name: TimeZoneArgument = None,
    ) -> ActionItemConnection:
        request = page_request(
            first=first, after=after, last=last, before=before,
            default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE,
        )  # fmt: skip
        wanted = list_filter(filter)
        zone = zone_name(time_zone_name, info.context.deps.settings.organisation_time_zone)
        today = local_date(datetime.now(UTC), time_zone(zone))
        with cursor_errors():
            page = await ActionItemQueries(info.context.deps.db).page(
                actor=info.context.require_actor(), wanted=wanted, request=request, today=today
            )
        edges = [
            ActionItemEdge(
                cursor=encode_cursor(doc),
                node=ActionItemListing.from_document(doc, today),
            )
            for doc in page.items
        ]
        return ActionItemConnection(
            edges=edges,
            page_info=page_info(
                [e.cursor for e in edges], page.has_next_page, page.has_previous_page
            ),
            count=page.total_count,
            time_zone=zone,
            today=today,
        )
