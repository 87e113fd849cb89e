"""Where projections record how far they have processed the notification log.

One document per projection in `projection_tracking`: `{_id: name, position, updated_at,
last_error, last_error_at, lease}`. A `lease` (`{holder, expires_at, acquired_at}`) is taken by
a rebuild while it swaps its fresh collections in; live projectors make no progress on a
projection whose lease is held by someone else and not expired.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

TRACKING_COLLECTION = "projection_tracking"


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


async def wait_for_position(
    db: AsyncDatabase[dict[str, Any]],
    names: Sequence[str],
    position: int,
    timeout: float,  # noqa: ASYNC109 - a deadline for polling, not for I/O
    interval: float = 0.003,
) -> bool:
    """Waits until every named projection has processed `position`; returns whether it did.

    Never waits longer than `timeout`, and answers False as soon as MongoDB fails, so a
    caller can fall back to the event store. However many requests wait, one poller per
    database and event loop reads the tracking documents.
    """
    key = (id(db), id(asyncio.get_running_loop()), tuple(names))
    watcher = _watchers.get(key)
    if watcher is None:
        watcher = _watchers[key] = _PositionWatcher(db, tuple(names), interval)
    return await watcher.wait(position, timeout)


class _PositionWatcher:
    """Polls the tracking documents while someone waits, and wakes the waiters it can."""

    def __init__(
        self, db: AsyncDatabase[dict[str, Any]], names: tuple[str, ...], interval: float
    ) -> None:
        self.db = db  # held, like the loop, so that neither id in the key is ever reused
        self.loop = asyncio.get_running_loop()
        self.names = names
        self.interval = interval
        self.position = 0  # lowest position of the named projections, as last read
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
        while self.waiters:
            try:
                docs = await self.db[TRACKING_COLLECTION].find(query, {"position": 1}).to_list()
                found = [int(d["position"]) for d in docs]
                self.position = min(found) if len(found) == len(self.names) else 0
                outcome: bool | None = None
            except PyMongoError:
                outcome = False  # MongoDB is away: let every waiter fall back now
            for wanted, future in list(self.waiters):
                if not future.done() and (outcome is False or wanted <= self.position):
                    future.set_result(outcome is None)
            await asyncio.sleep(self.interval)


_watchers: dict[tuple[int, int, tuple[str, ...]], _PositionWatcher] = {}
