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

Parks: the replay parks what it cannot apply, like a live projector; at the swap the live parks
of the rebuilt projections are replaced by the replay's, so a rebuild clears the parks that now
succeed. A write MongoDB refuses may have left part of a (transaction-less) batch written, so
the rebuild then starts again from scratch knowing that poison. A rebuild registers itself
(projections/cleanup.py) so that the next rebuild or projector start removes what a killed one
left behind.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from pymongo import MongoClient
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError, PyMongoError

from projections.base import Projection
from projections.batches import MONGODB_MAX_DOCUMENT_BYTES
from projections.cleanup import rebuild_suffix, register, remove_abandoned_rebuilds, unregister
from projections.faults import Poison, PoisonedWrite
from projections.parks import PARKS_COLLECTION, park_key
from projections.pipeline import catch_up_pipelined
from projections.rebuild_claims import LeaseHeld, claim, release, renew
from projections.runner import Projector
from projections.tracking import TRACKING_COLLECTION, lease_free
from service.application.postmortems import PostmortemApplication
from service.domain.document import Document

Progress = Callable[[int, int], None]  # (position reached, head of the log)
CATCH_UP_ROUNDS = 3  # before the lease, each up to the head as it was when the round began
SETTLE_SECONDS = 0.5  # after the lease, before the swap: live batches begun earlier end
MAX_RESTARTS = 10  # a refused write makes the replay start again (one per poison)


__all__ = ["LeaseHeld", "RebuildResult", "rebuild"]


@dataclass(frozen=True)
class RebuildResult:
    """What a rebuild did."""

    projections: tuple[str, ...]
    applied: int  # events read from the log and applied
    position: int  # the notification id the swapped-in read models are at (the lowest)
    seconds: float
    parked: int = 0  # postmortems the rebuilt projections could not apply (parked)
    halted: tuple[str, ...] = ()  # projections that stopped at an event they cannot apply


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
    max_document_bytes: int = MONGODB_MAX_DOCUMENT_BYTES,
) -> RebuildResult:
    """Replays the whole log into fresh collections and swaps them in atomically.

    `batch_size` events go in one transaction; the lease is taken once the rebuild is within
    `lease_lag` events of the head, so live projectors pause only for that many. Collections
    of rebuilds that died are removed first.

    Raises LeaseHeld, having changed nothing, while another rebuild of one of `projections`
    runs (projections/rebuild_claims.py).
    """
    started = time.perf_counter()
    db = client[database]
    owner = "rebuild-" + uuid.uuid4().hex[:12]
    claim(db, [p.name for p in projections], owner, lease_seconds)
    try:
        with contextlib.suppress(PyMongoError):
            remove_abandoned_rebuilds(db)
        known: list[Poison] = []  # by live tracking id
        for _ in range(MAX_RESTARTS):
            try:
                return _rebuild_once(
                    app, client, database, projections, known, owner,
                    batch_size=batch_size, lease_lag=lease_lag, lease_seconds=lease_seconds,
                    progress=progress, max_document_bytes=max_document_bytes, started=started,
                )  # fmt: skip
            except PoisonedWrite as failure:
                tracking_id = failure.poison.tracking_id.split("__")[0]
                live = replace(failure.poison, tracking_id=tracking_id)
                if live in known:
                    raise
                known.append(live)
        raise RuntimeError(f"the rebuild met more than {MAX_RESTARTS} refused writes: {known}")
    finally:
        with contextlib.suppress(PyMongoError):
            release(db, owner)


