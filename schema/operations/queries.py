"""Queries: projection status (admins) and the current reviewer's queue."""

from __future__ import annotations

import strawberry
from anyio import to_thread
from graphql import GraphQLError

from projections.outbound.status import outbound_status_async
from projections.review_queue.queries import ReviewQueueQueries
from projections.status import projection_status_async
from schema.context import Context
from schema.operations.types import Me, ProjectionStatus, ReviewQueueItem
from service.application.permissions import allowed_actions
from service.domain.values import Actor

MAX_QUEUE = 100


def require_role(info: strawberry.Info[Context, None], *roles: str) -> Actor:
    """Returns the caller, or raises a client error unless they have one of the roles."""
    actor = info.context.actor
    if actor is None:
        raise GraphQLError("authentication required", extensions={"code": "UNAUTHENTICATED"})
    if not actor.roles & set(roles):
        raise GraphQLError(
            f"needs one of the roles {', '.join(sorted(roles))}",
            extensions={"code": "FORBIDDEN"},
        )
    return actor


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

    @strawberry.field(
        description="Each read model's position, lag and last error, then the outbound "
        "projections' that run (admins)."
    )
    async def projection_status(
        self, info: strawberry.Info[Context, None]
    ) -> list[ProjectionStatus]:
        require_role(info, "admin")
        deps = info.context.deps
        head = await to_thread.run_sync(deps.app.head_position)
        statuses = await projection_status_async(deps.db, deps.projection_names, head)
        outbound = await outbound_status_async(deps.db, head)
        return [ProjectionStatus.from_status(s) for s in statuses] + [
            ProjectionStatus.from_status(s, deliveries) for s, deliveries in outbound
        ]

    @strawberry.field(
        description="Postmortems in review that the caller (a reviewer) neither wrote nor "
        "approved in their current content, longest waiting first."
    )
    async def review_queue(
        self, info: strawberry.Info[Context, None], first: int = 50
    ) -> list[ReviewQueueItem]:
        actor = require_role(info, "reviewer")
        if not 1 <= first <= MAX_QUEUE:
            raise GraphQLError(f"first must be between 1 and {MAX_QUEUE}")
        docs = await ReviewQueueQueries(info.context.deps.db).for_reviewer(
            actor.user_id, limit=first
        )
        return [ReviewQueueItem.from_document(d) for d in docs]
