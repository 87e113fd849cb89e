"""`serve` and `project` stop on SIGTERM (what `docker stop` sends) as on Ctrl-C: the current
batch ends, the projector unregisters, the process exits 0."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from typing import Any

import httpx
from pymongo import MongoClient

from projections.workers import WORKERS_COLLECTION
from service.api.auth import mint_token
from service.bootstrap import build_application, build_projector, mongo_client
from service.config import Settings
from service.infrastructure.local_mongo import free_port
from tests.integration.test_projection import write_history
from tests.integration.test_projector_process import POSTMORTEMS, positions, wait_for
from tests.support.readmodel import collection_contents, fresh_rebuild


def environment(settings: Settings, mongodb_uri: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "MONGODB_URI": mongodb_uri,
        "MONGODB_DATABASE": settings.mongodb_database,
        "DATA_DIR": str(settings.data_dir),
        "SQLITE_PATH": str(settings.resolved_sqlite_path),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def terminate(process: subprocess.Popen[str]) -> tuple[int, str, float]:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=30)
    return process.returncode, out, time.monotonic() - started


def test_project_stops_on_sigterm_after_its_current_batch(
    settings: Settings, mongodb_uri: str
) -> None:
    app = build_application(settings)
    client: MongoClient[Any] = mongo_client(mongodb_uri)
    write_history(app, postmortems=40, renames=3)
    head = app.head_position()
    database = settings.mongodb_database
    process = subprocess.Popen(
        [str(POSTMORTEMS), "project"],
        env=environment(settings, mongodb_uri, PROJECTION_BATCH_SIZE="3"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    wait_for(lambda: max(positions(client, database)) > 0, 30, "the first batch")
    code, out, seconds = terminate(process)
    assert code == 0, out
    assert out.rstrip().endswith("stopped")
    assert seconds < 10
    # It ended its session and unregistered: nothing of it is left for others to wait on.
    assert client[database][WORKERS_COLLECTION].count_documents({}) == 0
    stopped_at = positions(client, database)
    assert all(p % 3 == 0 or p == head for p in stopped_at)  # at a batch boundary
    resumed = build_projector(settings, app, client)
    resumed.catch_up()
    assert collection_contents(client, database) == fresh_rebuild(settings, app, client)
    resumed.close()
    client.close()
    app.close()


def test_serve_stops_on_sigterm_with_its_embedded_projector(
    settings: Settings, mongodb_uri: str
) -> None:
    port = free_port()
    process = subprocess.Popen(
        [str(POSTMORTEMS), "serve", "--port", str(port)],
        env=environment(settings, mongodb_uri),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"

    def answering() -> bool:
        try:
            return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(answering, 60, "serve to answer")
    token = mint_token(settings, "alice", ["author"])
    created = httpx.post(
        f"{url}/graphql",
        headers={"Authorization": f"Bearer {token}"},
        json={"query": 'mutation { createPostmortem(input: {title: "t", severity: SEV3, '
              'incidentWindow: {startedAt: "2025-07-15T17:42:00Z"}}) { __typename } }'},
        timeout=30,
    )  # fmt: skip
    assert created.json()["data"]["createPostmortem"]["__typename"] == "Postmortem"
    code, out, seconds = terminate(process)
    assert code == 0, out
    assert out.rstrip().endswith("stopped")
    assert seconds < 15
    client: MongoClient[Any] = mongo_client(mongodb_uri)
    assert client[settings.mongodb_database][WORKERS_COLLECTION].count_documents({}) == 0
    client.close()
