"""Reads of the `postmortems` read model (async, for the API)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from projections.postmortems.documents import COMMENTS, POSTMORTEMS, REVISIONS
from projections.postmortems.filters import PostmortemFilter, visible_matching
from projections.postmortems.ordering import Order, sort_prefix
from service.application.read_rules import as_seen_by
from service.domain.document import Document
from service.domain.values import Actor


@dataclass(frozen=True)
class Page:
    """One page of a list, in Relay terms: the postmortems as the reader sees them, and the
    cursor that continues after each."""

    items: list[Document]
    has_next_page: bool
    total_count: int
    cursors: list[str] = field(default_factory=list)


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
        order: Order | None = None,
    ) -> Page:
        """Returns a page of the postmortems the actor may see (matching `wanted`) in `order`
        (default: newest incident first); `total_count` counts every such postmortem. Raises
        InvalidCursor for a cursor this order did not issue."""
        order = order or Order()
        prefix = sort_prefix(actor)
        base = visible_matching(actor, wanted or PostmortemFilter())
        query = base
        if after is not None:
            query = {"$and": [c for c in (base, order.after(after, prefix)) if c]}
        found = (
            await self._collection.find(query).sort(order.sort(prefix)).limit(first + 1).to_list()
        )
        items, cursors = [], []
        for doc in found[:first]:
            seen = as_seen_by(actor, doc)
            if seen is not None:
                items.append(seen)
                cursors.append(order.cursor(doc, prefix))
        total = await self._collection.count_documents(base)
        return Page(
            items=items, has_next_page=len(found) > first, total_count=total, cursors=cursors
        )
