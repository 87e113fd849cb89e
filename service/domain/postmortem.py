"""The Postmortem aggregate: creation, metadata and the review workflow.

Commands validate first and then trigger exactly one event; state changes only in the
events' ``apply`` methods (events/). Content commands live in content.py, the state
and shared helpers in base.py. The event classes are nested here as class attributes
(``Postmortem.SummaryWritten`` …); their topics name the ``events`` module (the import's
event lives beside its command in ``incident_import``).

Workflow: DRAFT → IN_REVIEW → PUBLISHED, with CHANGES_REQUESTED (back to editing) and
WITHDRAWN. Choices made where the spec leaves room:

- a reviewer approving content they already approved is rejected ("already approved
  this content"); after the content changes they may approve again;
- what counts (``counted_approvals``): an approval of this revision's current content
  (its hash), not voided, by a reviewer who is not an author, once per reviewer. Approvals
  stop counting when the content changes (SPEC §2: an approval is bound to the exact content
  it approved) and are voided when the review round ends without publication: request_changes
  sends the postmortem back to its authors, and the next submission is a new round that every
  reviewer approves afresh, even for unchanged content (a reviewer's approval answered the
  version of the review they saw, before another reviewer's objection; keeping it would let
  an unchanged resubmission be published over that objection on an earlier approval);
  recall_submission (an author or an admin, with a reason, back to DRAFT) ends the round
  the same way;
- publish may be run by anyone once enough valid approvals exist (who may publish by
  role is the application's concern); it freezes the content document, its hash and
  the counted approvals as a published revision;
- amend reopens a PUBLISHED postmortem as the next revision in DRAFT; approvals of
  earlier revisions never count again, even for unchanged content;
- discard_amendment gives an amendment up (author or admin, with a reason): PUBLISHED
  again with the last published revision's content; the discarded revision's approvals
  are voided and its number is used by the next amendment;
- withdraw is possible from DRAFT, IN_REVIEW and CHANGES_REQUESTED of a postmortem that was
  never published: a published revision is never hidden (amend it, or discard the
  amendment). Postmortems withdrawn during an amendment before this rule (their published
  revision hidden) are restored by discard_amendment;
- action item status may change in every state but IN_REVIEW and WITHDRAWN, by an author,
  an admin or the item's owner; it is not part of the content hash, so it is frozen during
  review instead: reviewers approve the statuses they see, and exactly those are published.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from . import document, refusals, workflow
from . import events as e
from . import incident_import as imports
from . import validation as v
from .base import OPEN_STATES, check_context, event_metadata
from .blameless import BlamelessWarning, check_postmortem
from .checks import check_metadata, window_dict
from .content import ContentCommands
from .errors import InvalidTransition, NotPermitted, ValidationFailed
from .incident_import import IncidentImports
from .limits import DEFAULT_LIMITS, PostmortemLimits
from .policy import ReviewPolicy
from .values import (
    Actor,
    CommandContext,
    IncidentWindow,
    PostmortemState,
    Section,
    Severity,
    WithdrawalKind,
    new_id,
)

S = PostmortemState


class Postmortem(IncidentImports, ContentCommands, Aggregate):
    """A blameless incident postmortem and its review workflow."""

    Event = e.PostmortemEvent
    PostmortemEvent = e.PostmortemEvent
    Created = e.Created
    MetadataUpdated = e.MetadataUpdated
    SummaryWritten = e.SummaryWritten
    TimelineEntryAdded = e.TimelineEntryAdded
    TimelineEntryEdited = e.TimelineEntryEdited
    TimelineEntryRemoved = e.TimelineEntryRemoved
    RootCauseAnalysisWritten = e.RootCauseAnalysisWritten
    ImpactAssessed = e.ImpactAssessed
    LessonsWritten = e.LessonsWritten
    ActionItemAdded = e.ActionItemAdded
    ActionItemEdited = e.ActionItemEdited
    ActionItemRemoved = e.ActionItemRemoved
    ActionItemStatusChanged = e.ActionItemStatusChanged
    ReviewCommentAdded = e.ReviewCommentAdded
    ReviewCommentResolved = e.ReviewCommentResolved
    RecurrenceLinked = e.RecurrenceLinked
    RecurrenceUnlinked = e.RecurrenceUnlinked
    AuthorAdded = e.AuthorAdded
    SubmittedForReview = e.SubmittedForReview
    SubmissionRecalled = e.SubmissionRecalled
    Approved = e.Approved
    ChangesRequested = e.ChangesRequested
    Published = e.Published
    Amended = e.Amended
    AmendmentDiscarded = e.AmendmentDiscarded
    Withdrawn = e.Withdrawn
    IncidentImported = imports.IncidentImported

    @classmethod
    def create(
        cls,
        *,
        ctx: CommandContext,
        title: str,
        severity: Severity,
        window: IncidentWindow,
        services: Sequence[str] = (),
        tags: Sequence[str] = (),
        team: str | None = None,
        incident_ref: str | None = None,
        postmortem_id: UUID | None = None,
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> Postmortem:
        """Starts a DRAFT postmortem whose first author is the actor."""
        problems = v.Problems()
        check_context(problems, ctx)
        check_metadata(
            problems, title=title, severity=severity, window=window,
            services=services, tags=tags, team=team, now=v.utc_now(),
        )  # fmt: skip
        problems.optional_text("incident_ref", incident_ref, max_length=v.MAX_SHORT_TEXT)
        problems.raise_if_any()
        created = cls._create(
            cls.Created,
            id=postmortem_id or uuid4(),
            **event_metadata(ctx, None),
            **_metadata_payload(title, severity, window, services, tags, team),
            incident_ref=None if incident_ref is None else incident_ref.strip(),
        )
        limits.check_content(document.content_bytes(created))  # nothing is saved if it raises
        return created

    def update_metadata(
        self,
        *,
        ctx: CommandContext,
        title: str,
        severity: Severity,
        window: IncidentWindow,
        services: Sequence[str],
        tags: Sequence[str],
        team: str | None,
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> None:
        """Replaces title, severity, incident window, services, tags and team."""
        self._require_editable(ctx, "updatePostmortemMetadata")
        problems = v.Problems()
        check_metadata(
            problems, title=title, severity=severity, window=window,
            services=services, tags=tags, team=team, now=v.utc_now(),
        )  # fmt: skip
        problems.raise_if_any()
        payload = _metadata_payload(title, severity, window, services, tags, team)
        if payload != self._metadata():
            self._trigger(e.MetadataUpdated, ctx, limits=limits, **payload)

    def add_author(
        self, *, ctx: CommandContext, user_id: str, limits: PostmortemLimits = DEFAULT_LIMITS
    ) -> None:
        """Adds a co-author, who from then on can never approve this postmortem."""
        self._require_editable(ctx, "addAuthor")
        problems = v.Problems()
        problems.text("user_id", user_id, max_length=v.MAX_SHORT_TEXT, required=True)
        if user_id in self.authors:
            problems.add("user_id", "is already an author")
        limits.check_count("authors", len(self.authors), problems)
        problems.raise_if_any()
        self._trigger(e.AuthorAdded, ctx, user_id=user_id, limits=limits)

    def submit_for_review(self, *, ctx: CommandContext, policy: ReviewPolicy) -> None:
        """Sends complete content to review; reports every missing piece at once."""
        self._require_editable(ctx, "submitForReview")
        warnings = self.blameless_warnings
        problems = policy.submission_problems(
            self.content_document(), (w.to_dict() for w in warnings), len(warnings)
        )
        if problems:
            raise ValidationFailed(problems)
        self._trigger(e.SubmittedForReview, ctx, policy_version=policy.version)

    def recall_submission(self, *, ctx: CommandContext, reason: str) -> None:
        """Takes the postmortem back from review to DRAFT (an author or an admin, e.g. after
        submitting too early); approvals given in review are voided, the reason recorded."""
        self._require_state("recallSubmission", frozenset({S.IN_REVIEW}))
        self._require_author(ctx)
        problems = v.Problems()
        problems.text("reason", reason, max_length=v.MAX_DESCRIPTION, required=True)
        problems.raise_if_any()
        self._trigger(e.SubmissionRecalled, ctx, reason)

    def approve(
        self,
        *,
        ctx: CommandContext,
        policy: ReviewPolicy,
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> None:
        """Approves the current content; an author never can, a reviewer counts once."""
        self._require_state("approvePostmortem", frozenset({S.IN_REVIEW}))
        if self.is_author(ctx.actor):
            raise NotPermitted(refusals.AUTHOR_APPROVING)
        if self._has_approved(ctx.actor):
            raise InvalidTransition(self.state, "approvePostmortem", refusals.ALREADY_APPROVED)
        problems = v.Problems()
        in_revision = sum(1 for a in self.approvals if a.revision == self.revision)
        limits.check_count("approvals_per_revision", in_revision, problems)
        problems.raise_if_any()
        self._trigger(
            e.Approved, ctx, approval_id=new_id(), content_hash=self.content_hash(),
            approved_version=self.version, policy_version=policy.version,
        )  # fmt: skip

    def request_changes(
        self,
        *,
        ctx: CommandContext,
        comment: str,
        section: Section = Section.GENERAL,
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> None:
        """Sends the postmortem back to its authors with a comment; ends the review round, so
        this revision's approvals are voided (see the module docstring)."""
        self._require_state("requestChanges", frozenset({S.IN_REVIEW}))
        if self.is_author(ctx.actor):
            raise NotPermitted(refusals.AUTHOR_REQUESTING_CHANGES)
        problems = v.Problems()
        self._check_comment(problems, section, comment, "comment", limits)
        problems.raise_if_any()
        self._trigger(
            e.ChangesRequested, ctx, comment_id=new_id(), section=section.value, text=comment
        )

    def publish(self, *, ctx: CommandContext, policy: ReviewPolicy) -> None:
        """Publishes the approved content as a new, frozen revision."""
        self._require_state("publishPostmortem", frozenset({S.IN_REVIEW}))
        counted = self.counted_approvals()
        required = policy.required_approvals(self.severity)
        if len(counted) < required:
            raise InvalidTransition(
                self.state, "publishPostmortem",
                refusals.missing_approvals(len(counted), required, self.severity),
            )  # fmt: skip
        content = self.content_document()
        self._trigger(
            e.Published, ctx, revision=self.revision, content_hash=document.hash_content(content),
            content=content, approvals=[a.to_dict() for a in counted],
            policy_version=policy.version,
        )  # fmt: skip

    def amend(
        self, *, ctx: CommandContext, reason: str, limits: PostmortemLimits = DEFAULT_LIMITS
    ) -> None:
        """Reopens a published postmortem as the next revision, in DRAFT (refused once it has
        as many published revisions as `limits` allows: the next could never be published)."""
        self._require_state("amendPostmortem", frozenset({S.PUBLISHED}))
        self._require_author(ctx)
        problems = v.Problems()
        problems.text("reason", reason, max_length=v.MAX_DESCRIPTION, required=True)
        limits.check_count("published_revisions", len(self.published_revisions), problems)
        problems.raise_if_any()
        self._trigger(e.Amended, ctx, reason, revision=self.revision + 1)

    def discard_amendment(self, *, ctx: CommandContext, reason: str) -> None:
        """Gives an amendment up: back to the last published revision, PUBLISHED (also undoes
        a withdrawal during an amendment); the reason is recorded."""
        operation = "discardAmendment"
        if not self.published_revisions:
            raise InvalidTransition(self.state, operation, refusals.NEVER_PUBLISHED)
        if self.state is S.PUBLISHED:
            raise InvalidTransition(self.state, operation, refusals.NO_AMENDMENT)
        self._require_author(ctx)
        problems = v.Problems()
        problems.text("reason", reason, max_length=v.MAX_DESCRIPTION, required=True)
        problems.raise_if_any()
        revision = self.published_revisions[-1].revision
        self._trigger(e.AmendmentDiscarded, ctx, reason, revision=revision)

    def withdraw(
        self, *, ctx: CommandContext, reason: str, kind: WithdrawalKind = WithdrawalKind.OTHER
    ) -> None:
        """Withdraws a postmortem that was never published (duplicate, not an incident,
        other); a published one stays readable (discard its amendment instead)."""
        self._require_state("withdrawPostmortem", OPEN_STATES)
        if self.published_revisions:
            raise InvalidTransition(
                self.state, "withdrawPostmortem", refusals.WITHDRAWING_A_PUBLISHED_ONE
            )
        self._require_author(ctx)
        problems = v.Problems()
        problems.text("reason", reason, max_length=v.MAX_DESCRIPTION, required=True)
        problems.choice("kind", kind, WithdrawalKind)
        problems.raise_if_any()
        self._trigger(e.Withdrawn, ctx, reason, kind=kind.value)

    @property
    def blameless_warnings(self) -> list[BlamelessWarning]:
        """Returns the blameless-language warnings of the current content."""
        return check_postmortem(self.content_document())

    @property
    def downtime_minutes(self) -> int | None:
        """Returns the assessed downtime, or the one derived from the incident window."""
        return document.downtime(self)[0]

    @property
    def downtime_derived(self) -> bool:
        """Returns whether ``downtime_minutes`` was derived from the incident window."""
        return document.downtime(self)[1]

    def allowed_transitions(self, actor: Actor, policy: ReviewPolicy | None = None) -> list[str]:
        """Returns the commands the actor may run now (by state and authorship only)."""
        return workflow.allowed_transitions(
            actor,
            state=self.state,
            authors=self.authors,
            counted_reviewers={a.reviewer_id for a in self.counted_approvals()},
            published=bool(self.published_revisions),
            required_approvals=(policy or ReviewPolicy()).required_approvals(self.severity),
            item_owners={item.owner for item in self.action_items},
        )

    def to_document(self, policy: ReviewPolicy | None = None) -> dict[str, Any]:
        """Returns the full current state as BSON-friendly plain values."""
        return document.to_document(self, policy or ReviewPolicy())

    def _has_approved(self, actor: Actor) -> bool:
        return any(a.reviewer_id == actor.user_id for a in self.counted_approvals())

    def _metadata(self) -> dict[str, Any]:
        """Returns the metadata as `_metadata_payload` gives it (to tell a no-op)."""
        return {
            "title": self.title,
            "severity": self.severity.value,
            "window": self.window.to_dict(),
            "services": list(self.services),
            "tags": list(self.tags),
            "team": self.team,
        }


def _metadata_payload(
    title: str,
    severity: Severity,
    window: IncidentWindow,
    services: Sequence[str],
    tags: Sequence[str],
    team: str | None,
) -> dict[str, Any]:
    return {
        "title": title.strip(),
        "severity": severity.value,
        "window": window_dict(window),
        "services": [service.strip() for service in services],
        "tags": [tag.strip() for tag in tags],
        "team": None if team is None else team.strip(),
    }
