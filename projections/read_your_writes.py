"""Read-your-writes: the postmortem as a command left it, once the read model shows it.

A mutation answers only after its event is projected (bounded by READ_YOUR_WRITES_TIMEOUT);
beyond the bound it answers from the event store, so the caller never reads an older version
than the one they wrote. What the caller sees follows the read rules (read_rules.py).
"""

from __future__ import annotations

from anyio import to_thread

from projections.dependencies import Dependencies
from projections.tracking import wait_for_position
from service.application.postmortems import CommandResult
from service.application.read_rules import as_seen_by
from service.domain.document import Document
from service.domain.values import Actor


async def wait_until_projected(deps: Dependencies, position: int) -> bool:
    """Waits until every read model shows the event at `position` (0: nothing was written),
    bounded by READ_YOUR_WRITES_TIMEOUT; returns whether they do. Every write the API answers
    (mutations, incident webhooks) waits so, so the caller's next read sees it."""
    if not position:
        return True
    return await wait_for_position(
        deps.db,
        deps.projection_names,
        position,
        deps.settings.read_your_writes_timeout,
        local=deps.progress,
    )


async def document_after(
    deps: Dependencies, actor: Actor, result: CommandResult
) -> Document | None:
    """Returns the postmortem as `actor` may see it at the version `result` wrote, or None if
    the actor may not see it (hidden reads as absent)."""
    projected = await wait_until_projected(deps, result.position)
    if projected and result.document is not None:
        # The read model now shows this version; the command's own document is the same
        # content (at the read model's millisecond precision: Postmortem.to_document), so it
        # answers without reading it back.
        return result.document
    postmortem_id = str(result.postmortem_id)
    doc = await deps.postmortems.get_unfiltered(postmortem_id) if projected else None
    if doc is None or doc["version"] < result.version:
        # The read model lags beyond the bound: answer from the event store instead.
        doc = await to_thread.run_sync(
            lambda: deps.app.document(result.postmortem_id, version=result.version)
        )
    return as_seen_by(actor, {**doc, "_id": postmortem_id})
