"""The review workflow: submission, approvals, publication, amendment, withdrawal."""

from __future__ import annotations

import pytest

from service.domain import (
    ActionItemStatus,
    InvalidTransition,
    NotPermitted,
    Postmortem,
    PostmortemState,
    ReviewPolicy,
    Section,
    Severity,
    ValidationFailed,
    WithdrawalKind,
)
from service.domain.document import hash_content
from tests.unit.factories import (
    ADMIN,
    ALICE,
    CAROL,
    DAVE,
    ERIN,
    POLICY,
    approved,
    ctx,
    new_draft,
    oauth_token_outage,
    published,
    submitted,
)


def test_submit_reports_every_missing_section_at_once() -> None:
    pm = new_draft(severity=Severity.SEV1)
    with pytest.raises(ValidationFailed) as error:
        pm.submit_for_review(ctx=ctx(ALICE), policy=POLICY)
    assert [p.field for p in error.value.problems] == [
        "summary",
        "timeline",
        "root_cause.statement",
        "root_cause.category",
        "root_cause.whys",
        "impact",
        "action_items",
    ]
    assert pm.state is PostmortemState.DRAFT


def test_submission_records_the_policy_version_in_force() -> None:
    pm = oauth_token_outage()
    pm.submit_for_review(ctx=ctx(ALICE), policy=ReviewPolicy(version="2027-01"))
    assert pm.state is PostmortemState.IN_REVIEW
    assert pm.policy_version == "2027-01"
    assert pm.submitted_at is not None


def test_blameless_warnings_block_submission_only_when_the_policy_says_so() -> None:
    pm = oauth_token_outage()
    pm.write_summary(ctx=ctx(ALICE), summary="Human error during key rotation.")
    assert [w.phrase for w in pm.blameless_warnings] == ["Human error"]
    strict = ReviewPolicy(block_on_blameless_warnings=True)
    with pytest.raises(ValidationFailed) as error:
        pm.submit_for_review(ctx=ctx(ALICE), policy=strict)
    assert [p.field for p in error.value.problems] == ["summary"]
    pm.submit_for_review(ctx=ctx(ALICE), policy=POLICY)
    assert pm.state is PostmortemState.IN_REVIEW


def test_only_an_author_or_an_admin_may_submit() -> None:
    with pytest.raises(NotPermitted):
        oauth_token_outage().submit_for_review(ctx=ctx(CAROL), policy=POLICY)
    submitted_by_admin = oauth_token_outage()
    submitted_by_admin.submit_for_review(ctx=ctx(ADMIN), policy=POLICY)
    assert submitted_by_admin.state is PostmortemState.IN_REVIEW


def test_content_cannot_be_edited_in_review() -> None:
    pm = submitted()
    with pytest.raises(InvalidTransition):
        pm.write_summary(ctx=ctx(ALICE), summary="sneaky")


def test_an_author_cannot_approve_their_own_postmortem() -> None:
    pm = submitted()
    with pytest.raises(NotPermitted):
        pm.approve(ctx=ctx(ALICE), policy=POLICY)


def test_an_admin_who_is_an_author_still_cannot_approve() -> None:
    pm = oauth_token_outage(author=ADMIN)
    pm.submit_for_review(ctx=ctx(ADMIN), policy=POLICY)
    with pytest.raises(NotPermitted):
        pm.approve(ctx=ctx(ADMIN), policy=POLICY)


def test_the_same_reviewer_approving_twice_counts_once() -> None:
    pm = submitted()
    pm.approve(ctx=ctx(CAROL), policy=POLICY)
    version = pm.version
    with pytest.raises(InvalidTransition, match="already approved this content"):
        pm.approve(ctx=ctx(CAROL), policy=POLICY)
    assert pm.version == version
    assert len(pm.counted_approvals()) == 1


def test_an_approval_records_reviewer_time_version_and_content_hash() -> None:
    pm = submitted()
    seen_version, seen_hash = pm.version, pm.content_hash()
    pm.approve(ctx=ctx(CAROL), policy=POLICY)
    (approval,) = pm.approvals
    assert approval.reviewer_id == "carol"
    assert approval.version == seen_version
    assert approval.content_hash == seen_hash
    assert approval.policy_version == POLICY.version
    assert approval.approved_at.tzinfo is not None


def test_request_changes_sends_it_back_with_a_comment_and_voids_approvals() -> None:
    pm = submitted()
    pm.approve(ctx=ctx(CAROL), policy=POLICY)
    pm.request_changes(ctx=ctx(DAVE), comment="Add the customer comms.", section=Section.TIMELINE)
    assert pm.state is PostmortemState.CHANGES_REQUESTED
    assert pm.counted_approvals() == []
    (comment,) = pm.review_comments
    assert (comment.author, comment.section, comment.text) == ("dave", "timeline", comment.text)


