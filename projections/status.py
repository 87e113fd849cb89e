"""How far each projection is behind the event store: for GraphQL, `/readyz` and metrics."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.database import Database

from projections.faults import one_line
from projections.tracking import TRACKING_COLLECTION, lease_active
from service.domain.document import Document


@dataclass(frozen=True)
class ProjectionStatus:
    """One projection's progress through the notification log."""

    name: str
    position: int  # last notification id applied
    head_position: int  # newest notification id in the event store
    updated_at: datetime | None  # when the position last moved
    last_error: str | None  # the projector's last failure, cleared by the next success
    last_error_at: datetime | None
    rebuilding: bool  # a rebuild holds the lease and is swapping its collections in
    parked: int = 0  # postmortems this projection parked (projections/parks.py)
    halted: Document | None = None  # where and why the projection stopped, if it did

    @property
    def lag(self) -> int:
        """Returns how many events the projection has still to apply."""
        return max(self.head_position - self.position, 0)

    @property
    def ahead(self) -> bool:
        """Returns whether the projection has applied events the event store does not have:
        the read models belong to another event store (a mistyped SQLITE_PATH or
        POSTGRES_DSN, another MONGODB_DATABASE's store, a store that was replaced).
        Read the position before the head, or a busy log makes it look ahead."""
        return self.position > self.head_position

    def mismatch(self) -> str | None:
        """Returns what is wrong when the projection is ahead of the event store, or None."""
        if not self.ahead:
            return None
        return (
            f"{self.name} is ahead of the event store (position {self.position}, head "
            f"{self.head_position}): the read models were built from another event store; "
            "check EVENT_STORE, SQLITE_PATH or POSTGRES_DSN and MONGODB_DATABASE, or rebuild"
        )

    def stalled(self, stall_seconds: float, now: datetime | None = None) -> bool:
        """Returns whether events wait and the position has not moved for `stall_seconds`
        (a halted projection is not stalled: it stopped on purpose, see `halted`)."""
        if self.lag == 0 or self.halted is not None:
            return False
        if self.updated_at is None:
            return True
        age = ((now or datetime.now(UTC)) - self.updated_at).total_seconds()
        return age > stall_seconds


def status_from_documents(
    names: Sequence[str], documents: Iterable[Document], head_position: int
) -> list[ProjectionStatus]:
    """Returns the status of each named projection from its tracking documents."""
    by_id = {doc["_id"]: doc for doc in documents}
    now = datetime.now(UTC)
    result = []
    for name in names:
        doc = by_id.get(name, {})
        result.append(
            ProjectionStatus(
                name=name,
                position=int(doc.get("position", 0)),
                head_position=head_position,
                updated_at=doc.get("updated_at"),
                # One line also when an older version stored a raw, multi-line message.
                last_error=None if doc.get("last_error") is None else one_line(doc["last_error"]),
                last_error_at=doc.get("last_error_at"),
                rebuilding=lease_active(doc, now),
                parked=int(doc.get("parked") or 0),
                halted=doc.get("halted"),
            )
        )
    return result


def projection_status(
    db: Database[Document], names: Sequence[str], head_position: int | Callable[[], int]
) -> list[ProjectionStatus]:
    """Returns every named projection's status (synchronous: for metrics collectors and
    `postmortems status`). Given a callable, the head is read after the positions, so a
    projection is never seen ahead of a head read before it moved."""
    docs = list(db[TRACKING_COLLECTION].find({"_id": {"$in": list(names)}}))
    head = head_position() if callable(head_position) else head_position
    return status_from_documents(names, docs, head)


async def projection_status_async(
    db: AsyncDatabase[Document],
    names: Sequence[str],
    head_position: int | Callable[[], Awaitable[int]],
) -> list[ProjectionStatus]:
    """Returns every named projection's status (for the API); a callable head is read after
    the positions (see `projection_status`)."""
    docs = await db[TRACKING_COLLECTION].find({"_id": {"$in": list(names)}}).to_list()
    head = await head_position() if callable(head_position) else head_position
    return status_from_documents(names, docs, head)
