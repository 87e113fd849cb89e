"""Rebuilding read models while the write side and a live projector keep going."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from pymongo import MongoClient

from projections.rebuild import LeaseHeld, _acquire, rebuild
from projections.runner import wait_until_idle
from projections.tracking import TRACKING_COLLECTION
from service.application.commands import CreatePostmortem, WriteSummary
from service.bootstrap import (
    all_projections,
    build_application,
    build_projector,
    mongo_client,
    projection_names,
)
from service.config import Settings
from service.domain import Actor, CommandContext, IncidentWindow, Severity
from tests.integration.test_projection import write_history
from tests.support.readmodel import collection_contents, fresh_rebuild

CTX = CommandContext(Actor("alice", frozenset({"author"})), "req-rebuild")
STARTED = datetime(2025, 7, 15, 17, 42, tzinfo=UTC)


def test_a_rebuild_during_a_stream_of_writes_ends_equal_to_a_fresh_rebuild(
    settings: Settings, mongodb_uri: str
) -> None:
    app = build_application(settings)
    client: MongoClient[dict[str, object]] = mongo_client(mongodb_uri)
    live = build_projector(settings, app, client)
    live.ensure_indexes()
    app.on_saved(live.wake)
    live.start()
    write_history(app, postmortems=20, renames=3)  # 80 events
    stop = threading.Event()
    written: list[int] = []

    def keep_writing() -> None:
        while not stop.is_set():
            result = app.handle(
                CreatePostmortem(
                    title=f"During {len(written)}",
                    severity=Severity.SEV2,
                    window=IncidentWindow(started_at=STARTED),
                ),
                CTX,
            )
            app.handle(
                WriteSummary(
                    postmortem_id=result.postmortem_id, expected_version=1, summary="later"
                ),
                CTX,
            )
            written.append(result.position)
            stop.wait(0.02)  # a steady stream, not a flood

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        result = rebuild(
            app, client, settings.mongodb_database, all_projections(), batch_size=25, lease_lag=30
        )
    finally:
        stop.set()
        writer.join()
    assert len(written) > 0  # writes really did arrive during the rebuild
    assert result.applied >= 80
    assert result.projections == projection_names()

    wait_until_idle(live, timeout=30)
    live.stop()
    db = client[settings.mongodb_database]
    assert not [n for n in db.list_collection_names() if "__rebuild" in n]
    assert db[TRACKING_COLLECTION].count_documents({"lease": {"$ne": None}}) == 0
    projected = collection_contents(client, settings.mongodb_database)
    assert len(projected["postmortems"]) == 20 + len(written)
    assert projected == fresh_rebuild(settings, app, client)
    client.close()
    app.close()


def test_a_second_rebuild_is_refused_while_one_holds_the_lease_and_changes_nothing(
    settings: Settings, mongodb_uri: str
) -> None:
    app = build_application(settings)
    client: MongoClient[dict[str, object]] = mongo_client(mongodb_uri)
    write_history(app, postmortems=2, renames=1)
    db = client[settings.mongodb_database]
    _acquire(db, "postmortems", "someone-else", 60)
    before = collection_contents(client, settings.mongodb_database)
    with pytest.raises(LeaseHeld):
        rebuild(app, client, settings.mongodb_database, all_projections())
    assert collection_contents(client, settings.mongodb_database) == before
    assert db[TRACKING_COLLECTION].find_one({"_id": "postmortems"})["lease"]["holder"] == (
        "someone-else"
    )
    # Leases the failed rebuild took on the other projections are released again.
    assert db[TRACKING_COLLECTION].count_documents({"lease": {"$ne": None}}) == 1
    client.close()
    app.close()


def test_a_live_projector_waits_while_a_rebuild_holds_the_lease(
    settings: Settings, mongodb_uri: str
) -> None:
    app = build_application(settings)
    client: MongoClient[dict[str, object]] = mongo_client(mongodb_uri)
    write_history(app, postmortems=2, renames=1)
    db = client[settings.mongodb_database]
    _acquire(db, "postmortems", "a-rebuild", 60)
    live = build_projector(settings, app, client)
    live.catch_up()
    assert live.positions() == {
        name: 0 if name == "postmortems" else 4 for name in projection_names()
    }
    assert live.paused() == ["postmortems"]
    assert db["postmortems"].count_documents({}) == 0
    client.close()
    app.close()
