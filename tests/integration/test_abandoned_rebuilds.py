"""A rebuild killed with `kill -9` leaves its `…__rebuild_<id>` collections behind; once its
registration expires, the next projector start or rebuild removes them."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import MongoClient

from projections import runner
from projections.cleanup import REBUILDS_COLLECTION, register, remove_abandoned_rebuilds
from projections.rebuild import rebuild
from projections.tracking import TRACKING_COLLECTION
from service.bootstrap import all_projections, build_application, build_projector, mongo_client
from service.config import Settings
from tests.integration.test_projection import write_history
from tests.integration.test_projector_process import POSTMORTEMS, wait_for
from tests.support.readmodel import collection_contents, fresh_rebuild


def leftovers(client: MongoClient[Any], database: str) -> list[str]:
    return sorted(n for n in client[database].list_collection_names() if "__rebuild_" in n)


def kill_a_rebuild_halfway(settings: Settings, mongodb_uri: str, client: MongoClient[Any]) -> None:
    env = {
        **os.environ,
        "MONGODB_URI": mongodb_uri,
        "MONGODB_DATABASE": settings.mongodb_database,
        "DATA_DIR": str(settings.data_dir),
        "SQLITE_PATH": str(settings.resolved_sqlite_path),
    }
    process = subprocess.Popen(
        [str(POSTMORTEMS), "rebuild", "--batch-size", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    database = settings.mongodb_database
    tracking = client[database][TRACKING_COLLECTION]
    wait_for(
        lambda: tracking.count_documents({"_id": {"$regex": "__rebuild_"}, "position": {"$gt": 0}}),
        60,
        "the rebuild to write its first batches",
    )
    process.send_signal(signal.SIGKILL)
    process.wait()
    # Writes it had sent may still reach the server (a loaded one) and create collections:
    # wait until what it left stops changing (in life the lease time, 60 s, covers this).
    db = client[database]

    def snapshot() -> list[tuple[str, int]]:
        return [(n, db[n].estimated_document_count()) for n in leftovers(client, database)]

    before, after = snapshot(), None
    while before != after:
        time.sleep(1.0)
        before, after = after or before, snapshot()


def expire_registrations(client: MongoClient[Any], database: str) -> None:
    """What the passing of the lease time (60 s) does to the killed rebuild's registration and
    to the leases it may have taken on the live projections."""
    past = datetime.now(UTC) - timedelta(seconds=1)
    client[database][REBUILDS_COLLECTION].update_many({}, {"$set": {"expires_at": past}})
    client[database][TRACKING_COLLECTION].update_many(
        {"lease": {"$ne": None}}, {"$set": {"lease.expires_at": past}}
    )


def test_a_projector_start_removes_what_a_killed_rebuild_left_once_its_lease_expired(
    settings: Settings, mongodb_uri: str
) -> None:
    app = build_application(settings)
    client: MongoClient[Any] = mongo_client(mongodb_uri)
    database = settings.mongodb_database
    write_history(app, postmortems=40, renames=3)
    kill_a_rebuild_halfway(settings, mongodb_uri, client)
    left = leftovers(client, database)
    assert "postmortems" in {name.split("__")[0] for name in left}

    # Its registration has not expired yet: it might be alive, so nothing is touched.
    assert remove_abandoned_rebuilds(client[database]) == []
    assert leftovers(client, database) == left

    expire_registrations(client, database)
    projector = build_projector(settings, app, client)
    projector.start()
    # At start; a write of the killed rebuild that reaches a loaded server later still makes a
    # collection, which the next sweep (SWEEP_INTERVAL, 30 s) removes: it has no registration.
    wait_for(lambda: not leftovers(client, database), 75, "the projector to remove them")
    projector.stop()
    tracking = client[database][TRACKING_COLLECTION]
    assert tracking.count_documents({"_id": {"$regex": "__rebuild_"}}) == 0
    assert client[database][REBUILDS_COLLECTION].count_documents({}) == 0
    client.close()
    app.close()


def test_the_next_rebuild_removes_leftovers_and_keeps_those_of_a_running_rebuild(
    settings: Settings, mongodb_uri: str
) -> None:
    app = build_application(settings)
    client: MongoClient[Any] = mongo_client(mongodb_uri)
    database = settings.mongodb_database
    write_history(app, postmortems=40, renames=3)
    kill_a_rebuild_halfway(settings, mongodb_uri, client)
    expire_registrations(client, database)
    # Another rebuild is running (registered, its lease alive): its collections stay.
    register(client[database], "rebuild-0123456789ab", 60)
    client[database].create_collection("postmortems__rebuild_0123456789ab")

    result = rebuild(app, client, database, all_projections())
    assert result.applied == app.head_position()
    assert leftovers(client, database) == ["postmortems__rebuild_0123456789ab"]
    client[database].drop_collection("postmortems__rebuild_0123456789ab")
    assert collection_contents(client, database) == fresh_rebuild(settings, app, client)
    client.close()
    app.close()


def test_a_running_projector_sweeps_what_a_rebuild_left_after_it_started(
    settings: Settings, mongodb_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rebuild killed while the projector runs: no restart needed. Its collection has no
    # registration (expired and removed), so the next periodic sweep drops it; a running
    # rebuild's collection (registered, its registration alive) stays.
    monkeypatch.setattr(runner, "SWEEP_INTERVAL", 0.5)
    app = build_application(settings)
    client: MongoClient[Any] = mongo_client(mongodb_uri)
    db = client[settings.mongodb_database]
    projector = build_projector(settings, app, client)
    projector.start()
    try:
        register(db, "rebuild-0123456789ab", 60)
        db.create_collection("postmortems__rebuild_0123456789ab")
        db.create_collection("audit_log__rebuild_feedfacecafe")
        wait_for(
            lambda: (
                leftovers(client, settings.mongodb_database)
                == ["postmortems__rebuild_0123456789ab"]
            ),
            30,
            "the sweep to remove the dead rebuild's collection",
        )
        time.sleep(1.5)  # more sweeps: the live rebuild's collection is still there
        assert leftovers(client, settings.mongodb_database) == ["postmortems__rebuild_0123456789ab"]
    finally:
        projector.stop()
        db.drop_collection("postmortems__rebuild_0123456789ab")
        db[REBUILDS_COLLECTION].delete_many({})
        client.close()
        app.close()
