"""Reads of the `postmortems` read model (async, for the API)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from projections import cursors
from projections.cursors import InvalidCursor
from projections.postmortems.documents import COMMENTS, POSTMORTEMS, REVISIONS
from projections.postmortems.filters import PostmortemFilter, visible_matching
from service.application.read_rules import as_seen_by
from service.domain.document import Document
from service.domain.values import Actor


@dataclass(frozen=True)
class Page:
    """One page of a list, in Relay terms."""

    items: list[Document]
    has_next_page: bool
    total_count: int

    def cursor(self, doc: Document) -> str:
        """Returns the opaque cursor that continues after `doc`."""
        return encode_cursor(doc)


def encode_cursor(doc: Document) -> str:
    """Returns an opaque cursor for a document's sort position."""
    return cursors.encode_cursor(doc["created_at"].isoformat(), doc["_id"])


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """Returns the sort position encoded in a cursor."""
    created_at, doc_id = cursors.decode_cursor(cursor, 2)
    try:
        return datetime.fromisoformat(created_at), doc_id
    except ValueError as error:
        raise InvalidCursor("invalid cursor") from error


class PostmortemQueries:
    """Queries over the `postmortems` collection."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._collection = db[POSTMORTEMS]
        self._revisions = db[REVISIONS]
        self._comments = db[COMMENTS]

    async def revisions_of(self, postmortem_ids: list[str]) -> dict[str, list[Document]]:
        """Returns the published revisions of each postmortem, oldest first (one query)."""
        return await self._grouped(self._revisions, postmortem_ids, "revision")

    async def comments_of(self, postmortem_ids: list[str]) -> dict[str, list[Document]]:
        """Returns the review comments of each postmortem, oldest first (one query)."""
        return await self._grouped(self._comments, postmortem_ids, "seq")

    @staticmethod
    async def _grouped(
        collection: AsyncCollection[Document], postmortem_ids: list[str], order: str
    ) -> dict[str, list[Document]]:
        found: dict[str, list[Document]] = {pid: [] for pid in postmortem_ids}
        cursor = collection.find({"postmortem_id": {"$in": postmortem_ids}}).sort(
            [("postmortem_id", ASCENDING), (order, ASCENDING)]
        )
        async for doc in cursor:
            found.setdefault(doc["postmortem_id"], []).append(doc)
        return found

    async def get(self, postmortem_id: str, *, actor: Actor) -> Document | None:
        """Returns one postmortem's read document as the actor may see it, or None (absent or
        hidden: the two look the same)."""
        return as_seen_by(actor, await self.get_unfiltered(postmortem_id))

    async def get_unfiltered(self, postmortem_id: str) -> Document | None:
        """Returns the stored document whoever asks: for internal use, never for a response."""
        return await self._collection.find_one({"_id": postmortem_id})

    async def page(
        self,
        *,
        actor: Actor,
        first: int,
        after: str | None,
        wanted: PostmortemFilter | None = None,
    ) -> Page:
        """Returns a page of the postmortems the actor may see (matching `wanted`), newest
        first; `total_count` counts every such postmortem."""
        base = visible_matching(actor, wanted or PostmortemFilter())
        conditions: list[Document] = [base] if base else []
        query = base
        if after is not None:
            created_at, doc_id = decode_cursor(after)
            after_cursor: Document = {
                "$or": [
                    {"created_at": {"$lt": created_at}},
                    {"created_at": created_at, "_id": {"$lt": doc_id}},
                ]
            }
            query = {"$and": [*conditions, after_cursor]}
        cursor = (
            self._collection.find(query)
            .sort([("created_at", DESCENDING), ("_id", DESCENDING)])
            .limit(first + 1)
        )
        items = [seen for doc in await cursor.to_list() if (seen := as_seen_by(actor, doc))]
        total = await self._collection.count_documents(base)
        return Page(items=items[:first], has_next_page=len(items) > first, total_count=total)
