"""Reads of the `review_queue` read model (async, for the API)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from projections import cursors
from projections.cursors import InvalidCursor
from projections.paging import Count, Flag, PageRequest, keyset_condition, keyset_page, lazy_count
from projections.review_queue.projection import COLLECTION
from service.domain.document import Document

ORDER = [("submitted_at", ASCENDING), ("_id", ASCENDING)]


def reviewer_filter(reviewer: str) -> Document:
    """Returns the filter of one reviewer's queue: not their own, not yet approved by them."""
    return {"authors": {"$ne": reviewer}, "approved_by": {"$ne": reviewer}}


class WaitingOrder:
    """Longest waiting first (submission time, then id): the queue's keyset."""

    def sort(self) -> list[tuple[str, int]]:
        """Returns the MongoDB sort specification."""
        return list(ORDER)

    def cursor(self, doc: Document) -> str:
        """Returns the cursor of a queue entry."""
        return cursors.encode_cursor("queue", doc["submitted_at"].isoformat(), str(doc["_id"]))

    def beyond(self, cursor: str, *, forward: bool, inclusive: bool = False) -> Document:
        """Returns the condition "after (or before) the cursor's entry"."""
        kind, submitted, key = cursors.decode_cursor(cursor, 3)
        try:
            if kind != "queue":
                raise ValueError(kind)
            at = datetime.fromisoformat(submitted)
        except ValueError as error:
            raise InvalidCursor("invalid cursor") from error
        return keyset_condition(ORDER, [at, key], forward=forward, inclusive=inclusive)


@dataclass(frozen=True)
class QueuePage:
    """One page of a reviewer's queue (`Flag`s answered when asked)."""

    items: list[Document]
    cursors: list[str]
    has_next_page: Flag
    has_previous_page: Flag
    total_count: Count


class ReviewQueueQueries:
    """Queries over the `review_queue` collection."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._collection = db[COLLECTION]

    async def for_reviewer(self, reviewer: str, limit: int = 100) -> list[Document]:
        """Returns what a reviewer has to look at, longest waiting first."""
        cursor = self._collection.find(reviewer_filter(reviewer)).sort(ORDER).limit(limit)
        return await cursor.to_list()

    async def page(self, reviewer: str, request: PageRequest) -> QueuePage:
        """Returns the page `request` asks for of a reviewer's queue, longest waiting first;
        raises InvalidCursor for a cursor the queue did not issue."""
        base = reviewer_filter(reviewer)
        found = await keyset_page(self._collection, base, WaitingOrder(), request)
        return QueuePage(
            items=found.items,
            cursors=found.cursors,
            has_next_page=found.has_next_page,
            has_previous_page=found.has_previous_page,
            total_count=lazy_count(self._collection, base),
        )
