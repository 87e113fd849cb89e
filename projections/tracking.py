"""Where projections record how far they have processed the notification log."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
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
) -> bool:
    """Waits until every named projection has processed `position`; returns whether it did."""
    deadline = time.monotonic() + timeout
    query = {"_id": {"$in": list(names)}, "position": {"$gte": position}}
    while True:
        if await db[TRACKING_COLLECTION].count_documents(query) == len(names):
            return True
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(interval)
