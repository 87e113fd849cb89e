"""The projection into the real MongoDB-wire server: exactly once, across restarts."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from pymongo import MongoClient
from pymongo.errors import PyMongoError

from projections.runner import TrackingConflict
from service.application.commands import CreatePostmortem, WriteSummary
from service.application.postmortems import PostmortemApplication
from service.bootstrap import build_application, build_projector, mongo_client, projection_names
from service.config import Settings
from service.domain import Actor, CommandContext, IncidentWindow, Severity
from tests.support.readmodel import collection_contents, fresh_rebuild

CTX = CommandContext(Actor("alice", frozenset({"author"})), "req-1")
STARTED = datetime(2025, 7, 15, 17, 42, tzinfo=UTC)


def write_history(app: PostmortemApplication, postmortems: int, renames: int) -> None:
    for i in range(postmortems):
        result = app.handle(
            CreatePostmortem(
                title=f"Incident {i}",
                severity=Severity.SEV3,
                window=IncidentWindow(started_at=STARTED),
            ),
            CTX,
        )
        for r in range(renames):
            app.handle(
                WriteSummary(
                    postmortem_id=result.postmortem_id,
                    expected_version=r + 1,
                    summary=f"Incident {i} rev {r}",
                ),
                CTX,
            )


def test_a_projector_stopped_mid_stream_resumes_and_applies_every_event_once(
    event_store_settings: Settings, mongodb_uri: str
) -> None:
    settings = event_store_settings.model_copy(update={"projection_batch_size": 7})
    app = build_application(settings)
    client: MongoClient[dict[str, object]] = mongo_client(mongodb_uri)
    write_history(app, postmortems=12, renames=3)  # 48 events

    first = build_projector(settings, app, client)
    first.run_once()
    first.run_once()  # 14 of 48 events, then the process "stops"
    assert first.positions() == dict.fromkeys(projection_names(), 14)
    write_history(app, postmortems=3, renames=1)  # more arrive while it is down

    second = build_projector(settings, app, client)  # a new process: nothing in memory
    applied = second.catch_up()
    assert applied == 54 - 14
    assert second.positions() == dict.fromkeys(projection_names(), 54)

    projected = collection_contents(client, settings.mongodb_database)
    assert len(projected["postmortems"]) == 15
    assert projected == fresh_rebuild(settings, app, client)
    assert second.catch_up() == 0  # nothing left, nothing applied twice
    client.close()
    app.close()


def test_two_projectors_on_one_projection_end_equal_to_a_fresh_rebuild(
    settings: Settings, mongodb_uri: str
) -> None:
    settings = settings.model_copy(update={"projection_batch_size": 5})
    app = build_application(settings)
    client: MongoClient[dict[str, object]] = mongo_client(mongodb_uri)
    write_history(app, postmortems=10, renames=4)
    projectors = [build_projector(settings, app, client) for _ in range(2)]
    errors: list[BaseException] = []

    def run(projector_index: int) -> None:
        projector = projectors[projector_index]
        for _ in range(60):
            try:
                if projector.run_once() == 0:
                    return
            except (TrackingConflict, PyMongoError):
                continue  # the other projector won this batch; reload and go on
        errors.append(RuntimeError("did not finish"))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    projected = collection_contents(client, settings.mongodb_database)
    assert projected == fresh_rebuild(settings, app, client)
    assert (
        client[settings.mongodb_database]["projection_tracking"].find_one({"_id": "postmortems"})[
            "position"
        ]
        == 50
    )
    # Losing a race to the other projector is a conflict of the moment: retried, never parked.
    assert client[settings.mongodb_database]["projection_parks"].count_documents({}) == 0
    client.close()
    app.close()
