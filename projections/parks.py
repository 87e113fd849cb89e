"""Parked postmortems: where one projection stopped applying one postmortem's events.

One document per (projection, postmortem) in `projection_parks`: `{_id, tracking_id,
postmortem_id, position, version, event_type, error, parked_at, skipped,
last_skipped_position, attempts, last_attempt_at}`. `position` is the first event the
projection could not apply; its later events of that postmortem are skipped (and counted) while
it carries on with everyone else. The projection's tracking document counts its parks
(`parked`) and moves `parks_epoch` on every park and unpark, which makes a projector's batch
that was prepared with other parks fail its conditional tracking update instead of skipping an
event that is no longer parked. A projection that cannot skip one postmortem (the audit trail:
its hash chain is global) is *halted* instead: its tracking document carries `halted`.

`postmortems projection retry` re-applies parked events (projections/retry.py); a rebuild
replaces a projection's parks with those that still fail.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pymongo import ASCENDING, IndexModel, ReplaceOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.database import Database

from projections.faults import Poison
from service.domain.document import Document

PARKS_COLLECTION = "projection_parks"
PARK_INDEXES = [
    IndexModel([("postmortem_id", ASCENDING)]),
    IndexModel([("tracking_id", ASCENDING), ("position", ASCENDING)]),
]


@dataclass(frozen=True)
class Park:
    """A postmortem one projection stopped applying."""

    tracking_id: str
    postmortem_id: str
    position: int
    version: int
    event_type: str
    error: str
    parked_at: datetime
    skipped: int = 0  # later events of the postmortem the projection skipped since
    attempts: int = 0  # retries that failed again
    last_attempt_at: datetime | None = None

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> Park:
        """Returns the park a `projection_parks` document records."""
        return cls(
            tracking_id=str(doc["tracking_id"]),
            postmortem_id=str(doc["postmortem_id"]),
            position=int(doc["position"]),
            version=int(doc.get("version") or 0),
            event_type=str(doc.get("event_type") or ""),
            error=str(doc.get("error") or ""),
            parked_at=doc["parked_at"],
            skipped=int(doc.get("skipped") or 0),
            attempts=int(doc.get("attempts") or 0),
            last_attempt_at=doc.get("last_attempt_at"),
        )

    @property
    def reason(self) -> str:
        """Returns one line saying why, for readers and operators."""
        return (
            f"{self.tracking_id} could not apply version {self.version} ({self.event_type}, "
            f"position {self.position}): {self.error}"
        )


def park_key(tracking_id: str, postmortem_id: str) -> str:
    """Returns the document id of a park."""
    return f"{tracking_id}|{postmortem_id}"


def park_document(poison: Poison, skipped: int, last_skipped: int | None) -> Document:
    """Returns the `projection_parks` document recording a poison."""
    return {
        "_id": park_key(poison.tracking_id, poison.postmortem_id),
        "tracking_id": poison.tracking_id,
        "postmortem_id": poison.postmortem_id,
        "position": poison.position,
        "version": poison.version,
        "event_type": poison.event_type,
        "error": poison.error,
        "parked_at": datetime.now(UTC),
        "skipped": skipped,
        "last_skipped_position": last_skipped,
        "attempts": 0,
        "last_attempt_at": None,
    }


def skip_update(tracking_id: str, postmortem_id: str, count: int, last: int) -> UpdateOne:
    """Returns the update counting `count` more skipped events of a parked postmortem."""
    return UpdateOne(
        {"_id": park_key(tracking_id, postmortem_id)},
        {"$inc": {"skipped": count}, "$max": {"last_skipped_position": last}},
    )


def new_park(poison: Poison, skipped: int, last_skipped: int | None) -> ReplaceOne[Document]:
    """Returns the write that records a new park."""
    doc = park_document(poison, skipped, last_skipped)
    return ReplaceOne({"_id": doc["_id"]}, doc, upsert=True)


def load_parks(db: Database[Document], tracking_ids: Sequence[str]) -> dict[str, dict[str, Park]]:
    """Returns the parks of each tracking id, by postmortem id."""
    found: dict[str, dict[str, Park]] = {t: {} for t in tracking_ids}
    for doc in db[PARKS_COLLECTION].find({"tracking_id": {"$in": list(tracking_ids)}}):
        park = Park.from_document(doc)
        found.setdefault(park.tracking_id, {})[park.postmortem_id] = park
    return found


class ReadModelState(StrEnum):
    """Whether what a read shows is the postmortem as the event store has it."""

    CURRENT = "CURRENT"
    PENDING = "PENDING"  # the command succeeded; the read model did not show it in time
    STALE = "STALE"  # a projection parked the postmortem (or halted): it will not catch up alone


@dataclass(frozen=True)
class ReadModelNote:
    """What a response says about the read model behind one postmortem."""

    state: ReadModelState
    reason: str | None = None
    projections: tuple[str, ...] = ()

    @classmethod
    def of_parks(cls, parks: Iterable[Park]) -> ReadModelNote:
        """Returns STALE naming the parks, or CURRENT when there are none."""
        parks = sorted(parks, key=lambda p: p.tracking_id)
        if not parks:
            return CURRENT
        return cls(
            ReadModelState.STALE,
            "; ".join(p.reason for p in parks)[:1_000],
            tuple(p.tracking_id for p in parks),
        )


CURRENT = ReadModelNote(ReadModelState.CURRENT)


async def parks_of(
    db: AsyncDatabase[Document], postmortem_ids: Sequence[str]
) -> dict[str, list[Park]]:
    """Returns the parks of each postmortem (one query for them all)."""
    found: dict[str, list[Park]] = {pid: [] for pid in postmortem_ids}
    if not postmortem_ids:
        return found
    cursor = db[PARKS_COLLECTION].find({"postmortem_id": {"$in": list(postmortem_ids)}})
    async for doc in cursor:
        park = Park.from_document(doc)
        found.setdefault(park.postmortem_id, []).append(park)
    return found


async def parks_by_projection(
    db: AsyncDatabase[Document], tracking_ids: Sequence[str], limit: int
) -> dict[str, list[Park]]:
    """Returns up to `limit` parks of each projection, oldest position first."""
    found: dict[str, list[Park]] = {t: [] for t in tracking_ids}
    for tracking_id in tracking_ids:
        cursor = (
            db[PARKS_COLLECTION]
            .find({"tracking_id": tracking_id})
            .sort([("position", ASCENDING)])
            .limit(limit)
        )
        found[tracking_id] = [Park.from_document(d) async for d in cursor]
    return found
