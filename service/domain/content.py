"""Content commands of the Postmortem aggregate: narrative, action items, comments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from . import events as e
from . import refusals
from . import validation as v
from .base import OPEN_STATES, PostmortemBase
from .checks import check_action_item, check_impact, check_root_cause, check_timeline_entry
from .enums import STATUS_CHANGEABLE
from .errors import NotPermitted
from .instants import format_instant
from .limits import DEFAULT_LIMITS, PostmortemLimits
from .values import (
    ActionItem,
    ActionItemStatus,
    CommandContext,
    Impact,
    Priority,
    RootCauseAnalysis,
    Section,
    TimelineEntry,
    TimelineKind,
    new_id,
)


class ContentCommands(PostmortemBase):
    """Commands that edit content (DRAFT or CHANGES_REQUESTED, authors or admins only).

    A command that replaces a section with what it already holds (sending back what was just
    read) records nothing: no event, the same version and content hash.
    """

    def write_summary(
        self, *, ctx: CommandContext, summary: str, limits: PostmortemLimits = DEFAULT_LIMITS
    ) -> None:
        """Replaces the summary."""
        self._require_editable(ctx, "writeSummary")
        problems = v.Problems()
        problems.text("summary", summary, max_length=v.MAX_SUMMARY)
        problems.raise_if_any()
        if summary != self.summary:
            self._trigger(e.SummaryWritten, ctx, summary=summary, limits=limits)

    def add_timeline_entry(
        self,
        *,
        ctx: CommandContext,
        at: datetime,
        kind: TimelineKind,
        description: str,
        source: str | None = None,
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> str:
        """Adds a timeline entry and returns its id."""
        self._require_editable(ctx, "addTimelineEntry")
        problems = v.Problems()
        check_timeline_entry(
            problems, at=at, kind=kind, description=description, source=source, now=v.utc_now()
        )
        limits.check_count("timeline_entries", len(self.timeline), problems)
        problems.raise_if_any()
        entry = TimelineEntry(new_id(), v.to_utc(at), kind, description, source)
        self._trigger(e.TimelineEntryAdded, ctx, entry=entry.to_dict(), limits=limits)
        return entry.id

    def edit_timeline_entry(
        self,
        *,
        ctx: CommandContext,
        entry_id: str,
        at: datetime,
        kind: TimelineKind,
        description: str,
        source: str | None,
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> None:
        """Replaces every field of a timeline entry."""
        self._require_editable(ctx, "editTimelineEntry")
        problems = v.Problems()
        self._check_known(problems, "entry_id", entry_id, [x.id for x in self.timeline])
        check_timeline_entry(
            problems, at=at, kind=kind, description=description, source=source, now=v.utc_now()
        )
        problems.raise_if_any()
        entry = TimelineEntry(entry_id, v.to_utc(at), kind, description, source)
        if entry not in self.timeline:
            self._trigger(e.TimelineEntryEdited, ctx, entry=entry.to_dict(), limits=limits)

    def remove_timeline_entry(self, *, ctx: CommandContext, entry_id: str) -> None:
        """Removes a timeline entry."""
        self._require_editable(ctx, "removeTimelineEntry")
        problems = v.Problems()
        self._check_known(problems, "entry_id", entry_id, [x.id for x in self.timeline])
        problems.raise_if_any()
        self._trigger(e.TimelineEntryRemoved, ctx, entry_id=entry_id)

    def write_root_cause_analysis(
        self,
        *,
        ctx: CommandContext,
        analysis: RootCauseAnalysis,
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> None:
        """Replaces the why-because chain, statement, category and contributing factors."""
        self._require_editable(ctx, "writeRootCauseAnalysis")
        problems = v.Problems()
        check_root_cause(problems, analysis)
        problems.raise_if_any()
        root_cause = analysis.to_dict()
        if root_cause != self.root_cause.to_dict():
            self._trigger(e.RootCauseAnalysisWritten, ctx, root_cause=root_cause, limits=limits)

    def assess_impact(
        self, *, ctx: CommandContext, impact: Impact, limits: PostmortemLimits = DEFAULT_LIMITS
    ) -> None:
        """Replaces the impact assessment."""
        self._require_editable(ctx, "assessImpact")
        problems = v.Problems()
        check_impact(problems, impact)
        problems.raise_if_any()
        normalised = Impact.from_dict(impact.to_dict()).to_dict()
        if self.impact is None or normalised != self.impact.to_dict():
            self._trigger(e.ImpactAssessed, ctx, impact=normalised, limits=limits)

    def write_lessons(
        self,
        *,
        ctx: CommandContext,
        went_well: Sequence[str],
        went_badly: Sequence[str],
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> None:
        """Replaces what went well and what didn't go well."""
        self._require_editable(ctx, "writeLessons")
        problems = v.Problems()
        for field, texts in (("went_well", went_well), ("went_badly", went_badly)):
            problems.text_list(
                field, texts, max_items=v.MAX_LIST_ITEMS, max_length=v.MAX_DESCRIPTION
            )
        problems.raise_if_any()
        if (tuple(went_well), tuple(went_badly)) != (self.went_well, self.went_badly):
            self._trigger(
                e.LessonsWritten,
                ctx,
                went_well=list(went_well),
                went_badly=list(went_badly),
                limits=limits,
            )

    def link_recurrence(
        self, *, ctx: CommandContext, postmortem_id: UUID, limits: PostmortemLimits = DEFAULT_LIMITS
    ) -> None:
        """Marks this incident as a recurrence of another postmortem's incident."""
        self._require_editable(ctx, "linkRecurrence")
        problems = v.Problems()
        if not isinstance(postmortem_id, UUID):
            problems.add("postmortem_id", "must be a postmortem id")
        elif postmortem_id == self.id:
            problems.add("postmortem_id", "a postmortem cannot be a recurrence of itself")
        elif str(postmortem_id) in self.recurrence_of:
            problems.add("postmortem_id", "is already linked")
        limits.check_count("recurrence_links", len(self.recurrence_of), problems)
        problems.raise_if_any()
        self._trigger(e.RecurrenceLinked, ctx, postmortem_id=str(postmortem_id), limits=limits)

    def unlink_recurrence(self, *, ctx: CommandContext, postmortem_id: UUID) -> None:
        """Removes a recurrence link."""
        self._require_editable(ctx, "unlinkRecurrence")
        problems = v.Problems()
        self._check_known(problems, "postmortem_id", str(postmortem_id), self.recurrence_of)
        problems.raise_if_any()
        self._trigger(e.RecurrenceUnlinked, ctx, postmortem_id=str(postmortem_id))

    def add_action_item(
        self,
        *,
        ctx: CommandContext,
        title: str,
        description: str = "",
        owner: str | None = None,
        due_date: date | None = None,
        priority: Priority = Priority.P2,
        tracker: str | None = None,
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> str:
        """Adds an open action item and returns its id."""
        self._require_editable(ctx, "addActionItem")
        problems = v.Problems()
        check_action_item(
            problems, title=title, description=description, owner=owner,
            due_date=due_date, priority=priority, tracker=tracker,
        )  # fmt: skip
        limits.check_count("action_items", len(self.action_items), problems)
        problems.raise_if_any()
        item = ActionItem(new_id(), title, description, owner, due_date, priority, tracker)
        self._trigger(e.ActionItemAdded, ctx, item=item.to_dict(), limits=limits)
        return item.id

    def edit_action_item(
        self,
        *,
        ctx: CommandContext,
        item_id: str,
        title: str,
        description: str,
        owner: str | None,
        due_date: date | None,
        priority: Priority,
        tracker: str | None,
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> None:
        """Replaces the content of an action item (its status is kept)."""
        self._require_editable(ctx, "editActionItem")
        problems = v.Problems()
        self._check_known(problems, "item_id", item_id, [x.id for x in self.action_items])
        check_action_item(
            problems, title=title, description=description, owner=owner,
            due_date=due_date, priority=priority, tracker=tracker,
        )  # fmt: skip
        problems.raise_if_any()
        item = ActionItem(item_id, title, description, owner, due_date, priority, tracker)
        current = next(x for x in self.action_items if x.id == item_id)
        if item.content_dict() != current.content_dict():
            self._trigger(e.ActionItemEdited, ctx, item=item.content_dict(), limits=limits)

    def remove_action_item(self, *, ctx: CommandContext, item_id: str) -> None:
        """Removes an action item."""
        self._require_editable(ctx, "removeActionItem")
        problems = v.Problems()
        self._check_known(problems, "item_id", item_id, [x.id for x in self.action_items])
        problems.raise_if_any()
        self._trigger(e.ActionItemRemoved, ctx, item_id=item_id)

    def change_action_item_status(
        self,
        *,
        ctx: CommandContext,
        item_id: str,
        status: ActionItemStatus,
        reason: str | None = None,
        completed_at: datetime | None = None,
    ) -> None:
        """Moves an action item to a status; allowed after publication (follow-through), but
        never IN_REVIEW: reviewers approve the statuses they see and exactly those are
        published (InvalidTransition saying to recallSubmission or wait for publication).

        `completed_at` (only with status done) is when the work was really done, as the user
        states it: not in the future (for a backfill: not after its `occurred_at`), not before
        the item was added; without it, done means done now. Given for an item that is done
        already, it corrects the completion time. Raises ValidationFailed otherwise."""
        self._require_state("changeActionItemStatus", STATUS_CHANGEABLE)
        item = next((x for x in self.action_items if x.id == item_id), None)
        owner = None if item is None else item.owner
        if not (self.may_edit(ctx.actor) or ctx.actor.user_id == owner):
            raise NotPermitted(refusals.NOT_STATUS_UPDATER)
        problems = v.Problems()
        if item is None:
            problems.add("item_id", "not found in this postmortem")
        problems.choice("status", status, ActionItemStatus)
        if completed_at is not None:
            self._check_completed_at(problems, ctx, item_id, status, completed_at)
        correction = completed_at is not None and status is ActionItemStatus.DONE
        if item is not None and item.status == status and not correction:
            problems.add("status", f"the item is already {status}")
        elif item is not None and correction and item.completed_at == completed_at:
            problems.add("completed_at", "the item was already completed at this time")
        problems.optional_text("reason", reason, max_length=v.MAX_DESCRIPTION)
        problems.raise_if_any()
        stated: dict[str, Any] = (
            {} if completed_at is None else {"completed_at": v.to_utc(completed_at)}
        )
        self._trigger(
            e.ActionItemStatusChanged, ctx, reason, item_id=item_id, status=status.value, **stated
        )

    def _check_completed_at(
        self,
        problems: v.Problems,
        ctx: CommandContext,
        item_id: str,
        status: ActionItemStatus,
        completed_at: datetime,
    ) -> None:
        if status is not ActionItemStatus.DONE:
            problems.add("completed_at", "only an item that is done has a completion time")
            return
        if not problems.instant("completed_at", completed_at):
            return
        backfill = ctx.occurred_at
        now = backfill if backfill is not None and backfill.tzinfo is not None else v.utc_now()
        if completed_at > now:
            problems.add("completed_at", "must not be in the future")
        added_at = self.action_item_added_at.get(item_id)
        if added_at is not None and completed_at < added_at:
            problems.add(
                "completed_at",
                f"must not be before the item was added ({format_instant(added_at)})",
            )

    def add_review_comment(
        self,
        *,
        ctx: CommandContext,
        section: Section,
        text: str,
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> str:
        """Adds a comment on a section and returns its id (anyone, before publication)."""
        self._require_state("addReviewComment", OPEN_STATES)
        problems = v.Problems()
        self._check_comment(problems, section, text, "text", limits)
        problems.raise_if_any()
        comment_id = new_id()
        self._trigger(
            e.ReviewCommentAdded, ctx, comment_id=comment_id, section=section.value, text=text
        )
        return comment_id

    def resolve_review_comment(self, *, ctx: CommandContext, comment_id: str) -> None:
        """Marks a comment resolved (by the comment's author, an author or an admin)."""
        self._require_state("resolveReviewComment", OPEN_STATES)
        comment = next((c for c in self.review_comments if c.id == comment_id), None)
        if comment is not None and not (
            self.may_edit(ctx.actor) or comment.author == ctx.actor.user_id
        ):
            raise NotPermitted(refusals.NOT_COMMENT_RESOLVER)
        problems = v.Problems()
        if comment is None:
            problems.add("comment_id", "not found in this postmortem")
        elif comment.resolved:
            problems.add("comment_id", "the comment is already resolved")
        problems.raise_if_any()
        self._trigger(e.ReviewCommentResolved, ctx, comment_id=comment_id)

    def _check_comment(
        self,
        problems: v.Problems,
        section: Section,
        text: str,
        field: str,
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> None:
        problems.choice("section", section, Section)
        problems.text(field, text, max_length=v.MAX_DESCRIPTION, required=True)
        limits.check_count("review_comments", len(self.review_comments), problems)