def test_an_author_recalls_a_submission_to_draft_and_its_approvals_are_voided() -> None:
    pm = submitted()
    pm.approve(ctx=ctx(CAROL), policy=POLICY)
    pm.recall_submission(ctx=ctx(ALICE), reason="Submitted before the timeline was checked.")
    assert (pm.state, pm.submitted_at) == (PostmortemState.DRAFT, None)
    assert pm.counted_approvals() == []
    assert [a.voided for a in pm.approvals] == [True]
    recalled = pm.collect_events()[-1]
    assert (type(recalled).__name__, recalled.reason) == (
        "SubmissionRecalled",
        "Submitted before the timeline was checked.",
    )
    pm.write_summary(ctx=ctx(ALICE), summary="Checked.")  # editable again
    submitted(pm)
    assert pm.counted_approvals() == []  # the old approval never counts again


def test_only_an_author_or_an_admin_recalls_only_from_review_and_with_a_reason() -> None:
    pm = submitted()
    with pytest.raises(NotPermitted):
        pm.recall_submission(ctx=ctx(CAROL), reason="Not mine to recall.")
    with pytest.raises(ValidationFailed):
        pm.recall_submission(ctx=ctx(ALICE), reason="  ")
    pm.recall_submission(ctx=ctx(ADMIN), reason="Asked by the author.")
    with pytest.raises(InvalidTransition):
        pm.recall_submission(ctx=ctx(ALICE), reason="Again.")
    with pytest.raises(InvalidTransition):
        published().recall_submission(ctx=ctx(ALICE), reason="Too late.")


def test_an_author_cannot_request_changes_on_their_own_postmortem() -> None:
    with pytest.raises(NotPermitted):
        submitted().request_changes(ctx=ctx(ALICE), comment="hmm")


def test_an_edit_after_approval_voids_it() -> None:
    pm = submitted()
    pm.approve(ctx=ctx(CAROL), policy=POLICY)
    pm.request_changes(ctx=ctx(DAVE), comment="Say how many logins failed.")
    pm.write_summary(ctx=ctx(ALICE), summary="About 1300 users could not sign in.")
    pm.submit_for_review(ctx=ctx(ALICE), policy=POLICY)
    (approval,) = pm.approvals
    assert approval.content_hash != pm.content_hash()
    assert pm.counted_approvals() == []
    pm.approve(ctx=ctx(CAROL), policy=POLICY)
    assert [a.reviewer_id for a in pm.counted_approvals()] == ["carol"]


def test_approvals_are_bound_to_the_content_hash() -> None:
    pm = submitted()
    pm.approve(ctx=ctx(CAROL), policy=POLICY)
    assert len(pm.counted_approvals()) == 1
    pm.summary = "changed without an event, to show the hash binding alone voids it"
    assert pm.counted_approvals() == []


def test_a_reviewer_added_as_author_no_longer_counts() -> None:
    pm = submitted()
    pm.approve(ctx=ctx(CAROL), policy=POLICY)
    pm.request_changes(ctx=ctx(DAVE), comment="Needs a co-author from SRE.")
    pm.add_author(ctx=ctx(ALICE), user_id="carol")
    pm.submit_for_review(ctx=ctx(ALICE), policy=POLICY)
    with pytest.raises(NotPermitted):
        pm.approve(ctx=ctx(CAROL), policy=POLICY)


def test_publish_is_refused_below_the_policy() -> None:
    pm = submitted()
    pm.approve(ctx=ctx(CAROL), policy=POLICY)
    with pytest.raises(InvalidTransition, match="1 of 2 required approvals"):
        pm.publish(ctx=ctx(CAROL), policy=POLICY)
    assert pm.state is PostmortemState.IN_REVIEW
    lenient = ReviewPolicy(approvals_by_severity={Severity.SEV2: 1})
    pm.publish(ctx=ctx(CAROL), policy=lenient)
    assert pm.to_document()["state"] == "PUBLISHED"


def test_publish_freezes_content_hash_and_approvals_as_revision_one() -> None:
    pm = published()
    (revision,) = pm.published_revisions
    assert revision.revision == 1
    assert revision.version == pm.version
    assert revision.content_hash == pm.content_hash() == hash_content(dict(revision.content))
    assert [a.reviewer_id for a in revision.approvals] == ["carol", "dave"]
    assert pm.first_published_at == revision.published_at


