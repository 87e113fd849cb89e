"""Keeps the audit trail: one entry per event, chained by hash in notification order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pymongo import ASCENDING, DESCENDING, IndexModel, InsertOne
from pymongo.database import Database

from projections.audit_log.chain import GENESIS, link
from projections.audit_log.diff import field_changes, plain
from projections.base import ProjectedEvent, Projection, WriteOp
from service.domain.document import Document

COLLECTION = "audit_log"


def audit_entry(event: ProjectedEvent, prev_hash: str) -> Document:
    """Returns the audit entry of one event, linked to the previous entry's hash."""
    chained = link(
        position=event.position,
        originator_id=event.postmortem_id,
        originator_version=event.version,
        topic=event.topic,
        state=event.stored_state,
        prev_hash=prev_hash,
    )
    return {
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


class AuditLogProjection(Projection):
    """The audit trail; carries the last entry's hash from event to event."""

    name = "audit_log"
    collections = (COLLECTION,)

    def __init__(self) -> None:
        self._prev_hash = GENESIS

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
        """Returns the insert of the event's entry, keyed by position: an entry is written once
        (the runner's tracking guarantees it), and a second insert would fail, not overwrite."""
        entry = audit_entry(event, self._prev_hash)
        self._prev_hash = entry["hash"]
        yield COLLECTION, InsertOne(entry)
