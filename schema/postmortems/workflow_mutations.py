"""Mutations of the review workflow: submit (and recall), approve, request changes, publish,
amend (and discard the amendment), withdraw."""

from __future__ import annotations

import strawberry

from schema.postmortems.inputs import (
    AmendInput,
    DiscardAmendmentInput,
    RecallSubmissionInput,
    RequestChangesInput,
    WithdrawInput,
    target,
)
from schema.postmortems.results import ExpectedVersion, Info, PostmortemId, PostmortemResult, run
from service.application.commands import ApprovePostmortem, PublishPostmortem, SubmitForReview
from service.domain.limits import DEFAULT_LIMITS as LIMITS


@strawberry.type
class WorkflowMutation:
    @strawberry.mutation(
        description="Sends a complete draft to review; a ValidationError lists every missing "
        "piece at once."
    )
    async def submit_for_review(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion
    ) -> PostmortemResult:
        return await run(info, SubmitForReview(**target(id, expected_version)))

    @strawberry.mutation(
        description="Takes a postmortem back from review to DRAFT (an author, e.g. after "
        "submitting too early), with a reason; approvals given in review are voided."
    )
    async def recall_submission(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: RecallSubmissionInput,
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version)))

    @strawberry.mutation(
        description="Approves the current content (a reviewer who is not an author); any "
        "later content change voids the approval. At most "
        f"{LIMITS.approvals_per_revision} approvals per revision (limit approvals_per_revision)."
    )
    async def approve_postmortem(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion
    ) -> PostmortemResult:
        return await run(info, ApprovePostmortem(**target(id, expected_version)))

    @strawberry.mutation(description="Sends the postmortem back to its authors with a comment.")
    async def request_changes(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: RequestChangesInput,
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version)))

    @strawberry.mutation(
        description="Publishes the approved content as a frozen revision, once the review "
        "policy's approvals for its severity are met."
    )
    async def publish_postmortem(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion
    ) -> PostmortemResult:
        return await run(info, PublishPostmortem(**target(id, expected_version)))

    @strawberry.mutation(
        description="Reopens a published postmortem as the next revision, in DRAFT; the "
        "published revision stays readable in `revisions`. Refused once it has "
        f"{LIMITS.published_revisions} published revisions (limit published_revisions)."
    )
    async def amend_postmortem(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion, input: AmendInput
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version)))

    @strawberry.mutation(
        description="Gives an amendment up, with a reason: the postmortem is PUBLISHED again "
        "with its last published revision's content (action items keep their status). Also "
        "restores a published postmortem that was withdrawn during an amendment."
    )
    async def discard_amendment(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: DiscardAmendmentInput,
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version)))

    @strawberry.mutation(
        description="Withdraws a postmortem that was never published, with a reason (a "
        "published one stays readable: discard its amendment instead)."
    )
    async def withdraw_postmortem(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: WithdrawInput,
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version)))
