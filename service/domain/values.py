"""Enums and small immutable value types of the postmortem domain, by concern:

- enums.py: severities, states, kinds, categories, priorities, statuses, sections;
- actors.py: the actor and the command context;
- sections.py: the content sections (incident window, timeline entry, root cause, impact,
  action item);
- review.py: review comments, approvals and published revisions.

This module names them all in one place, so `from service.domain.values import X` keeps working.
"""

from __future__ import annotations

from uuid import uuid4

from .actors import ADMIN_ROLE, Actor, CommandContext
from .enums import (
    ActionItemStatus,
    PostmortemState,
    Priority,
    RootCauseCategory,
    Section,
    Severity,
    TimelineKind,
    WithdrawalKind,
)
from .review import Approval, PublishedRevision, ReviewComment, deep_copy, legacy_approval_id
from .sections import (
    ActionItem,
    Impact,
    IncidentWindow,
    Money,
    ResponseEffort,
    RootCauseAnalysis,
    TimelineEntry,
    Why,
)

__all__ = [
    "ADMIN_ROLE",
    "ActionItem",
    "ActionItemStatus",
    "Actor",
    "Approval",
    "CommandContext",
    "Impact",
    "IncidentWindow",
    "Money",
    "PostmortemState",
    "Priority",
    "PublishedRevision",
    "ResponseEffort",
    "ReviewComment",
    "RootCauseAnalysis",
    "RootCauseCategory",
    "Section",
    "Severity",
    "TimelineEntry",
    "TimelineKind",
    "Why",
    "WithdrawalKind",
    "deep_copy",
    "legacy_approval_id",
    "new_id",
]


def new_id() -> str:
    """Returns a new random id for an entry, item, comment or approval."""
    return str(uuid4())
