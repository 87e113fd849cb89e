"""Events of drafting: creation, metadata, authors, recurrence links and the narrative sections
(summary, timeline, root-cause analysis, impact, lessons)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.domain import Aggregate

from ..values import (
    Impact,
    IncidentWindow,
    PostmortemState,
    RootCauseAnalysis,
    Severity,
    TimelineEntry,
)
from .base import PostmortemEvent

if TYPE_CHECKING:
    from ..postmortem import Postmortem


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
        set_metadata(aggregate, self.__dict__)


def set_metadata(aggregate: Postmortem, metadata: Mapping[str, Any]) -> None:
    """Sets title, severity, services, tags, team and window from MetadataUpdated's shape
    (also used by the incident import's event)."""
    aggregate.title = metadata["title"]
    aggregate.severity = Severity(metadata["severity"])
    aggregate.services = tuple(metadata["services"])
    aggregate.tags = tuple(metadata["tags"])
    aggregate.team = metadata["team"]
    aggregate.window = IncidentWindow.from_dict(metadata["window"])


class AuthorAdded(PostmortemEvent):
    """A user became an author (and so can no longer approve it)."""

    class_version: ClassVar[int] = 1

    user_id: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.authors = (*aggregate.authors, self.user_id)


class SummaryWritten(PostmortemEvent):
    """The summary was (re)written."""

    class_version: ClassVar[int] = 1

    summary: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.summary = self.summary


def sorted_timeline(entries: list[TimelineEntry]) -> tuple[TimelineEntry, ...]:
    """Returns timeline entries in time order (stable for equal times)."""
    return tuple(sorted(entries, key=lambda entry: entry.at))


class TimelineEntryAdded(PostmortemEvent):
    """An entry was added to the timeline (kept in time order, stable on ties)."""

    class_version: ClassVar[int] = 1

    entry: dict[str, Any]

    def apply(self, aggregate: Postmortem) -> None:
        entries = [*aggregate.timeline, TimelineEntry.from_dict(self.entry)]
        aggregate.timeline = sorted_timeline(entries)


class TimelineEntryEdited(PostmortemEvent):
    """A timeline entry was replaced by a new version of itself."""

    class_version: ClassVar[int] = 1

    entry: dict[str, Any]

    def apply(self, aggregate: Postmortem) -> None:
        edited = TimelineEntry.from_dict(self.entry)
        entries = [edited if e.id == edited.id else e for e in aggregate.timeline]
        aggregate.timeline = sorted_timeline(entries)


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
