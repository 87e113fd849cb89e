"""Value objects of the document's content sections: incident window, timeline entry,
root-cause analysis, impact and action item.

They convert to and from plain dicts (``to_dict`` / ``from_dict``): that is the shape events
store, so only JSON-transcodable types appear in it (str, int, float, bool, None, list, dict and
tz-aware datetimes; dates as ISO strings, Decimals as strings, enums as their values).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .enums import ActionItemStatus, Priority, RootCauseCategory, TimelineKind


def _opt_datetime(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


@dataclass(frozen=True)
class IncidentWindow:
    """When the incident started, was detected, mitigated and resolved (UTC)."""

    started_at: datetime
    detected_at: datetime | None = None
    mitigated_at: datetime | None = None
    resolved_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """Returns the window as a plain dict."""
        return {
            "started_at": self.started_at,
            "detected_at": self.detected_at,
            "mitigated_at": self.mitigated_at,
            "resolved_at": self.resolved_at,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IncidentWindow:
        """Returns the window stored in ``data``."""
        return cls(
            started_at=data["started_at"],
            detected_at=_opt_datetime(data.get("detected_at")),
            mitigated_at=_opt_datetime(data.get("mitigated_at")),
            resolved_at=_opt_datetime(data.get("resolved_at")),
        )


@dataclass(frozen=True)
class TimelineEntry:
    """One entry of the incident timeline."""

    id: str
    at: datetime
    kind: TimelineKind
    description: str
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Returns the entry as a plain dict."""
        return {
            "id": self.id,
            "at": self.at,
            "kind": self.kind.value,
            "description": self.description,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TimelineEntry:
        """Returns the entry stored in ``data``."""
        return cls(
            id=data["id"],
            at=data["at"],
            kind=TimelineKind(data["kind"]),
            description=data["description"],
            source=data.get("source"),
        )


@dataclass(frozen=True)
class Why:
    """One step of the five-whys chain."""

    why: str
    because: str

    def to_dict(self) -> dict[str, Any]:
        """Returns the step as a plain dict."""
        return {"why": self.why, "because": self.because}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Why:
        """Returns the step stored in ``data``."""
        return cls(why=data["why"], because=data["because"])


@dataclass(frozen=True)
class RootCauseAnalysis:
    """The why-because chain, the root cause statement and its category."""

    whys: tuple[Why, ...] = ()
    statement: str = ""
    category: RootCauseCategory | None = None
    contributing_factors: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Returns the analysis as a plain dict."""
        return {
            "whys": [why.to_dict() for why in self.whys],
            "statement": self.statement,
            "category": None if self.category is None else self.category.value,
            "contributing_factors": list(self.contributing_factors),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RootCauseAnalysis:
        """Returns the analysis stored in ``data``."""
        category = data.get("category")
        return cls(
            whys=tuple(Why.from_dict(why) for why in data.get("whys", [])),
            statement=data.get("statement", ""),
            category=None if category is None else RootCauseCategory(category),
            contributing_factors=tuple(data.get("contributing_factors", [])),
        )


@dataclass(frozen=True)
class Money:
    """An amount of money in an ISO 4217 currency."""

    amount: Decimal
    currency: str

    def to_dict(self) -> dict[str, Any]:
        """Returns the amount as a plain dict (amount as a string)."""
        return {"amount": str(self.amount), "currency": self.currency}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Money:
        """Returns the amount stored in ``data``."""
        return cls(amount=Decimal(str(data["amount"])), currency=data["currency"])


@dataclass(frozen=True)
class ResponseEffort:
    """How many engineers responded, and for how many hours each."""

    engineers: int | None = None
    hours: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Returns the effort as a plain dict."""
        return {"engineers": self.engineers, "hours": self.hours}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ResponseEffort:
        """Returns the effort stored in ``data``."""
        hours = data.get("hours")
        return cls(
            engineers=data.get("engineers"),
            hours=None if hours is None else float(hours),
        )


@dataclass(frozen=True)
class Impact:
    """The impact assessment; every part is optional."""

    users_affected_count: int | None = None
    users_affected_percent: float | None = None
    downtime_minutes: int | None = None
    support_tickets: int | None = None
    revenue_loss: Money | None = None
    responders: ResponseEffort | None = None
    customer_facing: bool | None = None
    sla_breached: bool | None = None
    notes: str = ""

    @property
    def is_assessed(self) -> bool:
        """Returns whether anything at all was assessed."""
        return bool(self.notes.strip()) or any(
            value is not None
            for value in (
                self.users_affected_count,
                self.users_affected_percent,
                self.downtime_minutes,
                self.support_tickets,
                self.revenue_loss,
                self.responders,
                self.customer_facing,
                self.sla_breached,
            )
        )

    def to_dict(self) -> dict[str, Any]:
        """Returns the assessment as a plain dict."""
        return {
            "users_affected_count": self.users_affected_count,
            "users_affected_percent": self.users_affected_percent,
            "downtime_minutes": self.downtime_minutes,
            "support_tickets": self.support_tickets,
            "revenue_loss": None if self.revenue_loss is None else self.revenue_loss.to_dict(),
            "responders": None if self.responders is None else self.responders.to_dict(),
            "customer_facing": self.customer_facing,
            "sla_breached": self.sla_breached,
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Impact:
        """Returns the assessment stored in ``data``."""
        percent = data.get("users_affected_percent")
        revenue_loss = data.get("revenue_loss")
        responders = data.get("responders")
        return cls(
            users_affected_count=data.get("users_affected_count"),
            users_affected_percent=None if percent is None else float(percent),
            downtime_minutes=data.get("downtime_minutes"),
            support_tickets=data.get("support_tickets"),
            revenue_loss=None if revenue_loss is None else Money.from_dict(revenue_loss),
            responders=None if responders is None else ResponseEffort.from_dict(responders),
            customer_facing=data.get("customer_facing"),
            sla_breached=data.get("sla_breached"),
            notes=data.get("notes", ""),
        )


@dataclass(frozen=True)
class ActionItem:
    """A follow-up task with an owner, a due date and a status."""

    id: str
    title: str
    description: str = ""
    owner: str | None = None
    due_date: date | None = None
    priority: Priority = Priority.P2
    tracker: str | None = None
    status: ActionItemStatus = ActionItemStatus.OPEN
    completed_at: datetime | None = None

    def content_dict(self) -> dict[str, Any]:
        """Returns the item without its follow-through status (the hashed part)."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "owner": self.owner,
            "due_date": None if self.due_date is None else self.due_date.isoformat(),
            "priority": self.priority.value,
            "tracker": self.tracker,
        }

    def to_dict(self) -> dict[str, Any]:
        """Returns the item as a plain dict, status included."""
        return {
            **self.content_dict(),
            "status": self.status.value,
            "completed_at": self.completed_at,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ActionItem:
        """Returns the item stored in ``data``."""
        due_date = data.get("due_date")
        return cls(
            id=data["id"],
            title=data["title"],
            description=data.get("description", ""),
            owner=data.get("owner"),
            due_date=None if due_date is None else date.fromisoformat(due_date),
            priority=Priority(data.get("priority", Priority.P2.value)),
            tracker=data.get("tracker"),
            status=ActionItemStatus(data.get("status", ActionItemStatus.OPEN.value)),
            completed_at=_opt_datetime(data.get("completed_at")),
        )
