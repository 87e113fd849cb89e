"""GraphQL inputs of the postmortem mutations, each convertible to its command (`to_command`).

Length limits in descriptions come from the domain, which enforces them (every problem
is reported at once as a ValidationError).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TypedDict
from uuid import UUID

import strawberry

from schema.postmortems.enums import (
    ActionItemStatus,
    Priority,
    RootCauseCategory,
    Section,
    Severity,
    TimelineKind,
    WithdrawalKind,
)
from schema.postmortems.queries import parse_id
from service.application import commands as c
from service.domain import (
    Impact,
    IncidentWindow,
    Money,
    ResponseEffort,
    RootCauseAnalysis,
    Why,
)
from service.domain import validation as v

TEXT = f"At most {v.MAX_DESCRIPTION} characters."
SHORT = f"At most {v.MAX_SHORT_TEXT} characters."
LIST = f"At most {v.MAX_LIST_ITEMS} items of at most {v.MAX_DESCRIPTION} characters each."
COUNT = f"0 to {v.MAX_COUNT:,}."
INSTANT = (
    "ISO 8601 date and time with a time zone (stored in UTC), from 1970, not in the future: "
    "at most one day ahead of the server's clock (room for a clock or time zone set wrong)."
)


class Target(TypedDict):
    """The postmortem a mutation acts on, at the version the caller last read."""

    postmortem_id: UUID
    expected_version: int


def target(id: strawberry.ID, expected_version: int) -> Target:
    """Returns the target of a mutation (an id that is not a UUID is a client error)."""
    return Target(postmortem_id=parse_id(id), expected_version=expected_version)


@strawberry.input(
    description="When the incident started, was detected, mitigated, resolved (in that order); "
    f"each time: {INSTANT}"
)
class IncidentWindowInput:
    started_at: datetime = strawberry.field(description=INSTANT)
    detected_at: datetime | None = None
    mitigated_at: datetime | None = None
    resolved_at: datetime | None = strawberry.field(
        default=None, description="Required before submitting for review."
    )

    def to_domain(self) -> IncidentWindow:
        """Returns the domain value."""
        return IncidentWindow(
            started_at=self.started_at,
            detected_at=self.detected_at,
            mitigated_at=self.mitigated_at,
            resolved_at=self.resolved_at,
        )


@strawberry.input(description="Title, severity, incident window, services, tags and team.")
class MetadataInput:
    title: str = strawberry.field(description=f"1 to {v.MAX_TITLE} characters.")
    severity: Severity
    incident_window: IncidentWindowInput = strawberry.field(
        description="Times in order: started ≤ detected ≤ mitigated ≤ resolved."
    )
    services: list[str] = strawberry.field(
        default_factory=list,
        description=f"At most {v.MAX_SERVICES} distinct names of at most {v.MAX_TAG} characters.",
    )
    tags: list[str] = strawberry.field(
        default_factory=list,
        description=f"At most {v.MAX_TAGS} distinct tags of at most {v.MAX_TAG} characters.",
    )
    team: str | None = strawberry.field(default=None, description=SHORT)

    def to_command(self, on: Target) -> c.UpdatePostmortemMetadata:
        """Returns the command."""
        return c.UpdatePostmortemMetadata(
            **on, title=self.title, severity=self.severity,
            window=self.incident_window.to_domain(), services=self.services, tags=self.tags,
            team=self.team,
        )  # fmt: skip


@strawberry.input(description="A new postmortem: its metadata and optional incident key.")
class CreatePostmortemInput(MetadataInput):
    incident_ref: str | None = strawberry.field(
        default=None, description=f"Key of the incident in the paging tool; unique. {SHORT}"
    )

    def to_create_command(self) -> c.CreatePostmortem:
        """Returns the command."""
        return c.CreatePostmortem(
            title=self.title, severity=self.severity, window=self.incident_window.to_domain(),
            services=self.services, tags=self.tags, team=self.team,
            incident_ref=self.incident_ref,
        )  # fmt: skip


@strawberry.input(description="A co-author (who can then never approve this postmortem).")
class AddAuthorInput:
    user_id: str = strawberry.field(description=f"The user's id. {SHORT}")

    def to_command(self, on: Target) -> c.AddAuthor:
        """Returns the command."""
        return c.AddAuthor(**on, user_id=self.user_id)


@strawberry.input(description="The summary, for non-technical readers.")
class SummaryInput:
    summary: str = strawberry.field(description=f"Plain text, at most {v.MAX_SUMMARY} characters.")

    def to_command(self, on: Target) -> c.WriteSummary:
        """Returns the command."""
        return c.WriteSummary(**on, summary=self.summary)


@strawberry.input(description="A timeline entry; entries are kept in time order.")
class TimelineEntryInput:
    at: datetime = strawberry.field(description=INSTANT)
    kind: TimelineKind
    description: str = strawberry.field(description=f"Not empty. {TEXT}")
    source: str | None = strawberry.field(
        default=None, description=f"Where it came from, e.g. PagerDuty. {SHORT}"
    )

    def to_command(self, on: Target) -> c.AddTimelineEntry:
        """Returns the command that adds this entry."""
        return c.AddTimelineEntry(
            **on, at=self.at, kind=self.kind, description=self.description, source=self.source
        )

    def to_edit_command(self, on: Target, entry_id: strawberry.ID) -> c.EditTimelineEntry:
        """Returns the command that replaces entry `entry_id` with this one."""
        return c.EditTimelineEntry(
            **on, entry_id=str(entry_id), at=self.at, kind=self.kind,
            description=self.description, source=self.source,
        )  # fmt: skip


@strawberry.input(description="One step of the why → because chain.")
class WhyInput:
    why: str = strawberry.field(description=f"Not empty. {TEXT}")
    because: str = strawberry.field(description=f"Not empty. {TEXT}")


@strawberry.input(description="The root-cause analysis; replaces the previous one whole.")
class RootCauseAnalysisInput:
    whys: list[WhyInput] = strawberry.field(
        default_factory=list, description=f"In order; at most {v.MAX_WHYS}."
    )
    statement: str = strawberry.field(default="", description=TEXT)
    category: RootCauseCategory | None = None
    contributing_factors: list[str] = strawberry.field(default_factory=list, description=LIST)

    def to_domain(self) -> RootCauseAnalysis:
        """Returns the domain value."""
        return RootCauseAnalysis(
            whys=tuple(Why(why=w.why, because=w.because) for w in self.whys),
            statement=self.statement,
            category=self.category,
            contributing_factors=tuple(self.contributing_factors),
        )

    def to_command(self, on: Target) -> c.WriteRootCauseAnalysis:
        """Returns the command."""
        return c.WriteRootCauseAnalysis(**on, analysis=self.to_domain())


@strawberry.input(description="An amount of money.")
class MoneyInput:
    amount: str = strawberry.field(
        description=f"A decimal number from 0 to {v.MAX_AMOUNT:,} with at most "
        f'{v.MAX_AMOUNT_DECIMALS} decimal places, as text, e.g. "120000".'
    )
    currency: str = strawberry.field(description="ISO 4217 code of 3 uppercase letters.")

    def to_domain(self) -> Money:
        """Returns the domain value (an unparsable amount becomes NaN, which fails validation)."""
        try:
            amount = Decimal(self.amount.strip())
        except (InvalidOperation, ValueError):
            amount = Decimal("NaN")
        return Money(amount=amount, currency=self.currency)


@strawberry.input(description="How many engineers responded, and for how many hours each.")
class ResponseEffortInput:
    engineers: int | None = strawberry.field(default=None, description=f"0 to {v.MAX_ENGINEERS:,}.")
    hours: float | None = strawberry.field(
        default=None, description=f"Per engineer: 0 to {v.MAX_HOURS:,g} (a year)."
    )


@strawberry.input(description="The impact assessment; replaces the previous one whole.")
class ImpactInput:
    users_affected_count: int | None = strawberry.field(default=None, description=COUNT)
    users_affected_percent: float | None = strawberry.field(default=None, description="0 to 100.")
    downtime_minutes: int | None = strawberry.field(
        default=None,
        description=f"0 to {v.MAX_DOWNTIME_MINUTES:,} (ten years); when null it is derived from "
        "the incident window.",
    )
    support_tickets: int | None = strawberry.field(default=None, description=COUNT)
    revenue_loss: MoneyInput | None = None
    responders: ResponseEffortInput | None = None
    customer_facing: bool | None = None
    sla_breached: bool | None = None
    notes: str = strawberry.field(default="", description=TEXT)

    def to_domain(self) -> Impact:
        """Returns the domain value."""
        responders = self.responders
        return Impact(
            users_affected_count=self.users_affected_count,
            users_affected_percent=self.users_affected_percent,
            downtime_minutes=self.downtime_minutes,
            support_tickets=self.support_tickets,
            revenue_loss=None if self.revenue_loss is None else self.revenue_loss.to_domain(),
            responders=None
            if responders is None
            else ResponseEffort(engineers=responders.engineers, hours=responders.hours),
            customer_facing=self.customer_facing,
            sla_breached=self.sla_breached,
            notes=self.notes,
        )

    def to_command(self, on: Target) -> c.AssessImpact:
        """Returns the command."""
        return c.AssessImpact(**on, impact=self.to_domain())


@strawberry.input(description="What went well and what did not; replaces both lists.")
class LessonsInput:
    went_well: list[str] = strawberry.field(default_factory=list, description=LIST)
    went_badly: list[str] = strawberry.field(default_factory=list, description=LIST)

    def to_command(self, on: Target) -> c.WriteLessons:
        """Returns the command."""
        return c.WriteLessons(**on, went_well=self.went_well, went_badly=self.went_badly)


@strawberry.input(description="Another postmortem this incident is a recurrence of.")
class RecurrenceInput:
    postmortem_id: strawberry.ID = strawberry.field(description="Id of the earlier postmortem.")

    def to_link_command(self, on: Target) -> c.LinkRecurrence:
        """Returns the command that links the postmortems."""
        return c.LinkRecurrence(**on, other_id=parse_id(self.postmortem_id))

    def to_unlink_command(self, on: Target) -> c.UnlinkRecurrence:
        """Returns the command that removes the link."""
        return c.UnlinkRecurrence(**on, other_id=parse_id(self.postmortem_id))


@strawberry.input(description="An action item's content (its status changes separately).")
class ActionItemInput:
    title: str = strawberry.field(description=f"1 to {v.MAX_TITLE} characters.")
    description: str = strawberry.field(default="", description=TEXT)
    owner: str | None = strawberry.field(default=None, description=f"Team or person. {SHORT}")
    due_date: date | None = strawberry.field(
        default=None,
        description=f"ISO 8601 date, from 1970 to {v.MAX_DUE_YEARS} years after today (UTC).",
    )
    priority: Priority = Priority.P2
    tracker: str | None = strawberry.field(
        default=None, description="Tracker key or link; at most 2000 characters."
    )

    def to_command(self, on: Target) -> c.AddActionItem:
        """Returns the command that adds this item."""
        return c.AddActionItem(
            **on, title=self.title, description=self.description, owner=self.owner,
            due_date=self.due_date, priority=self.priority, tracker=self.tracker,
        )  # fmt: skip

    def to_edit_command(self, on: Target, item_id: strawberry.ID) -> c.EditActionItem:
        """Returns the command that replaces item `item_id`'s content with this one."""
        return c.EditActionItem(
            **on, item_id=str(item_id), title=self.title, description=self.description,
            owner=self.owner, due_date=self.due_date, priority=self.priority,
            tracker=self.tracker,
        )  # fmt: skip


