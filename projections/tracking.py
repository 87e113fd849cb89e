"""Where projections record how far they have processed the notification log.

One document per projection in `projection_tracking`: `{_id: name, position, updated_at,
last_error, last_error_at, lease, parked, parks_epoch, halted}` (parks and halts:
projections/parks.py). A `lease` (`{holder, expires_at, acquired_at}`) is taken by
a rebuild while it swaps its fresh collections in; live projectors make no progress on a
projection whose lease is held by someone else and not expired.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

if TYPE_CHECKING:
    from projections.parks import Park

TRACKING_COLLECTION = "projection_tracking"
BACKSTOP_INTERVAL = 0.05  # seconds between polls while an in-process projector wakes waiters


def lease_free(now: datetime) -> dict[str, Any]:
    """Returns the filter matching a tracking document whose lease nobody holds right now."""
    return {"$or": [{"lease": None}, {"lease.expires_at": {"$lt": now}}]}


def lease_active(doc: dict[str, Any] | None, now: datetime) -> bool:
    """Returns whether a tracking document carries an unexpired lease."""
    lease = (doc or {}).get("lease")
    return isinstance(lease, dict) and lease["expires_at"] >= now


async def positions(db: AsyncDatabase[dict[str, Any]]) -> dict[str, int]:
    """Returns every projection's position, by tracking id."""
    return {doc["_id"]: int(doc["position"]) async for doc in db[TRACKING_COLLECTION].find({})}


@dataclass(frozen=True)
class Wait:
    """How a wait for a position ended: whether every named projection reached it (a halted
    projection never will, so it is not waited for: `halted` names it, with where and why),
    and whether any of them has parked postmortems (`parked`: then ask which)."""

    reached: bool
    halted: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    parked: bool = True


async def wait_for_position(
    db: AsyncDatabase[dict[str, Any]],
    names: Sequence[str],
    position: int,
    timeout: float,  # noqa: ASYNC109 - a deadline for polling, not for I/O
    interval: float = 0.003,
    local: LocalProgress | None = None,
) -> Wait:
    """Waits until every named projection (but halted ones) has processed `position`.

    Polls MongoDB: never longer than `timeout`, answering at once (not reached) when MongoDB
    fails so a caller can fall back to the event store; however many requests wait, one poller
    per database and event loop reads the tracking documents. With `local` covering every name
    (the projectors run in this process), their commit also wakes the waiter, at once.
    """
    covered = local is not None and local.covers(names)
    # With the projector in this process its commits wake the waiter; the poll is then only
    # a backstop (MongoDB away, another process's projector ahead) and need not be eager.
    interval = max(interval, BACKSTOP_INTERVAL) if covered else interval
    key = (id(db), id(asyncio.get_running_loop()), tuple(names), interval)
    watcher = _watchers.get(key)
    if watcher is None:
        watcher = _watchers[key] = _PositionWatcher(db, tuple(names), interval)
    if local is None or not covered:
        reached = await watcher.wait(position, timeout)
        return Wait(reached, watcher.halted, watcher.parked)
    racers = {
        asyncio.ensure_future(local.wait(names, position, timeout)),
        asyncio.ensure_future(watcher.wait(position, timeout)),
    }
    try:
        done, racers = await asyncio.wait(racers, return_when=asyncio.FIRST_COMPLETED)
        # The first answer decides: True is projected; False is a timeout, or MongoDB away.
        reached = any(task.result() for task in done)
    finally:
        for task in racers:
            task.cancel()
    return Wait(reached, local.halted(names), local.parked_in(names))


class _PositionWatcher:
    """Polls the tracking documents while someone waits, and wakes the waiters it can."""

    def __init__(
        self, db: AsyncDatabase[dict[str, Any]], names: tuple[str, ...], interval: float
    ) -> None:
        self.db = db  # held, like the loop, so that neither id in the key is ever reused
        self.loop = asyncio.get_running_loop()
        self.names = names
        self.interval = interval
        self.position = 0  # lowest position of the named projections (halted ones aside)
        self.halted: dict[str, Mapping[str, Any]] = {}
        self.parked = True  # unknown until read
        self.waiters: list[tuple[int, asyncio.Future[bool]]] = []
        self.task: asyncio.Task[None] | None = None

    async def wait(self, position: int, timeout: float) -> bool:  # noqa: ASYNC109
        if position <= self.position:  # positions only ever grow
            return True
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        entry = (position, future)
        self.waiters.append(entry)
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._poll())
        try:
            async with asyncio.timeout(timeout):
                return await future
        except TimeoutError:
            return False
        finally:
            self.waiters.remove(entry)

    async def _poll(self) -> None:
        query = {"_id": {"$in": list(self.names)}}
        fields = {"position": 1, "halted": 1, "parked": 1}
        while self.waiters:
            try:
                docs = await self.db[TRACKING_COLLECTION].find(query, fields).to_list()
                self.halted = {d["_id"]: d["halted"] for d in docs if d.get("halted")}
                self.parked = any(int(d.get("parked") or 0) > 0 for d in docs)
                found = [int(d["position"]) for d in docs if d["_id"] not in self.halted]
                complete = len(docs) == len(self.names)
                self.position = min(found, default=2**62) if complete else 0
                outcome: bool | None = None
            except PyMongoError:
                outcome = False  # MongoDB is away: let every waiter fall back now
            for wanted, future in list(self.waiters):
                if not future.done() and (outcome is False or wanted <= self.position):
                    future.set_result(outcome is None)
            await asyncio.sleep(self.interval)


