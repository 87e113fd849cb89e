"""Mutations of action items and review comments."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.postmortems.inputs import ActionItemInput, ActionItemStatusInput, ReviewCommentInput
from schema.postmortems.results import ExpectedVersion, Info, PostmortemId, PostmortemResult, change

ItemId = Annotated[strawberry.ID, strawberry.argument(description="The action item's id.")]
CommentId = Annotated[strawberry.ID, strawberry.argument(description="The comment's id.")]


@strawberry.type
class ItemMutation:
    @strawberry.mutation(description="Adds an open action item; its id is `createdId`.")
    async def add_action_item(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: ActionItemInput,
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.add_action_item(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version,
                title=input.title, description=input.description, owner=input.owner,
                due_date=input.due_date, priority=input.priority, tracker=input.tracker,
            ),
        )  # fmt: skip

    @strawberry.mutation(description="Replaces an action item's content (not its status).")
    async def edit_action_item(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        item_id: ItemId,
        input: ActionItemInput,
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.edit_action_item(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version,
                item_id=str(item_id), title=input.title, description=input.description,
                owner=input.owner, due_date=input.due_date, priority=input.priority,
                tracker=input.tracker,
            ),
        )  # fmt: skip

    @strawberry.mutation(description="Removes an action item.")
    async def remove_action_item(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion, item_id: ItemId
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.remove_action_item(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version,
                item_id=str(item_id),
            ),
        )  # fmt: skip

    @strawberry.mutation(
        description="Moves an action item to a status; allowed after publication too "
        "(by an author, the item's owner or an admin)."
    )
    async def change_action_item_status(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        item_id: ItemId,
        input: ActionItemStatusInput,
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.change_action_item_status(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version,
                item_id=str(item_id), status=input.status, reason=input.reason,
            ),
        )  # fmt: skip

    @strawberry.mutation(description="Comments on a section; the comment's id is `createdId`.")
    async def add_review_comment(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: ReviewCommentInput,
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.add_review_comment(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version,
                section=input.section, text=input.text,
            ),
        )  # fmt: skip

    @strawberry.mutation(description="Marks a review comment resolved.")
    async def resolve_review_comment(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        comment_id: CommentId,
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.resolve_review_comment(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version,
                comment_id=str(comment_id),
            ),
        )  # fmt: skip
