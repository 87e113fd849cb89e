"""The read filter on the real MongoDB-wire server agrees with the visibility rule."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from projections.paging import PageRequest
from projections.postmortems.projection import with_list_fields
from projections.postmortems.queries import PostmortemQueries
from service.application.read_rules import can_view, postmortem_filter
from service.domain.values import Actor

ACTORS = [
    Actor("alice", frozenset({"author"})),
    Actor("bob", frozenset({"author"})),
    Actor("rita", frozenset({"reviewer"})),
    Actor("carl", frozenset({"compliance"})),
    Actor("ada", frozenset({"admin"})),
    Actor("nina", frozenset()),
]
AT = datetime(2025, 7, 15, tzinfo=UTC)


def _doc(n: int, state: str, authors: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "_id": f"pm-{n}",
        "version": 1,
        "state": state,
        "title": f"Incident {n}",
        "severity": "SEV3",
        "window": {"started_at": AT},
        "authors": authors,
        "created_at": AT.replace(hour=n),
        "updated_at": AT,
        **extra,
    }


# What the domain freezes at publication: the content part only.
PUBLISHED_CONTENT = {
    "title": "As published",
    "severity": "SEV3",
    "window": {"started_at": AT},
    "authors": ["bob"],
    "action_items": [{"id": "ai-1", "title": "Add alert"}],
}
DOCUMENTS = [
    _doc(1, "DRAFT", ["alice"]),
    _doc(2, "IN_REVIEW", ["alice", "bob"]),
    _doc(3, "CHANGES_REQUESTED", ["bob"]),
    _doc(4, "PUBLISHED", ["bob"], first_published_at=AT),
    _doc(
        5,
        "DRAFT",  # an amendment of a published postmortem, in progress
        ["bob"],
        title="Amended draft",
        first_published_at=AT,
        action_items=[{"id": "ai-1", "title": "Add alert (draft)", "status": "done"}],
        published_revisions=[
            {"revision": 1, "version": 4, "published_at": AT, "content": PUBLISHED_CONTENT}
        ],
    ),
    _doc(6, "WITHDRAWN", ["alice"], first_published_at=AT),
    _doc(7, "WITHDRAWN", ["bob"]),
    _doc(8, "IN_REVIEW", ["bob"], action_items=[{"id": "ai-8", "owner": "carl"}]),
]


@pytest.fixture
async def queries(mongodb_uri: str) -> AsyncIterator[PostmortemQueries]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_uri, tz_aware=True)
    db = client["t_" + uuid.uuid4().hex[:12]]
    await db["postmortems"].insert_many([with_list_fields(d) for d in DOCUMENTS])
    yield PostmortemQueries(db)
    await client.drop_database(db.name)
    await client.close()


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.user_id)
async def test_the_mongodb_filter_matches_exactly_what_the_rule_lets_an_actor_see(
    queries: PostmortemQueries, actor: Actor
) -> None:
    # Every incident started at AT: newest incident first, then by id, descending.
    expected = [d["_id"] for d in reversed(DOCUMENTS) if can_view(actor, d)]
    matched = await queries._collection.find(postmortem_filter(actor)).to_list()
    assert sorted(d["_id"] for d in matched) == sorted(expected)
    page = await queries.page(actor=actor, request=PageRequest(first=3))
    assert await page.total_count.get() == len(expected)
    seen = [d["_id"] for d in page.items]
    while await page.has_next_page.get():
        page = await queries.page(actor=actor, request=PageRequest(first=3, after=page.cursors[-1]))
        seen += [d["_id"] for d in page.items]
    assert seen == expected


async def test_readers_see_the_published_revision_while_an_amendment_is_drafted(
    queries: PostmortemQueries,
) -> None:
    reader, author = ACTORS[5], ACTORS[1]  # nina (no role), bob (its author)
    as_reader = await queries.get("pm-5", actor=reader)
    as_author = await queries.get("pm-5", actor=author)
    assert as_reader is not None
    assert as_author is not None
    assert (as_reader["title"], as_reader["state"], as_reader["version"]) == (
        "As published",
        "PUBLISHED",
        4,
    )
    assert as_reader["action_items"] == [{"id": "ai-1", "title": "Add alert", "status": "done"}]
    assert as_author["title"] == "Amended draft"
    assert await queries.get("pm-1", actor=reader) is None
    # A compliance officer reads every draft, the amendment included.
    as_compliance = await queries.get("pm-5", actor=ACTORS[3])
    assert as_compliance is not None
    assert (as_compliance["title"], as_compliance["state"]) == ("Amended draft", "DRAFT")