def _rebuild_once(
    app: PostmortemApplication,
    client: MongoClient[Document],
    database: str,
    projections: Sequence[Projection],
    known: Sequence[Poison],
    owner: str,
    *,
    batch_size: int,
    lease_lag: int,
    lease_seconds: float,
    progress: Progress | None,
    max_document_bytes: int,
    started: float,
) -> RebuildResult:
    holder = "rebuild-" + uuid.uuid4().hex[:12]
    suffix = rebuild_suffix(holder)
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
        max_document_bytes=max_document_bytes,
    )
    projector.known_poisons = [replace(p, tracking_id=p.tracking_id + suffix) for p in known]
    fresh = {c: c + suffix for p in projections for c in p.collections}
    live_ids = [p.name for p in projections]
    leased: list[str] = []
    swapped = False
    applied = 0
    renewed = time.monotonic()

    def report() -> None:
        nonlocal renewed
        if time.monotonic() - renewed > lease_seconds / 3:
            register(db, holder, lease_seconds)  # so that no cleanup takes us for dead
            renew(db, owner, lease_seconds)  # so that no other rebuild starts
            renewed = time.monotonic()
        if progress is not None:
            progress(_position(projector), app.head_position())

    register(db, holder, lease_seconds)
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
        projector.close()  # no session of ours may hold the fresh collections during the swap
        # A live projector's batch begun before the lease fails at its tracking update and
        # pauses; let any such transaction end before renaming over its collections
        # (SecantusDB can deadlock a rename against a transaction still writing).
        time.sleep(SETTLE_SECONDS)
        # 4. Swap, then the parks, then move the live positions and release.
        for logical, physical in fresh.items():
            client.admin.command(
                "renameCollection",
                f"{database}.{physical}",
                to=f"{database}.{logical}",
                dropTarget=True,
            )
        swapped = True
        parked, halted = _take_over(db, live_ids, suffix, holder)
        leased.clear()
        report()
    finally:
        _clean_up(db, projector, fresh, leased, holder, swapped)
    return RebuildResult(
        projections=tuple(live_ids),
        applied=applied,
        position=_position(projector),
        seconds=time.perf_counter() - started,
        parked=parked,
        halted=halted,
    )


def _take_over(
    db: Database[Document], live_ids: list[str], suffix: str, holder: str
) -> tuple[int, tuple[str, ...]]:
    """Moves the replay's parks, halts and positions to the live projections and releases
    the lease; returns how many postmortems stay parked and which projections halted."""
    fresh_ids = [name + suffix for name in live_ids]
    fresh = {d["_id"]: d for d in db[TRACKING_COLLECTION].find({"_id": {"$in": fresh_ids}})}
    parks = list(db[PARKS_COLLECTION].find({"tracking_id": {"$in": fresh_ids}}))
    db[PARKS_COLLECTION].delete_many({"tracking_id": {"$in": live_ids}})
    counts = dict.fromkeys(live_ids, 0)
    for doc in parks:
        live = str(doc["tracking_id"])[: -len(suffix)]
        counts[live] += 1
        doc.update(_id=park_key(live, str(doc["postmortem_id"])), tracking_id=live)
        db[PARKS_COLLECTION].replace_one({"_id": doc["_id"]}, doc, upsert=True)
    now = datetime.now(UTC)
    for live in live_ids:
        state = fresh.get(live + suffix) or {}
        db[TRACKING_COLLECTION].update_one(
            {"_id": live, "lease.holder": holder},
            {
                "$set": {
                    "position": int(state.get("position", 0)),
                    "updated_at": now,
                    "last_error": None,
                    "parked": counts[live],
                    "halted": state.get("halted"),
                },
                "$inc": {"parks_epoch": 1},
                "$unset": {"lease": ""},
            },
        )
    halted = tuple(name for name in live_ids if (fresh.get(name + suffix) or {}).get("halted"))
    return sum(counts.values()), halted


def _position(projector: Projector) -> int:
    """Returns the lowest position of the projections the replay still applies."""
    running = [t.position for t in projector.targets if t.halted is None]
    return min(running or projector.positions().values(), default=0)


def _catch_up(projector: Projector, stop: int, after_batch: Callable[[], None]) -> int:
    """Applies batches up to `stop`; returns how many events were read."""
    if all(t.position >= stop or t.halted for t in projector.targets):
        return 0
    return catch_up_pipelined(projector, stop, after_batch)


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
        db[PARKS_COLLECTION].delete_many({"tracking_id": {"$in": list(projector.positions())}})
        unregister(db, holder)
        if not swapped:
            for name in fresh.values():
                db.drop_collection(name)
    except PyMongoError:
        pass
