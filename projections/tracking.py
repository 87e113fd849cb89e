"""Where projections record how far they have processed the notification log."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

TRACKING_COLLECTION = "projection_tracking"


async def positions(db: AsyncDatabase[dict[str, Any]]) -> dict[str, int]:
    """Returns every projection's position, by tracking id."""
    return {doc["_id"]: int(doc["position"]) async for doc in db[TRACKING_COLLECTION].find({})}


async def wait_for_position(
    db: AsyncDatabase[dict[str, Any]],
    names: Sequence[str],
    position: int,
    timeout: float,  # noqa: ASYNC109 - a deadline for polling, not for I/O
    interval: float = 0.005,
    local: LocalProgress | None = None,
) -> bool:
    """Waits until every named projection has processed `position`; returns whether it did.

    With `local` covering every name (the projectors run in this process), waits for their
    commit instead of polling MongoDB.
    """
    if local is not None and local.covers(names):
        return await local.wait(names, position, timeout)
    deadline = time.monotonic() + timeout
    query = {"_id": {"$in": list(names)}, "position": {"$gte": position}}
    while True:
        if await db[TRACKING_COLLECTION].count_documents(query) == len(names):
            return True
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(interval)


class LocalProgress:
    """Positions of the projectors running in this process, told after each commit.

    Lets a mutation wake as soon as its event is projected instead of polling MongoDB; only
    for projections this process runs (others are still polled).
    """

    def __init__(self) -> None:
        self._positions: dict[str, int] = {}
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None], int]] = []
        self._names: list[tuple[str, ...]] = []
        self._lock = threading.Lock()

    def advanced(self, positions: Mapping[str, int]) -> None:
        """Records new positions (called by a projector thread) and wakes satisfied waiters."""
        with self._lock:
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
            return all(name in self._positions for name in names)

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
        return all(self._positions.get(name, 0) >= position for name in names)


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
