"""Where projections record how far they have processed the notification log.

One document per projection in `projection_tracking`: `{_id: name, position, updated_at,
last_error, last_error_at, lease}`. A `lease` (`{holder, expires_at, acquired_at}`) is taken by
a rebuild while it swaps its fresh collections in; live projectors make no progress on a
projection whose lease is held by someone else and not expired.
"""

from __future__ import annotations

import asyncio
import time
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
    interval: float = 0.005,
) -> bool:
    """Waits until every named projection has processed `position`; returns whether it did.

    Never waits longer than `timeout`, and answers False at once if MongoDB fails, so a
    caller can fall back to the event store.
    """
    deadline = time.monotonic() + timeout
    query = {"_id": {"$in": list(names)}, "position": {"$gte": position}}
    try:
        async with asyncio.timeout(timeout):
            while True:
                if await db[TRACKING_COLLECTION].count_documents(query) == len(names):
                    return True
                if time.monotonic() >= deadline:
                    return False
                await asyncio.sleep(interval)
    except (TimeoutError, PyMongoError):
        return False