def test_published_content_is_immutable_but_action_item_status_can_change() -> None:
    pm = published()
    content_hash = pm.content_hash()
    with pytest.raises(InvalidTransition):
        pm.write_summary(ctx=ctx(ALICE), summary="rewritten")
    with pytest.raises(InvalidTransition):
        pm.add_action_item(ctx=ctx(ALICE), title="late addition")
    item_id = pm.action_items[0].id
    pm.change_action_item_status(
        ctx=ctx(ALICE), item_id=item_id, status=ActionItemStatus.DONE, reason="shipped"
    )
    assert pm.state is PostmortemState.PUBLISHED
    assert pm.action_items[0].status is ActionItemStatus.DONE
    assert pm.content_hash() == content_hash
    assert len(pm.counted_approvals()) == 2


def test_amendment_keeps_the_old_published_revision_readable() -> None:
    pm = published()
    before = pm.published_revisions[0].to_dict()
    pm.amend(ctx=ctx(ALICE), reason="The revenue figure was corrected by finance.")
    assert (pm.state, pm.revision) == (PostmortemState.DRAFT, 2)
    assert pm.amendment_reason == "The revenue figure was corrected by finance."
    pm.write_summary(ctx=ctx(ALICE), summary="Amended summary.")
    assert pm.published_revisions[0].to_dict() == before


def test_an_amendment_goes_through_review_again() -> None:
    pm = published()
    pm.amend(ctx=ctx(ALICE), reason="typo")
    pm.submit_for_review(ctx=ctx(ALICE), policy=POLICY)
    assert pm.counted_approvals() == []
    with pytest.raises(InvalidTransition):
        pm.publish(ctx=ctx(CAROL), policy=POLICY)
    pm.approve(ctx=ctx(CAROL), policy=POLICY)
    pm.approve(ctx=ctx(ERIN), policy=POLICY)
    pm.publish(ctx=ctx(ERIN), policy=POLICY)
    assert [r.revision for r in pm.published_revisions] == [1, 2]


def test_amend_needs_a_reason_and_an_author() -> None:
    pm = published()
    with pytest.raises(ValidationFailed):
        pm.amend(ctx=ctx(ALICE), reason=" ")
    with pytest.raises(NotPermitted):
        pm.amend(ctx=ctx(CAROL), reason="why not")


def test_discarding_an_amendment_returns_to_the_last_published_revision() -> None:
    pm = published()
    first, second, third = (item.id for item in pm.action_items)
    pm.change_action_item_status(ctx=ctx(ALICE), item_id=first, status=ActionItemStatus.DONE)
    published_hash = pm.published_revisions[-1].content_hash
    pm.amend(ctx=ctx(ALICE), reason="Finance corrected the revenue figure.")
    pm.write_summary(ctx=ctx(ALICE), summary="Amended summary.")
    pm.add_author(ctx=ctx(ALICE), user_id="bob")
    pm.remove_action_item(ctx=ctx(ALICE), item_id=third)
    pm.add_action_item(ctx=ctx(ALICE), title="A new item")
    pm.change_action_item_status(
        ctx=ctx(ALICE), item_id=second, status=ActionItemStatus.IN_PROGRESS
    )
    submitted(pm)
    pm.approve(ctx=ctx(CAROL), policy=POLICY)

    pm.discard_amendment(ctx=ctx(ALICE), reason="The figure was right after all.")
    assert (pm.state, pm.revision, pm.amendment_reason) == (PostmortemState.PUBLISHED, 1, None)
    assert pm.content_hash() == published_hash
    assert pm.content_document() == pm.published_revisions[-1].content
    assert pm.authors == ("alice",)
    # Follow-through is not content: statuses are today's, a removed item comes back as it was.
    assert [(i.id, i.status) for i in pm.action_items] == [
        (first, ActionItemStatus.DONE), (second, ActionItemStatus.IN_PROGRESS),
        (third, ActionItemStatus.OPEN)]  # fmt: skip
    assert pm.action_items[0].completed_at is not None
    assert [a.voided for a in pm.approvals if a.revision == 2] == [True]
    assert pm.allowed_transitions(ALICE) == ["amend", "change_action_item_status"]
    event = pm.collect_events()[-1]
    assert (type(event).__name__, event.reason) == (
        "AmendmentDiscarded", "The figure was right after all.")  # fmt: skip

    # The next amendment is revision 2 again; the discarded revision's approval never counts.
    pm.amend(ctx=ctx(ALICE), reason="Now the figure really changed.")
    submitted(pm)
    assert (pm.revision, pm.counted_approvals()) == (2, [])


