"""Reads of the `action_items` read model (async, for the API): pages of action items across
postmortems, soonest due first, only from postmortems the reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from projections import cursors
from projections.action_items.projection import COLLECTION
from service.application.read_rules import action_item_filter
from service.domain.document import Document
from service.domain.values import Actor

FINISHED = ("done", "wont_do")


def is_overdue(doc: Document, today: date) -> bool:
    """Tells whether an item is overdue: not done or won't-do, and due before `today`."""
    due = doc.get("due_date")
    return doc.get("status") not in FINISHED and due is not None and str(due) < today.isoformat()


@dataclass(frozen=True)
class ActionItemFilter:
    """What the list asks for; the parts combine with AND."""

    owner: str | None = None
    statuses: tuple[str, ...] = ()
    overdue: bool | None = None  # not done or won't-do, and due before today
    severities: tuple[str, ...] = ()
    service: str | None = None
    team: str | None = None

    def conditions(self, today: date) -> list[Document]:
        """Returns the MongoDB conditions (overdue as of `today`)."""
        found: list[Document] = []
        if self.owner is not None:
            found.append({"owner": self.owner})
        if self.statuses:
            found.append({"status": {"$in": list(self.statuses)}})
        if self.severities:
            found.append({"severity": {"$in": list(self.severities)}})
        if self.service is not None:
            found.append({"services": self.service})
        if self.team is not None:
            found.append({"team": self.team})
        late = {"status": {"$nin": list(FINISHED)}, "due_date": {"$lt": today.isoformat()}}
        if self.overdue is True:
            found.append(late)
        elif self.overdue is False:
            found.append({"$nor": [late]})
        return found


@dataclass(frozen=True)
class ActionItemPage:
    """One page of action item documents."""

    items: list[Document]
    has_next_page: bool
    total_count: int


def encode_cursor(doc: Document) -> str:
    """Returns an opaque cursor for an item's sort position."""
    return cursors.encode_cursor(doc["due_sort"], doc["_id"])


class ActionItemQueries:
    """Queries over the `action_items` collection."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._collection = db[COLLECTION]

    async def page(
        self,
        *,
        actor: Actor,
        wanted: ActionItemFilter,
        first: int,
        after: str | None,
        today: date,
    ) -> ActionItemPage:
        """Returns a page of the items the actor may see that match, soonest due first (no
        due date last); `total_count` counts every such item."""
        conditions = [c for c in (action_item_filter(actor), *wanted.conditions(today)) if c]
        base: Document = {"$and": conditions} if conditions else {}
        query = base
        if after is not None:
            due, key = cursors.decode_cursor(after, 2)
            later = {"$or": [{"due_sort": {"$gt": due}}, {"due_sort": due, "_id": {"$gt": key}}]}
            query = {"$and": [*conditions, later]}
        cursor = (
            self._collection.find(query)
            .sort([("due_sort", ASCENDING), ("_id", ASCENDING)])
            .limit(first + 1)
        )
        items = await cursor.to_list()
        total = await self._collection.count_documents(base)
        return ActionItemPage(
            items=items[:first], has_next_page=len(items) > first, total_count=total
        )
