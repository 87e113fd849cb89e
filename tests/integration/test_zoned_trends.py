"""Monthly incident trends in time zones on both sides of UTC, on the real MongoDB-wire server:
incidents a minute either side of local midnight at month ends, a half-hour zone, months
that start on daylight time and end on standard time, and a pre-1937 zone whose offset is not a
whole number of quarter hours. Every count below is worked out by hand in the comments."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient, MongoClient

from projections.base import ProjectedEvent
from projections.recurring.projection import POSTMORTEMS, RecurringProjection
from projections.recurring.queries import RecurringQueries
from service.bootstrap import async_mongo_client, mongo_client
from service.domain.calendar import time_zone

Document = dict[str, Any]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


# key: incident start (UTC); the month it falls in: UTC / Auckland / Los Angeles / Kolkata
INCIDENTS = {
    "A": utc(2026, 2, 28, 10, 59),  # Feb / Feb 28 23:59 +13 / Feb / Feb
    "B": utc(2026, 2, 28, 11, 0),  # Feb / Mar 1 00:00 / Feb / Feb 16:30
    "C": utc(2026, 2, 28, 18, 30),  # Feb / Mar / Feb / Mar 1 00:00 +05:30
    "D": utc(2026, 2, 28, 18, 29),  # Feb / Mar / Feb / Feb 28 23:59
    "E": utc(2026, 3, 1, 7, 59),  # Mar / Mar / Feb 28 23:59 -08 / Mar
    "F": utc(2026, 3, 1, 8, 0),  # Mar / Mar / Mar 1 00:00 / Mar
    "G": utc(2026, 4, 1, 7, 30),  # Apr / Apr / Apr 1 00:30 -07 (daylight time) / Apr
    "H": utc(2026, 4, 1, 6, 59),  # Apr / Apr / Mar 31 23:59 -07 / Apr
    "I": utc(2026, 3, 31, 10, 30),  # Mar / Mar 31 23:30 +13 / Mar / Mar
    "J": utc(2026, 3, 15, 12, 0),  # mid-month: Mar everywhere
    "K": utc(2026, 4, 30, 11, 30),  # Apr / Apr 30 23:30 +12 (standard time since 5 Apr) / Apr
    "L": utc(2026, 4, 30, 12, 0),  # Apr / May 1 00:00 +12 / Apr / Apr
    # Amsterdam, 1930: +00:19:32, so 1 June began at 31 May 22:40:28Z.
    "M": utc(1930, 5, 31, 22, 40, 27),  # May in UTC and in Amsterdam
    "N": utc(1930, 5, 31, 22, 40, 28),  # May in UTC, June in Amsterdam
}
EXPECTED = {  # months 2026-02 .. 2026-05
    "UTC": [4, 4, 4, 0],  # ABCD / EFIJ / GHKL
    "Pacific/Auckland": [1, 7, 3, 1],  # A / BCDEFIJ / GHK / L
    "America/Los_Angeles": [5, 4, 3, 0],  # ABCDE / FHIJ / GKL
    "Asia/Kolkata": [3, 5, 4, 0],  # ABD / CEFIJ / GHKL
}


def _document(key: str, started: datetime, state: str = "PUBLISHED") -> Document:
    return {
        "id": key, "version": 1, "state": state, "title": f"Incident {key}",
        "severity": "SEV2", "services": ["api"], "tags": [], "team": "sre",
        "window": {"started_at": started, "detected_at": None, "mitigated_at": None,
                   "resolved_at": None},
        "authors": ["alice"], "summary": "", "timeline": [],
        "root_cause": {"whys": [], "statement": "", "category": "deployment",
                       "contributing_factors": []},
        "action_items": [], "recurrence_of": [], "published_revisions": [],
        "created_at": started, "updated_at": started,
    }  # fmt: skip


def _project(db: Any, docs: list[Document]) -> None:
    projection = RecurringProjection()
    for name, indexes in projection.indexes().items():
        db[name].create_indexes(indexes)
    for position, doc in enumerate(docs, start=1):
        change = ProjectedEvent(
            position=position, event_type="Test", postmortem_id=doc["id"], version=1,
            at=doc["created_at"], actor_id="alice", actor_roles=("author",),
            correlation_id="req", reason=None, event_state={}, before=None, after=doc,
        )  # fmt: skip
        writes: dict[str, list[Any]] = defaultdict(list)
        for collection, op in projection.project(change):
            writes[collection].append(op)
        for collection, ops in writes.items():
            db[collection].bulk_write(ops, ordered=True)


@pytest.fixture(scope="module")
def database(mongodb_uri: str) -> Iterator[str]:
    client: MongoClient[Document] = mongo_client(mongodb_uri)
    name = "t_" + uuid.uuid4().hex[:12]
    docs = [_document(key, started) for key, started in INCIDENTS.items()]
    docs.append(_document("draft", utc(2026, 2, 28, 23), state="DRAFT"))
    _project(client[name], docs)
    yield name
    client.drop_database(name)
    client.close()


@pytest.fixture
async def queries(mongodb_uri: str, database: str) -> AsyncIterator[RecurringQueries]:
    client: AsyncMongoClient[Document] = async_mongo_client(mongodb_uri)
    yield RecurringQueries(client[database])
    await client.close()


async def _counts(queries: RecurringQueries, zone: str, start: date, end: date,
                  scope: str = "published", dimension: str = "SERVICE") -> list[int]:  # fmt: skip
    months, series = await queries.incident_trends(scope, start, end, dimension, time_zone(zone))
    assert months == [f"{start.year}-{m:02d}" for m in range(start.month, end.month + 1)]
    found = {s.key: s.counts for s in series}
    return found.get("api", [0] * len(months))


@pytest.mark.parametrize("zone", sorted(EXPECTED))
async def test_months_are_the_calendar_months_of_the_zone(
    queries: RecurringQueries, zone: str
) -> None:
    assert await _counts(queries, zone, date(2026, 2, 1), date(2026, 5, 31)) == EXPECTED[zone]


async def test_every_dimension_counts_the_same_months(queries: RecurringQueries) -> None:
    for dimension, key in (("CATEGORY", "deployment"), ("SEVERITY", "SEV2"), ("TEAM", "sre")):
        _, series = await queries.incident_trends(
            "published", date(2026, 2, 1), date(2026, 5, 31), dimension,
            time_zone("Pacific/Auckland"),
        )  # fmt: skip
        assert [(s.key, s.counts) for s in series] == [(key, [1, 7, 3, 1])], dimension


async def test_a_range_of_one_month_counts_only_that_month(queries: RecurringQueries) -> None:
    assert await _counts(queries, "Pacific/Auckland", date(2026, 3, 10), date(2026, 3, 10)) == [7]
    assert await _counts(queries, "America/Los_Angeles", date(2026, 2, 1), date(2026, 2, 1)) == [5]


async def test_drafts_count_only_in_the_unpublished_scope(queries: RecurringQueries) -> None:
    # The draft started on 28 Feb 23:00Z: still February in Los Angeles, March in Auckland.
    assert await _counts(queries, "Pacific/Auckland", date(2026, 2, 1), date(2026, 3, 31),
                         scope="all") == [1, 8]  # fmt: skip
    assert await _counts(queries, "America/Los_Angeles", date(2026, 2, 1), date(2026, 3, 31),
                         scope="all") == [6, 4]  # fmt: skip


async def test_a_boundary_off_the_quarter_hours_is_exact(queries: RecurringQueries) -> None:
    assert await _counts(queries, "UTC", date(1930, 5, 1), date(1930, 6, 30)) == [2, 0]
    assert await _counts(queries, "Europe/Amsterdam", date(1930, 5, 1), date(1930, 6, 30)) == [
        1,
        1,
    ]


async def test_trends_read_counters_only(mongodb_uri: str, database: str) -> None:
    """Without the per-incident views, modern months still count right: only counter
    documents are read (2n + 1 for n months)."""
    sync: MongoClient[Document] = mongo_client(mongodb_uri)
    copy = "t_" + uuid.uuid4().hex[:12]
    docs = [_document(key, started) for key, started in INCIDENTS.items() if started.year > 2000]
    _project(sync[copy], docs)
    sync[copy][POSTMORTEMS].drop()
    client: AsyncMongoClient[Document] = async_mongo_client(mongodb_uri)
    try:
        queries = RecurringQueries(client[copy])
        for zone, expected in EXPECTED.items():
            assert await _counts(queries, zone, date(2026, 2, 1), date(2026, 5, 31)) == expected
    finally:
        await client.close()
        sync.drop_database(copy)
        sync.close()


def test_the_expectations_agree_with_a_plain_count() -> None:
    """The hand-worked EXPECTED, recounted from the incident list (guards the comments)."""
    for zone, expected in EXPECTED.items():
        tz = time_zone(zone)
        counted = [0, 0, 0, 0]
        for started in INCIDENTS.values():
            local = started.astimezone(tz)
            if local.year == 2026 and 2 <= local.month <= 5:
                counted[local.month - 2] += 1
        assert counted == expected, zone
