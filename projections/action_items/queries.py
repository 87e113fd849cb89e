"""Reads of the `action_items` read model (async, for the API): pages of action items across
postmortems, soonest due first, only from postmortems the reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from projections import cursors
from projections.action_items.projection import COLLECTION
from projections.paging import (
    Count,
    Flag,
    PageRequest,
    and_all,
    keyset_condition,
    keyset_page,
    lazy_count,
)
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


ORDER = [("due_sort", ASCENDING), ("_id", ASCENDING)]


def encode_cursor(doc: Document) -> str:
    """Returns an opaque cursor for an item's sort position."""
    return cursors.encode_cursor(doc["due_sort"], doc["_id"])


class DueOrder:
    """Soonest due first (no due date last), then by id: the list's keyset."""

    def sort(self) -> list[tuple[str, int]]:
        """Returns the MongoDB sort specification."""
        return list(ORDER)

    def cursor(self, doc: Document) -> str:
        """Returns the cursor of an item's position."""
        return encode_cursor(doc)

    def beyond(self, cursor: str, *, forward: bool, inclusive: bool = False) -> Document:
        """Returns the condition "after (or before) the cursor's position"."""
        due, key = cursors.decode_cursor(cursor, 2)
        return keyset_condition(ORDER, [due, key], forward=forward, inclusive=inclusive)


@dataclass(frozen=True)
class ActionItemPage:
    """One page of action item documents (`Flag`s answered when asked)."""

    items: list[Document]
    has_next_page: Flag
    has_previous_page: Flag
    total_count: Count


class ActionItemQueries:
    """Queries over the `action_items` collection."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._collection = db[COLLECTION]

    async def page(
        self, *, actor: Actor, wanted: ActionItemFilter, request: PageRequest, today: date
    ) -> ActionItemPage:
        """Returns the page `request` asks for of the items the actor may see that match,
        soonest due first (no due date last); `total_count` counts every such item. Raises
        InvalidCursor for a cursor this list did not issue."""
        base = and_all([action_item_filter(actor), *wanted.conditions(today)])
        found = await keyset_page(self._collection, base, DueOrder(), request)
        return ActionItemPage(
            items=found.items,
            has_next_page=found.has_next_page,
            has_previous_page=found.has_previous_page,
            total_count=lazy_count(self._collection, base),
        )
