"""Live updates of read models, from MongoDB change streams (so they work across processes).

The streams watch the whole database, filtered by collection: a database-level stream survives
a rebuild's `renameCollection`, which ends collection-level streams. A rename or drop makes the
reader look again at the current documents, since a swapped-in collection was written elsewhere.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from service.domain.document import Document

DOCUMENT_WRITES = ["insert", "replace", "update"]
SWAPS = ["rename", "drop", "dropDatabase", "invalidate"]
RETRY_SECONDS = 1.0

log = logging.getLogger(__name__)


async def watch_collection(
    db: AsyncDatabase[Document], collection: str, match: Document | None = None
) -> AsyncIterator[Document | None]:
    """Yields None once the stream is open, then the full document after each write of a
    matching document in `collection`, and None again after a rebuild swapped it (look again).

    Reconnects (resuming where it was) while MongoDB is away; yields None after reconnecting.
    """
    changed: Document = {"ns.coll": collection, "operationType": {"$in": DOCUMENT_WRITES}}
    for key, value in (match or {}).items():
        changed[f"fullDocument.{key}" if key != "_id" else "documentKey._id"] = value
    pipeline = [{"$match": {"$or": [changed, {"operationType": {"$in": SWAPS}}]}}]
    resume_token: Any = None
    while True:
        try:
            async with await db.watch(
                pipeline, full_document="updateLookup", resume_after=resume_token
            ) as stream:
                yield None
                async for notice in stream:
                    resume_token = stream.resume_token
                    if notice["operationType"] in DOCUMENT_WRITES:
                        yield notice.get("fullDocument")
                    else:
                        yield None
        except PyMongoError as error:
            log.warning("change stream on %s failed, reopening: %s", collection, error)
            if resume_token is not None and "resume" in str(error).lower():
                resume_token = None  # the token is gone from the oplog: start afresh
            await asyncio.sleep(RETRY_SECONDS)


async def document_versions(
    db: AsyncDatabase[Document],
    collection: str,
    document_id: str,
    *,
    after_version: int | None,
    load_version: Callable[[int], Awaitable[Document]],
) -> AsyncIterator[Document]:
    """Yields a document after each projected write, each version once and in order.

    Starts after `after_version` (default: the version projected when called). Versions the
    stream did not show (written before it opened, or by a rebuild) are filled in from
    `load_version`; they are projected, since a later version is.
    """
    last = after_version
    async for changed in watch_collection(db, collection, {"_id": document_id}):
        doc = changed
        if doc is None:
            doc = await db[collection].find_one({"_id": document_id})
            if last is None:
                last = doc["version"] if doc else 0
                continue
        if doc is None or doc["version"] <= (last or 0):
            continue
        for version in range((last or 0) + 1, doc["version"]):
            yield await load_version(version)
        last = doc["version"]
        yield doc
