"""The postmortem list's orders on the real MongoDB-wire server: readers who may not see an
amendment in progress are ordered by what they are shown (the published revision), and every
order is read from an index (the embedded server's `explain`)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from projections.paging import PageRequest
from projections.postmortems.ordering import CURRENT, Order, OrderField
from projections.postmortems.projection import PostmortemsProjection, with_list_fields
from projections.postmortems.queries import PostmortemQueries
from service.domain.values import Actor

READER = Actor("nina", frozenset({"author"}))  # not an author of these
REVIEWER = Actor("rita", frozenset({"reviewer"}))


def at(month: int, day: int) -> datetime:
    return datetime(2025, month, day, tzinfo=UTC)


def _doc(key: str, state: str, severity: str, started: datetime, updated: datetime,
         **extra: Any) -> dict[str, Any]:  # fmt: skip
    return with_list_fields({
        "_id": key, "version": 3, "state": state, "title": key, "severity": severity,
        "window": {"started_at": started}, "authors": ["bob"], "created_at": at(1, 1),
        "updated_at": updated, "first_published_at": at(2, 1), **extra,
    })  # fmt: skip


DOCUMENTS = [
    _doc("p1", "PUBLISHED", "SEV3", at(3, 1), at(3, 10)),
    # Published as SEV4, started 1 January; the amendment in progress says SEV1, 1 June.
    _doc("p2", "DRAFT", "SEV1", at(6, 1), at(6, 10), published_revisions=[{
        "revision": 1, "version": 2, "published_at": at(2, 1),
        "content": {"title": "p2", "severity": "SEV4", "window": {"started_at": at(1, 1)}}}]),
    _doc("p3", "PUBLISHED", "SEV2", at(4, 1), at(4, 5)),
]  # fmt: skip


@pytest.fixture
async def queries(mongodb_uri: str) -> AsyncIterator[PostmortemQueries]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_uri, tz_aware=True)
    db = client["t_" + uuid.uuid4().hex[:12]]
    for indexes in PostmortemsProjection().indexes().values():
        await db["postmortems"].create_indexes(indexes)
    await db["postmortems"].insert_many(DOCUMENTS)
    yield PostmortemQueries(db)
    await client.drop_database(db.name)
    await client.close()


@pytest.mark.parametrize(
    ("field", "as_reviewer", "as_reader"),
    [
        (OrderField.SEVERITY, ["p2", "p3", "p1"], ["p3", "p1", "p2"]),
        (OrderField.INCIDENT_START, ["p2", "p3", "p1"], ["p3", "p1", "p2"]),
        (OrderField.UPDATED, ["p2", "p3", "p1"], ["p3", "p1", "p2"]),
    ],
)
async def test_readers_are_ordered_by_the_published_revision_they_see(
    queries: PostmortemQueries, field: OrderField, as_reviewer: list[str], as_reader: list[str]
) -> None:
    order = Order(field=field)
    reviewed = await queries.page(actor=REVIEWER, request=PageRequest(first=10), order=order)
    read = await queries.page(actor=READER, request=PageRequest(first=10), order=order)
    assert [d["_id"] for d in reviewed.items] == as_reviewer
    assert [d["_id"] for d in read.items] == as_reader
    assert read.items[-1]["severity"] == "SEV4"  # shown as published
    # Cursors hold the keys the reader was ordered by: page by page, the same order.
    seen, after = [], None
    while True:
        one = await queries.page(
            actor=READER, request=PageRequest(first=1, after=after), order=order
        )
        seen += [d["_id"] for d in one.items]
        if not await one.has_next_page.get():
            break
        after = one.cursors[-1]
    assert seen == as_reader
    # And backwards from the end, with `last` and `before`: the same order, reversed reading.
    seen, before = [], None
    while True:
        one = await queries.page(
            actor=READER, request=PageRequest(last=1, before=before), order=order
        )
        seen = [d["_id"] for d in one.items] + seen
        if not await one.has_previous_page.get():
            break
        before = one.cursors[0]
    assert seen == as_reader


def _stages(plan: dict[str, Any]) -> list[str]:
    stage = str(plan.get("stage"))
    found = [f"IXSCAN {plan.get('indexName')}" if stage == "IXSCAN" else stage]
    if "inputStage" in plan:
        found += _stages(plan["inputStage"])
    return found


@pytest.mark.parametrize("field", list(OrderField))
@pytest.mark.parametrize("descending", [True, False])
async def test_every_order_is_read_from_an_index_without_a_blocking_sort(
    queries: PostmortemQueries, field: OrderField, descending: bool
) -> None:
    order = Order(field=field, descending=descending)
    explained = await queries._collection.find({}).sort(order.sort(CURRENT)).limit(21).explain()
    stages = _stages(explained["queryPlanner"]["winningPlan"])
    assert "SORT" not in stages, stages
    assert any(s.startswith("IXSCAN") for s in stages), stages
