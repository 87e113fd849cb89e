"""Events of the Postmortem aggregate, by concern: the base class and its metadata
(base.py), drafting (drafting.py), action items (action_items.py), review and publication
(review.py).

Every class keeps the topic it had when they all lived in one module,
``service.domain.events:<ClassName>`` (see base.py): the classes are re-exported here, and
each topic is registered, so stored events load whatever module a class lives in.
"""

from __future__ import annotations

from eventsourcing.utils import register_topic

from .action_items import (
    ActionItemAdded,
    ActionItemEdited,
    ActionItemRemoved,
    ActionItemStatusChanged,
)
from .base import TOPIC_MODULE, PostmortemEvent
from .drafting import (
    AuthorAdded,
    Created,
    ImpactAssessed,
    LessonsWritten,
    MetadataUpdated,
    RecurrenceLinked,
    RecurrenceUnlinked,
    RootCauseAnalysisWritten,
    SummaryWritten,
    TimelineEntryAdded,
    TimelineEntryEdited,
    TimelineEntryRemoved,
)
from .review import (
    Amended,
    AmendmentDiscarded,
    Approved,
    ChangesRequested,
    Published,
    ReviewCommentAdded,
    ReviewCommentResolved,
    SubmissionRecalled,
    SubmittedForReview,
    Withdrawn,
)

EVENT_CLASSES: tuple[type[PostmortemEvent], ...] = (
    Created,
    MetadataUpdated,
    AuthorAdded,
    SummaryWritten,
    TimelineEntryAdded,
    TimelineEntryEdited,
    TimelineEntryRemoved,
    RootCauseAnalysisWritten,
    ImpactAssessed,
    LessonsWritten,
    RecurrenceLinked,
    RecurrenceUnlinked,
    ActionItemAdded,
    ActionItemEdited,
    ActionItemRemoved,
    ActionItemStatusChanged,
    ReviewCommentAdded,
    ReviewCommentResolved,
    SubmittedForReview,
    SubmissionRecalled,
    Approved,
    ChangesRequested,
    Published,
    Amended,
    AmendmentDiscarded,
    Withdrawn,
)


def _register_topics() -> None:
    classes: list[type[PostmortemEvent]] = [PostmortemEvent, *EVENT_CLASSES]
    for event_class in classes:
        register_topic(event_class.TOPIC, event_class)


_register_topics()


def event_type_names() -> list[str]:
    """Returns the names of every postmortem event type, sorted (what the audit trail calls
    `eventType`): these classes and every subclass of PostmortemEvent defined elsewhere
    (`IncidentImported`, once `service.domain` is imported)."""
    found: set[str] = set()
    stack: list[type] = [PostmortemEvent]
    while stack:
        subclass: type
        for subclass in stack.pop().__subclasses__():
            found.add(subclass.__name__)
            stack.append(subclass)
    return sorted(found)


__all__ = [
    "EVENT_CLASSES",
    "TOPIC_MODULE",
    "ActionItemAdded",
    "ActionItemEdited",
    "ActionItemRemoved",
    "ActionItemStatusChanged",
    "Amended",
    "AmendmentDiscarded",
    "Approved",
    "AuthorAdded",
    "ChangesRequested",
    "Created",
    "ImpactAssessed",
    "LessonsWritten",
    "MetadataUpdated",
    "PostmortemEvent",
    "Published",
    "RecurrenceLinked",
    "RecurrenceUnlinked",
    "ReviewCommentAdded",
    "ReviewCommentResolved",
    "RootCauseAnalysisWritten",
    "SubmissionRecalled",
    "SubmittedForReview",
    "SummaryWritten",
    "TimelineEntryAdded",
    "TimelineEntryEdited",
    "TimelineEntryRemoved",
    "Withdrawn",
    "event_type_names",
]
