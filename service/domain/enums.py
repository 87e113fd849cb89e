"""The enumerations of the postmortem domain (stored as their values)."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """Incident severity, SEV1 being the worst."""

    SEV1 = "SEV1"
    SEV2 = "SEV2"
    SEV3 = "SEV3"
    SEV4 = "SEV4"


class PostmortemState(StrEnum):
    """Workflow state of a postmortem."""

    DRAFT = "DRAFT"
    IN_REVIEW = "IN_REVIEW"
    CHANGES_REQUESTED = "CHANGES_REQUESTED"
    PUBLISHED = "PUBLISHED"
    WITHDRAWN = "WITHDRAWN"


# Content can be edited in these states; comments and withdrawal are open in these.
EDITABLE = frozenset({PostmortemState.DRAFT, PostmortemState.CHANGES_REQUESTED})
OPEN_STATES = frozenset(
    {PostmortemState.DRAFT, PostmortemState.IN_REVIEW, PostmortemState.CHANGES_REQUESTED}
)
# Action item statuses change in these: never in review (reviewers approve the statuses they
# see, and exactly those are published: SPEC §1, §2), never once withdrawn.
STATUS_CHANGEABLE = frozenset(PostmortemState) - {
    PostmortemState.IN_REVIEW,
    PostmortemState.WITHDRAWN,
}


class TimelineKind(StrEnum):
    """Kind of a timeline entry."""

    ALERT = "alert"
    PAGE = "page"
    ACKNOWLEDGEMENT = "acknowledgement"
    INVESTIGATION = "investigation"
    MITIGATION = "mitigation"
    COMMUNICATION = "communication"
    DECISION = "decision"
    RESOLUTION = "resolution"
    OTHER = "other"


class RootCauseCategory(StrEnum):
    """Category of a root cause."""

    CONFIGURATION = "configuration"
    DEPLOYMENT = "deployment"
    CODE_DEFECT = "code_defect"
    CAPACITY = "capacity"
    DEPENDENCY = "dependency"
    PROCESS = "process"
    SECURITY = "security"
    INFRASTRUCTURE = "infrastructure"
    UNKNOWN = "unknown"


class Priority(StrEnum):
    """Action item priority, P0 being the most urgent."""

    P0 = "P0"
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"


class ActionItemStatus(StrEnum):
    """Follow-through status of an action item."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    WONT_DO = "wont_do"


class Section(StrEnum):
    """Section of the document a review comment refers to."""

    GENERAL = "general"
    METADATA = "metadata"
    SUMMARY = "summary"
    TIMELINE = "timeline"
    ROOT_CAUSE = "root_cause"
    IMPACT = "impact"
    LESSONS = "lessons"
    ACTION_ITEMS = "action_items"


class WithdrawalKind(StrEnum):
    """Why a postmortem was withdrawn."""

    DUPLICATE = "duplicate"
    NOT_AN_INCIDENT = "not_an_incident"
    OTHER = "other"
