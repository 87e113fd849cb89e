"""MongoDB goes away while commands keep arriving, then comes back."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from pymongo import MongoClient

from service.bootstrap import mongo_client
from service.config import Settings
from service.infrastructure.local_mongo import LocalMongo
from tests.e2e.test_graphql_http import RENAME, create
from tests.support.live import LiveService
from tests.support.readmodel import collection_contents, fresh_rebuild


def test_commands_are_accepted_while_mongodb_is_down_and_projected_once_when_it_returns(
    tmp_path: Path,
) -> None:
    server = LocalMongo(tmp_path / "own-mongo").start()
    settings = Settings(
        data_dir=tmp_path,
        mongodb_uri=server.uri,
        mongodb_database="t_" + uuid.uuid4().hex[:12],
        projection_poll_interval=0.05,
    )
    service = LiveService(settings, server.uri).start()
    try:
        ids = [create(service, f"Outage {n}")["id"] for n in range(3)]
        server.stop()

        down = service.http.get("/readyz")
        assert down.status_code == 503
        assert "mongodb" in down.json()["failed"]
        answers = []
        for postmortem_id in ids:  # each answered from the event store, in bounded time
            started = time.monotonic()
            answer = service.graphql(RENAME, {"id": postmortem_id, "v": 1, "title": "renamed"})
            answers.append((answer["data"]["updatePostmortemMetadata"], time.monotonic() - started))
            assert answer["extensions"] == {"readModel": "PENDING"}  # and says it is not readable
        assert [a["version"] for a, _ in answers] == [2, 2, 2]
        assert max(seconds for _, seconds in answers) < settings.read_your_writes_timeout

        server.start()  # same port, same storage
        head = service.app.head_position()
        deadline = time.monotonic() + 60
        while service.projector is not None and min(service.projector.positions().values()) < head:
            assert time.monotonic() < deadline, "projections did not catch up"
            time.sleep(0.05)
        assert service.http.get("/readyz").status_code == 200

        client: MongoClient[dict[str, object]] = mongo_client(server.uri)
        projected = collection_contents(client, settings.mongodb_database)
        assert (
            sorted((d["title"], d["version"]) for d in projected["postmortems"])
            == [("renamed", 2)] * 3
        )
        assert projected == fresh_rebuild(settings, service.app, client)
        # MongoDB away is a failure of the moment: retried with backoff, nothing parked.
        assert client[settings.mongodb_database]["projection_parks"].count_documents({}) == 0
        client.close()
    finally:
        service.stop()
        server.stop()
