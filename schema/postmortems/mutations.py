"""Mutations: one per command; each returns the postmortem or a typed error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

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
from service.application.postmortems import CommandResult
from service.domain import CommandContext, DomainError, IncidentWindow, Severity

PostmortemResult = Annotated[
    Postmortem
    | ValidationError
    | ConcurrencyConflict
    | NotPermitted
    | InvalidTransition
    | NotFound,
    strawberry.union("PostmortemResult", description="The changed postmortem, or why not."),
]


@strawberry.input(description="When the incident started, was detected, mitigated, resolved.")
class IncidentWindowInput:
    started_at: datetime
    detected_at: datetime | None = None
    mitigated_at: datetime | None = None
    resolved_at: datetime | None = None

    def to_domain(self) -> IncidentWindow:
        """Returns the domain value."""
        return IncidentWindow(
            started_at=self.started_at,
            detected_at=self.detected_at,
            mitigated_at=self.mitigated_at,
            resolved_at=self.resolved_at,
        )


@strawberry.input(description="Title, severity, incident window, services, tags and team.")
class MetadataInput:
    title: str = strawberry.field(description="1 to 200 characters.")
    severity: Severity
    incident_window: IncidentWindowInput
    services: list[str] = strawberry.field(default_factory=list)
    tags: list[str] = strawberry.field(default_factory=list)
    team: str | None = None


@strawberry.input(description="A new postmortem: its metadata and optional incident key.")
class CreatePostmortemInput(MetadataInput):
    incident_ref: str | None = strawberry.field(
        default=None, description="Key of the incident in the paging tool; unique."
    )


async def run_command(
    info: strawberry.Info[Context, None], command: Callable[[CommandContext], CommandResult]
) -> PostmortemResult:
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
    return Postmortem.from_document(doc)


@strawberry.type
class PostmortemMutation:
    @strawberry.mutation(description="Starts a draft postmortem; the caller becomes its author.")
    async def create_postmortem(
        self, info: strawberry.Info[Context, None], input: CreatePostmortemInput
    ) -> PostmortemResult:
        app = info.context.services.app
        return await run_command(
            info,
            lambda ctx: app.create_postmortem(
                ctx=ctx,
                title=input.title,
                severity=input.severity,
                window=input.incident_window.to_domain(),
                services=input.services,
                tags=input.tags,
                team=input.team,
                incident_ref=input.incident_ref,
            ),
        )

    @strawberry.mutation(description="Replaces title, severity, window, services, tags, team.")
    async def update_postmortem_metadata(
        self,
        info: strawberry.Info[Context, None],
        id: strawberry.ID,
        expected_version: int,
        input: MetadataInput,
    ) -> PostmortemResult:
        app = info.context.services.app
        postmortem_id = parse_id(id)
        return await run_command(
            info,
            lambda ctx: app.update_metadata(
                ctx=ctx,
                postmortem_id=postmortem_id,
                expected_version=expected_version,
                title=input.title,
                severity=input.severity,
                window=input.incident_window.to_domain(),
                services=input.services,
                tags=input.tags,
                team=input.team,
            ),
        )
