"""GraphQL types of the postmortem's content sections, built from plain documents.

The same types serve the current document and the frozen content of published revisions.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from schema.postmortems.enums import (
    ActionItemStatus,
    Priority,
    RootCauseCategory,
    Severity,
    TimelineKind,
)
from service.domain.document import Document, content_downtime


@strawberry.type(description="When the incident started, was detected, mitigated, resolved.")
class IncidentWindow:
    started_at: datetime
    detected_at: datetime | None = None
    mitigated_at: datetime | None = None
    resolved_at: datetime | None = None

    @classmethod
    def from_document(cls, doc: Document) -> IncidentWindow:
        """Returns the window stored in a document."""
        return cls(
            started_at=doc["started_at"],
            detected_at=doc.get("detected_at"),
            mitigated_at=doc.get("mitigated_at"),
            resolved_at=doc.get("resolved_at"),
        )


@strawberry.type(description="One entry of the incident timeline (entries are in time order).")
class TimelineEntry:
    id: strawberry.ID
    at: datetime
    kind: TimelineKind
    description: str
    source: str | None

    @classmethod
    def from_document(cls, doc: Document) -> TimelineEntry:
        """Returns the entry stored in a document."""
        return cls(
            id=strawberry.ID(doc["id"]),
            at=doc["at"],
            kind=TimelineKind(doc["kind"]),
            description=doc["description"],
            source=doc.get("source"),
        )


@strawberry.type(description="One step of the why → because chain.")
class Why:
    why: str
    because: str


@strawberry.type(description="The why → because chain, the root cause and its category.")
class RootCauseAnalysis:
    whys: list[Why]
    statement: str
    category: RootCauseCategory | None
    contributing_factors: list[str]

    @classmethod
    def from_document(cls, doc: Document | None) -> RootCauseAnalysis:
        """Returns the analysis stored in a document (empty when there is none)."""
        doc = doc or {}
        category = doc.get("category")
        return cls(
            whys=[Why(why=w["why"], because=w["because"]) for w in doc.get("whys", [])],
            statement=doc.get("statement", ""),
            category=None if category is None else RootCauseCategory(category),
            contributing_factors=list(doc.get("contributing_factors", [])),
        )


@strawberry.type(description="An amount of money; `amount` is a decimal string (exact).")
class Money:
    amount: str = strawberry.field(description='A decimal number as text, e.g. "120000.00".')
    currency: str = strawberry.field(description="ISO 4217 code, e.g. USD.")


@strawberry.type(description="How many engineers responded, and for how many hours each.")
class ResponseEffort:
    engineers: int | None
    hours: float | None


@strawberry.type(description="The impact assessment; every part is optional.")
class Impact:
    users_affected_count: int | None
    users_affected_percent: float | None
    downtime_minutes: int | None = strawberry.field(
        description="As assessed, or derived from the incident window (see `downtimeDerived`)."
    )
    downtime_derived: bool = strawberry.field(
        description="True when `downtimeMinutes` was computed from the incident window."
    )
    support_tickets: int | None
    revenue_loss: Money | None
    responders: ResponseEffort | None
    customer_facing: bool | None
    sla_breached: bool | None
    notes: str

    @classmethod
    def from_content(cls, content: Document) -> Impact:
        """Returns the impact of a content document, with its (derived) downtime."""
        doc = content.get("impact") or {}
        if "downtime_derived" in doc:  # the current document: already worked out
            minutes, derived = doc.get("downtime_minutes"), bool(doc["downtime_derived"])
        else:  # a published revision's frozen content
            minutes, derived = content_downtime(content)
        loss = doc.get("revenue_loss")
        responders = doc.get("responders")
        return cls(
            users_affected_count=doc.get("users_affected_count"),
            users_affected_percent=doc.get("users_affected_percent"),
            downtime_minutes=minutes,
            downtime_derived=derived,
            support_tickets=doc.get("support_tickets"),
            revenue_loss=None
            if loss is None
            else Money(amount=str(loss["amount"]), currency=loss["currency"]),
            responders=None
            if responders is None
            else ResponseEffort(
                engineers=responders.get("engineers"), hours=responders.get("hours")
            ),
            customer_facing=doc.get("customer_facing"),
            sla_breached=doc.get("sla_breached"),
            notes=doc.get("notes", ""),
        )


@strawberry.type(description="A follow-up task with an owner, a due date and a status.")
class ActionItem:
    id: strawberry.ID
    title: str
    description: str
    owner: str | None = strawberry.field(description="A team or a person.")
    due_date: date | None
    priority: Priority
    tracker: str | None = strawberry.field(description="Tracker key or link.")
    status: ActionItemStatus | None = strawberry.field(
        description="Null only in a published revision's frozen content: the status is "
        "follow-through, not content, and stays updatable after publication."
    )
    completed_at: datetime | None = strawberry.field(
        description="When a DONE item's work was done: as stated in `changeActionItemStatus` "
        "(`completedAt`), else when it was marked done."
    )

    @classmethod
    def from_document(cls, doc: Document) -> ActionItem:
        """Returns the item stored in a document."""
        due = doc.get("due_date")
        status = doc.get("status")
        return cls(
            id=strawberry.ID(doc["id"]),
            title=doc["title"],
            description=doc.get("description", ""),
            owner=doc.get("owner"),
            due_date=None if due is None else date.fromisoformat(due),
            priority=Priority(doc["priority"]),
            tracker=doc.get("tracker"),
            status=None if status is None else ActionItemStatus(status),
            completed_at=doc.get("completed_at"),
        )


@strawberry.interface(description="The content sections: what is reviewed, approved, published.")
class PostmortemSections:
    title: str
    severity: Severity
    services: list[str]
    tags: list[str]
    team: str | None
    incident_ref: str | None = strawberry.field(
        description="Key of the incident in the paging tool."
    )
    incident_window: IncidentWindow
    authors: list[str] = strawberry.field(description="User ids of the authors.")
    summary: str
    timeline: list[TimelineEntry]
    root_cause: RootCauseAnalysis
    impact: Impact
    went_well: list[str]
    went_badly: list[str]
    action_items: list[ActionItem]
    recurrence_of: list[strawberry.ID] = strawberry.field(
        description="Ids of earlier postmortems this incident is a recurrence of."
    )


def section_fields(content: Document) -> dict[str, Any]:
    """Returns the `PostmortemSections` fields of a (content or full) document."""
    return {
        "title": content["title"],
        "severity": Severity(content["severity"]),
        "services": list(content.get("services", [])),
        "tags": list(content.get("tags", [])),
        "team": content.get("team"),
        "incident_ref": content.get("incident_ref"),
        "incident_window": IncidentWindow.from_document(content["window"]),
        "authors": list(content.get("authors", [])),
        "summary": content.get("summary", ""),
        "timeline": [TimelineEntry.from_document(e) for e in content.get("timeline", [])],
        "root_cause": RootCauseAnalysis.from_document(content.get("root_cause")),
        "impact": Impact.from_content(content),
        "went_well": list(content.get("went_well", [])),
        "went_badly": list(content.get("went_badly", [])),
        "action_items": [ActionItem.from_document(i) for i in content.get("action_items", [])],
        "recurrence_of": [strawberry.ID(str(i)) for i in content.get("recurrence_of", [])],
    }
