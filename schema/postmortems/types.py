"""GraphQL types of a postmortem, built from read-model (or application) documents."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.context import Context
from schema.errors import FieldError
from schema.postmortems.enums import PostmortemState, Section, Transition, WithdrawalKind
from schema.postmortems.exports import PostmortemExports
from schema.postmortems.sections import PostmortemSections, section_fields
from service.application.transitions import transitions_for
from service.domain.document import Document
from service.domain.values import legacy_approval_id


@strawberry.type(description="A comment on a section, by a reviewer or an author.")
class ReviewComment:
    id: strawberry.ID
    author: str
    section: Section
    text: str
    at: datetime
    resolved: bool

    @classmethod
    def from_document(cls, doc: Document) -> ReviewComment:
        """Returns the comment stored in a document."""
        return cls(
            id=strawberry.ID(doc["id"]),
            author=doc["author"],
            section=Section(doc["section"]),
            text=doc["text"],
            at=doc["at"],
            resolved=doc["resolved"],
        )


@strawberry.type(description="A reviewer's approval, bound to the content it approved.")
class Approval:
    id: strawberry.ID = strawberry.field(
        description="Identifies the approval among the postmortem's (the audit trail's "
        "`approvals[id]`)."
    )
    reviewer: str = strawberry.field(description="User id of the reviewer.")
    at: datetime
    version: int = strawberry.field(description="The version the reviewer approved.")
    content_hash: str = strawberry.field(description="sha256 of the approved content.")
    revision: int
    policy_version: str
    voided: bool = strawberry.field(
        description="Voided when its review round ended without publication: a reviewer's "
        "requestChanges sent the postmortem back to its authors, so the next submission "
        "is approved afresh, even with unchanged content."
    )
    counted: bool = strawberry.field(
        description="Whether it counts towards publication now: this revision, exactly the "
        "current content (any edit after the approval stops it counting), not voided, by a "
        "reviewer who is not an author, once per reviewer."
    )

    @classmethod
    def from_document(
        cls, doc: Document, postmortem_id: str, *, counted: bool | None = None
    ) -> Approval:
        """Returns the approval stored in a document (read-model documents written before
        approvals had ids get the id the event store gives them)."""
        approval_id = doc.get("id") or legacy_approval_id(postmortem_id, doc["version"])
        return cls(
            id=strawberry.ID(approval_id),
            voided=bool(doc.get("voided")),
            reviewer=doc["reviewer_id"],
            at=doc["approved_at"],
            version=doc["version"],
            content_hash=doc["content_hash"],
            revision=doc["revision"],
            policy_version=doc["policy_version"],
            counted=bool(doc.get("counted")) if counted is None else counted,
        )


@strawberry.type(description="How many valid approvals the policy requires, and how many exist.")
class ApprovalStatus:
    required: int
    valid_count: int
    met: bool


@strawberry.type(description="A phrase that reads as blaming someone; `end` is exclusive.")
class BlamelessWarning:
    field: str = strawberry.field(description='Where, e.g. "summary" or "timeline[2].description".')
    start: int
    end: int
    phrase: str
    message: str


@strawberry.type(description="The content sections as they were when a revision was published.")
class PostmortemContent(PostmortemSections):
    pass


@strawberry.type(description="A published revision: frozen content and the approvals behind it.")
class PublishedRevision:
    revision: int
    published_at: datetime
    version: int = strawberry.field(description="The postmortem's version when published.")
    content_hash: str
    policy_version: str
    approvals: list[Approval]
    content: PostmortemContent

    @classmethod
    def from_document(cls, doc: Document, postmortem_id: str) -> PublishedRevision:
        """Returns the revision stored in a document."""
        return cls(
            revision=doc["revision"],
            published_at=doc["published_at"],
            version=doc["version"],
            content_hash=doc["content_hash"],
            policy_version=doc.get("policy_version", ""),
            approvals=[
                Approval.from_document(a, postmortem_id, counted=True)
                for a in doc.get("approvals", [])
            ],
            content=PostmortemContent(**section_fields(doc["content"])),
        )


@strawberry.type(description="A blameless incident postmortem.")
class Postmortem(PostmortemSections):
    id: strawberry.ID
    version: int = strawberry.field(description="Pass as `expectedVersion` to change it.")
    state: PostmortemState
    review_comments: list[ReviewComment]
    approvals: list[Approval] = strawberry.field(description="Every approval, counted or not.")
    approval_status: ApprovalStatus
    content_hash: str = strawberry.field(description="sha256 of the current content.")
    policy_version: str | None = strawberry.field(
        description="The review policy version it was submitted under."
    )
    revision: int = strawberry.field(description="1, then +1 on every amendment.")
    revisions: list[PublishedRevision] = strawberry.field(
        description="Published revisions, oldest first; they stay readable after amendments."
    )
    blameless_warnings: list[BlamelessWarning]
    amendment_reason: str | None
    withdrawn_kind: WithdrawalKind | None
    withdrawn_reason: str | None
    created_at: datetime
    created_by: str
    updated_at: datetime
    submitted_at: datetime | None
    first_published_at: datetime | None
    created_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="In a mutation's answer: the id of the timeline entry, action item or "
        "review comment it created; null elsewhere.",
    )

    # The document it was built from: what `allowedTransitions` and `submissionProblems` are
    # decided on.
    source: strawberry.Private[Document | None] = None

    @strawberry.field(
        description="What the review policy still asks for before this content can be "
        "submitted for review (every missing piece, as `submitForReview` would report it); "
        "empty when it can be submitted."
    )
    def submission_problems(self, info: strawberry.Info[Context, None]) -> list[FieldError]:
        if self.source is None:
            return []
        policy = info.context.deps.app.policy
        problems = policy.submission_problems(
            self.source, self.source.get("blameless_warnings") or []
        )
        return [FieldError(field=p.field, message=p.message) for p in problems]

    @strawberry.field(description="What the current user may do next (state, authorship, roles).")
    def allowed_transitions(self, info: strawberry.Info[Context, None]) -> list[Transition]:
        actor = info.context.actor
        if actor is None or self.source is None:
            return []
        return transitions_for(actor, self.source, info.context.deps.app.policy)

    @strawberry.field(description="Download links: Markdown, HTML, PDF and the timeline as CSV.")
    def exports(self) -> PostmortemExports:
        return PostmortemExports.for_postmortem(str(self.id))

    @classmethod
    def from_document(cls, doc: Document, *, created_id: str | None = None) -> Postmortem:
        """Returns the GraphQL view of a read-model (or application) document."""
        status = doc["approval_status"]
        postmortem_id = str(doc.get("_id", doc.get("id")))
        return cls(
            id=strawberry.ID(postmortem_id),
            version=doc["version"],
            state=PostmortemState(doc["state"]),
            **section_fields(doc),
            review_comments=[ReviewComment.from_document(c) for c in doc["review_comments"]],
            approvals=[Approval.from_document(a, postmortem_id) for a in doc["approvals"]],
            approval_status=ApprovalStatus(
                required=status["required"], valid_count=status["valid_count"], met=status["met"]
            ),
            content_hash=doc["content_hash"],
            policy_version=doc.get("policy_version"),
            revision=doc["revision"],
            revisions=[
                PublishedRevision.from_document(r, postmortem_id)
                for r in doc["published_revisions"]
            ],
            blameless_warnings=[BlamelessWarning(**w) for w in doc["blameless_warnings"]],
            amendment_reason=doc.get("amendment_reason"),
            withdrawn_kind=None
            if doc.get("withdrawn_kind") is None
            else WithdrawalKind(doc["withdrawn_kind"]),
            withdrawn_reason=doc.get("withdrawn_reason"),
            created_at=doc["created_at"],
            created_by=doc["created_by"],
            updated_at=doc["updated_at"],
            submitted_at=doc.get("submitted_at"),
            first_published_at=doc.get("first_published_at"),
            created_id=None if created_id is None else strawberry.ID(created_id),
            source=doc,
        )


@strawberry.type
class PostmortemEdge:
    cursor: str
    node: Postmortem


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type(description="A page of postmortems in the requested order (Relay connection).")
class PostmortemConnection:
    edges: list[PostmortemEdge]
    page_info: PageInfo
    total_count: int
