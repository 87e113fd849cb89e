"""Mutations: one per command; each returns the postmortem or a typed error.

Creation and metadata live here; the other areas in content_mutations.py,
item_mutations.py and workflow_mutations.py, composed into `PostmortemMutation`.
"""

from __future__ import annotations

import strawberry

from schema.postmortems.content_mutations import ContentMutation
from schema.postmortems.inputs import AddAuthorInput, CreatePostmortemInput, MetadataInput
from schema.postmortems.item_mutations import ItemMutation
from schema.postmortems.results import (
    ExpectedVersion,
    Info,
    PostmortemId,
    PostmortemResult,
    change,
    run_command,
)
from schema.postmortems.workflow_mutations import WorkflowMutation

__all__ = ["PostmortemMutation", "PostmortemResult"]


@strawberry.type
class DraftMutation:
    @strawberry.mutation(description="Starts a draft postmortem; the caller becomes its author.")
    async def create_postmortem(self, info: Info, input: CreatePostmortemInput) -> PostmortemResult:
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
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: MetadataInput,
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.update_metadata(
                ctx=ctx,
                postmortem_id=pid,
                expected_version=expected_version,
                title=input.title,
                severity=input.severity,
                window=input.incident_window.to_domain(),
                services=input.services,
                tags=input.tags,
                team=input.team,
            ),
        )

    @strawberry.mutation(description="Adds a co-author, who can then never approve it.")
    async def add_author(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion, input: AddAuthorInput
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.add_author(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version, user_id=input.user_id
            ),
        )


@strawberry.type
class PostmortemMutation(DraftMutation, ContentMutation, ItemMutation, WorkflowMutation):
    """Every postmortem mutation (the SDL lists them drafting first, workflow last)."""
