"""One rebuild of a projection at a time.

A rebuild claims every projection it rebuilds before it reads a single event: one document per
projection in `projection_rebuilds` (`{_id: "claim:<name>", holder, projection, started_at,
expires_at}`), inserted only when no other rebuild's claim is alive, all or none. A second
rebuild of any of them is refused at once (LeaseHeld, exit 3 on the command line) and changes
nothing, instead of replaying the whole log and swapping its collections in after the first.
The rebuild renews its claims while it works and removes them when it ends; a killed rebuild's
claims expire after `seconds` (60 by default), and the next rebuild may then take them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from projections.cleanup import REBUILDS_COLLECTION
from service.domain.document import Document
from service.domain.instants import format_instant

CLAIM_PREFIX = "claim:"


class LeaseHeld(RuntimeError):
    """Another rebuild holds a projection (its claim, or the lease on its tracking)."""


def claim(db: Database[Document], names: Sequence[str], holder: str, seconds: float) -> None:
    """Claims the projections `names` for the rebuild `holder` for `seconds`, all or none.

    Raises LeaseHeld naming the projection, and when the other rebuild started, if another
    rebuild's claim on one of them has not expired.
    """
    now = datetime.now(UTC)
    rebuilds = db[REBUILDS_COLLECTION]
    try:
        for name in sorted(set(names)):
            try:
                rebuilds.update_one(
                    {"_id": CLAIM_PREFIX + name,
                     "$or": [{"expires_at": {"$lte": now}}, {"holder": holder}]},
                    {"$set": {"holder": holder, "projection": name, "started_at": now,
                              "expires_at": now + timedelta(seconds=seconds)}},
                    upsert=True,
                )  # fmt: skip
            except DuplicateKeyError:
                other = rebuilds.find_one({"_id": CLAIM_PREFIX + name}) or {}
                started = other.get("started_at")
                since = ""
                if isinstance(started, datetime):
                    since = f" since {format_instant(started.replace(tzinfo=UTC))}"
                raise LeaseHeld(f"a rebuild of {name} is already running{since}") from None
    except BaseException:
        release(db, holder)
        raise


def renew(db: Database[Document], holder: str, seconds: float) -> None:
    """Extends the rebuild `holder`'s claims by `seconds` from now."""
    expires_at = datetime.now(UTC) + timedelta(seconds=seconds)
    db[REBUILDS_COLLECTION].update_many(
        {"_id": {"$regex": "^" + CLAIM_PREFIX}, "holder": holder},
        {"$set": {"expires_at": expires_at}},
    )


def release(db: Database[Document], holder: str) -> None:
    """Removes the rebuild `holder`'s claims (it ended, whichever way)."""
    db[REBUILDS_COLLECTION].delete_many({"_id": {"$regex": "^" + CLAIM_PREFIX}, "holder": holder})
