"""State and shared helpers of the Postmortem aggregate (split out to keep modules small).

``Postmortem`` (postmortem.py) inherits from ``ContentCommands`` (content.py), which
inherits from ``PostmortemBase``. Only events (events/) assign these attributes.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from . import document, refusals
from . import validation as v
from .enums import EDITABLE, OPEN_STATES
from .errors import InvalidTransition, NotPermitted
from .instants import to_millis
from .values import (
    ActionItem,
    Actor,
    Approval,
    CommandContext,
    Impact,
    IncidentWindow,
    PostmortemState,
    PublishedRevision,
    ReviewComment,
    RootCauseAnalysis,
    Severity,
    TimelineEntry,
    WithdrawalKind,
)

if TYPE_CHECKING:
    from eventsourcing.domain import CanMutateAggregate

    from .events import PostmortemEvent
    from .limits import PostmortemLimits
    from .policy import ReviewPolicy

__all__ = ["EDITABLE", "OPEN_STATES", "PostmortemBase", "check_context", "event_metadata"]


class PostmortemBase:
    """The postmortem's state, derived from its events, and helpers for its commands."""

    if TYPE_CHECKING:  # provided by eventsourcing's Aggregate
        id: UUID
        version: int
        created_on: datetime
        modified_on: datetime

        def trigger_event(
            self, event_class: type[CanMutateAggregate[UUID]], **kwargs: Any
        ) -> None: ...

    def __init__(self) -> None:
        self.title = ""
        self.severity = Severity.SEV4
        self.services: tuple[str, ...] = ()
        self.tags: tuple[str, ...] = ()
        self.team: str | None = None
        self.window = IncidentWindow(started_at=datetime(1970, 1, 1, tzinfo=UTC))
        self.incident_ref: str | None = None
        self.authors: tuple[str, ...] = ()
        self.created_by = ""
        self.summary = ""
        self.timeline: tuple[TimelineEntry, ...] = ()
        self.root_cause = RootCauseAnalysis()
        self.impact: Impact | None = None
        self.went_well: tuple[str, ...] = ()
        self.went_badly: tuple[str, ...] = ()
        self.action_items: tuple[ActionItem, ...] = ()
        # Per action item id ever added: when (a completion cannot predate it), and its latest
        # version, kept after a removal (discarding an amendment restores removed items).
        self.action_item_added_at: dict[str, datetime] = {}
        self.known_action_items: dict[str, ActionItem] = {}
        self.review_comments: tuple[ReviewComment, ...] = ()
        self.recurrence_of: tuple[str, ...] = ()
        self.approvals: tuple[Approval, ...] = ()
        self.state = PostmortemState.DRAFT
        self.policy_version: str | None = None
        self.revision = 1
        self.published_revisions: tuple[PublishedRevision, ...] = ()
        self.submitted_at: datetime | None = None
        self.first_published_at: datetime | None = None
        self.amendment_reason: str | None = None
        self.withdrawn_kind: WithdrawalKind | None = None
        self.withdrawn_reason: str | None = None
        # Business times (an event's occurred_at when backfilled, else its recording time);
        # set by PostmortemEvent.mutate.
        self.created_at = datetime(1970, 1, 1, tzinfo=UTC)
        self.updated_at = datetime(1970, 1, 1, tzinfo=UTC)

    def is_author(self, actor: Actor) -> bool:
        """Returns whether the actor is an author of this postmortem."""
        return actor.user_id in self.authors

    def may_edit(self, actor: Actor) -> bool:
        """Returns whether the actor may edit content (an author or an admin)."""
        return self.is_author(actor) or actor.is_admin

    def content_document(self) -> dict[str, Any]:
        """Returns the content part of the document (what approvals are bound to)."""
        return document.content_document(self)

    def content_hash(self) -> str:
        """Returns the sha256 hex digest of the canonical content document."""
        return document.content_facts(self)[0]

    def counted_approvals(self, current_hash: str | None = None) -> list[Approval]:
        """Returns the approvals that count: this revision, this content, non-authors, once
        (`current_hash`: the content hash, if the caller has it already)."""
        if not self.approvals:
            return []
        current_hash = current_hash or self.content_hash()
        counted: dict[str, Approval] = {}
        for approval in self.approvals:
            if (
                not approval.voided
                and approval.revision == self.revision
                and approval.content_hash == current_hash
                and approval.reviewer_id not in self.authors
            ):
                counted.setdefault(approval.reviewer_id, approval)
        return list(counted.values())

    def approval_status(
        self, policy: ReviewPolicy, counted: list[Approval] | None = None
    ) -> dict[str, Any]:
        """Returns the required and valid approval counts, and whether they are met
        (`counted`: the counted approvals, if the caller has them already)."""
        required = policy.required_approvals(self.severity)
        valid_count = len(self.counted_approvals() if counted is None else counted)
        return {"required": required, "valid_count": valid_count, "met": valid_count >= required}

    def _trigger(
        self,
        event_class: type[PostmortemEvent],
        ctx: CommandContext,
        reason: str | None = None,
        *,
        limits: PostmortemLimits | None = None,
        **payload: Any,
    ) -> None:
        """Records one event; with `limits`, only if the content after it stays within
        `limits.content_bytes` (else ValidationFailed, and nothing changes)."""
        problems = v.Problems()
        check_context(problems, ctx)
        at = ctx.occurred_at
        if at is not None and at.tzinfo is not None and at < self.updated_at:
            problems.add(
                "occurred_at",
                f"must not be before the postmortem's last change ({self.updated_at.isoformat()})",
            )
        problems.raise_if_any()
        kwargs = {**event_metadata(ctx, reason), **payload}
        if limits is not None:
            # Applied to a shallow copy first: state is immutable values, so the copy shares
            # nothing an event's apply could change in place.
            probe = copy.copy(self)
            event_class(
                originator_id=self.id,
                originator_version=self.version + 1,
                timestamp=event_class.create_timestamp(),
                **kwargs,
            ).apply(probe)
            limits.check_content(document.content_bytes(probe))
        self.trigger_event(event_class, **kwargs)

    def _require_state(self, operation: str, states: frozenset[PostmortemState]) -> None:
        """Refuses `operation` (named as the API names it) unless the state is one of
        `states`, saying what to do instead."""
        if self.state not in states:
            reason = refusals.wrong_state(operation, self.state, states)
            raise InvalidTransition(self.state, operation, reason)

    def _require_author(self, ctx: CommandContext) -> None:
        if not self.may_edit(ctx.actor):
            raise NotPermitted(refusals.NOT_AN_EDITOR)

    def _require_editable(self, ctx: CommandContext, operation: str) -> None:
        self._require_state(operation, EDITABLE)
        self._require_author(ctx)

    @staticmethod
    def _check_known(problems: v.Problems, field: str, value: str, known: Sequence[str]) -> None:
        if value not in known:
            problems.add(field, "not found in this postmortem")


