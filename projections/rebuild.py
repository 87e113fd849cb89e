"""Rebuilds read models from the event store and swaps them in while the service runs.

How nothing is lost or doubled:

1. Replay into fresh collections (`<name>__rebuild_<id>`) with their own tracking document,
   until the rebuild is within a few hundred events of the head. Live projectors go on.
2. Take the lease on each live tracking document. Live projectors' tracking updates are
   conditional on the lease being free, so from here on no live batch commits (one that was in
   flight fails on the conditional update or the write conflict, and is retried later).
3. Catch up the fresh collections with the head as it is now (renewing the lease); events
   written meanwhile are left to the live projectors, which continue from there.
4. Rename each fresh collection over the live one (`renameCollection` with `dropTarget`), then,
   in one update, set the live tracking position to the rebuild's and release the lease.
   Live projectors see the new position and continue from there.

Every projection writes whole documents by key, so even a crash between steps 4's rename and
its tracking update (after which the lease expires and the live projector re-applies events the
rebuild already applied) converges to the same documents.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pymongo import MongoClient
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError, PyMongoError

from projections.base import Projection
from projections.runner import Projector
from projections.tracking import TRACKING_COLLECTION, lease_free
from service.application.postmortems import PostmortemApplication
from service.domain.document import Document

Progress = Callable[[int, int], None]  # (position reached, head of the log)
CATCH_UP_ROUNDS = 3  # before the lease, each up to the head as it was when the round began
SETTLE_SECONDS = 0.5  # after the lease, before the swap: live batches begun earlier end


class LeaseHeld(RuntimeError):
    """Another rebuild holds the lease on a projection."""


@dataclass(frozen=True)
class RebuildResult:
    """What a rebuild did."""

    projections: tuple[str, ...]
    applied: int  # events read from the log and applied
    position: int  # the notification id the swapped-in read models are at
    seconds: float


def rebuild(
    app: PostmortemApplication,
    client: MongoClient[Document],
    database: str,
    projections: Sequence[Projection],
    *,
    batch_size: int = 5_000,
    lease_lag: int = 500,
    lease_seconds: float = 60.0,
    progress: Progress | None = None,
) -> RebuildResult:
    """Replays the whole log into fresh collections and swaps them in atomically.

    `batch_size` events go in one transaction; the lease is taken once the rebuild is within
    `lease_lag` events of the head, so live projectors pause only for that many.
    """
    started = time.perf_counter()
    holder = "rebuild-" + uuid.uuid4().hex[:12]
    suffix = "__" + holder.replace("-", "_")
    db = client[database]
    projector = Projector(
        app,
        client,
        database,
        projections,
        batch_size=batch_size,
        collection_suffix=suffix,
        coalesce=True,
        transactional=False,  # private collections: a failed rebuild is dropped, not resumed
    )
    fresh = {c: c + suffix for p in projections for c in p.collections}
    live_ids = [p.name for p in projections]
    leased: list[str] = []
    swapped = False
    applied = 0

    def report() -> None:
        if progress is not None:
            progress(_position(projector), app.head_position())

    try:
        for name in fresh.values():
            db.create_collection(name)
        # 1. Bulk of the log in big batches, live projectors untouched. Each round catches up
        # with the head as it was when the round began, so a fast writer cannot keep it going.
        for _ in range(CATCH_UP_ROUNDS):
            head = app.head_position()
            if head - _position(projector) <= lease_lag:
                break
            applied += _catch_up(projector, head, report)
        # Indexes are built afterwards: once over the data is cheaper than on every write.
        projector.ensure_indexes()
        projector.batch_size = min(batch_size, lease_lag)
        # 2. Lease. 3. The rest of the log, up to the head as it is now: the live projectors
        # will continue from there.
        for tracking_id in live_ids:
            _acquire(db, tracking_id, holder, lease_seconds)
            leased.append(tracking_id)
        head = app.head_position()

        def renew_and_report() -> None:
            _renew(db, leased, holder, lease_seconds)
            report()

        applied += _catch_up(projector, head, renew_and_report)
        position = _position(projector)
        projector.close()  # no session of ours may hold the fresh collections during the swap
        # A live projector's batch begun before the lease fails at its tracking update and
        # pauses; let any such transaction end before renaming over its collections
        # (SecantusDB can deadlock a rename against a transaction still writing).
        time.sleep(SETTLE_SECONDS)
        # 4. Swap, then move the live position and release in one update.
        for logical, physical in fresh.items():
            client.admin.command(
                "renameCollection",
                f"{database}.{physical}",
                to=f"{database}.{logical}",
                dropTarget=True,
            )
        swapped = True
        now = datetime.now(UTC)
        db[TRACKING_COLLECTION].update_many(
            {"_id": {"$in": leased}, "lease.holder": holder},
            {
                "$set": {"position": position, "updated_at": now, "last_error": None},
                "$unset": {"lease": ""},
            },
        )
        leased.clear()
        report()
    finally:
        _clean_up(db, projector, fresh, leased, holder, swapped)
    return RebuildResult(
        projections=tuple(live_ids),
        applied=applied,
        position=position,
        seconds=time.perf_counter() - started,
    )


def _position(projector: Projector) -> int:
    return min(projector.positions().values(), default=0)


def _catch_up(projector: Projector, stop: int, after_batch: Callable[[], None]) -> int:
    """Applies batches up to `stop`; returns how many events were read."""
    if _position(projector) >= stop:
        return 0
    return projector.catch_up_pipelined(stop, after_batch)


def _acquire(db: Database[Document], tracking_id: str, holder: str, seconds: float) -> None:
    """Takes the lease on a live projection (creating its tracking document if need be)."""
    now = datetime.now(UTC)
    lease = {"holder": holder, "acquired_at": now, "expires_at": now + timedelta(seconds=seconds)}
    try:
        db[TRACKING_COLLECTION].update_one(
            {"_id": tracking_id, **lease_free(now)},
            {"$set": {"lease": lease}, "$setOnInsert": {"position": 0, "updated_at": now}},
            upsert=True,
        )
    except DuplicateKeyError:
        raise LeaseHeld(f"another rebuild holds the lease on {tracking_id}") from None


def _renew(db: Database[Document], tracking_ids: list[str], holder: str, seconds: float) -> None:
    expires_at = datetime.now(UTC) + timedelta(seconds=seconds)
    db[TRACKING_COLLECTION].update_many(
        {"_id": {"$in": tracking_ids}, "lease.holder": holder},
        {"$set": {"lease.expires_at": expires_at}},
    )


def _clean_up(
    db: Database[Document],
    projector: Projector,
    fresh: dict[str, str],
    leased: list[str],
    holder: str,
    swapped: bool,
) -> None:
    """Releases leases still held and drops what the rebuild leaves behind (best effort)."""
    projector.close()
    try:
        if leased:
            db[TRACKING_COLLECTION].update_many(
                {"_id": {"$in": leased}, "lease.holder": holder}, {"$unset": {"lease": ""}}
            )
        db[TRACKING_COLLECTION].delete_many({"_id": {"$in": list(projector.positions())}})
        if not swapped:
            for name in fresh.values():
                db.drop_collection(name)
    except PyMongoError:
        pass