_watchers: dict[tuple[int, int, tuple[str, ...], float], _PositionWatcher] = {}


class LocalProgress:
    """Positions, parks and halts of the projectors running in this process, told after each
    commit.

    Lets a mutation wake as soon as its event is projected instead of polling MongoDB, and a
    read know without a query whether a postmortem is parked; only for projections this
    process runs (others are still read from MongoDB).
    """

    def __init__(self) -> None:
        self._positions: dict[str, int] = {}
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None], int]] = []
        self._names: list[tuple[str, ...]] = []
        self._lock = threading.Lock()
        self._healthy = True
        self._parks: dict[str, dict[str, Park]] | None = None  # tracking id -> postmortem id
        self._halted: dict[str, Mapping[str, Any]] = {}

    def failed(self) -> None:
        """Notes a failed batch: until the next commit, waits go to MongoDB (which answers
        at once when it is away, so mutations fall back to the event store)."""
        with self._lock:
            self._healthy = False

    def parks_changed(
        self, parks: Mapping[str, Mapping[str, Park]], halted: Mapping[str, Mapping[str, Any]]
    ) -> None:
        """Records the projector's parks and halted projections (called by its thread); a
        projection that halts stops holding up waiters."""
        with self._lock:
            self._parks = {name: dict(by_pm) for name, by_pm in parks.items()}
            self._halted = dict(halted)
        self.advanced({})

    def advanced(self, positions: Mapping[str, int]) -> None:
        """Records new positions (called by a projector thread) and wakes satisfied waiters."""
        with self._lock:
            self._healthy = True
            self._positions.update(positions)
            waiting = []
            for (loop, future, position), names in zip(self._waiters, self._names, strict=True):
                if self._reached(names, position):
                    loop.call_soon_threadsafe(_resolve, future)
                else:
                    waiting.append(((loop, future, position), names))
            self._waiters = [w for w, _ in waiting]
            self._names = [n for _, n in waiting]

    def covers(self, names: Sequence[str]) -> bool:
        """Returns whether every named projection runs (and has started) in this process."""
        with self._lock:
            return self._healthy and all(name in self._positions for name in names)

    def halted(self, names: Sequence[str]) -> dict[str, Mapping[str, Any]]:
        """Returns the named projections that halted, with where and why."""
        with self._lock:
            return {name: self._halted[name] for name in names if name in self._halted}

    def parked_in(self, names: Sequence[str]) -> bool:
        """Returns whether any named projection has parked postmortems (True if unknown)."""
        with self._lock:
            if self._parks is None:
                return True
            return any(self._parks.get(name) for name in names)

    def parks_of(
        self, names: Sequence[str], postmortem_ids: Sequence[str]
    ) -> dict[str, list[Park]] | None:
        """Returns the parks of each postmortem in the named projections, or None if this
        process does not know them all."""
        with self._lock:
            if self._parks is None or not all(name in self._parks for name in names):
                return None
            return {
                pid: [self._parks[name][pid] for name in names if pid in self._parks[name]]
                for pid in postmortem_ids
            }

    async def wait(self, names: Sequence[str], position: int, timeout: float) -> bool:  # noqa: ASYNC109
        """Waits until every named projection has processed `position`; returns whether it did."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            if self._reached(tuple(names), position):
                return True
            self._waiters.append((loop, future, position))
            self._names.append(tuple(names))
        try:
            await asyncio.wait_for(future, timeout)
            return True
        except TimeoutError:
            with self._lock:
                if (loop, future, position) in self._waiters:
                    index = self._waiters.index((loop, future, position))
                    del self._waiters[index], self._names[index]
            return False

    def _reached(self, names: tuple[str, ...], position: int) -> bool:
        return all(
            self._positions.get(name, 0) >= position or name in self._halted for name in names
        )


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
