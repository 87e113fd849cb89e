"""How the outbound projections are doing: for `projectionStatus` and the metrics.

Outbound projections are listed once they have a tracking document (`notifications` when a
projector runs with `NOTIFICATIONS_CONFIG`, `git_sync` when a worker runs with
`GIT_SYNC_PATH`), whichever process runs them. Their `lastError` is the projector's or
worker's own last failure, or else the newest error of a delivery still pending or failed,
so a receiver that keeps refusing shows there while it is retried.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.database import Database

from projections.faults import one_line
from projections.outbound.outbox import COLLECTION as OUTBOX
from projections.status import ProjectionStatus, status_from_documents
from projections.tracking import TRACKING_COLLECTION

Document = dict[str, Any]
NOTIFICATIONS = "notifications"
GIT_SYNC = "git_sync"
OUTBOUND_NAMES = (NOTIFICATIONS, GIT_SYNC)
_OPEN = {"state": {"$in": ["pending", "failed"]}, "last_error": {"$ne": None}}


@dataclass(frozen=True)
class DeliveryStatus:
    """The notification outbox by state."""

    pending: int  # waiting to be sent (first attempt or a retry)
    retrying: int  # pending after at least one failed attempt
    failed: int  # given up: refused for good, or every attempt spent
    sent: int
    oldest_pending_at: datetime | None  # when the longest-waiting delivery was recorded
    reminders_scanned_at: datetime | None  # the last reminder scan that completed
    last_error: str | None
    last_error_at: datetime | None

    def counts(self) -> dict[str, int]:
        """Returns the deliveries by state (the metrics' labels)."""
        return {
            "pending": self.pending,
            "retrying": self.retrying,
            "failed": self.failed,
            "sent": self.sent,
        }


def _summary(
    counts: dict[str, int],
    oldest: Document | None,
    error: Document | None,
    tracking: Document | None,
) -> DeliveryStatus:
    return DeliveryStatus(
        pending=counts.get("pending", 0),
        retrying=counts.get("retrying", 0),
        failed=counts.get("failed", 0),
        sent=counts.get("sent", 0),
        oldest_pending_at=(oldest or {}).get("created_at"),
        reminders_scanned_at=(tracking or {}).get("reminders_scanned_at"),
        last_error=one_line(str(error["last_error"])) if error else None,
        last_error_at=(error or {}).get("last_error_at"),
    )


_COUNTS = [
    {
        "$group": {
            "_id": "$state",
            "n": {"$sum": 1},
            "retrying": {"$sum": {"$cond": [{"$gt": ["$attempts", 0]}, 1, 0]}},
        }
    }
]


def _counts(rows: list[Document]) -> dict[str, int]:
    counts = {str(r["_id"]): int(r["n"]) for r in rows}
    counts["retrying"] = sum(int(r["retrying"]) for r in rows if r["_id"] == "pending")
    return counts


def delivery_status(db: Database[Document]) -> DeliveryStatus:
    """Returns the outbox's status (synchronous)."""
    outbox = db[OUTBOX]
    counts = _counts(list(outbox.aggregate(_COUNTS)))
    oldest = outbox.find_one({"state": "pending"}, sort=[("created_at", 1)])
    error = outbox.find_one(_OPEN, sort=[("last_error_at", DESCENDING)])
    return _summary(counts, oldest, error, db[TRACKING_COLLECTION].find_one({"_id": NOTIFICATIONS}))


async def delivery_status_async(db: AsyncDatabase[Document]) -> DeliveryStatus:
    """Returns the outbox's status (for the API)."""
    outbox = db[OUTBOX]
    counts = _counts(await (await outbox.aggregate(_COUNTS)).to_list())
    oldest = await outbox.find_one({"state": "pending"}, sort=[("created_at", 1)])
    error = await outbox.find_one(_OPEN, sort=[("last_error_at", DESCENDING)])
    tracking = await db[TRACKING_COLLECTION].find_one({"_id": NOTIFICATIONS})
    return _summary(counts, oldest, error, tracking)


async def outbound_status_async(
    db: AsyncDatabase[Document], head_position: int
) -> list[tuple[ProjectionStatus, DeliveryStatus | None]]:
    """Returns each running outbound projection's status, with the outbox for
    notifications."""
    docs = await db[TRACKING_COLLECTION].find({"_id": {"$in": list(OUTBOUND_NAMES)}}).to_list()
    names = [name for name in OUTBOUND_NAMES if any(d["_id"] == name for d in docs)]
    result: list[tuple[ProjectionStatus, DeliveryStatus | None]] = []
    for status in status_from_documents(names, docs, head_position):
        if status.name != NOTIFICATIONS:
            result.append((status, None))
            continue
        deliveries = await delivery_status_async(db)
        if status.last_error is None and deliveries.last_error is not None:
            status = replace(
                status,
                last_error=f"delivery: {deliveries.last_error}",
                last_error_at=deliveries.last_error_at,
            )
        result.append((status, deliveries))
    return result
