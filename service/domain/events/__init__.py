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
]
