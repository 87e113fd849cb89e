"""Queries: projection status (admins) and the current reviewer's queue."""

from __future__ import annotations

from typing import Annotated

import strawberry
from anyio import to_thread

from projections.outbound.status import outbound_status_async
from projections.parks import parks_by_projection
from projections.review_queue.queries import ReviewQueueQueries
from projections.status import projection_status_async
from schema.context import Context
from schema.operations.types import (
    Me,
    Organisation,
    ProjectionStatus,
    ReviewQueueConnection,
    ReviewQueueEdge,
    ReviewQueueItem,
)
from schema.pagination import (
    After,
    Before,
    check_size,
    cursor_errors,
    first_argument,
    last_argument,
    page_info,
    page_request,
)
from schema.scalars import TimeZone
from service.application.permissions import allowed_actions
from service.application.read_rules import (
    require_projection_status_reader,
    require_review_queue_reader,
)

MAX_QUEUE = 100
DEFAULT_QUEUE_PAGE = 50
MAX_PARKS_LISTED = 100


@strawberry.type
class OperationsQuery:
    @strawberry.field(description="The signed-in user: id, roles, and what the roles allow.")
    def me(self, info: strawberry.Info[Context, None]) -> Me:
        actor = info.context.require_actor()
        return Me(
            user_id=actor.user_id,
            roles=sorted(actor.roles),
            permissions=allowed_actions(actor),
        )

    @strawberry.field(description="The organisation's settings that clients need (its time zone).")
    def organisation(self, info: strawberry.Info[Context, None]) -> Organisation:
        info.context.require_actor()
        return Organisation(time_zone=TimeZone(info.context.deps.settings.organisation_time_zone))

    @strawberry.field(
        description="Each read model's position, lag, last error, parked postmortems and halt, "
        "then the outbound projections' that run (admins)."
    )
    async def projection_status(
        self, info: strawberry.Info[Context, None]
    ) -> list[ProjectionStatus]:
        require_projection_status_reader(info.context.require_actor())
        deps = info.context.deps
        head = await to_thread.run_sync(deps.app.head_position)
        statuses = await projection_status_async(deps.db, deps.projection_names, head)
        with_parks = [s.name for s in statuses if s.parked]
        parks = await parks_by_projection(deps.db, with_parks, MAX_PARKS_LISTED)
        outbound = await outbound_status_async(deps.db, head)
        return [ProjectionStatus.from_status(s, parks.get(s.name)) for s in statuses] + [
            ProjectionStatus.from_status(s, deliveries=deliveries) for s, deliveries in outbound
        ]

    @strawberry.field(
        description=f"The first `first` (1 to {MAX_QUEUE}) postmortems of the caller's review "
        "queue (see `reviewQueueConnection`), longest waiting first; reviewers only (FORBIDDEN "
        "otherwise).",
        deprecation_reason="Use `reviewQueueConnection`: the same queue as a Relay connection, "
        "paged beyond the first 100 with `totalCount`. `reviewQueue` will be removed in a later "
        "release (see CHANGELOG.md).",
    )
    async def review_queue(
        self,
        info: strawberry.Info[Context, None],
        first: Annotated[int, strawberry.argument(description=f"How many, 1 to {MAX_QUEUE}.")] = 50,
    ) -> list[ReviewQueueItem]:
        actor = info.context.require_actor()
        require_review_queue_reader(actor)
        check_size("first", first, MAX_QUEUE)
        docs = await ReviewQueueQueries(info.context.deps.db).for_reviewer(
            actor.user_id, limit=first
        )
        return [ReviewQueueItem.from_document(d) for d in docs]

    @strawberry.field(
        description="Postmortems in review that the caller neither wrote nor approved in their "
        "current content (an approval of earlier content no longer counts, so an edited "
        "postmortem comes back), longest waiting first (by submission time). Reviewers only: "
        "others get a FORBIDDEN error. The `reviewQueueChanged` subscription pushes the first "
        f"{MAX_QUEUE} whenever the queue changes."
    )
    async def review_queue_connection(
        self,
        info: strawberry.Info[Context, None],
        first: Annotated[int | None, first_argument(DEFAULT_QUEUE_PAGE, MAX_QUEUE)] = None,
        after: After = None,
        last: Annotated[int | None, last_argument(MAX_QUEUE)] = None,
        before: Before = None,
    ) -> ReviewQueueConnection:
        actor = info.context.require_actor()
        require_review_queue_reader(actor)
        request = page_request(
            first=first, after=after, last=last, before=before,
            default=DEFAULT_QUEUE_PAGE, maximum=MAX_QUEUE,
        )  # fmt: skip
        with cursor_errors():
            page = await ReviewQueueQueries(info.context.deps.db).page(actor.user_id, request)
        return ReviewQueueConnection(
            edges=[
                ReviewQueueEdge(cursor=cursor, node=ReviewQueueItem.from_document(doc))
                for cursor, doc in zip(page.cursors, page.items, strict=True)
            ],
            page_info=page_info(page.cursors, page.has_next_page, page.has_previous_page),
            count=page.total_count,
        )
