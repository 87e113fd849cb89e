"""What a dead rebuild leaves behind is removed by the next rebuild or projector start.

A rebuild registers itself in `projection_rebuilds` (`{_id: holder, expires_at}`) before it
creates its collections (`<name>__rebuild_<id>`), and renews the registration while it works.
A rebuild killed with `kill -9` leaves its collections, tracking documents and parks behind;
once its registration has expired (or for collections of a rebuild that never registered,
from a version before registrations), they are dropped.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta

from pymongo.database import Database

from projections.parks import PARKS_COLLECTION
from projections.tracking import TRACKING_COLLECTION
from service.domain.document import Document

log = logging.getLogger(__name__)
REBUILDS_COLLECTION = "projection_rebuilds"
_SUFFIX = re.compile(r"__(rebuild_[0-9a-f]+)$")


def rebuild_suffix(holder: str) -> str:
    """Returns the collection suffix of a rebuild (holder `rebuild-<hex>`)."""
    return "__" + holder.replace("-", "_")


def register(db: Database[Document], holder: str, seconds: float) -> None:
    """Registers (or renews) a running rebuild for `seconds`."""
    now = datetime.now(UTC)
    db[REBUILDS_COLLECTION].update_one(
        {"_id": holder},
        {
            "$set": {"expires_at": now + timedelta(seconds=seconds)},
            "$setOnInsert": {"started_at": now},
        },
        upsert=True,
    )


def unregister(db: Database[Document], holder: str) -> None:
    """Removes a rebuild's registration (it finished or cleaned up after itself)."""
    db[REBUILDS_COLLECTION].delete_one({"_id": holder})


def remove_abandoned_rebuilds(db: Database[Document], grace: float = 0.0) -> list[str]:
    """Drops the collections, tracking documents and parks of rebuilds whose registration
    expired more than `grace` seconds ago (or never existed); returns the collections dropped.
    A live projector's periodic sweep passes a grace, so that a rebuild late to renew on a
    loaded machine is not taken for dead."""
    now = datetime.now(UTC) - timedelta(seconds=grace)
    alive = {
        rebuild_suffix(str(doc["_id"]))
        for doc in db[REBUILDS_COLLECTION].find(
            {"expires_at": {"$gt": now}, "holder": {"$exists": False}}, {"_id": 1}
        )
    }
    dropped: list[str] = []
    suffixes: set[str] = set()
    for name in db.list_collection_names():
        found = _SUFFIX.search(name)
        if found is None or "__" + found.group(1) in alive:
            continue
        suffixes.add("__" + found.group(1))
        db.drop_collection(name)
        dropped.append(name)
    for doc in db[TRACKING_COLLECTION].find(
        {"_id": {"$regex": "__rebuild_[0-9a-f]+$"}}, {"_id": 1}
    ):
        found = _SUFFIX.search(str(doc["_id"]))
        if found is not None and "__" + found.group(1) not in alive:
            suffixes.add("__" + found.group(1))
    for suffix in suffixes:
        pattern = {"$regex": re.escape(suffix) + "$"}
        db[TRACKING_COLLECTION].delete_many({"_id": pattern})
        db[PARKS_COLLECTION].delete_many({"tracking_id": pattern})
    db[REBUILDS_COLLECTION].delete_many({"expires_at": {"$lte": now}})
    if dropped:
        log.warning("removed %d collections of abandoned rebuilds: %s", len(dropped), dropped)
    return sorted(dropped)
