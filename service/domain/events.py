"""Events of the Postmortem aggregate.

Every event carries who did it (``actor_id``, ``actor_roles``), under which request
(``correlation_id``) and why (``reason``, when the command has one); ``timestamp`` is
the UTC time. Payloads hold plain JSON-transcodable values only.

Every event class sets ``class_version`` explicitly. A change of an event's shape bumps it
and adds a static ``upcast_vN_vN+1(state: dict) -> None`` that rewrites old stored events on
read; stored events are never rewritten (Approved and Published are at version 2: approvals
gained ids). Event times are recorded in milliseconds (`PostmortemEvent.create_timestamp`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.domain import Aggregate

from .instants import to_millis
from .values import (
    ActionItem,
    ActionItemStatus,
    Approval,
    Impact,
    IncidentWindow,
    PostmortemState,
    PublishedRevision,
    ReviewComment,
    RootCauseAnalysis,
    Section,
    Severity,
    TimelineEntry,
    WithdrawalKind,
    deep_copy,
    legacy_approval_id,
)

if TYPE_CHECKING:
    from .postmortem import Postmortem


class PostmortemEvent(Aggregate.Event):
    """Base class of the postmortem events: the metadata every event records.

    `occurred_at` and `backfilled_by` are set only by a backfill (history recorded after the
    fact): when the change really happened and which tool recorded it. Events stored before
    these fields existed read them as None (the class default), so no upcaster is needed.
    """

    class_version: ClassVar[int] = 1

    actor_id: str
    actor_roles: list[str]
    correlation_id: str
    reason: str | None
    occurred_at: datetime | None = field(default=None, kw_only=True)
    backfilled_by: str | None = field(default=None, kw_only=True)

    @property
    def effective_at(self) -> datetime:
        """Returns when the change happened: `occurred_at` for a backfill, else `timestamp`."""
        return self.occurred_at or self.timestamp

    def mutate(self, aggregate: Any) -> Any:
        """Applies the event, then records its business time on the postmortem."""
        postmortem = super().mutate(aggregate)
        if postmortem is not None:
            if aggregate is None:
                postmortem.created_at = self.effective_at
            postmortem.updated_at = self.effective_at
        return postmortem

    @staticmethod
    def create_timestamp() -> datetime:
        """Returns the event's time: now, in UTC, at the service's precision (milliseconds,
        what the read model keeps), so every reader sees the same instant."""
        return to_millis(datetime.now(UTC))


class Created(PostmortemEvent, Aggregate.Created):
    """A postmortem was started; its creator is its first author."""

    class_version: ClassVar[int] = 1

    title: str
    severity: str
    services: list[str]
    tags: list[str]
    team: str | None
    window: dict[str, Any]
    incident_ref: str | None

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.title = self.title
        aggregate.severity = Severity(self.severity)
        aggregate.services = tuple(self.services)
        aggregate.tags = tuple(self.tags)
        aggregate.team = self.team
        aggregate.window = IncidentWindow.from_dict(self.window)
        aggregate.incident_ref = self.incident_ref
        aggregate.authors = (self.actor_id,)
        aggregate.created_by = self.actor_id
        aggregate.state = PostmortemState.DRAFT
        aggregate.revision = 1


class MetadataUpdated(PostmortemEvent):
    """Title, severity, services, tags, team and incident window were set."""

    class_version: ClassVar[int] = 1

    title: str
    severity: str
    services: list[str]
    tags: list[str]
    team: str | None
    window: dict[str, Any]

    def apply(self, aggregate: Postmortem) -> None:
        _set_metadata(aggregate, self.__dict__)


def _set_metadata(aggregate: Postmortem, metadata: Mapping[str, Any]) -> None:
    aggregate.title = metadata["title"]
    aggregate.severity = Severity(metadata["severity"])
    aggregate.services = tuple(metadata["services"])
    aggregate.tags = tuple(metadata["tags"])
    aggregate.team = metadata["team"]
    aggregate.window = IncidentWindow.from_dict(metadata["window"])


class SummaryWritten(PostmortemEvent):
    """The summary was (re)written."""

    class_version: ClassVar[int] = 1

    summary: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.summary = self.summary


def _sorted_timeline(entries: list[TimelineEntry]) -> tuple[TimelineEntry, ...]:
    return tuple(sorted(entries, key=lambda entry: entry.at))


class TimelineEntryAdded(PostmortemEvent):
    """An entry was added to the timeline (kept in time order, stable on ties)."""

    class_version: ClassVar[int] = 1

    entry: dict[str, Any]

    def apply(self, aggregate: Postmortem) -> None:
        entries = [*aggregate.timeline, TimelineEntry.from_dict(self.entry)]
        aggregate.timeline = _sorted_timeline(entries)


class TimelineEntryEdited(PostmortemEvent):
    """A timeline entry was replaced by a new version of itself."""

    class_version: ClassVar[int] = 1

    entry: dict[str, Any]

    def apply(self, aggregate: Postmortem) -> None:
        edited = TimelineEntry.from_dict(self.entry)
        entries = [edited if e.id == edited.id else e for e in aggregate.timeline]
        aggregate.timeline = _sorted_timeline(entries)


class TimelineEntryRemoved(PostmortemEvent):
    """A timeline entry was removed."""

    class_version: ClassVar[int] = 1

    entry_id: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.timeline = tuple(e for e in aggregate.timeline if e.id != self.entry_id)


class RootCauseAnalysisWritten(PostmortemEvent):
    """The why-because chain, statement, category and factors were set."""

    class_version: ClassVar[int] = 1

    root_cause: dict[str, Any]

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.root_cause = RootCauseAnalysis.from_dict(self.root_cause)


class ImpactAssessed(PostmortemEvent):
    """The impact assessment was set."""

    class_version: ClassVar[int] = 1

    impact: dict[str, Any]

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.impact = Impact.from_dict(self.impact)


class LessonsWritten(PostmortemEvent):
    """What went well and what didn't go well were set."""

    class_version: ClassVar[int] = 1

    went_well: list[str]
    went_badly: list[str]

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.went_well = tuple(self.went_well)
        aggregate.went_badly = tuple(self.went_badly)


