"""Keeps the audit trail: one entry per event, chained by hash in notification order.

The chain is global, so this projection never skips one postmortem's event: an entry larger
than `MAX_ENTRY_BYTES` (half of MongoDB's largest document; the domain's limits keep every
event far below it, so only events stored before those limits could reach it) is written with
its chain link and metadata, and the changes and event payload replaced by their SHA-256 and
size (`omitted`); the event store still holds them, and the chain stays whole because it hashes
the stored event, not the entry. An event it cannot record at all halts the whole projection
at that position, loudly (projections/parks.py), instead of leaving a gap that every later link
would step over.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

import bson
from pymongo import ASCENDING, DESCENDING, IndexModel, ReplaceOne
from pymongo.database import Database

from projections.audit_log.chain import GENESIS, link
from projections.audit_log.diff import field_changes, plain
from projections.base import ProjectedEvent, Projection, WriteOp
from service.domain.canonical import canonical_json
from service.domain.document import Document

COLLECTION = "audit_log"
MAX_ENTRY_BYTES = 8 * 1024 * 1024  # half of MongoDB's largest document
ENTRY_HEADROOM = 4_096  # bytes kept free for the entry's other fields


def audit_entry(
    event: ProjectedEvent, prev_hash: str, max_bytes: int = MAX_ENTRY_BYTES
) -> Document:
    """Returns the audit entry of one event, linked to the previous entry's hash; its changes
    are stored by hash when the entry would be larger than `max_bytes`."""
    chained = link(
        position=event.position,
        originator_id=event.postmortem_id,
        originator_version=event.version,
        topic=event.topic,
        state=event.stored_state,
        prev_hash=prev_hash,
    )
    entry: Document = {
        "_id": event.position,
        "position": event.position,
        "postmortem_id": event.postmortem_id,
        "version": event.version,
        "event_type": event.event_type,
        "topic": event.topic,
        "actor_id": event.actor_id,
        "actor_roles": list(event.actor_roles),
        "at": event.at,
        "occurred_at": event.occurred_at,
        "backfilled_by": event.backfilled_by,
        "correlation_id": event.correlation_id,
        "reason": event.reason,
        "title": event.after.get("title"),
        "changes": field_changes(event.before, event.after),
        "event": plain(dict(event.event_state)),
        "event_digest": chained.event_digest,
        "prev_hash": chained.prev_hash,
        "hash": chained.hash,
    }
    # Cheap estimate first: the entry holds the event and its changes (about the stored
    # state, twice); only a large event is measured.
    if 3 * len(event.stored_state) + 65_536 > max_bytes:
        size = len(bson.encode(entry))
        if size > max_bytes - ENTRY_HEADROOM:
            return _omitted(entry, size, max_bytes)
    return entry


def _omitted(entry: Document, size: int, max_bytes: int) -> Document:
    """Returns the entry with its changes and event payload replaced by their digests."""
    return {
        **entry,
        "changes": [],
        "event": None,
        "omitted": {
            "reason": f"the entry would be {size:,} bytes, more than a read-model document may "
            f"hold ({max_bytes:,}); the event store holds the event",
            "bytes": size,
            "changes_sha256": hashlib.sha256(canonical_json(entry["changes"])).hexdigest(),
            "event_sha256": hashlib.sha256(canonical_json(entry["event"])).hexdigest(),
        },
    }


class AuditLogProjection(Projection):
    """The audit trail; carries the last entry's hash from event to event."""

    name = "audit_log"
    collections = (COLLECTION,)
    parks_postmortems = False  # a global chain: halt rather than leave a gap

    def __init__(self, max_entry_bytes: int = MAX_ENTRY_BYTES) -> None:
        self._prev_hash = GENESIS
        self._max_entry_bytes = max_entry_bytes

    def indexes(self) -> Mapping[str, list[IndexModel]]:
        """Returns the indexes of the trail's filters (each ends with the position)."""
        return {
            COLLECTION: [
                IndexModel([("postmortem_id", ASCENDING), ("_id", DESCENDING)]),
                IndexModel([("actor_id", ASCENDING), ("_id", DESCENDING)]),
                IndexModel([("event_type", ASCENDING), ("_id", DESCENDING)]),
                IndexModel([("at", ASCENDING), ("_id", DESCENDING)]),
            ]
        }

    def reset(self, db: Database[Document], names: Mapping[str, str]) -> None:
        """Reloads the hash of the newest recorded entry (the chain continues from it)."""
        last = db[names[COLLECTION]].find_one({}, {"hash": 1}, sort=[("_id", DESCENDING)])
        self._prev_hash = str(last["hash"]) if last else GENESIS

    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        """Returns the write of the event's entry, keyed by position and hash: the runner's
        tracking writes each entry once; writing the same entry again (a rebuild that died
        between its swap and its tracking update) changes nothing, and a different entry at a
        recorded position fails (duplicate key) instead of overwriting it."""
        entry = audit_entry(event, self._prev_hash, self._max_entry_bytes)
        self._prev_hash = entry["hash"]
        yield (
            COLLECTION,
            ReplaceOne({"_id": entry["_id"], "hash": entry["hash"]}, entry, upsert=True),
        )
