"""The pure domain: the Postmortem aggregate, its events, rules and value types."""

from __future__ import annotations

from .blameless import BlamelessWarning, check_postmortem, check_text
from .errors import (
    ConcurrencyConflict,
    DomainError,
    FieldProblem,
    IncidentRefTaken,
    InvalidTransition,
    NotPermitted,
    PostmortemNotFound,
    ValidationFailed,
)
from .events import PostmortemEvent
from .incident_import import ImportedEntry, ImportedIncident, ImportOutcome, ImportReport
from .incident_ref import IncidentRefReservation
from .policy import RequiredSection, ReviewPolicy
from .postmortem import Postmortem
from .values import (
    ActionItem,
    ActionItemStatus,
    Actor,
    Approval,
    CommandContext,
    Impact,
    IncidentWindow,
    Money,
    PostmortemState,
    Priority,
    PublishedRevision,
    ResponseEffort,
    ReviewComment,
    RootCauseAnalysis,
    RootCauseCategory,
    Section,
    Severity,
    TimelineEntry,
    TimelineKind,
    Why,
    WithdrawalKind,
)

__all__ = [
    "ActionItem",
    "ActionItemStatus",
    "Actor",
    "Approval",
    "BlamelessWarning",
    "CommandContext",
    "ConcurrencyConflict",
    "DomainError",
    "FieldProblem",
    "Impact",
    "ImportOutcome",
    "ImportReport",
    "ImportedEntry",
    "ImportedIncident",
    "IncidentRefReservation",
    "IncidentRefTaken",
    "IncidentWindow",
    "InvalidTransition",
    "Money",
    "NotPermitted",
    "Postmortem",
    "PostmortemEvent",
    "PostmortemNotFound",
    "PostmortemState",
    "Priority",
    "PublishedRevision",
    "RequiredSection",
    "ResponseEffort",
    "ReviewComment",
    "ReviewPolicy",
    "RootCauseAnalysis",
    "RootCauseCategory",
    "Section",
    "Severity",
    "TimelineEntry",
    "TimelineKind",
    "ValidationFailed",
    "Why",
    "WithdrawalKind",
    "check_postmortem",
    "check_text",
]
