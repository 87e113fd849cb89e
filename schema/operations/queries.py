"""Queries: projection status (admins) and the current reviewer's queue."""

from __future__ import annotations

import strawberry
from anyio import to_thread
from graphql import GraphQLError

from projections.outbound.status import outbound_status_async
from projections.parks import parks_by_projection
from projections.review_queue.queries import ReviewQueueQueries
from projections.status import projection_status_async
from schema.context import Context
from schema.operations.types import Me, Organisation, ProjectionStatus, ReviewQueueItem
from schema.scalars import TimeZone
from service.application.permissions import allowed_actions
from service.application.read_rules import (
    require_projection_status_reader,
    require_review_queue_reader,
)

MAX_QUEUE = 100
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
        description="Postmortems in review that the caller (a reviewer) neither wrote nor "
        "approved in their current content, longest waiting first."
    )
    async def review_queue(
        self, info: strawberry.Info[Context, None], first: int = 50
    ) -> list[ReviewQueueItem]:
        actor = info.context.require_actor()
        require_review_queue_reader(actor)
        if not 1 <= first <= MAX_QUEUE:
            raise GraphQLError(f"first must be between 1 and {MAX_QUEUE}")
        docs = await ReviewQueueQueries(info.context.deps.db).for_reviewer(
            actor.user_id, limit=first
        )
        return [ReviewQueueItem.from_document(d) for d in docs]
