"""Commits a batch: its writes, its new parks and the tracking positions, in one transaction.

The tracking update is conditional on the position the batch started from, on the parks it
was prepared with (`parks_epoch`) and on nobody else holding the projection's lease, so a
second projector, a retry or a rebuild makes one of the two transactions fail (and the batch
retry from what is recorded) instead of applying anything twice or skipping an event.

A write MongoDB refuses for good (a document too large, a validation failure) is traced back to
the event it was for and raised as `PoisonedWrite`: the projector then commits the batch again
without that postmortem's writes and parks it, in the same transaction.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import bson
from bson.errors import InvalidDocument
from pymongo import MongoClient
from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import ClientBulkWriteException, DocumentTooLarge, DuplicateKeyError

from projections.base import WriteOp
from projections.batches import MONGODB_MAX_DOCUMENT_BYTES, Source, Target, Writes
from projections.faults import (
    DUPLICATE_KEY,
    TRANSIENT_CODES,
    Poison,
    PoisonedWrite,
    describe,
    write_error_of,
)
from projections.parks import PARKS_COLLECTION, Park, new_park, skip_update
from projections.tracking import TRACKING_COLLECTION, lease_free
from projections.workers import WorkerSession
from service.domain.document import Document


class TrackingConflict(RuntimeError):
    """Another projector (or a retry, or a rebuild) moved the same projection first."""


def addressed(database: str, writes: Writes) -> tuple[list[WriteOp], list[Source | None]]:
    """Returns the writes as one list for a client-level bulk write (each addressed to its
    collection), and the source of each."""
    ops: list[WriteOp] = []
    sources: list[Source | None] = []
    for collection, pairs in writes.ops.items():
        namespace = f"{database}.{collection}"
        for op, source in pairs:
            copied = copy.copy(op)
            copied._namespace = namespace
            ops.append(copied)
            sources.append(source)
    return ops, sources


def epoch_is(epoch: int | None) -> Document:
    """Returns the condition that a tracking document's `parks_epoch` is still `epoch` (None:
    never set; an upsert then leaves the field out rather than storing null)."""
    return {"parks_epoch": {"$exists": False}} if epoch is None else {"parks_epoch": epoch}


def halt_document(poison: Poison) -> Document:
    """Returns the `halted` field of a tracking document for a poison that halts."""
    return {
        "position": poison.position,
        "postmortem_id": poison.postmortem_id,
        "version": poison.version,
        "event_type": poison.event_type,
        "error": poison.error,
        "at": datetime.now(UTC),
    }


class Committer:
    """Writes batches for one projector."""

    def __init__(
        self,
        client: MongoClient[Document],
        db: Database[Document],
        worker: WorkerSession,
        *,
        transactional: bool = True,
    ) -> None:
        self.client = client
        self.db = db
        self.worker = worker
        self.transactional = transactional

    def commit(
        self, active: Sequence[Target], writes: Writes, end: int, poisons: Sequence[Poison]
    ) -> None:
        """Applies the writes and moves the targets to `end` (a halted target stays where it
        was); records new parks. Raises TrackingConflict, PoisonedWrite, or what MongoDB
        raised (retry later)."""
        ops, sources = self._operations(active, writes, poisons)
        try:
            if not self.transactional:
                self._bulk_write(ops, None)
                self._advance(active, end, poisons, None)
            else:
                session = self.worker.session()
                with session.start_transaction():
                    self._bulk_write(ops, session)
                    self._advance(active, end, poisons, session)
        except DuplicateKeyError as error:
            raise TrackingConflict(str(error)) from error
        except ClientBulkWriteException as error:
            raise self._traced(error, active, ops, sources) from error
        except (DocumentTooLarge, InvalidDocument) as error:
            raise self._unencodable(error, active, ops, sources) from error
        self._remember(active, end, poisons)

    # Building the writes

    def _operations(
        self, active: Sequence[Target], writes: Writes, poisons: Sequence[Poison]
    ) -> tuple[list[WriteOp], list[Source | None]]:
        ops, sources = addressed(self.db.name, writes)
        parks = f"{self.db.name}.{PARKS_COLLECTION}"
        running = {t.tracking_id for t in active}
        for poison in poisons:
            if poison.halts or poison.tracking_id not in running:
                continue
            later = [p for p in writes.skipped.get((poison.tracking_id, poison.postmortem_id), [])
                     if p > poison.position]  # fmt: skip
            park: WriteOp = new_park(poison, len(later), max(later, default=None))
            park._namespace = parks
            ops.append(park)
            sources.append(None)
        new = {(p.tracking_id, p.postmortem_id) for p in poisons}
        for (tracking_id, postmortem_id), positions in writes.skipped.items():
            if (tracking_id, postmortem_id) not in new and tracking_id in running:
                update = skip_update(tracking_id, postmortem_id, len(positions), max(positions))
                update._namespace = parks
                ops.append(update)
                sources.append(None)
        return ops, sources

    def _bulk_write(self, ops: list[WriteOp], session: ClientSession | None) -> None:
        """Applies every write, in order, in one client-level bulk write."""
        if ops:
            self.client.bulk_write(ops, ordered=True, session=session)

    # Tracking

    def _advance(
        self,
        active: Sequence[Target],
        end: int,
        poisons: Sequence[Poison],
        session: ClientSession | None,
    ) -> None:
        """Moves the tracking of the targets behind `end` (conditional, see module doc)."""
        now = datetime.now(UTC)
        plain: dict[tuple[int, int | None], list[str]] = defaultdict(list)
        for target in active:
            mine = [p for p in poisons if p.tracking_id == target.tracking_id]
            halt = next((p for p in mine if p.halts), None)
            update: Document
            if halt is not None:
                update = {
                    "$set": {"halted": halt_document(halt), "last_error": halt.error,
                             "last_error_at": now},
                    "$inc": {"parks_epoch": 1},
                }  # fmt: skip
            elif end > target.position:
                update = {"$set": {"position": end, "updated_at": now, "last_error": None}}
                if mine:
                    update["$inc"] = {"parked": len(mine), "parks_epoch": 1}
                elif target.position > 0:
                    plain[(target.position, target.epoch)].append(target.tracking_id)
                    continue
            else:
                continue
            self._update_one(target, update, now, session)
        update = {"$set": {"position": end, "updated_at": now, "last_error": None}}
        for (position, epoch), ids in plain.items():
            result = self.db[TRACKING_COLLECTION].update_many(
                {"_id": {"$in": ids}, "position": position, **epoch_is(epoch), **lease_free(now)},
                update,
                session=session,
            )  # fmt: skip
            if result.matched_count != len(ids):
                raise TrackingConflict(f"{', '.join(ids)}: moved past {position}, or leased")

    def _update_one(
        self, target: Target, update: Document, now: datetime, session: ClientSession | None
    ) -> None:
        """One target's conditional update; from position 0 it upserts (a concurrent insert of
        the same document fails with a duplicate key)."""
        result = self.db[TRACKING_COLLECTION].update_one(
            {"_id": target.tracking_id, "position": target.position, **epoch_is(target.epoch),
             **lease_free(now)},
            update,
            upsert=target.position == 0,
            session=session,
        )  # fmt: skip
        if result.matched_count != 1 and result.upserted_id is None:
            raise TrackingConflict(f"{target.tracking_id}: moved past {target.position}, or leased")

    def _remember(self, active: Sequence[Target], end: int, poisons: Sequence[Poison]) -> None:
        """Brings the targets in memory to what the commit recorded."""
        now = datetime.now(UTC)
        for target in active:
            mine = [p for p in poisons if p.tracking_id == target.tracking_id]
            halt = next((p for p in mine if p.halts), None)
            if mine:
                target.epoch = (target.epoch or 0) + 1
            if halt is not None:
                target.halted = halt_document(halt)
                continue
            for p in mine:
                target.parked[p.postmortem_id] = Park(
                    p.tracking_id, p.postmortem_id, p.position, p.version, p.event_type, p.error,
                    now,
                )  # fmt: skip
            target.position = max(target.position, end)

    # Tracing a refused write back to its event

    def _traced(
        self,
        error: ClientBulkWriteException,
        active: Sequence[Target],
        ops: list[WriteOp],
        sources: list[Source | None],
    ) -> Exception:
        index, code, _ = write_error_of(error)
        if code == DUPLICATE_KEY and (
            index is None or sources[index] is None or self._moved(active)
        ):
            return TrackingConflict(describe(error))
        if index is None or not 0 <= index < len(sources) or _transient_code(error):
            return error
        source = sources[index]
        if source is None:
            return error
        return PoisonedWrite(source.poison(describe(error), halts=_halts(active, source)))

    def _unencodable(
        self,
        error: Exception,
        active: Sequence[Target],
        ops: list[WriteOp],
        sources: list[Source | None],
    ) -> Exception:
        """Finds the write the driver could not encode or send (it says not which)."""
        limit = MONGODB_MAX_DOCUMENT_BYTES
        for op, source in zip(ops, sources, strict=True):
            doc: Any = getattr(op, "_doc", None)
            if source is None or not isinstance(doc, dict):
                continue
            try:
                too_large = len(bson.encode(doc)) > limit
            except InvalidDocument:
                too_large = True
            if too_large:
                return PoisonedWrite(source.poison(describe(error), halts=_halts(active, source)))
        return error

    def _moved(self, active: Sequence[Target]) -> bool:
        """Returns whether another writer moved one of the targets since the batch began."""
        ids = [t.tracking_id for t in active]
        docs = {d["_id"]: d for d in self.db[TRACKING_COLLECTION].find({"_id": {"$in": ids}})}
        return any(
            int(docs.get(t.tracking_id, {}).get("position", 0)) != t.position
            or docs.get(t.tracking_id, {}).get("parks_epoch") != t.epoch
            for t in active
        )


def _halts(active: Sequence[Target], source: Source) -> bool:
    target = next((t for t in active if t.tracking_id == source.tracking_id), None)
    return target is not None and not target.skips_postmortems


def _transient_code(error: ClientBulkWriteException) -> bool:
    _, code, _ = write_error_of(error)
    return code is None or code in TRANSIENT_CODES
