"""Reads of the `review_queue` read model (async, for the API)."""

from __future__ import annotations

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from projections.review_queue.projection import COLLECTION
from service.domain.document import Document


def reviewer_filter(reviewer: str) -> Document:
    """Returns the filter of one reviewer's queue: not their own, not yet approved by them."""
    return {"authors": {"$ne": reviewer}, "approved_by": {"$ne": reviewer}}


class ReviewQueueQueries:
    """Queries over the `review_queue` collection."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._collection = db[COLLECTION]

    async def for_reviewer(self, reviewer: str, limit: int = 100) -> list[Document]:
        """Returns what a reviewer has to look at, longest waiting first."""
        cursor = (
            self._collection.find(reviewer_filter(reviewer))
            .sort([("submitted_at", ASCENDING), ("_id", ASCENDING)])
            .limit(limit)
        )
        return await cursor.to_list()
