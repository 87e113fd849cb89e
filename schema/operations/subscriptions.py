"""Subscriptions (graphql-transport-ws): one postmortem's changes, the reviewer's queue.

They follow the read rules like the queries do (service/application/read_rules.py): a
postmortem the caller may not see, or that does not exist, answers NotFound at once; a reader
who may not see an amendment in progress receives the published revision, once (and again
only when what they see changes, e.g. an action item's status). Every message carries the
postmortem's version at that change, so versions only go up and `afterVersion` resumes
exactly, for every reader.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any
from uuid import UUID

import strawberry
from anyio import to_thread

from projections.change_streams import document_versions
from projections.postmortems.projection import COLLECTION as POSTMORTEMS
from projections.review_queue.updates import queue_updates
from schema.context import Context
from schema.operations.types import ReviewQueueItem
from schema.postmortems.queries import parse_id
from schema.postmortems.types import Postmortem
from service.application.postmortems import PostmortemApplication
from service.application.read_rules import (
    as_seen_by,
    can_view,
    require_review_queue_reader,
    sees_drafts,
)
from service.domain import PostmortemNotFound
from service.domain.document import Document
from service.domain.values import Actor


def _stored(app: PostmortemApplication, postmortem_id: UUID, version: int | None) -> Document:
    """Returns the postmortem from the event store, shaped like its read-model document."""
    doc = app.document(postmortem_id, version=version)
    doc["_id"] = doc.pop("id")
    return doc


def _seen_in_replay(actor: Actor, current: Document, past: Document) -> Document | None:
    """Returns a past version as the caller sees it: whole if they may see the postmortem's
    drafts now (as `postmortem(asOfVersion:)` shows it), else as `as_seen_by` shows it then."""
    return past if sees_drafts(actor, current) else as_seen_by(actor, past)


_NOT_A_CHANGE = ("version", "updated_at", "published_revisions", "published_revision_count")


def _view(seen: Document) -> Document:
    """Returns what must change for the published revision to be sent again: its content and
    its items' status (the revisions list is shaped differently in the store and read model)."""
    return {k: v for k, v in seen.items() if k not in _NOT_A_CHANGE}


@strawberry.type
class OperationsSubscription:
    @strawberry.subscription(
        description="The postmortem after each change, once per version and in order, as soon "
        "as the read model shows it. Starts after `afterVersion` (default: the current one). "
        "Errors with NOT_FOUND at once if there is no such postmortem or the caller may not "
        "see it; readers who may not see an amendment in progress receive the published "
        "revision (and its action items' status changes), with the postmortem's version at "
        "that change, so versions only go up. Versions the caller may not see are skipped."
    )
    async def postmortem_changed(
        self,
        info: strawberry.Info[Context, None],
        id: strawberry.ID,
        after_version: int | None = None,
    ) -> AsyncGenerator[Postmortem, None]:
        actor = info.context.require_actor()
        deps = info.context.deps
        postmortem_id = parse_id(id)
        current = await deps.postmortems.get_unfiltered(str(postmortem_id))
        if current is None:  # not projected yet, or none at all: the event store knows
            try:
                current = await to_thread.run_sync(_stored, deps.app, postmortem_id, None)
            except PostmortemNotFound:
                current = None
        if current is None or not can_view(actor, current):
            raise PostmortemNotFound(str(postmortem_id))

        async def load_version(version: int) -> dict[str, Any]:
            return await to_thread.run_sync(_stored, deps.app, postmortem_id, version)

        start = int(current["version"])
        shown: Document | None = None  # what the caller saw at the version they resume after
        if after_version is not None and 1 <= after_version <= start:
            shown = _seen_in_replay(actor, current, await load_version(after_version))
        async for doc in document_versions(
            deps.db,
            POSTMORTEMS,
            str(postmortem_id),
            after_version=after_version,
            load_version=load_version,
        ):
            if doc["version"] <= start:  # replayed: a version hidden then is skipped
                seen = _seen_in_replay(actor, current, doc)
                if seen is None:
                    continue
            else:
                seen = as_seen_by(actor, doc)
                if seen is None:  # no longer visible to the caller (their item was removed)
                    raise PostmortemNotFound(str(postmortem_id))
            # Each version the caller may see whole is sent; the published revision only when
            # what the caller sees of it changed.
            if seen is doc or shown is None or _view(seen) != _view(shown):
                shown = seen
                # The version of the change: the published revision's own version would go
                # back, or repeat, each time an amendment starts or an item's status changes.
                yield Postmortem.from_document({**seen, "version": doc["version"]})

    @strawberry.subscription(
        description="The caller's review queue now, then again each time it changes (reviewers)."
    )
    async def review_queue_changed(
        self, info: strawberry.Info[Context, None]
    ) -> AsyncGenerator[list[ReviewQueueItem], None]:
        actor = info.context.require_actor()
        require_review_queue_reader(actor, "reviewQueueChanged")
        async for queue in queue_updates(info.context.deps.db, actor.user_id):
            yield [ReviewQueueItem.from_document(d) for d in queue]
