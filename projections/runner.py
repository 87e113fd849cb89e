"""The projector: follows the notification log and applies projections, exactly once.

Each batch of events is applied in one MongoDB transaction together with each projection's
tracking position (projections/commit.py), so an event takes effect once; a second projector on
the same projection makes one of the two transactions fail and retry from the new position
instead of applying anything twice. A rebuild's lease pauses live projectors while it swaps its
collections in (projections/rebuild.py).

One postmortem never stops the others: an event a projection cannot apply for a reason a
retry will not fix parks that postmortem for that projection (projections/parks.py), and the
batch commits without its writes. Failures of the moment (MongoDB away, timeouts, conflicts)
retry the whole batch with backoff (projections/faults.py).

A batch costs four round trips: the read of the tracking documents (leases, parks, other
projectors), one `bulkWrite` across every collection (MongoDB 8.0+), the tracking update, and
the commit.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

import pymongo
from eventsourcing.persistence import ApplicationRecorder, InfrastructureFactory
from pymongo import MongoClient
from pymongo.database import Database
from pymongo.errors import PyMongoError

from projections.base import Projection
from projections.batches import MONGODB_MAX_DOCUMENT_BYTES, EventReader, Target, project_batch
from projections.cleanup import remove_abandoned_rebuilds
from projections.commit import Committer, TrackingConflict
from projections.faults import Poison, PoisonedWrite, describe, is_write_conflict
from projections.parks import Park, load_parks
from projections.tracking import TRACKING_COLLECTION, lease_active
from projections.workers import WorkerSession
from service.application.postmortems import PostmortemApplication
from service.domain.document import Document

log = logging.getLogger(__name__)
MAX_BACKOFF = 5.0  # seconds between retries while MongoDB is away
SWEEP_INTERVAL = 30.0  # seconds between looks for what dead rebuilds left (projections/cleanup.py)
SWEEP_GRACE = 120.0  # seconds past a rebuild's registration before a periodic sweep drops it
MAX_POISONS_PER_BATCH = 50  # then the batch fails and is retried (something else is wrong)

__all__ = ["Projector", "TrackingConflict", "wait_until_idle"]

ParksListener = Callable[[Mapping[str, Mapping[str, Park]], Mapping[str, Document]], None]


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
        max_document_bytes: int = MONGODB_MAX_DOCUMENT_BYTES,
    ) -> None:
        self.app = app
        # Its own connections to the event store: reading the log does not queue behind the
        # commands' writes for the application's connection pool.
        self._reader_factory = InfrastructureFactory.construct(app.env) if own_reader else None
        reader: ApplicationRecorder = (
            self._reader_factory.application_recorder()
            if self._reader_factory is not None
            else app.recorder
        )
        self.client = client
        self.db: Database[Document] = client[database]
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.collection_suffix = collection_suffix
        # Fold each document's writes within a batch (projections.coalesce): right for a
        # rebuild into fresh collections, wrong for live ones whose change streams show every
        # version.
        self.coalesce = coalesce
        # Without a transaction a crash can leave half a batch applied: acceptable only for
        # a rebuild's private collections, which are thrown away unless the rebuild completes.
        self.transactional = transactional
        self.max_document_bytes = max_document_bytes
        self.targets = [
            Target(
                projection=p,
                names={c: c + collection_suffix for c in p.collections},
                tracking_id=p.name + collection_suffix,
            )
            for p in projections
        ]
        self.events = EventReader(app, reader)
        self._worker = WorkerSession(client, self.db)
        self.committer = Committer(client, self.db, self._worker, transactional=transactional)
        # Poisons known before they are met (a rebuild that starts again after one).
        self.known_poisons: list[Poison] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._loaded = False
        self._told: tuple[object, ...] | None = None
        self.last_error: str | None = None
        self._committed_listeners: list[Callable[[Mapping[str, int]], None]] = []
        self._failed_listeners: list[Callable[[], None]] = []
        self._applied_listeners: list[Callable[[Sequence[datetime]], None]] = []
        self._parks_listeners: list[ParksListener] = []

    # Lifecycle

    def start(self) -> None:
        """Runs the projector on a background thread until `stop()`."""
        self._thread = threading.Thread(target=self.run_forever, name="projector", daemon=True)
        self._thread.start()

    def request_stop(self) -> None:
        """Asks the projector to stop after its current batch (safe from a signal handler)."""
        self._stop.set()
        self._wake.set()

    def stop(self) -> None:
        """Stops the background thread (after its current batch) and closes."""
        self.request_stop()
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

    def on_parks(self, listener: ParksListener) -> None:
        """Registers a callable told the parks (by tracking id, then postmortem id) and the
        halted projections whenever they change, and once when the projector loads."""
        self._parks_listeners.append(listener)

    def wake(self, _position: int | None = None) -> None:
        """Tells the projector that new events may be waiting."""
        self._wake.set()

    def run_forever(self) -> None:
        """Processes batches until stopped; retries with backoff while MongoDB is away."""
        next_sweep = 0.0
        backoff = self.poll_interval
        while not self._stop.is_set():
            if not self.collection_suffix and time.monotonic() >= next_sweep:
                # At start, then every SWEEP_INTERVAL (with a grace): also a rebuild killed
                # while we run, and writes of a killed one that reached the server late.
                grace = SWEEP_GRACE if next_sweep else 0.0
                next_sweep = time.monotonic() + SWEEP_INTERVAL
                with contextlib.suppress(PyMongoError):
                    remove_abandoned_rebuilds(self.db, grace)
            try:
                processed = self.run_once()
                self.last_error = None
                backoff = self.poll_interval
                self._clear_errors()
            except Exception as error:
                self.last_error = describe(error)
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

    # Batches

    def ensure_indexes(self) -> None:
        """Creates every projection's indexes, and those of the parks (idempotent)."""
        from projections.parks import PARK_INDEXES, PARKS_COLLECTION

        self.db[PARKS_COLLECTION].create_indexes(PARK_INDEXES)
        for target in self.targets:
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
            self.forget()
            raise

    def _run_batch(self, stop: int | None) -> int:
        # Every batch: a live projector must see a rebuild's lease before it writes again,
        # since a transaction still writing to a collection blocks the rebuild's rename.
        self.refresh()
        active = [t for t in self.targets if t.running]
        if not active:
            return 0
        positions = {t.tracking_id: t.position for t in active}
        events = self.events.read(min(positions.values()), self.batch_size, stop)
        if events is None:
            return 0
        poisons = known_in(self.known_poisons, positions, events.end)
        while True:
            writes = project_batch(
                active, events, positions, poisons, max_document_bytes=self.max_document_bytes
            )
            if self.coalesce:
                writes.coalesce()
            try:
                self.committer.commit(active, writes, events.end, poisons)
                break
            except PoisonedWrite as failure:
                # The transaction was aborted: commit again without that postmortem's writes
                # (parking it), from the projections' state as MongoDB has it.
                if len(poisons) >= MAX_POISONS_PER_BATCH or failure.poison in poisons:
                    raise
                log.warning("parking: %s", failure)
                poisons.append(failure.poison)
                self._reload(active)
        self._tell_parks()  # first: a waiter woken by the positions then knows the parks
        self._tell_positions()
        for listener in self._applied_listeners:
            listener(events.recorded_at)
        return events.read

    def catch_up(self, stop: int | None = None) -> int:
        """Processes batches until the projections reach `stop` (default: the head)."""
        total = 0
        while processed := self.run_once(stop):
            total += processed
        return total

    def positions(self) -> dict[str, int]:
        """Returns each projection's tracking position as this projector knows it."""
        return {t.tracking_id: t.position for t in self.targets}

    def paused(self) -> list[str]:
        """Returns the projections this projector is leaving alone (a rebuild holds them)."""
        return [t.tracking_id for t in self.targets if t.leased]

    def halted(self) -> dict[str, Document]:
        """Returns the projections stopped at a poison, with where and why."""
        return {t.tracking_id: t.halted for t in self.targets if t.halted is not None}

    # Internals

    def refresh(self) -> None:
        """Reads the tracking documents: positions moved by others reload, leases pause,
        parks and halts are taken up."""
        ids = [t.tracking_id for t in self.targets]
        docs = {d["_id"]: d for d in self.db[TRACKING_COLLECTION].find({"_id": {"$in": ids}})}
        now = datetime.now(UTC)
        reload_parks = []
        for target in self.targets:
            doc = docs.get(target.tracking_id) or {}
            position = int(doc.get("position", 0))
            epoch = doc.get("parks_epoch")
            moved = position != target.position or epoch != target.epoch
            if not self._loaded or moved:
                target.position = position
                target.projection.reset(self.db, target.names)
            if not self._loaded or epoch != target.epoch:
                reload_parks.append(target)
            target.epoch = epoch
            target.leased = lease_active(doc, now)
            target.halted = doc.get("halted")
            target.failing = doc.get("last_error") is not None
        if reload_parks:
            parks = load_parks(self.db, [t.tracking_id for t in reload_parks])
            for target in reload_parks:
                target.parked = dict(parks.get(target.tracking_id, {}))
        self._loaded = True
        self._tell_parks()
        self._tell_positions()

    def _reload(self, targets: Sequence[Target]) -> None:
        """Reloads the projections' carried state after an aborted transaction."""
        for target in targets:
            target.projection.reset(self.db, target.names)

    def forget(self) -> None:
        """Drops what is held in memory (after a failed batch, whose changes are void)."""
        self.events.cache.clear()
        self._worker.reset()
        self._loaded = False

    def _tell_positions(self) -> None:
        positions = self.positions()
        for listener in self._committed_listeners:
            listener(positions)

    def _tell_parks(self) -> None:
        state = tuple((t.tracking_id, t.epoch, t.halted is None) for t in self.targets)
        if state == self._told or not self._parks_listeners:
            return
        self._told = state
        parks = {t.tracking_id: dict(t.parked) for t in self.targets}
        for listener in self._parks_listeners:
            listener(parks, self.halted())

    def _clear_errors(self) -> None:
        """Clears the failure a batch recorded (this projector's, or another's) once a batch
        succeeded, also one with nothing to apply (events a peer applied meanwhile): status
        then no longer reports an error of the past. A halted projection keeps its error."""
        failing = [t.tracking_id for t in self.targets if t.failing and t.halted is None]
        if not failing:
            return
        with contextlib.suppress(PyMongoError), pymongo.timeout(1.0):
            self.db[TRACKING_COLLECTION].update_many(
                {"_id": {"$in": failing}, "halted": None}, {"$set": {"last_error": None}}
            )
            for target in self.targets:
                target.failing = target.failing and target.tracking_id not in failing

    def _record_error(self, message: str) -> None:
        """Stores the last error in the tracking documents (best effort: MongoDB may be away)."""
        # Bounded: a transaction left open by a dead projector would block this write.
        with contextlib.suppress(PyMongoError), pymongo.timeout(1.0):
            self.db[TRACKING_COLLECTION].update_many(
                {"_id": {"$in": [t.tracking_id for t in self.targets]}},
                {"$set": {"last_error": message, "last_error_at": datetime.now(UTC)}},
            )


def known_in(known: Sequence[Poison], positions: Mapping[str, int], end: int) -> list[Poison]:
    """Returns the known poisons a batch up to `end` meets (each is met in one batch only)."""
    return [
        p
        for p in known
        if p.tracking_id in positions and positions[p.tracking_id] < p.position <= end
    ]


def wait_until_idle(projector: Projector, timeout: float = 10.0) -> None:
    """Blocks until the projector has caught up with the head of the log (for tests/tools)."""
    deadline = time.monotonic() + timeout
    head = projector.app.head_position()
    while min(projector.positions().values(), default=0) < head:
        if time.monotonic() > deadline:
            raise TimeoutError(f"projections did not reach {head}: {projector.positions()}")
        time.sleep(0.02)
