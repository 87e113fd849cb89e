"""What a projection is: a function from one event of a postmortem to MongoDB writes."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from pymongo import IndexModel
from pymongo.database import Database
from pymongo.operations import DeleteMany, DeleteOne, InsertOne, ReplaceOne, UpdateMany, UpdateOne

from service.domain.document import Document

WriteOp = InsertOne[Any] | ReplaceOne[Any] | UpdateOne | UpdateMany | DeleteOne | DeleteMany


@dataclass(frozen=True)
class ProjectedEvent:
    """One event of one postmortem, with the postmortem's state before and after it."""

    position: int
    event_type: str
    postmortem_id: str
    version: int
    at: datetime
    actor_id: str
    actor_roles: tuple[str, ...]
    correlation_id: str
    reason: str | None
    event_state: Mapping[str, Any]
    before: Document | None
    after: Document
    # What the event store holds for this event (the audit hash chain covers these bytes).
    topic: str = ""
    stored_state: bytes = b""
    # A backfilled event's business time and the tool that recorded it (else None).
    occurred_at: datetime | None = None
    backfilled_by: str | None = None

    @property
    def effective_at(self) -> datetime:
        """Returns when the change happened: `occurred_at` for a backfill, else `at`."""
        return self.occurred_at or self.at


class Projection(ABC):
    """A read model: the collections it owns and the writes each event makes to them.

    Writes are applied by the runner in one MongoDB transaction together with the
    projection's tracking position, so an event takes effect exactly once.
    """

    name: ClassVar[str]
    collections: ClassVar[tuple[str, ...]]
    # Whether the projector may park one postmortem and go on with the others' events (see
    # projections/parks.py); a projection whose documents chain events of every postmortem
    # together (the audit trail) halts instead.
    parks_postmortems: ClassVar[bool] = True

    def indexes(self) -> Mapping[str, list[IndexModel]]:
        """Returns the indexes each owned collection needs, by logical collection name."""
        return {}

    def reset(self, db: Database[Document], names: Mapping[str, str]) -> None:  # noqa: B027
        """Reloads any state carried from event to event (called before a batch run)."""

    @abstractmethod
    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        """Returns the writes for one event, as (logical collection name, operation)."""


def half_open_range(start: datetime | None, end: datetime | None) -> Document:
    """Returns the MongoDB condition `start <= value < end` (either bound may be absent;
    empty when both are)."""
    condition: Document = {}
    if start is not None:
        condition["$gte"] = start
    if end is not None:
        condition["$lt"] = end
    return condition
