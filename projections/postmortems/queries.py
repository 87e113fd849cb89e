"""Reads of the `postmortems` read model (async, for the API)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from projections.postmortems.projection import COLLECTION

Document = dict[str, Any]


class InvalidCursor(ValueError):
    """A pagination cursor that this service did not issue."""


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
    raw = json.dumps([doc["created_at"].isoformat(), doc["_id"]])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """Returns the sort position encoded in a cursor."""
    try:
        created_at, doc_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(created_at), str(doc_id)
    except (ValueError, TypeError) as error:
        raise InvalidCursor("invalid cursor") from error


class PostmortemQueries:
    """Queries over the `postmortems` collection."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._collection = db[COLLECTION]

    async def get(self, postmortem_id: str) -> Document | None:
        """Returns one postmortem's read document, or None."""
        return await self._collection.find_one({"_id": postmortem_id})

    async def page(self, *, first: int, after: str | None, filters: Document | None = None) -> Page:
        """Returns a page of postmortems, newest first."""
        base: Document = dict(filters or {})
        query = dict(base)
        if after is not None:
            created_at, doc_id = decode_cursor(after)
            query["$or"] = [
                {"created_at": {"$lt": created_at}},
                {"created_at": created_at, "_id": {"$lt": doc_id}},
            ]
        cursor = (
            self._collection.find(query)
            .sort([("created_at", DESCENDING), ("_id", DESCENDING)])
            .limit(first + 1)
        )
        items = await cursor.to_list()
        total = await self._collection.count_documents(base)
        return Page(items=items[:first], has_next_page=len(items) > first, total_count=total)