@strawberry.input(description="A new status for an action item (allowed after publication).")
class ActionItemStatusInput:
    status: ActionItemStatus
    reason: str | None = strawberry.field(default=None, description=TEXT)
    completed_at: datetime | None = strawberry.field(
        default=None,
        description="When the work was really done (status DONE only): ISO 8601 with a time "
        "zone, not in the future, not before the item was added. Default: now. For an item "
        "that is DONE already it corrects the completion time. The compliance report "
        "(done on time or late) and `recurredDespiteActionItems` use it.",
    )

    def to_command(self, on: Target, item_id: strawberry.ID) -> c.ChangeActionItemStatus:
        """Returns the command."""
        return c.ChangeActionItemStatus(
            **on, item_id=str(item_id), status=self.status, reason=self.reason,
            completed_at=self.completed_at,
        )  # fmt: skip


@strawberry.input(description="A review comment on a section.")
class ReviewCommentInput:
    section: Section = Section.GENERAL
    text: str = strawberry.field(description=f"Not empty. {TEXT}")

    def to_command(self, on: Target) -> c.AddReviewComment:
        """Returns the command."""
        return c.AddReviewComment(**on, section=self.section, text=self.text)


@strawberry.input(description="Why the postmortem goes back to its authors.")
class RequestChangesInput:
    comment: str = strawberry.field(description=f"Not empty. {TEXT}")
    section: Section = Section.GENERAL

    def to_command(self, on: Target) -> c.RequestChanges:
        """Returns the command."""
        return c.RequestChanges(**on, comment=self.comment, section=self.section)


