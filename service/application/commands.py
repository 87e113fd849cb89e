"""Commands: what a caller asks the application to do, as immutable data.

One frozen dataclass per command, named in the imperative like its GraphQL mutation
(`ApprovePostmortem` ↔ `approvePostmortem`). Every entry point (GraphQL, demo loader, tests,
webhooks) builds one and passes it to `PostmortemApplication.handle(command, ctx)`; the table
in handlers.py says which role action it needs and which aggregate method decides it.
Field names follow the aggregate's keyword arguments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from service.domain import (
    ActionItemStatus,
    Impact,
    ImportedIncident,
    IncidentWindow,
    Priority,
    RootCauseAnalysis,
    Section,
    Severity,
    TimelineKind,
    WithdrawalKind,
)

_CAPITAL = re.compile(r"(?<!^)(?=[A-Z])")


@dataclass(frozen=True, kw_only=True)
class Command:
    """A request to the write side; `name()` labels it in metrics and logs."""

    @classmethod
    def name(cls) -> str:
        """Returns the command's snake_case name (`ApprovePostmortem` → `approve_postmortem`)."""
        return _CAPITAL.sub("_", cls.__name__).lower()

    @classmethod
    def operation(cls) -> str:
        """Returns the name of the GraphQL mutation that sends this command
        (`ApprovePostmortem` → `approvePostmortem`): refusals name it."""
        return cls.__name__[:1].lower() + cls.__name__[1:]


@dataclass(frozen=True, kw_only=True)
class PostmortemCommand(Command):
    """A command on an existing postmortem, at the version the caller last read."""

    postmortem_id: UUID
    expected_version: int


# Creation and metadata


@dataclass(frozen=True, kw_only=True)
class CreatePostmortem(Command):
    """Starts a draft postmortem (reserving its incident ref, when given); the actor becomes
    its first author."""

    title: str
    severity: Severity
    window: IncidentWindow
    services: Sequence[str] = ()
    tags: Sequence[str] = ()
    team: str | None = None
    incident_ref: str | None = None


@dataclass(frozen=True, kw_only=True)
class UpdatePostmortemMetadata(PostmortemCommand):
    """Replaces title, severity, incident window, affected services, tags and team."""

    title: str
    severity: Severity
    window: IncidentWindow
    services: Sequence[str]
    tags: Sequence[str]
    team: str | None


@dataclass(frozen=True, kw_only=True)
class AddAuthor(PostmortemCommand):
    """Adds a co-author (who can then never approve the postmortem)."""

    user_id: str


# Content sections


@dataclass(frozen=True, kw_only=True)
class WriteSummary(PostmortemCommand):
    """Replaces the non-technical summary."""

    summary: str


@dataclass(frozen=True, kw_only=True)
class AddTimelineEntry(PostmortemCommand):
    """Adds a timeline entry (kept in time order); its id is the result's `created_id`."""

    at: datetime
    kind: TimelineKind
    description: str
    source: str | None = None


@dataclass(frozen=True, kw_only=True)
class EditTimelineEntry(PostmortemCommand):
    """Replaces a timeline entry."""

    entry_id: str
    at: datetime
    kind: TimelineKind
    description: str
    source: str | None = None


@dataclass(frozen=True, kw_only=True)
class RemoveTimelineEntry(PostmortemCommand):
    """Removes a timeline entry."""

    entry_id: str


@dataclass(frozen=True, kw_only=True)
class WriteRootCauseAnalysis(PostmortemCommand):
    """Replaces the root-cause analysis (whys, statement, category, factors)."""

    analysis: RootCauseAnalysis


@dataclass(frozen=True, kw_only=True)
class AssessImpact(PostmortemCommand):
    """Replaces the impact assessment."""

    impact: Impact


@dataclass(frozen=True, kw_only=True)
class WriteLessons(PostmortemCommand):
    """Replaces the went-well and didn't-go-well lists."""

    went_well: Sequence[str] = ()
    went_badly: Sequence[str] = ()


