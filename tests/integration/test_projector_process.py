"""`postmortems project` as a real process: killed with SIGKILL mid-stream, then restarted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pymongo import MongoClient

from projections.tracking import TRACKING_COLLECTION
from service.bootstrap import build_application, mongo_client, projection_names
from service.config import Settings
from tests.integration.test_projection import write_history
from tests.support.readmodel import collection_contents, fresh_rebuild

POSTMORTEMS = Path(sys.executable).with_name("postmortems")


def start_projector(settings: Settings, mongodb_uri: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MONGODB_URI": mongodb_uri,
        "MONGODB_DATABASE": settings.mongodb_database,
        "DATA_DIR": str(settings.data_dir),
        "SQLITE_PATH": str(settings.resolved_sqlite_path),
        "PROJECTION_BATCH_SIZE": "3",
        "PROJECTION_POLL_INTERVAL": "0.05",
    }
    return subprocess.Popen(
        [str(POSTMORTEMS), "project"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def positions(client: MongoClient[dict[str, object]], database: str) -> list[int]:
    docs = client[database][TRACKING_COLLECTION].find({"_id": {"$in": list(projection_names())}})
    found = {str(d["_id"]): int(str(d["position"])) for d in docs}
    return [found.get(name, 0) for name in projection_names()]


def wait_for(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


def test_a_projector_killed_mid_stream_and_restarted_ends_equal_to_a_fresh_rebuild(
    settings: Settings, mongodb_uri: str
) -> None:
    app = build_application(settings)
    client: MongoClient[dict[str, object]] = mongo_client(mongodb_uri)
    write_history(app, postmortems=40, renames=3)  # 160 events, 54 batches of 3
    head = app.head_position()
    database = settings.mongodb_database

    first = start_projector(settings, mongodb_uri)
    wait_for(lambda: max(positions(client, database)) > 0, 30, "the first batch")
    first.send_signal(signal.SIGKILL)
    first.wait()
    stopped_at = positions(client, database)
    assert max(stopped_at) < head, "killed too late to test anything"
    write_history(app, postmortems=3, renames=1)  # more arrive while it is down
    head = app.head_position()

    second = start_projector(settings, mongodb_uri)
    try:
        wait_for(
            lambda: positions(client, database) == [head] * len(projection_names()),
            60,
            "the restart to catch up",
        )
    finally:
        second.send_signal(signal.SIGINT)
        second.wait(timeout=30)

    projected = collection_contents(client, database)
    assert len(projected["postmortems"]) == 43
    assert projected == fresh_rebuild(settings, app, client)
    client.close()
    app.close()
