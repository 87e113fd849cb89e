"""The result union of every postmortem mutation, and the helper that runs a command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

import strawberry
from anyio import to_thread

from projections.tracking import wait_for_position
from schema.context import Context
from schema.errors import (
    ConcurrencyConflict,
    InvalidTransition,
    NotFound,
    NotPermitted,
    ValidationError,
    error_from,
)
from schema.postmortems.queries import parse_id
from schema.postmortems.types import Postmortem
from service.application.postmortems import CommandResult, PostmortemApplication
from service.domain import CommandContext, DomainError

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
Command = Callable[[CommandContext], CommandResult]


async def run_command(info: Info, command: Command) -> PostmortemResult:
    """Runs a command, waits until the read model shows it, and returns the postmortem."""
    context = info.context
    services = context.services
    try:
        ctx = context.command_context()
        result = await to_thread.run_sync(lambda: command(ctx))
    except DomainError as error:
        return error_from(error)
    projected = await wait_for_position(
        services.db,
        services.projection_names,
        result.position,
        services.settings.read_your_writes_timeout,
    )
    doc = await services.postmortems.get(str(result.postmortem_id)) if projected else None
    if doc is None or doc["version"] < result.version:
        # The read model lags beyond the bound: answer from the event store instead.
        doc = await to_thread.run_sync(
            lambda: services.app.document(result.postmortem_id, version=result.version)
        )
    return Postmortem.from_document(doc, created_id=result.created_id)


async def change(
    info: Info,
    id: strawberry.ID,
    command: Callable[[PostmortemApplication, CommandContext, UUID], CommandResult],
) -> PostmortemResult:
    """Runs a command on the postmortem with this id (see `run_command`)."""
    app = info.context.services.app
    postmortem_id = parse_id(id)
    return await run_command(info, lambda ctx: command(app, ctx, postmortem_id))
