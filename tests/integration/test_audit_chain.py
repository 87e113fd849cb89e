"""Tamper evidence: edits, deletions and reorderings of stored events are detected, on both
event stores, by recomputing the audit hash chain from the store alone."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

import psycopg
import pytest
from pymongo import MongoClient

from projections.audit_log.chain import GENESIS
from projections.audit_log.verify import Verification, verify_chain
from service.application.commands import CreatePostmortem, WriteSummary
from service.application.postmortems import PostmortemApplication
from service.bootstrap import async_mongo_client, build_application, build_projector, mongo_client
from service.config import EventStoreKind, Settings
from service.domain import Actor, CommandContext, IncidentWindow, Severity
from service.infrastructure.event_store import postgres_env

CTX = CommandContext(Actor("alice", frozenset({"author"})), "req-1")
STARTED = datetime(2025, 7, 15, 17, 42, tzinfo=UTC)
Document = dict[str, object]


class Store:
    """Direct SQL access to the event store's table, as an attacker with database access."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def execute(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        """Runs one statement in its own transaction; returns any rows."""
        if self.settings.event_store is EventStoreKind.SQLITE:
            with sqlite3.connect(self.settings.resolved_sqlite_path) as conn:
                sql = sql.replace("{table}", "stored_events").replace("{position}", "rowid")
                rows = conn.execute(sql.replace("%s", "?"), params).fetchall()
            return rows
        assert self.settings.postgres_dsn
        env = postgres_env(self.settings.postgres_dsn)
        sql = sql.replace("{table}", "postmortems_events").replace("{position}", "notification_id")
        with psycopg.connect(
            host=env["POSTGRES_HOST"],
            port=int(env["POSTGRES_PORT"]),
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"],
            dbname=env["POSTGRES_DBNAME"],
        ) as conn:
            cursor = conn.execute(sql.encode(), params)
            return cursor.fetchall() if cursor.description else []


@pytest.fixture
def history(event_store_settings: Settings, mongodb_uri: str) -> tuple[Settings, Store]:
    """Two postmortems, three events each (positions 1-6), projected into the audit trail."""
    app = build_application(event_store_settings)
    client: MongoClient[Document] = mongo_client(mongodb_uri)
    for n in range(2):
        created = app.handle(
            CreatePostmortem(
                title=f"Incident {n}",
                severity=Severity.SEV2,
                window=IncidentWindow(started_at=STARTED),
            ),
            CTX,
        )
        for version in (1, 2):
            app.handle(
                WriteSummary(
                    postmortem_id=created.postmortem_id,
                    expected_version=version,
                    summary=f"Incident {n} v{version + 1}",
                ),
                CTX,
            )
    build_projector(event_store_settings, app, client).catch_up()
    app.close()
    client.close()
    return event_store_settings, Store(event_store_settings)


def verify(settings: Settings) -> Verification:
    async def run() -> Verification:
        app: PostmortemApplication = build_application(settings)
        client = async_mongo_client(settings.mongodb_uri or "")
        try:
            return await verify_chain(app.recorder, client[settings.mongodb_database])
        finally:
            await client.close()
            app.close()

    return asyncio.run(run())


def test_an_untouched_store_verifies_entry_by_entry(history: tuple[Settings, Store]) -> None:
    settings, _ = history
    result = verify(settings)
    assert result.ok
    assert (result.checked_entries, result.verified_through, result.head_position) == (6, 6, 6)
    assert result.head_hash != GENESIS
    assert result.first_broken_link is None


def _edit(store: Store) -> None:
    (state,) = store.execute("SELECT state FROM {table} WHERE {position} = 3")[0]
    assert isinstance(state, bytes | memoryview)
    forged = bytes(state).replace(b"Incident 0 v3", b"Incident 0 v9")
    assert forged != bytes(state)
    store.execute("UPDATE {table} SET state = %s WHERE {position} = 3", forged)


def _delete(store: Store) -> None:
    store.execute("DELETE FROM {table} WHERE {position} = 3")


def _reorder(store: Store) -> None:
    store.execute("UPDATE {table} SET {position} = 1000 WHERE {position} = 2")
    store.execute("UPDATE {table} SET {position} = 2 WHERE {position} = 3")
    store.execute("UPDATE {table} SET {position} = 3 WHERE {position} = 1000")


@pytest.mark.parametrize(
    ("tamper", "position", "kind"),
    [(_edit, 3, "modified"), (_delete, 3, "deleted"), (_reorder, 2, "reordered")],
    ids=["edited", "deleted", "reordered"],
)
def test_a_tampered_event_store_is_reported_at_the_first_broken_link(
    history: tuple[Settings, Store], tamper: Callable[[Store], None], position: int, kind: str
) -> None:
    settings, store = history
    tamper(store)
    result = verify(settings)
    assert not result.ok
    broken = result.first_broken_link
    assert broken is not None
    assert (broken.position, broken.kind) == (position, kind)
    assert result.checked_entries == position - 1
    assert broken.expected is not None
    assert broken.expected != broken.found


def test_an_edited_trail_entry_is_reported_as_altered(history: tuple[Settings, Store]) -> None:
    settings, _ = history
    with MongoClient[Document](settings.mongodb_uri) as client:
        client[settings.mongodb_database]["audit_log"].update_one(
            {"_id": 4}, {"$set": {"hash": "f" * 64}}
        )
    broken = verify(settings).first_broken_link
    assert broken is not None
    assert (broken.position, broken.kind, broken.expected) == (4, "trail_altered", "f" * 64)


def test_an_event_deleted_from_both_the_store_and_the_trail_is_still_detected(
    history: tuple[Settings, Store],
) -> None:
    settings, store = history
    store.execute("DELETE FROM {table} WHERE {position} = 5")
    with MongoClient[Document](settings.mongodb_uri) as client:
        client[settings.mongodb_database]["audit_log"].delete_one({"_id": 5})
    broken = verify(settings).first_broken_link
    assert broken is not None
    assert (broken.position, broken.kind, broken.version) == (6, "deleted", 3)
