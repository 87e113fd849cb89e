"""The projector: follows the notification log and applies projections, exactly once.

Each batch of events is applied in one MongoDB transaction together with each projection's
tracking position. The tracking update is conditional on the position the batch started from,
so a second projector working on the same projection makes one of the two transactions fail
(and retry from the new position) instead of applying anything twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from pymongo import MongoClient
from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError, PyMongoError

from projections.aggregates import AggregateCache
from projections.base import Change, Document, Projection, WriteOp
from projections.tracking import TRACKING_COLLECTION
from service.application.postmortems import PostmortemApplication
from service.domain import PostmortemEvent

log = logging.getLogger(__name__)


class TrackingConflict(RuntimeError):
    """Another projector advanced the same projection first."""


@dataclass
class _Target:
    projection: Projection
    names: dict[str, str]  # logical collection name -> physical collection name
    tracking_id: str
    position: int = 0


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
    ) -> None:
        self.app = app
        self.client = client
        self.db: Database[Document] = client[database]
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self._targets = [
            _Target(
                projection=p,
                names={c: c + collection_suffix for c in p.collections},
                tracking_id=p.name + collection_suffix,
            )
            for p in projections
        ]
        self._cache = AggregateCache(app)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._loaded = False
        self.last_error: str | None = None

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
            except (PyMongoError, TrackingConflict) as error:
                self.last_error = f"{type(error).__name__}: {error}"
                log.warning("projection batch failed, retrying: %s", self.last_error)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)
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

    def run_once(self) -> int:
        """Applies the next batch of events; returns how many events it read.

        On any failure the in-memory state is dropped, so the next call starts again from
        the positions recorded in MongoDB.
        """
        try:
            return self._run_batch()
        except BaseException:
            self._forget()
            raise

    def _run_batch(self) -> int:
        if not self._loaded:
            self._load()
        start = min(t.position for t in self._targets)
        notifications = self.app.recorder.select_notifications(
            start=start, limit=self.batch_size, inclusive_of_start=False
        )
        if not notifications:
            return 0
        writes: dict[str, list[WriteOp]] = defaultdict(list)
        for notification in notifications:
            event = self.app.mapper.to_domain_event(notification)
            if not isinstance(event, PostmortemEvent):
                continue
            change = self._change(notification.id, event, notification.topic, notification.state)
            for target in self._targets:
                if notification.id > target.position:
                    for logical, op in target.projection.project(change):
                        writes[target.names[logical]].append(op)
        self._commit(writes, notifications[-1].id)
        return len(notifications)

    def catch_up(self) -> int:
        """Processes batches until the projections reach the head of the log."""
        total = 0
        while processed := self.run_once():
            total += processed
        return total

    def positions(self) -> dict[str, int]:
        """Returns each projection's tracking position as this projector knows it."""
        return {t.tracking_id: t.position for t in self._targets}

    # Internals

    def _change(
        self, position: int, event: PostmortemEvent, topic: str, stored_state: bytes
    ) -> Change:
        before, after = self._cache.advance(event)
        state = {
            k: v
            for k, v in event.__dict__.items()
            if k not in {"originator_id", "originator_version", "timestamp"}
        }
        return Change(
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
        )

    def _load(self) -> None:
        tracking = self.db[TRACKING_COLLECTION]
        for target in self._targets:
            doc = tracking.find_one({"_id": target.tracking_id})
            target.position = int(doc["position"]) if doc else 0
            target.projection.reset(self.db, target.names)
        self._loaded = True

    def _forget(self) -> None:
        self._cache.clear()
        self._loaded = False

    def _commit(self, writes: Mapping[str, list[WriteOp]], end: int) -> None:
        with self.client.start_session() as session:
            try:
                with session.start_transaction():
                    for collection, ops in writes.items():
                        if ops:
                            self.db[collection].bulk_write(ops, ordered=True, session=session)
                    for target in self._targets:
                        if end > target.position:
                            self._advance(target, end, session)
            except DuplicateKeyError as error:
                raise TrackingConflict(str(error)) from error
        for target in self._targets:
            target.position = max(target.position, end)

    def _advance(self, target: _Target, end: int, session: ClientSession) -> None:
        tracking = self.db[TRACKING_COLLECTION]
        now = datetime.now(UTC)
        if target.position == 0:
            tracking.insert_one(
                {"_id": target.tracking_id, "position": end, "updated_at": now}, session=session
            )
            return
        result = tracking.update_one(
            {"_id": target.tracking_id, "position": target.position},
            {"$set": {"position": end, "updated_at": now}},
            session=session,
        )
        if result.matched_count != 1:
            raise TrackingConflict(f"{target.tracking_id} moved past {target.position}")


def wait_until_idle(projector: Projector, timeout: float = 10.0) -> None:
    """Blocks until the projector has caught up with the head of the log (for tests/tools)."""
    deadline = time.monotonic() + timeout
    head = projector.app.head_position()
    while min(projector.positions().values(), default=0) < head:
        if time.monotonic() > deadline:
            raise TimeoutError(f"projections did not reach {head}: {projector.positions()}")
        time.sleep(0.02)