@dataclass(frozen=True, kw_only=True)
class LinkRecurrence(PostmortemCommand):
    """Marks the postmortem a recurrence of another one (`other_id`, which must exist)."""

    other_id: UUID


@dataclass(frozen=True, kw_only=True)
class UnlinkRecurrence(PostmortemCommand):
    """Removes a "recurrence of" link."""

    other_id: UUID


# Action items and review comments


@dataclass(frozen=True, kw_only=True)
class AddActionItem(PostmortemCommand):
    """Adds an open action item; its id is the result's `created_id`."""

    title: str
    description: str = ""
    owner: str | None = None
    due_date: date | None = None
    priority: Priority = Priority.P2
    tracker: str | None = None


@dataclass(frozen=True, kw_only=True)
class EditActionItem(PostmortemCommand):
    """Replaces an action item's content (not its status)."""

    item_id: str
    title: str
    description: str = ""
    owner: str | None = None
    due_date: date | None = None
    priority: Priority = Priority.P2
    tracker: str | None = None


@dataclass(frozen=True, kw_only=True)
class RemoveActionItem(PostmortemCommand):
    """Removes an action item."""

    item_id: str


@dataclass(frozen=True, kw_only=True)
class ChangeActionItemStatus(PostmortemCommand):
    """Moves an action item to a status (allowed after publication too).

    `completed_at` (status done only) is when the work was really done, as the user states it
    (default: now; for an item already done it corrects the time). It is not a backfill's
    `CommandContext.occurred_at`, which says when the command itself happened and is set only
    by trusted in-process tools: `completed_at` comes from any caller, on a live command."""

    item_id: str
    status: ActionItemStatus
    reason: str | None = None
    completed_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class AddReviewComment(PostmortemCommand):
    """Comments on a section; the comment's id is the result's `created_id`."""

    section: Section = Section.GENERAL
    text: str


@dataclass(frozen=True, kw_only=True)
class ResolveReviewComment(PostmortemCommand):
    """Marks a review comment resolved."""

    comment_id: str


# Review workflow


@dataclass(frozen=True, kw_only=True)
class SubmitForReview(PostmortemCommand):
    """Sends a complete draft to review (every missing piece is reported at once)."""


@dataclass(frozen=True, kw_only=True)
class RecallSubmission(PostmortemCommand):
    """Takes a postmortem back from review to DRAFT (an author), voiding its approvals."""

    reason: str


@dataclass(frozen=True, kw_only=True)
class ApprovePostmortem(PostmortemCommand):
    """Approves the current content (bound to its version and content hash)."""


@dataclass(frozen=True, kw_only=True)
class RequestChanges(PostmortemCommand):
    """Sends the postmortem back to its authors with a comment."""

    comment: str
    section: Section = Section.GENERAL


@dataclass(frozen=True, kw_only=True)
class PublishPostmortem(PostmortemCommand):
    """Publishes the approved content once the review policy is met."""


@dataclass(frozen=True, kw_only=True)
class AmendPostmortem(PostmortemCommand):
    """Reopens a published postmortem as the next revision, in DRAFT."""

    reason: str


@dataclass(frozen=True, kw_only=True)
class DiscardAmendment(PostmortemCommand):
    """Gives an amendment up: the postmortem is PUBLISHED again as its last published revision."""

    reason: str


@dataclass(frozen=True, kw_only=True)
class WithdrawPostmortem(PostmortemCommand):
    """Withdraws a postmortem that was never published (duplicate, not an incident, other)."""

    reason: str
    kind: WithdrawalKind = WithdrawalKind.OTHER


# Incident import


@dataclass(frozen=True, kw_only=True)
class ImportIncident(Command):
    """Creates, or fills while it is a new draft, the postmortem of an incident from one
    delivery of an incident platform (a webhook); see service/domain/incident_import.py.
    Only the `integration` role may; the result is an `ImportResult`."""

    incident: ImportedIncident
    default_severity: Severity = Severity.SEV3
