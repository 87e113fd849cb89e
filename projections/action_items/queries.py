"""Reads of the `action_items` read model (async, for the API)."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from projections.action_items.projection import COLLECTION

Document = dict[str, Any]


class ActionItemQueries:
    """Queries over the `action_items` collection."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._collection = db[COLLECTION]

    async def by_owner(self, owner: str, *, status: str | None = None) -> list[Document]:
        """Returns an owner's action items, soonest due first."""
        query: Document = {"owner": owner}
        if status is not None:
            query["status"] = status
        cursor = self._collection.find(query).sort([("status", ASCENDING), ("due_date", ASCENDING)])
        return await cursor.to_list()

    async def of_postmortem(self, postmortem_id: str) -> list[Document]:
        """Returns the action items of one postmortem."""
        return await self._collection.find({"postmortem_id": postmortem_id}).to_list()
