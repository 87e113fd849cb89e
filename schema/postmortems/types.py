"""GraphQL types of a postmortem, built from read-model (or application) documents."""

from __future__ import annotations

from datetime import datetime

import strawberry

from projections.paging import Count
from projections.parks import ReadModelNote
from projections.postmortems.documents import every_approval
from schema.context import Context
from schema.errors import FieldError
from schema.field_paths import graphql_path, graphql_problems
from schema.pagination import PageInfo, total_count_field
from schema.postmortems.enums import PostmortemState, Section, Transition, WithdrawalKind
from schema.postmortems.exports import PostmortemExports
from schema.postmortems.sections import PostmortemSections, section_fields
from schema.read_model import ReadModelStatus
from service.application.transitions import transitions_for
from service.domain.document import Document
from service.domain.limits import describe as describe_limits
from service.domain.values import legacy_approval_id

Info = strawberry.Info[Context, None]


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
    content_hash: str = strawberry.field(description="SHA-256 (hex) of the approved content.")
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
    field: str = strawberry.field(
        description='Where, named as the GraphQL inputs name it, e.g. "title", "summary", '
        '"timeline[2].description", "rootCause.whys[0].because" or "actionItems[1].title".'
    )
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


@strawberry.type(description="A blameless incident postmortem. " + describe_limits())
class Postmortem(PostmortemSections):
    id: strawberry.ID
    version: int = strawberry.field(description="Pass as `expectedVersion` to change it.")
    state: PostmortemState
    approval_status: ApprovalStatus
    content_hash: str = strawberry.field(
        description="SHA-256 (hex) of the canonical JSON of the current content: what an "
        "approval binds to."
    )
    policy_version: str | None = strawberry.field(
        description="The review policy version it was submitted under."
    )
    revision: int = strawberry.field(description="1, then +1 on every amendment.")
    blameless_warnings: list[BlamelessWarning] = strawberry.field(
        description="Blameless-language warnings of the current content (the title, every "
        "narrative text and the action items: blame words in any form, such as `carelessly`, "
        "and a person named as the cause, such as `Bob deleted`, `caused by Bob` or `Bob's "
        "fault`): the first 200 in document order (`blamelessWarningCount` counts them all)."
    )
    blameless_warning_count: int
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
    # decided on, and where the histories come from (the application's document lists them;
    # the read model's does not).
    source: strawberry.Private[Document | None] = None
    # What a mutation (or the query that read it) found the read model shows of it.
    note: strawberry.Private[ReadModelNote | None] = None

    @strawberry.field(description="Review comments, oldest first (at most 1,000 in a life).")
    async def review_comments(self, info: Info) -> list[ReviewComment]:
        doc = self.source or {}
        if "review_comments" in doc:
            comments = doc["review_comments"]
        else:
            comments = await info.context.loaders.comments.load(self.id)
        return [ReviewComment.from_document(c) for c in comments]

    @strawberry.field(description="Published revisions, oldest first; they stay readable after "
                      "amendments (at most 100).")  # fmt: skip
    async def revisions(self, info: Info) -> list[PublishedRevision]:
        revisions = await self._revisions(info)
        return [PublishedRevision.from_document(r, str(self.id)) for r in revisions]

    @strawberry.field(description="Every approval, counted or not, oldest first.")
    async def approvals(self, info: Info) -> list[Approval]:
        doc = self.source or {}
        earlier = await self._revisions(info) if int(doc.get("revision") or 1) > 1 else []
        return [Approval.from_document(a, str(self.id)) for a in every_approval(doc, earlier)]

    @strawberry.field(
        description="Whether this is what the event store holds (see `ReadModelState`)."
    )
    async def read_model(self, info: Info) -> ReadModelStatus:
        note = self.note or await info.context.loaders.read_model.load(self.id)
        return ReadModelStatus.from_note(note)

    async def _revisions(self, info: Info) -> list[Document]:
        doc = self.source or {}
        if "published_revisions" in doc:
            revisions: list[Document] = doc["published_revisions"]
            return revisions
        if not doc.get("published_revision_count", doc.get("first_published_at")):
            return []
        return await info.context.loaders.revisions.load(self.id)

    @strawberry.field(
        description="What the review policy still asks for before this content can be "
        "submitted for review (every missing piece, exactly as `submitForReview`'s "
        "ValidationError would report it, its field named as the GraphQL inputs and "
        "`blamelessWarnings` name it: `rootCause.statement`, `incidentWindow.resolvedAt`); "
        "empty when it can be submitted."
    )
    def submission_problems(self, info: strawberry.Info[Context, None]) -> list[FieldError]:
        if self.source is None:
            return []
        policy = info.context.deps.app.policy
        warnings = self.source.get("blameless_warnings") or []
        problems = policy.submission_problems(
            self.source, warnings, self.source.get("blameless_warning_count", len(warnings))
        )
        return [FieldError(field=p.field, message=p.message) for p in graphql_problems(problems)]

    @strawberry.field(description="What the current user may do next (state, authorship, roles).")
    def allowed_transitions(self, info: Info) -> list[Transition]:
        actor = info.context.actor
        if actor is None or self.source is None:
            return []
        return transitions_for(actor, self.source, info.context.deps.app.policy)

    @strawberry.field(description="Download links: Markdown, HTML, PDF and the timeline as CSV.")
    def exports(self) -> PostmortemExports:
        return PostmortemExports.for_postmortem(str(self.id))

    @classmethod
    def from_document(
        cls, doc: Document, *, created_id: str | None = None, note: ReadModelNote | None = None
    ) -> Postmortem:
        """Returns the GraphQL view of a read-model (or application) document; `note`: what
        the read model shows of it, when already known."""
        status = doc["approval_status"]
        postmortem_id = str(doc.get("_id", doc.get("id")))
        return cls(
            id=strawberry.ID(postmortem_id),
            version=doc["version"],
            state=PostmortemState(doc["state"]),
            **section_fields(doc),
            approval_status=ApprovalStatus(
                required=status["required"], valid_count=status["valid_count"], met=status["met"]
            ),
            content_hash=doc["content_hash"],
            policy_version=doc.get("policy_version"),
            revision=doc["revision"],
            blameless_warnings=[
                BlamelessWarning(**{**w, "field": graphql_path(w["field"])})
                for w in doc["blameless_warnings"]
            ],
            blameless_warning_count=doc.get(
                "blameless_warning_count", len(doc["blameless_warnings"])
            ),
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
            note=note,
        )


@strawberry.type
class PostmortemEdge:
    cursor: str
    node: Postmortem


@strawberry.type(description="A page of postmortems in the requested order (Relay connection).")
class PostmortemConnection:
    edges: list[PostmortemEdge]
    page_info: PageInfo
    count: strawberry.Private[Count]
    total_count: int = total_count_field("postmortems the caller may see match the filter")
