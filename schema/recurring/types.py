"""GraphQL types of the recurring-incident views, built from view documents."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry

from schema.postmortems.enums import (
    ActionItemStatus,
    PostmortemState,
    Priority,
    RootCauseCategory,
    Severity,
)
from schema.scalars import TimeZone


@strawberry.enum(description="What incident trends are counted by.")
class TrendDimension(Enum):
    SERVICE = "SERVICE"
    CATEGORY = "CATEGORY"
    SEVERITY = "SEVERITY"
    TEAM = "TEAM"


@strawberry.input(
    description="A time range: incidents that started at or after `from`, before `to`."
)
class TimeWindowInput:
    from_: datetime = strawberry.field(name="from")
    to: datetime


@strawberry.type(description="An action item and how far it got (status as of now).")
class RecurringActionItem:
    id: str
    title: str
    owner: str | None
    priority: Priority | None
    status: ActionItemStatus | None
    due_date: date | None
    completed_at: datetime | None

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> RecurringActionItem:
        """Returns the GraphQL view of an action item of a view document."""
        due, priority, status = doc.get("due_date"), doc.get("priority"), doc.get("status")
        return cls(
            id=str(doc.get("id")),
            title=str(doc.get("title") or ""),
            owner=doc.get("owner"),
            priority=Priority(priority) if priority else None,
            status=ActionItemStatus(status) if status else None,
            due_date=date.fromisoformat(due) if due else None,
            completed_at=doc.get("completed_at"),
        )


@strawberry.type(description="A postmortem as the recurring-incident views show it.")
class RecurringPostmortem:
    id: strawberry.ID
    title: str
    state: PostmortemState
    severity: Severity | None
    team: str | None
    services: list[str]
    category: RootCauseCategory = strawberry.field(description="UNKNOWN when not analysed yet.")
    root_cause_statement: str
    incident_started_at: datetime | None
    recurrence_of: list[strawberry.ID]
    action_items: list[RecurringActionItem]
    fix_completed_at: datetime | None = strawberry.field(
        description="When the last action item was closed, if all are done or won't do and "
        "at least one is done; otherwise null."
    )

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> RecurringPostmortem:
        """Returns the GraphQL view of a recurring view document."""
        severity = doc.get("severity")
        return cls(
            id=strawberry.ID(doc["postmortem_id"]),
            title=doc["title"],
            state=PostmortemState(doc["state"]),
            severity=Severity(severity) if severity else None,
            team=doc.get("team"),
            services=list(doc.get("services") or []),
            category=RootCauseCategory(doc["category"]),
            root_cause_statement=doc.get("statement") or "",
            incident_started_at=doc.get("started_at"),
            recurrence_of=[strawberry.ID(i) for i in doc.get("recurrence_of") or []],
            action_items=[RecurringActionItem.from_document(i) for i in doc["action_items"]],
            fix_completed_at=doc.get("fix_completed_at"),
        )


@strawberry.type(description="Incidents of one service with one root-cause category.")
class RecurrenceGroup:
    service: str
    category: RootCauseCategory
    count: int = strawberry.field(description="Incidents in the window (all, not only listed).")
    first_seen: datetime = strawberry.field(description="Earliest incident start in the window.")
    last_seen: datetime = strawberry.field(description="Latest incident start in the window.")
    postmortems: list[RecurringPostmortem] = strawberry.field(
        description="The latest incidents first, at most `postmortemsPerGroup`."
    )


@strawberry.type(description="A postmortem similar to, or linked with, another.")
class SimilarPostmortem:
    postmortem: RecurringPostmortem
    similarity: float | None = strawberry.field(
        description="Hybrid similarity of root causes (0..1: 0.8 x semantic + 0.2 x lexical "
        "cosine); null if below the threshold and listed only because of an explicit link."
    )
    linked: bool = strawberry.field(description="Joined by an explicit `recurrence of` link.")
    semantic_similarity: float | None = strawberry.field(
        default=None,
        description="The semantic part of `similarity`: the cosine (0..1, negative counts as 0) "
        "of the sentence embeddings of the two root causes (statement, whys, contributing "
        "factors). Null when `similarity` is null, or when either has no root cause to embed "
        "(`similarity` is then `lexicalSimilarity` alone).",
    )
    lexical_similarity: float | None = strawberry.field(
        default=None,
        description="The lexical part of `similarity`: the TF-IDF cosine (0..1) of the words "
        "of title and root cause the two share, rare words weighing more. Null when "
        "`similarity` is null.",
    )


@strawberry.type(description="Two postmortems whose root causes are similar.")
class SimilarityPair:
    first: strawberry.ID
    second: strawberry.ID
    similarity: float


@strawberry.type(description="An explicit `recurrence of` link inside a cluster.")
class RecurrenceLink:
    first: strawberry.ID
    second: strawberry.ID


@strawberry.type(description="Postmortems with similar root causes, possibly across services.")
class RootCauseCluster:
    size: int
    services: list[str]
    categories: list[RootCauseCategory]
    postmortems: list[RecurringPostmortem] = strawberry.field(description="Oldest first.")
    pairs: list[SimilarityPair]
    links: list[RecurrenceLink]


@strawberry.type(description="An incident that came back after the earlier fix was complete.")
class RecurrenceDespiteFix:
    earlier: RecurringPostmortem
    later: RecurringPostmortem
    similarity: float | None
    linked: bool
    action_items: list[RecurringActionItem] = strawberry.field(
        description="The earlier postmortem's action items (all closed before `later` started)."
    )


@strawberry.type(description="Incident counts of one key per month.")
class TrendSeries:
    key: str
    counts: list[int] = strawberry.field(description="One count per month of `months`.")
    total: int


@strawberry.type(
    description="Incidents per month (by incident start), months without any included."
)
class IncidentTrends:
    group_by: TrendDimension
    months: list[str] = strawberry.field(description="'YYYY-MM', oldest first.")
    series: list[TrendSeries]
    time_zone: TimeZone = strawberry.field(description="The IANA zone whose calendar months count.")
