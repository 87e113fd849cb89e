"""Relay-style keyset pages over a MongoDB collection, forwards and backwards.

Every list of the API pages the same way (Relay cursor connections): `first` rows after an
`after` cursor, or the `last` rows before a `before` cursor, with the same opaque cursors. A
cursor holds the sort key values of a row (`Keyset`), so a page starts strictly beyond them,
whatever was inserted or removed in between: no row is skipped or repeated.

The direction a client pages in is answered with the page (one row more than asked for is
read); the other direction (`hasPreviousPage` when paging forwards, `hasNextPage` when paging
backwards) costs one more query, a `limit 1` existence check, run only if the client asks
for it (`Flag`). So is a list's `totalCount` (`lazy_count`): a count of every matching row
is the one part of a page MongoDB cannot answer from the first rows of an index, so it runs
only when selected.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from pymongo.asynchronous.collection import AsyncCollection

from service.domain.document import Document

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    """Which rows a client asks for: `first` after `after`, or `last` before `before`
    (both cursors may bound one page). Exactly one of `first` and `last` is set."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def __post_init__(self) -> None:
        if (self.first is None) == (self.last is None):
            raise ValueError("a page request needs first or last, not both")

    @property
    def backward(self) -> bool:
        """Tells whether the page is the last rows before `before` (Relay's backward paging)."""
        return self.last is not None

    @property
    def size(self) -> int:
        """Returns how many rows the page holds at most."""
        return self.last if self.last is not None else self.first or 0


class Keyset(Protocol):
    """A total order of a list (its last key is unique) and its cursors."""

    def sort(self) -> list[tuple[str, int]]:
        """Returns the MongoDB sort specification of the list's order."""
        ...

    def cursor(self, doc: Document) -> str:
        """Returns the opaque cursor of a stored document's position."""
        ...

    def beyond(self, cursor: str, *, forward: bool, inclusive: bool = False) -> Document:
        """Returns the condition "after the cursor's position" (`forward`) or "before it",
        including the position itself if `inclusive`; raises InvalidCursor for a cursor this
        list did not issue."""
        ...


def keyset_condition(
    keys: list[tuple[str, int]], values: list[Any], *, forward: bool, inclusive: bool
) -> Document:
    """Returns the MongoDB condition "beyond these key values" in the order `keys` (each
    ascending 1 or descending -1): lexicographically after them (`forward`) or before them,
    the position itself included if `inclusive`."""
    clauses: list[Document] = []
    for i, (key, direction) in enumerate(keys):
        later = (direction == 1) == forward
        clause: Document = {keys[j][0]: values[j] for j in range(i)}
        last = i == len(keys) - 1
        operator = ("$gt" if later else "$lt") + ("e" if last and inclusive else "")
        clause[key] = {operator: values[i]}
        clauses.append(clause)
    return {"$or": clauses}


def reversed_sort(sort: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Returns the opposite order (MongoDB scans the same index the other way)."""
    return [(key, -direction) for key, direction in sort]


class Lazy(Generic[T]):
    """A page's answer (a flag, a count), known already or found out once when first asked
    for, so a query the client did not select never runs."""

    def __init__(self, value: T | None = None, find: Callable[[], Awaitable[T]] | None = None):
        if (value is None) == (find is None):
            raise ValueError("a lazy answer needs a value or a way to find it, not both")
        self._value = value
        self._find = find

    async def get(self) -> T:
        """Returns the answer (running its query the first time, if it has one)."""
        if self._value is None:
            assert self._find is not None
            self._value = await self._find()
        return self._value


Flag = Lazy[bool]
Count = Lazy[int]


def lazy_count(collection: AsyncCollection[Document], query: Document) -> Count:
    """Returns the number of documents matching `query`, counted only if asked for."""

    async def find() -> int:
        return await collection.count_documents(query)

    return Count(find=find)


@dataclass(frozen=True)
class KeysetPage:
    """One page: its documents in the list's order, each one's cursor, and whether rows lie
    beyond it either way."""

    items: list[Document]
    cursors: list[str]
    has_next_page: Flag
    has_previous_page: Flag


def and_all(conditions: list[Document]) -> Document:
    """Returns the conjunction of the non-empty conditions (empty: every document)."""
    kept = [c for c in conditions if c]
    if not kept:
        return {}
    return kept[0] if len(kept) == 1 else {"$and": kept}


async def keyset_page(
    collection: AsyncCollection[Document],
    base: Document,
    keyset: Keyset,
    request: PageRequest,
) -> KeysetPage:
    """Returns the page of the documents matching `base` that `request` asks for, in the
    keyset's order. Raises InvalidCursor for a cursor the keyset did not issue."""
    bounds = []
    if request.after is not None:
        bounds.append(keyset.beyond(request.after, forward=True))
    if request.before is not None:
        bounds.append(keyset.beyond(request.before, forward=False))
    sort = keyset.sort()
    query = and_all([base, *bounds])
    size = request.size
    found = await (
        collection.find(query)
        .sort(reversed_sort(sort) if request.backward else sort)
        .limit(size + 1)
        .to_list()
    )
    more = len(found) > size
    rows = found[:size]
    if request.backward:
        rows.reverse()

    def exists_beyond(cursor: str | None, *, forward: bool) -> Flag:
        # Rows on the far side of the cursor the page started from (the cursor's row too).
        if cursor is None:
            return Flag(False)

        async def find() -> bool:
            condition = keyset.beyond(cursor, forward=forward, inclusive=True)
            found = await collection.find_one(and_all([base, condition]), {"_id": 1})
            return found is not None

        return Flag(find=find)

    if request.backward:
        has_previous, has_next = Flag(more), exists_beyond(request.before, forward=True)
    else:
        has_next, has_previous = Flag(more), exists_beyond(request.after, forward=False)
    return KeysetPage(
        items=rows,
        cursors=[keyset.cursor(doc) for doc in rows],
        has_next_page=has_next,
        has_previous_page=has_previous,
    )
