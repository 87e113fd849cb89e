"""A page costs one query unless the client asks for more: `totalCount` and the flag of the
direction it is not paging in (`hasPreviousPage` forwards, `hasNextPage` backwards) run their
query only when asked for, on the real MongoDB-wire server."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.monitoring import CommandListener, CommandStartedEvent

from projections.paging import PageRequest
from projections.postmortems.projection import with_list_fields
from projections.postmortems.queries import PostmortemQueries
from service.domain.values import Actor

ADMIN = Actor("ada", frozenset({"admin"}))
AT = datetime(2025, 7, 15, tzinfo=UTC)


class Commands(CommandListener):
    """Records the names of the commands sent to the server."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def started(self, event: CommandStartedEvent) -> None:
        self.names.append(event.command_name)

    def succeeded(self, event: Any) -> None:
        pass

    def failed(self, event: Any) -> None:
        pass


@pytest.fixture
async def setup(mongodb_uri: str) -> AsyncIterator[tuple[PostmortemQueries, Commands]]:
    commands = Commands()
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        mongodb_uri, tz_aware=True, event_listeners=[commands]
    )
    db = client["t_" + uuid.uuid4().hex[:12]]
    docs = [
        {"_id": f"pm-{n}", "version": 1, "state": "PUBLISHED", "title": f"Incident {n}",
         "severity": "SEV3", "window": {"started_at": AT - timedelta(days=n)},
         "authors": ["bob"], "created_at": AT, "updated_at": AT, "first_published_at": AT}
        for n in range(5)
    ]  # fmt: skip
    await db["postmortems"].insert_many([with_list_fields(d) for d in docs])
    commands.names.clear()
    yield PostmortemQueries(db), commands
    await client.drop_database(db.name)
    await client.close()


async def test_a_page_reads_once_and_counts_only_when_asked(
    setup: tuple[PostmortemQueries, Commands],
) -> None:
    queries, commands = setup
    first = await queries.page(actor=ADMIN, request=PageRequest(first=2))
    assert commands.names == ["find"]  # one limit-3 read: the page and hasNextPage
    assert await first.has_next_page.get() is True
    assert await first.has_previous_page.get() is False  # no cursor: nothing before
    assert commands.names == ["find"]
    assert await first.total_count.get() == 5
    assert await first.total_count.get() == 5  # asked twice, counted once
    assert commands.names == ["find", "aggregate"]  # count_documents is an aggregate


async def test_the_other_direction_is_checked_only_when_asked(
    setup: tuple[PostmortemQueries, Commands],
) -> None:
    queries, commands = setup
    start = await queries.page(actor=ADMIN, request=PageRequest(first=2))
    second = await queries.page(actor=ADMIN, request=PageRequest(first=2, after=start.cursors[-1]))
    commands.names.clear()
    assert await second.has_previous_page.get() is True
    assert commands.names == ["find"]  # one limit-1 existence check
    back = await queries.page(actor=ADMIN, request=PageRequest(last=2, before=second.cursors[0]))
    assert [d["_id"] for d in back.items] == [d["_id"] for d in start.items]
    assert await back.has_previous_page.get() is False
    commands.names.clear()
    assert await back.has_next_page.get() is True
    assert commands.names == ["find"]
