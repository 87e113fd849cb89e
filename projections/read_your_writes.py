"""Read-your-writes: the postmortem as a command left it, and whether the read model shows it.

A mutation waits until its event is projected (bounded by READ_YOUR_WRITES_TIMEOUT). Either
way it answers with the postmortem as the command left it (the command did succeed: that is
what the event store holds), marked with what the read model shows (`ReadModelNote`):
CURRENT (a query now reads the same), PENDING (the wait timed out, or MongoDB did not answer:
a query may still read the older version, or nothing, for a while) or STALE (a projection
parked this postmortem, or halted: its read model will not catch up until an operator acts).
What the caller sees follows the read rules (read_rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from anyio import to_thread

from projections.dependencies import Dependencies
from projections.parks import CURRENT, ReadModelNote, ReadModelState
from projections.staleness import combined, halted_note
from projections.tracking import wait_for_position
from service.application.postmortems import CommandResult
from service.application.read_rules import as_seen_by
from service.domain.document import Document
from service.domain.values import Actor


@dataclass(frozen=True)
class AfterCommand:
    """The postmortem as the actor may see it after a command (None: hidden from them), and
    what the read model shows of it."""

    document: Document | None
    note: ReadModelNote


async def document_after(deps: Dependencies, actor: Actor, result: CommandResult) -> AfterCommand:
    """Waits for the read model to show the command's last event, then returns the postmortem
    at the version the command wrote, marked CURRENT, PENDING or STALE."""
    postmortem_id = str(result.postmortem_id)
    note = await read_model_note(deps, postmortem_id, result.version, result.position)
    doc = result.document
    if doc is None:  # answered from the event store, at the version the command wrote
        doc = await to_thread.run_sync(
            lambda: deps.app.document(result.postmortem_id, version=result.version)
        )
    return AfterCommand(as_seen_by(actor, {**doc, "_id": postmortem_id}), note)


async def read_model_note(
    deps: Dependencies, postmortem_id: str, version: int, position: int
) -> ReadModelNote:
    """Waits until the read models show the event at `position` (bounded by
    READ_YOUR_WRITES_TIMEOUT) and returns what they show of the postmortem: CURRENT, PENDING
    (the wait timed out) or STALE (parked or halted). Position 0 (nothing written): CURRENT
    without waiting. Mutations (`document_after`) and the incident webhooks answer after it."""
    if not position:
        return CURRENT
    timeout = deps.settings.read_your_writes_timeout
    wait = await wait_for_position(
        deps.db, deps.projection_names, position, timeout, local=deps.progress
    )
    if not wait.reached:
        return ReadModelNote(
            ReadModelState.PENDING,
            f"the read model did not show version {version} within {timeout:g} s "
            "(busy, or MongoDB did not answer); read it again later",
        )
    parks = (await deps.staleness.parks_of([postmortem_id]))[postmortem_id] if wait.parked else []
    return combined(ReadModelNote.of_parks(parks), halted_note(wait.halted))
