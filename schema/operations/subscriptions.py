"""Subscriptions (graphql-transport-ws): one postmortem's changes, the reviewer's queue."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

import strawberry
from anyio import to_thread

from projections.change_streams import document_versions
from projections.postmortems.projection import COLLECTION as POSTMORTEMS
from projections.review_queue.updates import queue_updates
from schema.context import Context
from schema.operations.queries import require_role
from schema.operations.types import ReviewQueueItem
from schema.postmortems.queries import parse_id
from schema.postmortems.types import Postmortem
from service.application.read_rules import can_view_draft


@strawberry.type
class OperationsSubscription:
    @strawberry.subscription(
        description="The postmortem after each change, once per version and in order, as soon "
        "as the read model shows it. Starts after `afterVersion` (default: the current one)."
    )
    async def postmortem_changed(
        self,
        info: strawberry.Info[Context, None],
        id: strawberry.ID,
        after_version: int | None = None,
    ) -> AsyncGenerator[Postmortem, None]:
        actor = require_role(info, "author", "reviewer", "compliance", "admin")
        deps = info.context.deps
        postmortem_id = parse_id(id)

        async def load_version(version: int) -> dict[str, Any]:
            return await to_thread.run_sync(
                lambda: deps.app.document(postmortem_id, version=version)
            )

        async for doc in document_versions(
            deps.db,
            POSTMORTEMS,
            str(postmortem_id),
            after_version=after_version,
            load_version=load_version,
        ):
            if can_view_draft(actor, doc):
                yield Postmortem.from_document(doc)

    @strawberry.subscription(
        description="The caller's review queue now, then again each time it changes (reviewers)."
    )
    async def review_queue_changed(
        self, info: strawberry.Info[Context, None]
    ) -> AsyncGenerator[list[ReviewQueueItem], None]:
        actor = require_role(info, "reviewer")
        async for queue in queue_updates(info.context.deps.db, actor.user_id):
            yield [ReviewQueueItem.from_document(d) for d in queue]
