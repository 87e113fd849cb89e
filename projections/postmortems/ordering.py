"""Orders of the postmortem list, their sort keys, and keyset cursors.

Every order ends with the document id, so it is total, and a cursor holds the sort key values
of the last postmortem shown: the next page starts strictly after them, whatever was inserted
in between (a postmortem added after the cursor's position turns up on a later page, one added
before it does not; none is skipped or repeated). A postmortem whose key changes while a
client pages (an edit under UPDATED) may of course move across the cursor.

Sort keys live in two sub-documents the projection keeps: `sort` (the current content, for
readers who see every draft) and `public_sort` (what other readers are shown: the published
revision's values while an amendment is in progress), so that the order never reveals a
draft's values to a reader who may not see the draft. Each order is served by one index per
sub-document (`INDEX_KEYS`), scanned forwards or backwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from projections import cursors
from projections.cursors import InvalidCursor
from projections.paging import Keyset, keyset_condition
from service.application.read_rules import DRAFT_READER_ROLES, last_published_revision
from service.domain.document import Document
from service.domain.values import Actor
from service.domain.values import PostmortemState as State

CURRENT, PUBLIC = "sort", "public_sort"
# SEV1, the worst, ranks highest: a descending order lists the most severe first.
SEVERITY_RANK = {"SEV1": 4, "SEV2": 3, "SEV3": 2, "SEV4": 1}


class OrderField(StrEnum):
    """What the list can be sorted by."""

    INCIDENT_START = "INCIDENT_START"
    CREATED = "CREATED"
    UPDATED = "UPDATED"
    SEVERITY = "SEVERITY"


def _keys(field: OrderField, prefix: str) -> tuple[str, ...]:
    """Returns the sort key paths of an order (before the id)."""
    match field:
        case OrderField.INCIDENT_START:
            return (f"{prefix}.started_at",)
        case OrderField.CREATED:
            return ("created_at",)
        case OrderField.UPDATED:
            return (f"{prefix}.updated_at",)
        case OrderField.SEVERITY:
            return (f"{prefix}.severity", f"{prefix}.started_at")


# Equality filters of the list with an index of their own ahead of the default order's keys
# (used by readers who see every draft, whose filter is a plain conjunction).
FILTERED_FIELDS = ("state", "severity", "services", "authors")


def index_keys() -> list[list[tuple[str, int]]]:
    """Returns the key patterns of the indexes that serve every order (descending; MongoDB
    scans an index backwards for the ascending order), then those of the common filters in
    the default order."""
    patterns = {tuple(_keys(field, prefix)) for field in OrderField for prefix in (CURRENT, PUBLIC)}
    orders = [[*((key, -1) for key in keys), ("_id", -1)] for keys in sorted(patterns)]
    default = [(key, -1) for key in _keys(OrderField.INCIDENT_START, CURRENT)]
    return orders + [[(name, 1), *default, ("_id", -1)] for name in FILTERED_FIELDS]


@dataclass(frozen=True)
class Order:
    """A list order: a field, and whether it runs descending (newest / most severe first)."""

    field: OrderField = OrderField.INCIDENT_START
    descending: bool = True

    def sort(self, prefix: str) -> list[tuple[str, int]]:
        """Returns the MongoDB sort specification (the id last, in the same direction)."""
        direction = -1 if self.descending else 1
        return [(key, direction) for key in (*_keys(self.field, prefix), "_id")]

    def values(self, doc: Mapping[str, Any], prefix: str) -> list[Any]:
        """Returns a stored document's sort key values (the id last)."""
        found = []
        for path in (*_keys(self.field, prefix), "_id"):
            value: Any = doc
            for part in path.split("."):
                value = value.get(part) if isinstance(value, Mapping) else None
            found.append(value)
        return found

    def cursor(self, doc: Mapping[str, Any], prefix: str) -> str:
        """Returns the opaque cursor of a stored document's position."""
        return cursors.encode_cursor(
            self.field.value, "DESC" if self.descending else "ASC",
            *(_to_text(v) for v in self.values(doc, prefix)),
        )  # fmt: skip

    def beyond(
        self, cursor: str, prefix: str, *, forward: bool = True, inclusive: bool = False
    ) -> Document:
        """Returns the condition "after the cursor's position in this order" (`forward`) or
        "before it", the position itself included if `inclusive`; raises InvalidCursor for a
        cursor of another order (or not issued here)."""
        keys = (*_keys(self.field, prefix), "_id")
        position = cursors.decode_cursor(cursor, len(keys) + 2)
        if position[:2] != [self.field.value, "DESC" if self.descending else "ASC"]:
            raise InvalidCursor("invalid cursor: it belongs to another orderBy")
        values = [_from_text(key, text) for key, text in zip(keys, position[2:], strict=True)]
        return keyset_condition(self.sort(prefix), values, forward=forward, inclusive=inclusive)

    def keyset(self, prefix: str) -> Keyset:
        """Returns this order over the sort keys under `prefix`, for `paging.keyset_page`."""
        return _OrderKeyset(self, prefix)


@dataclass(frozen=True)
class _OrderKeyset:
    order: Order
    prefix: str

    def sort(self) -> list[tuple[str, int]]:
        return self.order.sort(self.prefix)

    def cursor(self, doc: Mapping[str, Any]) -> str:
        return self.order.cursor(doc, self.prefix)

    def beyond(self, cursor: str, *, forward: bool, inclusive: bool = False) -> Document:
        return self.order.beyond(cursor, self.prefix, forward=forward, inclusive=inclusive)


def sort_prefix(actor: Actor) -> str:
    """Returns which sort keys a reader's list uses: readers of every draft (`read_rules`)
    see each postmortem as it is; others see amended ones as published (`as_seen_by`)."""
    return CURRENT if actor.roles & DRAFT_READER_ROLES else PUBLIC


def sort_keys(doc: Mapping[str, Any]) -> Document:
    """Returns the `sort` and `public_sort` sub-documents of a postmortem's read document."""
    current = _sort_values(doc, doc.get("updated_at"))
    public = current
    latest = last_published_revision(doc)
    amended = doc.get("state") not in (State.PUBLISHED.value, State.WITHDRAWN.value)
    if amended and doc.get("first_published_at") is not None and latest:
        content = latest.get("content") or {}
        public = _sort_values(content, latest.get("published_at") or doc.get("updated_at"))
    return {CURRENT: current, PUBLIC: public}


def _sort_values(content: Mapping[str, Any], updated_at: Any) -> Document:
    return {
        "started_at": (content.get("window") or {}).get("started_at"),
        "updated_at": updated_at,
        "severity": SEVERITY_RANK.get(str(content.get("severity")), 0),
    }


def _to_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def _from_text(key: str, text: str) -> Any:
    try:
        if key == "_id":
            return text
        if key.endswith(".severity"):
            return int(text)
        return datetime.fromisoformat(text)
    except ValueError as error:
        raise InvalidCursor("invalid cursor") from error
