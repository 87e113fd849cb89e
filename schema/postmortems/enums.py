"""The domain's enums, registered as GraphQL enums (the domain itself knows nothing of
GraphQL). Import from here so registration happens before any type uses them."""

from __future__ import annotations

import strawberry

from service.application.transitions import Transition
from service.domain import (
    ActionItemStatus,
    PostmortemState,
    Priority,
    RootCauseCategory,
    Section,
    Severity,
    TimelineKind,
    WithdrawalKind,
)

strawberry.enum(Severity, description="Incident severity, SEV1 the worst.")
strawberry.enum(PostmortemState, description="Workflow state of a postmortem.")
strawberry.enum(TimelineKind, description="Kind of a timeline entry.")
strawberry.enum(RootCauseCategory, description="Category of a root cause.")
strawberry.enum(Priority, description="Action item priority, P0 the most urgent.")
strawberry.enum(ActionItemStatus, description="Follow-through status of an action item.")
strawberry.enum(Section, description="Section of the document a review comment refers to.")
strawberry.enum(WithdrawalKind, description="Why a postmortem was withdrawn.")
strawberry.enum(Transition, description="What the current user may do next with a postmortem.")

__all__ = [
    "ActionItemStatus",
    "PostmortemState",
    "Priority",
    "RootCauseCategory",
    "Section",
    "Severity",
    "TimelineKind",
    "Transition",
    "WithdrawalKind",
]
