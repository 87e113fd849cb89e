"""Every read rule's MongoDB filter selects, on the real MongoDB-wire server, exactly what its
Python predicate allows: for every role and every workflow state, for every read model."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from projections.action_items.projection import item_documents
from projections.recurring.documents import scoped_documents
from service.application import read_rules as rules
from service.domain.document import Document
from service.domain.errors import NotPermitted
from service.domain.values import Actor

ACTORS = [
    Actor("alice", frozenset({"author"})),  # an author of some postmortems
    Actor("bob", frozenset({"author"})),  # an author of others
    Actor("olga", frozenset({"author"})),  # owns an action item of a draft she did not write
    Actor("rita", frozenset({"reviewer"})),
    Actor("carl", frozenset({"compliance"})),
    Actor("ada", frozenset({"admin"})),
    Actor("nina", frozenset()),
]
AT = datetime(2025, 7, 15, tzinfo=UTC)
PUBLISHED_CONTENT = {
    "title": "As published",
    "severity": "SEV3",
    "authors": ["bob"],
    "action_items": [
        {"id": "ai-old", "title": "Published item", "owner": "team-sre"},
        {"id": "ai-olga", "title": "Olga's published item", "owner": "olga"},
    ],
}


def _postmortem(n: int, state: str, authors: list[str], **extra: Any) -> Document:
    items = [{"id": f"ai-{n}", "title": "Add alert", "owner": "team-sre", "status": "open"}]
    return {
        "_id": f"pm-{n}",
        "id": f"pm-{n}",
        "version": 3,
        "state": state,
        "title": f"Incident {n}",
        "authors": authors,
        "action_items": items,
        "created_at": AT,
        "updated_at": AT,
        **extra,
    }


AMENDMENT = {
    "first_published_at": AT,
    "published_revisions": [{"revision": 1, "version": 2, "content": PUBLISHED_CONTENT}],
}
# Every workflow state, before and after a first publication.
POSTMORTEMS = [
    _postmortem(1, "DRAFT", ["alice"]),
    _postmortem(2, "IN_REVIEW", ["alice", "bob"]),
    _postmortem(3, "CHANGES_REQUESTED", ["bob"]),
    _postmortem(4, "PUBLISHED", ["bob"], first_published_at=AT),
    _postmortem(5, "DRAFT", ["bob"], **AMENDMENT),
    _postmortem(6, "IN_REVIEW", ["bob"], **AMENDMENT),
    _postmortem(7, "WITHDRAWN", ["alice"]),
    _postmortem(8, "WITHDRAWN", ["bob"], **AMENDMENT),
    _postmortem(
        9, "IN_REVIEW", ["bob"], action_items=[{"id": "ai-9", "title": "Fix", "owner": "olga"}]
    ),
]


@pytest.fixture(scope="module")
async def db(mongodb_uri: str) -> AsyncIterator[AsyncDatabase[Document]]:
    client: AsyncMongoClient[Document] = AsyncMongoClient(mongodb_uri, tz_aware=True)
    database = client["t_" + uuid.uuid4().hex[:12]]
    await database["postmortems"].insert_many([dict(d) for d in POSTMORTEMS])
    items = [item for pm in POSTMORTEMS for item in item_documents(pm).values()]
    await database["action_items"].insert_many(items)
    await database["audit_log"].insert_many(
        [{"_id": n, "postmortem_id": pm["_id"]} for n, pm in enumerate(POSTMORTEMS, 1)]
    )
    views = [
        {"_id": f"{scope}:{pm['_id']}", "scope": scope, "postmortem_id": pm["_id"]}
        for pm in POSTMORTEMS
        for scope in scoped_documents(pm)
    ]
    await database["recurring_postmortems"].insert_many(views)
    yield database
    await client.drop_database(database.name)
    await client.close()


async def _ids(db: AsyncDatabase[Document], collection: str, query: Document) -> set[Any]:
    return {doc["_id"] for doc in await db[collection].find(query).to_list()}


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.user_id)
async def test_postmortems_the_filter_selects_are_those_the_rule_shows(
    db: AsyncDatabase[Document], actor: Actor
) -> None:
    expected = {pm["_id"] for pm in POSTMORTEMS if rules.can_view(actor, pm)}
    assert await _ids(db, "postmortems", rules.postmortem_filter(actor)) == expected


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.user_id)
async def test_action_items_the_filter_selects_are_those_the_rule_shows(
    db: AsyncDatabase[Document], actor: Actor
) -> None:
    items = await db["action_items"].find({}).to_list()
    expected = {item["_id"] for item in items if rules.can_view_action_item(actor, item)}
    assert await _ids(db, "action_items", rules.action_item_filter(actor)) == expected
    # A reader lists exactly the items `postmortem(id)` shows them: the current content's, or
    # during an amendment they may not see, the published revision's (its copies).
    shown = set()
    for pm in POSTMORTEMS:
        seen = rules.as_seen_by(actor, pm)
        if seen is not None:
            suffix = "" if seen is pm else ":published"
            shown |= {f"{pm['_id']}:{item['id']}{suffix}" for item in seen["action_items"]}
    assert expected == shown
    copies = any(key.endswith(":published") for key in shown)
    assert copies == (actor.user_id in {"alice", "olga", "nina"})  # not bob's, no draft reader


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.user_id)
@pytest.mark.parametrize("export", [False, True], ids=["read", "export"])
async def test_audit_entries_the_filter_selects_are_those_the_rule_shows(
    db: AsyncDatabase[Document], actor: Actor, export: bool
) -> None:
    entries = await db["audit_log"].find({}).to_list()
    expected = {e["_id"] for e in entries if rules.can_view_audit_entry(actor, e)}
    try:
        selected = await _ids(db, "audit_log", rules.audit_entry_filter(actor, export=export))
    except NotPermitted:
        selected = set()
    assert selected == expected
    assert bool(expected) == bool(actor.roles & {"compliance", "admin"})


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.user_id)
@pytest.mark.parametrize("include_unpublished", [False, True], ids=["published", "all"])
async def test_recurring_views_the_filter_selects_are_those_the_rule_shows(
    db: AsyncDatabase[Document], actor: Actor, include_unpublished: bool
) -> None:
    try:
        scope = rules.recurring_scope(actor, include_unpublished)
    except NotPermitted:
        assert include_unpublished
        assert not actor.roles & {"reviewer", "compliance", "admin"}
        return
    selected = await _ids(db, "recurring_postmortems", rules.recurring_filter(scope))
    expected = {f"{scope}:{pm['_id']}" for pm in POSTMORTEMS if rules.in_recurring_scope(scope, pm)}
    assert selected == expected
    # Whoever may query a scope may see every postmortem in it.
    assert all(
        rules.can_view(actor, pm) for pm in POSTMORTEMS if f"{scope}:{pm['_id']}" in expected
    )