def check_context(problems: v.Problems, ctx: CommandContext) -> None:
    """Checks the actor id and correlation id of a command, and a backfill's time and tool
    (both or neither; the time UTC-aware and not in the future)."""
    user_id = ctx.actor.user_id
    problems.text("actor.user_id", user_id, max_length=v.MAX_SHORT_TEXT, required=True)
    problems.text("correlation_id", ctx.correlation_id, max_length=v.MAX_SHORT_TEXT)
    if (ctx.occurred_at is None) != (ctx.backfilled_by is None):
        problems.add("occurred_at", "a backfill needs both occurred_at and backfilled_by")
    if ctx.backfilled_by is not None:
        problems.text(
            "backfilled_by", ctx.backfilled_by, max_length=v.MAX_SHORT_TEXT, required=True
        )
    if ctx.occurred_at is not None:
        if ctx.occurred_at.tzinfo is None:
            problems.add("occurred_at", "needs a time zone")
        elif ctx.occurred_at > v.utc_now() + v.CLOCK_SKEW:
            problems.add("occurred_at", "must not be in the future")


def event_metadata(ctx: CommandContext, reason: str | None) -> dict[str, Any]:
    """Returns the metadata fields every postmortem event carries."""
    return {
        "actor_id": ctx.actor.user_id,
        "actor_roles": sorted(ctx.actor.roles),
        "correlation_id": ctx.correlation_id,
        "reason": reason,
        # Business times at the service's one precision, like every other time (instants.py).
        "occurred_at": None if ctx.occurred_at is None else to_millis(ctx.occurred_at),
        "backfilled_by": ctx.backfilled_by,
    }
