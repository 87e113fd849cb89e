"""A reviewer's queue, again after each write that touches it."""

from __future__ import annotations

from collections.abc import AsyncIterator

from pymongo.asynchronous.database import AsyncDatabase

from projections.change_streams import watch_collection
from projections.review_queue.projection import COLLECTION
from projections.review_queue.queries import ReviewQueueQueries
from service.domain.document import Document


async def queue_updates(
    db: AsyncDatabase[Document], reviewer: str
) -> AsyncIterator[list[Document]]:
    """Yields the reviewer's queue now, then each time it is different."""
    queries = ReviewQueueQueries(db)
    last: list[Document] | None = None
    async for _ in watch_collection(db, COLLECTION):
        queue = await queries.for_reviewer(reviewer)
        if queue != last:
            last = queue
            yield queue
