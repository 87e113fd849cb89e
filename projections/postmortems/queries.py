"""Reads of the `postmortems` read model (async, for the API)."""

from __future__ import annotations

from dataclasses import dataclass

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from projections.paging import Count, Flag, PageRequest, keyset_page, lazy_count
from projections.postmortems.documents import COMMENTS, POSTMORTEMS, REVISIONS
from projections.postmortems.filters import PostmortemFilter, visible_matching
from projections.postmortems.ordering import Order, sort_prefix
from service.application.read_rules import as_seen_by
from service.domain.document import Document
from service.domain.values import Actor


@dataclass(frozen=True)
class Page:
    """One page of a list, in Relay terms: the postmortems as the reader sees them, the
    cursor of each, and whether more lie beyond either end (`Flag`s, answered when asked)."""

    items: list[Document]
    cursors: list[str]
    has_next_page: Flag
    has_previous_page: Flag
    total_count: Count


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
        request: PageRequest,
        wanted: PostmortemFilter | None = None,
        order: Order | None = None,
    ) -> Page:
        """Returns the page `request` asks for of the postmortems the actor may see (matching
        `wanted`) in `order` (default: newest incident first); `total_count` counts every such
        postmortem. Raises InvalidCursor for a cursor this order did not issue."""
        order = order or Order()
        prefix = sort_prefix(actor)
        base = visible_matching(actor, wanted or PostmortemFilter())
        found = await keyset_page(self._collection, base, order.keyset(prefix), request)
        items, cursors = [], []
        for doc, cursor in zip(found.items, found.cursors, strict=True):
            seen = as_seen_by(actor, doc)
            if seen is not None:
                items.append(seen)
                cursors.append(cursor)
        return Page(
            items=items,
            cursors=cursors,
            has_next_page=found.has_next_page,
            has_previous_page=found.has_previous_page,
            total_count=lazy_count(self._collection, base),
        )