class ActionItemAdded(PostmortemEvent):
    """An open action item was added."""

    class_version: ClassVar[int] = 1

    item: dict[str, Any]

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.action_items = (*aggregate.action_items, ActionItem.from_dict(self.item))


class ActionItemEdited(PostmortemEvent):
    """An action item's content was replaced; its status is kept."""

    class_version: ClassVar[int] = 1

    item: dict[str, Any]

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.action_items = tuple(
            ActionItem.from_dict({**self.item, **_status_part(item)})
            if item.id == self.item["id"]
            else item
            for item in aggregate.action_items
        )


def _status_part(item: ActionItem) -> dict[str, Any]:
    return {"status": item.status.value, "completed_at": item.completed_at}


class ActionItemRemoved(PostmortemEvent):
    """An action item was removed."""

    class_version: ClassVar[int] = 1

    item_id: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.action_items = tuple(
            item for item in aggregate.action_items if item.id != self.item_id
        )


class ActionItemStatusChanged(PostmortemEvent):
    """An action item moved to a new status; done sets its completion time."""

    class_version: ClassVar[int] = 1

    item_id: str
    status: str

    def apply(self, aggregate: Postmortem) -> None:
        status = ActionItemStatus(self.status)
        completed_at = self.effective_at if status is ActionItemStatus.DONE else None
        aggregate.action_items = tuple(
            replace(item, status=status, completed_at=completed_at)
            if item.id == self.item_id
            else item
            for item in aggregate.action_items
        )


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


class RecurrenceLinked(PostmortemEvent):
    """The incident was marked as a recurrence of another postmortem's incident."""

    class_version: ClassVar[int] = 1

    postmortem_id: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.recurrence_of = (*aggregate.recurrence_of, self.postmortem_id)


class RecurrenceUnlinked(PostmortemEvent):
    """A recurrence link was removed."""

    class_version: ClassVar[int] = 1

    postmortem_id: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.recurrence_of = tuple(
            pid for pid in aggregate.recurrence_of if pid != self.postmortem_id
        )


class AuthorAdded(PostmortemEvent):
    """A user became an author (and so can no longer approve it)."""

    class_version: ClassVar[int] = 1

    user_id: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.authors = (*aggregate.authors, self.user_id)


class SubmittedForReview(PostmortemEvent):
    """The content was complete and went to review under a policy version."""

    class_version: ClassVar[int] = 1

    policy_version: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.state = PostmortemState.IN_REVIEW
        aggregate.policy_version = self.policy_version
        aggregate.submitted_at = self.effective_at


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
        aggregate.approvals = tuple(
            replace(a, voided=True) if a.revision == aggregate.revision else a
            for a in aggregate.approvals
        )
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


class Withdrawn(PostmortemEvent):
    """The postmortem was withdrawn (duplicate, not an incident, other)."""

    class_version: ClassVar[int] = 1

    kind: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.state = PostmortemState.WITHDRAWN
        aggregate.withdrawn_kind = WithdrawalKind(self.kind)
        aggregate.withdrawn_reason = self.reason
