"""The result union of every postmortem mutation, and `run`, which hands a command to the
application and answers with the postmortem as the command left it, marked with what the read
model shows of it (`readModel`, and `extensions.readModel` unless CURRENT)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from anyio import to_thread

from projections.read_your_writes import document_after
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
    after = await document_after(deps, ctx.actor, result)
    if after.document is None:
        postmortem_id = str(result.postmortem_id)
        return NotFound(
            message=f"postmortem {postmortem_id} not found", id=strawberry.ID(postmortem_id)
        )
    context.read_model_notes.append(after.note)
    return Postmortem.from_document(after.document, created_id=result.created_id, note=after.note)
