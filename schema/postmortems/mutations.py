"""Mutations: one per command; each returns the postmortem or a typed error.

Each resolver is one line: its input becomes a command (`to_command`), which `run` hands to
the application. Creation and metadata live here; the other areas in content_mutations.py,
item_mutations.py and workflow_mutations.py, composed into `PostmortemMutation`.
"""

from __future__ import annotations

import strawberry

from schema.postmortems.content_mutations import ContentMutation
from schema.postmortems.inputs import AddAuthorInput, CreatePostmortemInput, MetadataInput, target
from schema.postmortems.item_mutations import ItemMutation
from schema.postmortems.results import ExpectedVersion, Info, PostmortemId, PostmortemResult, run
from schema.postmortems.workflow_mutations import WorkflowMutation
from service.domain.limits import DEFAULT_LIMITS as LIMITS

__all__ = ["PostmortemMutation", "PostmortemResult"]


@strawberry.type
class DraftMutation:
    @strawberry.mutation(description="Starts a draft postmortem; the caller becomes its author.")
    async def create_postmortem(self, info: Info, input: CreatePostmortemInput) -> PostmortemResult:
        return await run(info, input.to_create_command())

    @strawberry.mutation(description="Replaces title, severity, window, services, tags, team.")
    async def update_postmortem_metadata(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: MetadataInput,
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version)))

    @strawberry.mutation(
        description="Adds a co-author, who can then never approve it. At most "
        f"{LIMITS.authors} authors (limit authors)."
    )
    async def add_author(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion, input: AddAuthorInput
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version)))


@strawberry.type
class PostmortemMutation(DraftMutation, ContentMutation, ItemMutation, WorkflowMutation):
    """Every postmortem mutation (the SDL lists them drafting first, workflow last)."""
