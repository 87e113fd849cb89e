"""The recurring-incident projection and queries on the real MongoDB-wire server, over the
hand-built corpus (projected event by event, then read through the async queries)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient, MongoClient

from projections.base import ProjectedEvent
from projections.recurring.projection import RecurringProjection
from projections.recurring.queries import RecurringQueries
from service.bootstrap import async_mongo_client, mongo_client
from service.domain.document import Document
from tests.support.recurring_corpus import NOW, corpus

WINDOW = (NOW - timedelta(days=365), NOW + timedelta(days=1))


class Projected:
    """A database holding the recurring views, and a way to project more changes into it."""

    def __init__(self, client: MongoClient[Document], name: str) -> None:
        self.db = client[name]
        self.projection = RecurringProjection()
        self.position = 0
        self.current: dict[str, Document] = {}
        for collection, indexes in self.projection.indexes().items():
            self.db[collection].create_indexes(indexes)

    def apply(self, after: Document) -> None:
        self.position += 1
        event = ProjectedEvent(
            position=self.position,
            event_type="Test",
            postmortem_id=after["id"],
            version=self.position,
            at=NOW,
            actor_id="alice",
            actor_roles=("author",),
            correlation_id="req",
            reason=None,
            event_state={},
            before=self.current.get(after["id"]),
            after=after,
        )
        writes: dict[str, list[Any]] = defaultdict(list)
        for collection, op in self.projection.project(event):
            writes[collection].append(op)
        for collection, ops in writes.items():
            self.db[collection].bulk_write(ops, ordered=True)
        self.current[after["id"]] = after


def _projected(mongodb_uri: str) -> Iterator[Projected]:
    client = mongo_client(mongodb_uri)
    name = "t_" + uuid.uuid4().hex[:12]
    views = Projected(client, name)
    for doc in corpus():
        views.apply(doc)
    yield views
    client.drop_database(name)
    client.close()


@pytest.fixture(scope="module")
def projected(mongodb_uri: str) -> Iterator[Projected]:
    """The corpus, projected once for the tests that only read."""
    yield from _projected(mongodb_uri)


@pytest.fixture
def changing(mongodb_uri: str) -> Iterator[Projected]:
    """The corpus, projected for a test that projects more changes."""
    yield from _projected(mongodb_uri)


@pytest.fixture
async def queries(mongodb_uri: str, projected: Projected) -> AsyncIterator[RecurringQueries]:
    client: AsyncMongoClient[Document] = async_mongo_client(mongodb_uri)
    yield RecurringQueries(client[projected.db.name])
    await client.close()


async def groups(queries: RecurringQueries, scope: str = "published") -> list[tuple[Any, ...]]:
    found = await queries.recurring_incidents(
        scope, *WINDOW, min_occurrences=2, service=None, category=None, first=20, per_group=10
    )
    return [
        (g.service, g.category, g.count, [p["postmortem_id"] for p in g.postmortems]) for g in found
    ]


async def test_published_incidents_are_grouped_by_service_and_root_cause_category(
    queries: RecurringQueries,
) -> None:
    assert await groups(queries) == [
        ("checkout", "capacity", 3, ["c3", "a2", "c2"]),
        ("checkout", "configuration", 3, ["b3", "n1", "b1"]),
        ("payments", "capacity", 3, ["a3", "a1", "c1"]),
    ]
    first = (
        await queries.recurring_incidents(
            "published",
            *WINDOW,
            min_occurrences=3,
            service="checkout",
            category="capacity",
            first=5,
            per_group=1,
        )
    )[0]
    assert (first.first_seen, first.last_seen) == (
        NOW - timedelta(days=100),
        NOW - timedelta(days=10),
    )
    assert [p["postmortem_id"] for p in first.postmortems] == ["c3"]
    assert first.postmortems[0]["action_items"] == []


async def test_the_unpublished_scope_also_counts_drafts(queries: RecurringQueries) -> None:
    assert ("payments", "capacity", 4, ["d1", "a3", "a1", "c1"]) in await groups(queries, "all")


async def test_similar_root_causes_cluster_into_the_three_families(
    queries: RecurringQueries,
) -> None:
    found = await queries.similar_root_cause_clusters(
        "published", *WINDOW, threshold=0.25, across_services_only=True, first=10
    )
    members = [[m["postmortem_id"] for m in c.members] for c in found]
    assert members == [["a1", "a2", "a3"], ["b1", "b2", "b3"], ["c1", "c2", "c3"]]
    assert [c.services for c in found] == [["checkout", "payments"]] * 3
    assert [c.linked for c in found] == [[], [], [("c2", "c3")]]


async def test_similar_postmortems_are_ranked_and_include_explicit_links(
    queries: RecurringQueries,
) -> None:
    similar = await queries.similar_postmortems("published", "a1", 0.25, 10)
    assert similar is not None
    assert sorted(s.view["postmortem_id"] for s in similar) == ["a2", "a3"]
    assert similar[0].score is not None
    assert similar[0].score >= similar[1].score  # type: ignore[operator]
    linked = await queries.similar_postmortems("published", "c3", 0.25, 10)
    assert [(s.view["postmortem_id"], s.score, s.linked) for s in linked or []] == [
        ("c2", None, True)
    ]
    assert await queries.similar_postmortems("published", "d1", 0.25, 10) is None


async def test_recurrences_after_completed_action_items_are_listed(
    queries: RecurringQueries,
) -> None:
    found = await queries.recurred_despite_action_items(
        "published", *WINDOW, threshold=0.25, first=10
    )
    assert [(f.earlier["postmortem_id"], f.later["postmortem_id"]) for f in found] == [
        ("a1", "a3"),
        ("b2", "b3"),
        ("a1", "a2"),
        ("c1", "c2"),
    ]
    assert [i["status"] for i in found[0].earlier["action_items"]] == ["done", "wont_do"]


async def test_monthly_trends_count_incidents_with_empty_months(
    queries: RecurringQueries,
) -> None:
    months, series = await queries.incident_trends(
        "published", date(2025, 11, 1), date(2026, 6, 30), "CATEGORY"
    )
    assert months == [
        "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"
    ]  # fmt: skip
    assert [(s.key, s.counts) for s in series][:2] == [
        ("capacity", [1, 0, 0, 1, 1, 1, 1, 1]),
        ("configuration", [0, 0, 1, 0, 1, 0, 3, 0]),
    ]
    _, by_service = await queries.incident_trends(
        "published", date(2026, 5, 1), date(2026, 6, 30), "SERVICE"
    )
    assert [(s.key, s.counts) for s in by_service][:2] == [("checkout", [2, 1]), ("auth", [1, 0])]


async def test_a_withdrawn_or_recategorised_postmortem_moves_every_view(
    changing: Projected, mongodb_uri: str
) -> None:
    client: AsyncMongoClient[Document] = async_mongo_client(mongodb_uri)
    queries = RecurringQueries(client[changing.db.name])
    by_id = {d["id"]: d for d in corpus()}
    changing.apply({**by_id["n1"], "state": "WITHDRAWN"})
    recategorised = {**by_id["b3"], "root_cause": {**by_id["b3"]["root_cause"]}}
    recategorised["root_cause"]["category"] = "process"
    changing.apply(recategorised)
    assert ("checkout", "configuration", 1, ["b1"]) not in await groups(queries)
    assert [g[:3] for g in await groups(queries)] == [
        ("checkout", "capacity", 3),
        ("payments", "capacity", 3),
    ]
    _, series = await queries.incident_trends(
        "published", date(2026, 5, 1), date(2026, 5, 31), "CATEGORY"
    )
    assert ("configuration", [1]) in [(s.key, s.counts) for s in series]  # n10 only
    assert ("process", [1]) in [(s.key, s.counts) for s in series]
    await client.close()
