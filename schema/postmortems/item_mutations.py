"""Mutations of action items and review comments."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.postmortems.inputs import (
    ActionItemInput,
    ActionItemStatusInput,
    ReviewCommentInput,
    target,
)
from schema.postmortems.results import ExpectedVersion, Info, PostmortemId, PostmortemResult, run
from service.application.commands import RemoveActionItem, ResolveReviewComment
from service.domain.limits import DEFAULT_LIMITS as LIMITS

ItemId = Annotated[strawberry.ID, strawberry.argument(description="The action item's id.")]
CommentId = Annotated[strawberry.ID, strawberry.argument(description="The comment's id.")]


@strawberry.type
class ItemMutation:
    @strawberry.mutation(
        description="Adds an open action item; its id is `createdId`. At most "
        f"{LIMITS.action_items} items (limit action_items); the content stays within "
        f"{LIMITS.content_bytes:,} bytes (limit content_bytes)."
    )
    async def add_action_item(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: ActionItemInput,
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version)))

    @strawberry.mutation(description="Replaces an action item's content (not its status).")
    async def edit_action_item(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        item_id: ItemId,
        input: ActionItemInput,
    ) -> PostmortemResult:
        return await run(info, input.to_edit_command(target(id, expected_version), item_id))

    @strawberry.mutation(description="Removes an action item.")
    async def remove_action_item(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion, item_id: ItemId
    ) -> PostmortemResult:
        on = target(id, expected_version)
        return await run(info, RemoveActionItem(**on, item_id=str(item_id)))

    @strawberry.mutation(
        description="Moves an action item to a status (by an author, the item's owner or an "
        "admin), in DRAFT, CHANGES_REQUESTED and after publication (follow-through). Refused "
        "with InvalidTransition while IN_REVIEW: reviewers approve the statuses they see and "
        "exactly those are published; recallSubmission first, or wait for publication. "
        "`completedAt` says when the work was really done (e.g. recorded late)."
    )
    async def change_action_item_status(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        item_id: ItemId,
        input: ActionItemStatusInput,
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version), item_id))

    @strawberry.mutation(
        description="Comments on a section; the comment's id is `createdId`. At most "
        f"{LIMITS.review_comments:,} comments in a postmortem's life (limit review_comments)."
    )
    async def add_review_comment(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: ReviewCommentInput,
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version)))

    @strawberry.mutation(description="Marks a review comment resolved.")
    async def resolve_review_comment(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        comment_id: CommentId,
    ) -> PostmortemResult:
        on = target(id, expected_version)
        return await run(info, ResolveReviewComment(**on, comment_id=str(comment_id)))
