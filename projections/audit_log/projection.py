"""Keeps the audit trail: one entry per event, chained by hash in notification order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pymongo import ASCENDING, DESCENDING, IndexModel, InsertOne
from pymongo.database import Database

from projections.audit_log.chain import GENESIS, link
from projections.audit_log.diff import field_changes, plain
from projections.base import Change, Document, Projection, WriteOp

COLLECTION = "audit_log"


def audit_entry(change: Change, prev_hash: str) -> Document:
    """Returns the audit entry of one change, linked to the previous entry's hash."""
    chained = link(
        position=change.position,
        originator_id=change.postmortem_id,
        originator_version=change.version,
        topic=change.topic,
        state=change.stored_state,
        prev_hash=prev_hash,
    )
    return {
        "_id": change.position,
        "position": change.position,
        "postmortem_id": change.postmortem_id,
        "version": change.version,
        "event_type": change.event_type,
        "topic": change.topic,
        "actor_id": change.actor_id,
        "actor_roles": list(change.actor_roles),
        "at": change.at,
        "occurred_at": change.occurred_at,
        "backfilled_by": change.backfilled_by,
        "correlation_id": change.correlation_id,
        "reason": change.reason,
        "title": change.after.get("title"),
        "changes": field_changes(change.before, change.after),
        "event": plain(dict(change.event_state)),
        "event_digest": chained.event_digest,
        "prev_hash": chained.prev_hash,
        "hash": chained.hash,
    }


class AuditLogProjection(Projection):
    """The audit trail; carries the last entry's hash from change to change."""

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

    def project(self, change: Change) -> Iterable[tuple[str, WriteOp]]:
        """Returns the insert of the change's entry, keyed by position: an entry is written once
        (the runner's tracking guarantees it), and a second insert would fail, not overwrite."""
        entry = audit_entry(change, self._prev_hash)
        self._prev_hash = entry["hash"]
        yield COLLECTION, InsertOne(entry)
