"""The projector: follows the notification log and applies projections, exactly once.

Each batch of events is applied in one MongoDB transaction together with each projection's
tracking position. The tracking update is conditional on the position the batch started from,
so a second projector working on the same projection makes one of the two transactions fail
(and retry from the new position) instead of applying anything twice. The update is also
conditional on no one else holding the projection's lease (see `projections.rebuild`), so a
rebuild can swap its collections in while live projectors wait.

A batch costs four round trips: the read of the tracking documents (leases, other projectors),
one `bulkWrite` across every collection (MongoDB 8.0+), the tracking update, and the commit.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pymongo
from eventsourcing.persistence import ApplicationRecorder, InfrastructureFactory
from pymongo import MongoClient
from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import ClientBulkWriteException, DuplicateKeyError, PyMongoError

from projections.aggregates import AggregateCache
from projections.base import ProjectedEvent, Projection, WriteOp
from projections.coalesce import coalesced
from projections.tracking import TRACKING_COLLECTION, lease_active, lease_free
from projections.workers import WorkerSession, is_write_conflict
from service.application.postmortems import PostmortemApplication
from service.domain import PostmortemEvent
from service.domain.document import Document

log = logging.getLogger(__name__)
MAX_BACKOFF = 5.0  # seconds between retries while MongoDB is away
DUPLICATE_KEY = 11000


class TrackingConflict(RuntimeError):
    """Another projector advanced the same projection first."""


@dataclass
class _Target:
    projection: Projection
    names: dict[str, str]  # logical collection name -> physical collection name
    tracking_id: str
    position: int = 0
    leased: bool = False  # someone else (a rebuild) holds the lease: make no progress


@dataclass
class _Batch:
    writes: Mapping[str, list[WriteOp]]
    end: int  # position of the last event read
    read: int  # events read (the log may hold events of no projection)
    recorded_at: list[datetime]  # when each projected event was recorded


class Projector:
    """Runs a set of projections against one MongoDB database."""

    def __init__(
        self,
        app: PostmortemApplication,
        client: MongoClient[Document],
        database: str,
        projections: Sequence[Projection],
        *,
        batch_size: int = 500,
        poll_interval: float = 0.2,
        collection_suffix: str = "",
        coalesce: bool = False,
        transactional: bool = True,
        own_reader: bool = True,
    ) -> None:
        self.app = app
        # Its own connections to the event store: reading the log does not queue behind the
        # commands' writes for the application's connection pool.
        self._reader_factory = InfrastructureFactory.construct(app.env) if own_reader else None
        self._reader: ApplicationRecorder = (
            self._reader_factory.application_recorder()
            if self._reader_factory is not None
            else app.recorder
        )
        self.client = client
        self.db: Database[Document] = client[database]
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        # Fold each document's writes within a batch (projections.coalesce): right for a
        # rebuild into fresh collections, wrong for live ones whose change streams show every
        # version.
        self.coalesce = coalesce
        # Without a transaction a crash can leave half a batch applied: acceptable only for
        # a rebuild's private collections, which are thrown away unless the rebuild completes.
        self.transactional = transactional
        self._targets = [
            _Target(
                projection=p,
                names={c: c + collection_suffix for c in p.collections},
                tracking_id=p.name + collection_suffix,
            )
            for p in projections
        ]
        self._cache = AggregateCache(app)
        self._worker = WorkerSession(client, self.db)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._loaded = False
        self.last_error: str | None = None
        self._committed_listeners: list[Callable[[Mapping[str, int]], None]] = []
        self._failed_listeners: list[Callable[[], None]] = []
        self._applied_listeners: list[Callable[[Sequence[datetime]], None]] = []

    # Lifecycle

    def start(self) -> None:
        """Runs the projector on a background thread until `stop()`."""
        self._thread = threading.Thread(target=self.run_forever, name="projector", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stops the background thread (after its current batch)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        self.close()

    def close(self) -> None:
        """Ends this projector's MongoDB session and unregisters it (best effort), and closes
        its event-store connections."""
        self._worker.close()
        if self._reader_factory is not None:
            self._reader_factory.close()
            self._reader_factory = None

    def on_committed(self, listener: Callable[[Mapping[str, int]], None]) -> None:
        """Registers a callable told the projections' positions after each commit (and load)."""
        self._committed_listeners.append(listener)

    def on_failed(self, listener: Callable[[], None]) -> None:
        """Registers a callable told when a batch fails (MongoDB away, conflicts, ...)."""
        self._failed_listeners.append(listener)

    def on_applied(self, listener: Callable[[Sequence[datetime]], None]) -> None:
        """Registers a callable told, after each commit, when its events were recorded."""
        self._applied_listeners.append(listener)

    def _tell_positions(self) -> None:
        positions = self.positions()
        for listener in self._committed_listeners:
            listener(positions)

    def wake(self, _position: int | None = None) -> None:
        """Tells the projector that new events may be waiting."""
        self._wake.set()

    def run_forever(self) -> None:
        """Processes batches until stopped; retries with backoff while MongoDB is away."""
        backoff = self.poll_interval
        while not self._stop.is_set():
            try:
                processed = self.run_once()
                self.last_error = None
                backoff = self.poll_interval
            except Exception as error:
                self.last_error = f"{type(error).__name__}: {error}"[:500]
                log.warning("projection batch failed, retrying: %s", self.last_error)
                if is_write_conflict(error):
                    # Maybe a dead projector's transaction still holds the documents.
                    with contextlib.suppress(PyMongoError):
                        self._worker.reap_stale()
                for listener in self._failed_listeners:
                    listener()
                self._record_error(self.last_error)
                self._stop.wait(backoff)
                # Conflicts clear quickly (another projector, a reaped session): retry sooner.
                backoff = min(backoff * 2, 0.5 if is_write_conflict(error) else MAX_BACKOFF)
                continue
            if processed == 0:
                self._wake.wait(self.poll_interval)
                self._wake.clear()

    # One batch

    def ensure_indexes(self) -> None:
        """Creates every projection's indexes (idempotent)."""
        for target in self._targets:
            for logical, indexes in target.projection.indexes().items():
                if indexes:
                    self.db[target.names[logical]].create_indexes(indexes)

    def run_once(self, stop: int | None = None) -> int:
        """Applies the next batch of events (none past `stop`); returns how many it read.

        On any failure the in-memory state is dropped, so the next call starts again from
        the positions recorded in MongoDB.
        """
        try:
            return self._run_batch(stop)
        except BaseException:
            self._forget()
            raise

    def _run_batch(self, stop: int | None) -> int:
        # Every batch: a live projector must see a rebuild's lease before it writes again,
        # since a transaction still writing to a collection blocks the rebuild's rename.
        self._refresh()
        active = [t for t in self._targets if not t.leased]
        if not active:
            return 0
        batch = self._prepare(active, {t.tracking_id: t.position for t in active}, stop)
        if batch is None:
            return 0
        self._commit(active, batch.writes, batch.end)
        for listener in self._applied_listeners:
            listener(batch.recorded_at)
        return batch.read

    def _prepare(
        self, active: Sequence[_Target], positions: Mapping[str, int], stop: int | None
    ) -> _Batch | None:
        """Reads the events after `positions` (none past `stop`) and returns their writes."""
        notifications = self._reader.select_notifications(
            start=min(positions.values()),
            limit=self.batch_size,
            stop=stop,
            inclusive_of_start=False,
        )
        if not notifications:
            return None
        writes: dict[str, list[WriteOp]] = defaultdict(list)
        recorded_at: list[datetime] = []
        for notification in notifications:
            event = self.app.mapper.to_domain_event(notification)
            if not isinstance(event, PostmortemEvent):
                continue
            recorded_at.append(event.timestamp)
            projected = self._projected(
                notification.id, event, notification.topic, notification.state
            )
            for target in active:
                if notification.id > positions[target.tracking_id]:
                    for logical, op in target.projection.project(projected):
                        writes[target.names[logical]].append(op)
        if self.coalesce:
            writes = {name: coalesced(ops) for name, ops in writes.items()}
        return _Batch(writes, notifications[-1].id, len(notifications), recorded_at)

    def catch_up_pipelined(self, stop: int, after_batch: Callable[[], None]) -> int:
        """Applies batches up to `stop`, preparing each while the one before is written (the
        client's work overlaps the server's); returns how many events it read.

        Only without transactions (a rebuild into its private collections): a failure can
        leave written batches behind the recorded position, which only a replay that starts
        afresh tolerates. `after_batch` is called after each batch is written.
        """
        if self.transactional:
            raise ValueError("pipelined catch-up is for non-transactional projectors only")
        if not self._loaded:
            self._refresh()
        active = [t for t in self._targets if not t.leased]
        positions = {t.tracking_id: t.position for t in active}
        pending: queue.Queue[_Batch | None] = queue.Queue(maxsize=2)
        failures: list[BaseException] = []

        def write() -> None:
            while (batch := pending.get()) is not None:
                if failures:
                    continue  # drain, so the preparing side never blocks
                try:
                    self._commit(active, batch.writes, batch.end)
                    after_batch()
                except BaseException as error:  # handed to the preparing thread
                    failures.append(error)

        writer = threading.Thread(target=write, name="projector-writer", daemon=True)
        writer.start()
        read = 0
        try:
            while active and not failures and min(positions.values()) < stop:
                batch = self._prepare(active, positions, stop)
                if batch is None:
                    break
                positions = {name: max(p, batch.end) for name, p in positions.items()}
                pending.put(batch)
                read += batch.read
        except BaseException:
            failures.append(RuntimeError("preparing a batch failed"))
            raise
        finally:
            pending.put(None)
            writer.join()
            if failures:
                self._forget()
        if failures:
            raise failures[0]
        return read

    def catch_up(self, stop: int | None = None) -> int:
        """Processes batches until the projections reach `stop` (default: the head)."""
        total = 0
        while processed := self.run_once(stop):
            total += processed
        return total

    def positions(self) -> dict[str, int]:
        """Returns each projection's tracking position as this projector knows it."""
        return {t.tracking_id: t.position for t in self._targets}

    def paused(self) -> list[str]:
        """Returns the projections this projector is leaving alone (a rebuild holds them)."""
        return [t.tracking_id for t in self._targets if t.leased]

    # Internals

    def _projected(
        self, position: int, event: PostmortemEvent, topic: str, stored_state: bytes
    ) -> ProjectedEvent:
        before, after = self._cache.advance(event)
        state = {
            k: v
            for k, v in event.__dict__.items()
            if k not in {"originator_id", "originator_version", "timestamp"}
        }
        return ProjectedEvent(
            position=position,
            event_type=type(event).__name__,
            postmortem_id=str(event.originator_id),
            version=event.originator_version,
            at=event.timestamp,
            actor_id=event.actor_id,
            actor_roles=tuple(event.actor_roles),
            correlation_id=event.correlation_id,
            reason=event.reason,
            event_state=state,
            before=before,
            after=after,
            topic=topic,
            stored_state=stored_state,
            occurred_at=event.occurred_at,
            backfilled_by=event.backfilled_by,
        )

    def _refresh(self) -> None:
        """Reads the tracking documents: positions moved by others reload, leases pause."""
        ids = [t.tracking_id for t in self._targets]
        docs = {d["_id"]: d for d in self.db[TRACKING_COLLECTION].find({"_id": {"$in": ids}})}
        now = datetime.now(UTC)
        for target in self._targets:
            doc = docs.get(target.tracking_id)
            position = int(doc.get("position", 0)) if doc else 0
            if not self._loaded or position != target.position:
                target.position = position
                target.projection.reset(self.db, target.names)
            target.leased = lease_active(doc, now)
        self._loaded = True
        self._tell_positions()

    def _forget(self) -> None:
        self._cache.clear()
        self._worker.reset()
        self._loaded = False

    def _commit(
        self, active: Sequence[_Target], writes: Mapping[str, list[WriteOp]], end: int
    ) -> None:
        behind = [t for t in active if end > t.position]
        by_position: dict[int, list[_Target]] = defaultdict(list)
        for target in behind:
            by_position[target.position].append(target)
        try:
            if not self.transactional:
                self._write(writes, None)
                self._advance_all(by_position, end, None)
            else:
                session = self._worker.session()
                with session.start_transaction():
                    self._write(writes, session)
                    self._advance_all(by_position, end, session)
        except DuplicateKeyError as error:
            raise TrackingConflict(str(error)) from error
        except ClientBulkWriteException as error:
            codes = {e.get("code") for e in error.details.get("writeErrors") or []}
            if DUPLICATE_KEY in codes:
                raise TrackingConflict(str(error)) from error
            raise
        for target in active:
            target.position = max(target.position, end)
        self._tell_positions()

    def _write(self, writes: Mapping[str, list[WriteOp]], session: ClientSession | None) -> None:
        """Applies every collection's writes, in order, in one client-level bulk write."""
        ops: list[WriteOp] = []
        for collection, collection_ops in writes.items():
            namespace = f"{self.db.name}.{collection}"
            for op in collection_ops:
                addressed = copy.copy(op)
                addressed._namespace = namespace
                ops.append(addressed)
        if ops:
            self.client.bulk_write(ops, ordered=True, session=session)

    def _advance_all(
        self, by_position: Mapping[int, list[_Target]], end: int, session: ClientSession | None
    ) -> None:
        for position, targets in by_position.items():
            self._advance(targets, position, end, session)

    def _advance(
        self, targets: list[_Target], position: int, end: int, session: ClientSession | None
    ) -> None:
        """Moves the tracking of targets that were all at `position` on to `end`.

        Conditional on that position and on nobody else holding the lease (one update for
        them all); from position 0 each upserts, and a concurrent insert of the same
        document fails with a duplicate key.
        """
        now = datetime.now(UTC)
        tracking = self.db[TRACKING_COLLECTION]
        update = {"$set": {"position": end, "updated_at": now, "last_error": None}}
        ids = [t.tracking_id for t in targets]
        if position == 0:
            for tracking_id in ids:
                tracking.update_one(
                    {"_id": tracking_id, "position": 0, **lease_free(now)},
                    update,
                    upsert=True,
                    session=session,
                )
            return
        result = tracking.update_many(
            {"_id": {"$in": ids}, "position": position, **lease_free(now)},
            update,
            session=session,
        )
        if result.matched_count != len(ids):
            raise TrackingConflict(f"{', '.join(ids)}: moved past {position}, or leased")

    def _record_error(self, message: str) -> None:
        """Stores the last error in the tracking documents (best effort: MongoDB may be away)."""
        # Bounded: a transaction left open by a dead projector would block this write.
        with contextlib.suppress(PyMongoError), pymongo.timeout(1.0):
            self.db[TRACKING_COLLECTION].update_many(
                {"_id": {"$in": [t.tracking_id for t in self._targets]}},
                {"$set": {"last_error": message, "last_error_at": datetime.now(UTC)}},
            )


def wait_until_idle(projector: Projector, timeout: float = 10.0) -> None:
    """Blocks until the projector has caught up with the head of the log (for tests/tools)."""
    deadline = time.monotonic() + timeout
    head = projector.app.head_position()
    while min(projector.positions().values(), default=0) < head:
        if time.monotonic() > deadline:
            raise TimeoutError(f"projections did not reach {head}: {projector.positions()}")
        time.sleep(0.02)