def test_discarding_needs_an_amendment_an_author_and_a_reason() -> None:
    with pytest.raises(InvalidTransition, match="never published"):
        submitted().discard_amendment(ctx=ctx(ALICE), reason="Nothing to discard.")
    pm = published()
    with pytest.raises(InvalidTransition, match="no amendment"):
        pm.discard_amendment(ctx=ctx(ALICE), reason="Nothing to discard.")
    pm.amend(ctx=ctx(ALICE), reason="typo")
    with pytest.raises(NotPermitted):
        pm.discard_amendment(ctx=ctx(CAROL), reason="Not mine.")
    with pytest.raises(ValidationFailed):
        pm.discard_amendment(ctx=ctx(ALICE), reason="")
    pm.discard_amendment(ctx=ctx(ADMIN), reason="Asked by the author.")
    assert pm.state is PostmortemState.PUBLISHED


def test_a_published_postmortem_is_never_withdrawn_even_during_an_amendment() -> None:
    pm = published()
    pm.amend(ctx=ctx(ALICE), reason="typo")
    with pytest.raises(InvalidTransition, match="discardAmendment"):
        pm.withdraw(ctx=ctx(ADMIN), reason="Duplicate.", kind=WithdrawalKind.DUPLICATE)
    assert pm.state is PostmortemState.DRAFT
    assert "withdraw" not in pm.allowed_transitions(ADMIN)
    assert "discard_amendment" in pm.allowed_transitions(ADMIN)


def test_a_postmortem_withdrawn_during_an_amendment_is_restored_by_discarding_it() -> None:
    # Stored before withdrawing a published postmortem was refused: the event is in the store.
    pm = published()
    pm.amend(ctx=ctx(ALICE), reason="typo")
    pm.write_summary(ctx=ctx(ALICE), summary="Amended.")
    pm._trigger(Postmortem.Withdrawn, ctx(ADMIN), "Duplicate.", kind="duplicate")
    assert pm.state is PostmortemState.WITHDRAWN
    assert pm.allowed_transitions(ALICE) == ["discard_amendment"]
    pm.discard_amendment(ctx=ctx(ADMIN), reason="It was published: restore it.")
    assert (pm.state, pm.withdrawn_kind, pm.withdrawn_reason) == (
        PostmortemState.PUBLISHED, None, None)  # fmt: skip
    assert pm.content_hash() == pm.published_revisions[-1].content_hash


def test_withdraw_needs_a_reason_and_is_not_possible_once_published() -> None:
    pm = submitted()
    with pytest.raises(ValidationFailed):
        pm.withdraw(ctx=ctx(ALICE), reason="")
    pm.withdraw(ctx=ctx(ALICE), reason="Same incident as INC-7", kind=WithdrawalKind.DUPLICATE)
    assert (pm.state, pm.withdrawn_kind) == (PostmortemState.WITHDRAWN, "duplicate")
    with pytest.raises(InvalidTransition):
        published().withdraw(ctx=ctx(ALICE), reason="not an incident")


def test_review_comments_can_be_added_and_resolved() -> None:
    pm = submitted()
    comment_id = pm.add_review_comment(ctx=ctx(CAROL), section=Section.IMPACT, text="Source?")
    with pytest.raises(NotPermitted):
        pm.resolve_review_comment(ctx=ctx(DAVE), comment_id=comment_id)
    pm.resolve_review_comment(ctx=ctx(ALICE), comment_id=comment_id)
    assert pm.review_comments[0].resolved
    with pytest.raises(ValidationFailed):
        pm.resolve_review_comment(ctx=ctx(CAROL), comment_id=comment_id)


def test_allowed_transitions_follow_state_and_authorship() -> None:
    pm = oauth_token_outage()
    assert pm.allowed_transitions(ALICE) == [
        "edit",
        "submit_for_review",
        "withdraw",
        "comment",
        "change_action_item_status",
    ]
    assert pm.allowed_transitions(CAROL) == ["comment"]
    pm = approved()
    assert pm.allowed_transitions(ALICE) == ["recall_submission", "publish", "withdraw",
                                             "comment"]  # fmt: skip
    assert pm.allowed_transitions(CAROL) == ["request_changes", "publish", "comment"]
    assert pm.allowed_transitions(ERIN) == ["approve", "request_changes", "publish", "comment"]
    pm.publish(ctx=ctx(CAROL), policy=POLICY)
    assert pm.allowed_transitions(ALICE) == ["amend", "change_action_item_status"]
