"""Events of review and publication: comments, submission and its recall, approvals, change
requests, publication, amendments (started or discarded) and withdrawal."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from .. import document
from ..values import (
    Approval,
    PostmortemState,
    PublishedRevision,
    ReviewComment,
    Section,
    WithdrawalKind,
    deep_copy,
    legacy_approval_id,
)
from .base import PostmortemEvent

if TYPE_CHECKING:
    from ..postmortem import Postmortem


class ReviewCommentAdded(PostmortemEvent):
    """Someone commented on a section."""

    class_version: ClassVar[int] = 1

    comment_id: str
    section: str
    text: str

    def apply(self, aggregate: Postmortem) -> None:
        _add_comment(aggregate, self, self.comment_id, self.section, self.text)


def _add_comment(
    aggregate: Postmortem, event: PostmortemEvent, comment_id: str, section: str, text: str
) -> None:
    comment = ReviewComment(
        id=comment_id,
        author=event.actor_id,
        section=Section(section),
        text=text,
        at=event.effective_at,
    )
    aggregate.review_comments = (*aggregate.review_comments, comment)


class ReviewCommentResolved(PostmortemEvent):
    """A review comment was marked resolved."""

    class_version: ClassVar[int] = 1

    comment_id: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.review_comments = tuple(
            replace(c, resolved=True) if c.id == self.comment_id else c
            for c in aggregate.review_comments
        )


def _void_approvals(aggregate: Postmortem, revision: int) -> None:
    """Voids the approvals given to `revision` (and to any later, discarded one)."""
    aggregate.approvals = tuple(
        replace(a, voided=True) if a.revision >= revision else a for a in aggregate.approvals
    )


class SubmittedForReview(PostmortemEvent):
    """The content was complete and went to review under a policy version."""

    class_version: ClassVar[int] = 1

    policy_version: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.state = PostmortemState.IN_REVIEW
        aggregate.policy_version = self.policy_version
        aggregate.submitted_at = self.effective_at


class SubmissionRecalled(PostmortemEvent):
    """An author took the postmortem back from review to DRAFT (the reason says why); the
    approvals given in review are voided."""

    class_version: ClassVar[int] = 1

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.state = PostmortemState.DRAFT
        aggregate.submitted_at = None
        _void_approvals(aggregate, aggregate.revision)


class Approved(PostmortemEvent):
    """A reviewer approved the content with the given hash, seen at a version.

    Version 2 names the approval (`approval_id`); a version 1 event is read with the id
    `legacy_approval_id(postmortem id, approved version)`.
    """

    class_version: ClassVar[int] = 2

    approval_id: str
    content_hash: str
    approved_version: int
    policy_version: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Gives an approval recorded without an id its deterministic id."""
        state["approval_id"] = legacy_approval_id(state["originator_id"], state["approved_version"])

    def apply(self, aggregate: Postmortem) -> None:
        approval = Approval(
            id=self.approval_id,
            reviewer_id=self.actor_id,
            approved_at=self.effective_at,
            version=self.approved_version,
            content_hash=self.content_hash,
            revision=aggregate.revision,
            policy_version=self.policy_version,
        )
        aggregate.approvals = (*aggregate.approvals, approval)


class ChangesRequested(PostmortemEvent):
    """A reviewer asked for changes with a comment; current approvals are voided."""

    class_version: ClassVar[int] = 1

    comment_id: str
    section: str
    text: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.state = PostmortemState.CHANGES_REQUESTED
        _void_approvals(aggregate, aggregate.revision)
        _add_comment(aggregate, self, self.comment_id, self.section, self.text)


class Published(PostmortemEvent):
    """A revision was published: its content and approvals are frozen here.

    Version 2's approvals carry their ids; a version 1 event's approvals are read with the ids
    their Approved events get (`legacy_approval_id`).
    """

    class_version: ClassVar[int] = 2

    revision: int
    content_hash: str
    content: dict[str, Any]
    approvals: list[dict[str, Any]]
    policy_version: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Gives each approval recorded without an id its deterministic id."""
        state["approvals"] = [
            {"id": legacy_approval_id(state["originator_id"], approval["version"]), **approval}
            for approval in state["approvals"]
        ]

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.state = PostmortemState.PUBLISHED
        published = PublishedRevision(
            revision=self.revision,
            published_at=self.effective_at,
            version=self.originator_version,
            content_hash=self.content_hash,
            content=deep_copy(self.content),
            approvals=tuple(Approval.from_dict(a) for a in self.approvals),
            policy_version=self.policy_version,
        )
        aggregate.published_revisions = (*aggregate.published_revisions, published)
        if aggregate.first_published_at is None:
            aggregate.first_published_at = self.effective_at


class Amended(PostmortemEvent):
    """A published postmortem was reopened as a new revision, in DRAFT."""

    class_version: ClassVar[int] = 1

    revision: int

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.state = PostmortemState.DRAFT
        aggregate.revision = self.revision
        aggregate.amendment_reason = self.reason


class AmendmentDiscarded(PostmortemEvent):
    """An amendment was given up (the reason says why): the postmortem is PUBLISHED again,
    with the content of its last published revision (`revision`), action items with their
    current status; approvals given to the discarded revision are voided.

    Also undoes a withdrawal during an amendment (stored before withdrawing a published
    postmortem was refused), which had hidden the published revision."""

    class_version: ClassVar[int] = 1

    revision: int

    def apply(self, aggregate: Postmortem) -> None:
        published = aggregate.published_revisions[-1]
        document.restore_content(aggregate, published.content)
        _void_approvals(aggregate, published.revision + 1)
        aggregate.state = PostmortemState.PUBLISHED
        aggregate.revision = published.revision
        aggregate.amendment_reason = None
        aggregate.withdrawn_kind = None
        aggregate.withdrawn_reason = None


class Withdrawn(PostmortemEvent):
    """The postmortem was withdrawn (duplicate, not an incident, other)."""

    class_version: ClassVar[int] = 1

    kind: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.state = PostmortemState.WITHDRAWN
        aggregate.withdrawn_kind = WithdrawalKind(self.kind)
        aggregate.withdrawn_reason = self.reason
