"""The result union of every postmortem mutation, and `run`, which hands a command to the
application and answers with the postmortem as the read model shows it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from anyio import to_thread

from projections.tracking import wait_for_position
from projections.visibility import as_seen_by
from schema.context import Context
from schema.errors import (
    ConcurrencyConflict,
    InvalidTransition,
    NotFound,
    NotPermitted,
    ValidationError,
    error_from,
)
from schema.postmortems.types import Postmortem
from service.application.commands import Command
from service.domain import DomainError

PostmortemResult = Annotated[
    Postmortem
    | ValidationError
    | ConcurrencyConflict
    | NotPermitted
    | InvalidTransition
    | NotFound,
    strawberry.union("PostmortemResult", description="The changed postmortem, or why not."),
]

Info = strawberry.Info[Context, None]
PostmortemId = Annotated[strawberry.ID, strawberry.argument(description="The postmortem's id.")]
ExpectedVersion = Annotated[
    int,
    strawberry.argument(
        description="The version you last read; a stale one is a ConcurrencyConflict."
    ),
]


async def run(info: Info, command: Command) -> PostmortemResult:
    """Runs a command, waits until the read model shows it, and returns the postmortem (or
    the typed error the command raised)."""
    context = info.context
    deps = context.deps
    try:
        ctx = context.command_context()
        result = await to_thread.run_sync(lambda: deps.app.handle(command, ctx))
    except DomainError as error:
        return error_from(error)
    projected = await wait_for_position(
        deps.db,
        deps.projection_names,
        result.position,
        deps.settings.read_your_writes_timeout,
        local=deps.progress,
    )
    if projected and result.document is not None:
        # The read model now shows this version; the command's own document is the same
        # content, so it answers without reading it back.
        return Postmortem.from_document(as_stored(result.document), created_id=result.created_id)
    postmortem_id = str(result.postmortem_id)
    doc = await deps.postmortems.get_unfiltered(postmortem_id) if projected else None
    if doc is None or doc["version"] < result.version:
        # The read model lags beyond the bound: answer from the event store instead.
        doc = await to_thread.run_sync(
            lambda: deps.app.document(result.postmortem_id, version=result.version)
        )
    seen = as_seen_by(ctx.actor, {**doc, "_id": postmortem_id})
    if seen is None:
        return NotFound(
            message=f"postmortem {postmortem_id} not found", id=strawberry.ID(postmortem_id)
        )
    return Postmortem.from_document(seen, created_id=result.created_id)


def as_stored(value: Any) -> Any:
    """Returns a document as MongoDB gives it back: datetimes at millisecond precision."""
    if isinstance(value, datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    if isinstance(value, dict):
        return {key: as_stored(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [as_stored(item) for item in value]
    return value
