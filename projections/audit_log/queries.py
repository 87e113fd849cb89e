"""Reads of the audit trail (async): filtered pages and streamed exports."""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from projections.audit_log.diff import plain
from projections.audit_log.projection import COLLECTION
from projections.base import half_open_range
from projections.cursors import InvalidCursor
from projections.paging import Count, Flag, PageRequest, keyset_condition, keyset_page, lazy_count
from service.domain.document import Document

CSV_COLUMNS = (
    "position",
    "at",
    "postmortem_id",
    "version",
    "event_type",
    "actor_id",
    "actor_roles",
    "correlation_id",
    "reason",
    "changes",
    "prev_hash",
    "hash",
    "occurred_at",
    "backfilled_by",
)


class InvalidAuditCursor(InvalidCursor):
    """A cursor this service did not issue (the trail's cursors name a position)."""


class Order(StrEnum):
    """Direction of the trail."""

    NEWEST_FIRST = "NEWEST_FIRST"
    OLDEST_FIRST = "OLDEST_FIRST"


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to read; every given criterion must hold."""

    postmortem_id: str | None = None
    actor_id: str | None = None
    event_type: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive

    def query(self) -> Document:
        """Returns the MongoDB filter."""
        query: Document = {}
        if self.postmortem_id is not None:
            query["postmortem_id"] = self.postmortem_id
        if self.actor_id is not None:
            query["actor_id"] = self.actor_id
        if self.event_type is not None:
            query["event_type"] = self.event_type
        at = half_open_range(self.since, self.until)
        if at:
            query["at"] = at
        return query


@dataclass(frozen=True)
class AuditPage:
    """One page of entries (`Flag`s answered when asked)."""

    items: list[Document]
    has_next_page: Flag
    has_previous_page: Flag
    total_count: Count


def encode_cursor(position: int) -> str:
    """Returns the opaque cursor continuing after an entry."""
    return base64.urlsafe_b64encode(f"audit:{position}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """Returns the position a cursor continues after."""
    try:
        kind, _, position = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind != "audit":
            raise ValueError(kind)
        return int(position)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidAuditCursor("invalid cursor") from error


@dataclass(frozen=True)
class PositionOrder:
    """The trail in event-store position order, newest or oldest first: its keyset."""

    order: Order

    def sort(self) -> list[tuple[str, int]]:
        """Returns the MongoDB sort specification."""
        return [("_id", DESCENDING if self.order is Order.NEWEST_FIRST else ASCENDING)]

    def cursor(self, doc: Document) -> str:
        """Returns the cursor of an entry."""
        return encode_cursor(int(doc["_id"]))

    def beyond(self, cursor: str, *, forward: bool, inclusive: bool = False) -> Document:
        """Returns the condition "after (or before) the cursor's entry" in this order."""
        position = decode_cursor(cursor)
        return keyset_condition(self.sort(), [position], forward=forward, inclusive=inclusive)


class AuditLogQueries:
    """Queries over the `audit_log` collection."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._collection = db[COLLECTION]

    async def page(self, filters: AuditFilter, *, request: PageRequest, order: Order) -> AuditPage:
        """Returns the page `request` asks for, in position order (newest or oldest first)."""
        base = filters.query()
        found = await keyset_page(self._collection, base, PositionOrder(order), request)
        return AuditPage(
            items=found.items,
            has_next_page=found.has_next_page,
            has_previous_page=found.has_previous_page,
            total_count=lazy_count(self._collection, base),
        )

    async def stream(
        self, filters: AuditFilter, *, order: Order = Order.OLDEST_FIRST, batch_size: int = 1_000
    ) -> AsyncIterator[Document]:
        """Yields every matching entry, fetching `batch_size` at a time (constant memory)."""
        direction = DESCENDING if order is Order.NEWEST_FIRST else ASCENDING
        cursor = self._collection.find(filters.query()).sort("_id", direction)
        async for entry in cursor.batch_size(batch_size):
            yield entry

    async def count(self, filters: AuditFilter) -> int:
        """Returns how many entries match."""
        return await self._collection.count_documents(filters.query())


def export_record(entry: Document) -> Document:
    """Returns an entry as JSON-safe data for exports (the MongoDB `_id` left out)."""
    return {k: plain(v) for k, v in entry.items() if k != "_id"}


def ndjson_line(entry: Document) -> str:
    """Returns one entry as a line of NDJSON."""
    return json.dumps(export_record(entry), ensure_ascii=False, sort_keys=True) + "\n"


def csv_header() -> str:
    """Returns the CSV header line."""
    return _csv_line(CSV_COLUMNS)


def csv_line(entry: Document) -> str:
    """Returns one entry as a CSV line (changes as JSON, roles joined by ';')."""
    record = export_record(entry)
    values: list[Any] = []
    for column in CSV_COLUMNS:
        value = record.get(column)
        if column == "actor_roles":
            value = ";".join(value or [])
        elif column == "changes":
            value = json.dumps(value or [], ensure_ascii=False, sort_keys=True)
        values.append(_cell(value))
    return _csv_line(values)


def _cell(value: Any) -> Any:
    """Returns a CSV cell; text that a spreadsheet would run as a formula is quoted with '."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def _csv_line(values: Any) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()