@strawberry.input(description="Why the postmortem is taken back from review.")
class RecallSubmissionInput:
    reason: str = strawberry.field(description=f"Not empty. {TEXT}")

    def to_command(self, on: Target) -> c.RecallSubmission:
        """Returns the command."""
        return c.RecallSubmission(**on, reason=self.reason)


@strawberry.input(description="Why a published postmortem is reopened as a new revision.")
class AmendInput:
    reason: str = strawberry.field(description=f"Not empty. {TEXT}")

    def to_command(self, on: Target) -> c.AmendPostmortem:
        """Returns the command."""
        return c.AmendPostmortem(**on, reason=self.reason)


@strawberry.input(description="Why an amendment is given up.")
class DiscardAmendmentInput:
    reason: str = strawberry.field(description=f"Not empty. {TEXT}")

    def to_command(self, on: Target) -> c.DiscardAmendment:
        """Returns the command."""
        return c.DiscardAmendment(**on, reason=self.reason)


@strawberry.input(description="Why a postmortem that was never published is withdrawn.")
class WithdrawInput:
    kind: WithdrawalKind = WithdrawalKind.OTHER
    reason: str = strawberry.field(description=f"Not empty. {TEXT}")

    def to_command(self, on: Target) -> c.WithdrawPostmortem:
        """Returns the command."""
        return c.WithdrawPostmortem(**on, reason=self.reason, kind=self.kind)
