"""Poison isolation in the projector, on the real MongoDB-wire server: a write MongoDB refuses
for good, or an event a projection raises on, parks that postmortem for that projection only;
the audit trail halts instead of leaving a gap; retry and rebuild bring them back."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from pymongo import MongoClient
from typer.testing import CliRunner

from projections.audit_log.projection import AuditLogProjection
from projections.audit_log.verify import verify_chain
from projections.base import ProjectedEvent, WriteOp
from projections.parks import PARKS_COLLECTION
from projections.rebuild import rebuild
from projections.retry import retry_parked
from projections.review_queue.projection import ReviewQueueProjection
from projections.tracking import TRACKING_COLLECTION
from service.application.commands import CreatePostmortem, WriteSummary
from service.application.postmortems import PostmortemApplication
from service.bootstrap import (
    all_projections,
    async_mongo_client,
    build_application,
    build_projector,
    mongo_client,
)
from service.cli import app as cli
from service.config import Settings
from service.domain import IncidentWindow, Severity
from tests.integration.test_projection import CTX, STARTED
from tests.support.readmodel import collection_contents, fresh_rebuild


def create(app: PostmortemApplication, title: str) -> str:
    result = app.handle(
        CreatePostmortem(title=title, severity=Severity.SEV3, window=IncidentWindow(STARTED)), CTX
    )
    return str(result.postmortem_id)


def summarise(app: PostmortemApplication, postmortem_id: str, version: int, text: str) -> None:
    command = WriteSummary(
        postmortem_id=UUID(postmortem_id), expected_version=version, summary=text
    )
    app.handle(command, CTX)


def cli_env(settings: Settings, mongodb_uri: str) -> dict[str, str]:
    return {
        "MONGODB_URI": mongodb_uri,
        "MONGODB_DATABASE": settings.mongodb_database,
        "DATA_DIR": str(settings.data_dir),
        "SQLITE_PATH": str(settings.resolved_sqlite_path),
    }


def refuse_titles(client: MongoClient[Any], database: str, title: str) -> None:
    """A schema validator on `postmortems` (as a DBA might add): MongoDB refuses, for good,
    every document with this title."""
    client[database].command("collMod", "postmortems", validator={"title": {"$ne": title}})


def allow_all(client: MongoClient[Any], database: str) -> None:
    client[database].command("collMod", "postmortems", validator={})


def parks(client: MongoClient[Any], database: str) -> list[dict[str, Any]]:
    return list(client[database][PARKS_COLLECTION].find({}, {"_id": 0, "parked_at": 0}))


def test_a_write_mongodb_refuses_parks_that_postmortem_in_that_projection_only(
    settings: Settings, mongodb_uri: str
) -> None:
    app = build_application(settings)
    client: MongoClient[Any] = mongo_client(mongodb_uri)
    database = settings.mongodb_database
    projector = build_projector(settings, app, client)
    projector.ensure_indexes()
    projector.catch_up()
    refuse_titles(client, database, "Poison")
    first = create(app, "Fine 1")
    poisoned = create(app, "Poison")
    summarise(app, poisoned, 1, "later event, skipped")
    last = create(app, "Fine 2")
    assert projector.catch_up() == 4  # one batch: committed again without the poison's writes
    head = app.head_position()
    assert projector.positions() == dict.fromkeys(projector.positions(), head)
    (park,) = parks(client, database)
    assert park["tracking_id"] == "postmortems"
    assert park["postmortem_id"] == poisoned
    assert (park["position"], park["version"], park["skipped"]) == (2, 1, 1)
    assert "code 121" in park["error"]  # document failed validation
    documents = client[database]["postmortems"]
    assert {d["_id"] for d in documents.find()} == {first, last}
    # Every other projection has the poisoned postmortem.
    assert client[database]["compliance_facts"].find_one({"_id": poisoned}) is not None
    assert client[database]["audit_log"].count_documents({"postmortem_id": poisoned}) == 2
    tracking = client[database][TRACKING_COLLECTION].find_one({"_id": "postmortems"})
    assert tracking["parked"] == 1
    status = CliRunner().invoke(cli, ["status"], env=cli_env(settings, mongodb_uri))
    assert status.exit_code == 1, status.output
    assert "PARKED 1 postmortem (`postmortems projection retry`)" in status.output
    # One column per figure, however long a projection's name (recurring_embeddings).
    rows = [line for line in status.output.splitlines() if " position " in line]
    assert len({line.index(" position ") for line in rows}) == 1, status.output
    assert len({line.index(" lag ") for line in rows}) == 1, status.output

    # While the cause is there a retry changes nothing (and says why); once removed, it applies.
    (outcome,) = retry_parked(app, client, database, all_projections())
    assert not outcome.ok
    assert "code 121" in (outcome.error or "")
    assert parks(client, database)[0]["attempts"] == 1
    allow_all(client, database)
    (outcome,) = retry_parked(app, client, database, all_projections(), postmortem_id=poisoned)
    assert (outcome.ok, outcome.applied) == (True, 2)
    assert parks(client, database) == []
    assert documents.find_one({"_id": poisoned})["version"] == 2
    projector.catch_up()
    assert collection_contents(client, database) == fresh_rebuild(settings, app, client)
    projector.close()
    client.close()
    app.close()


class Picky(ReviewQueueProjection):
    """A projection with a bug: it raises on one postmortem's events."""

    def __init__(self, victim: str) -> None:
        self.victim = victim

    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        if event.postmortem_id == self.victim:
            raise KeyError("severity")
        return super().project(event)


class BrokenAudit(AuditLogProjection):
    """The audit trail with a bug on one postmortem's events."""

    victim = ""

    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        if event.postmortem_id == self.victim:
            raise ValueError("cannot diff this event")
        return super().project(event)


def test_a_projection_that_raises_parks_the_postmortem_and_the_audit_trail_halts_instead(
    settings: Settings, mongodb_uri: str
) -> None:
    app = build_application(settings)
    client: MongoClient[Any] = mongo_client(mongodb_uri)
    database = settings.mongodb_database
    before = create(app, "Before")
    victim = create(app, "Victim")
    after = create(app, "After")
    BrokenAudit.victim = victim
    projections = [p for p in all_projections() if p.name not in {"review_queue", "audit_log"}] + [
        Picky(victim),
        BrokenAudit(),
    ]
    projector = build_projector(settings, app, client, projections)
    projector.ensure_indexes()
    projector.catch_up()
    names = {p.name: p for p in projections}
    positions = projector.positions()
    # Parked in the projection that raised; the others went on, everyone else's too.
    (park,) = parks(client, database)
    assert (park["tracking_id"], park["postmortem_id"]) == ("review_queue", victim)
    assert "KeyError" in park["error"]
    assert client[database]["postmortems"].count_documents({}) == 3
    # The audit trail halted at the victim's event: never an entry after a gap.
    assert projector.halted()["audit_log"]["position"] == 2
    assert positions["audit_log"] == 0
    assert positions["postmortems"] == 3
    assert client[database]["audit_log"].count_documents({}) == 0
    audit = asyncio.run(_verify(mongodb_uri, database, app))
    assert audit.ok
    assert audit.pending_events == 3
    assert "halted at position 2" in (audit.halted or "")
    # A batch that succeeds clears a failure of the moment, never the cause of a halt.
    tracking = client[database][TRACKING_COLLECTION]
    halt_error = tracking.find_one({"_id": "audit_log"})["last_error"]
    assert halt_error == "ValueError: cannot diff this event"
    tracking.update_many({"_id": {"$ne": "audit_log"}}, {"$set": {"last_error": "timed out"}})
    projector.start()
    deadline = time.monotonic() + 20
    while tracking.count_documents({"last_error": "timed out"}):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    projector.stop()
    assert tracking.find_one({"_id": "audit_log"})["last_error"] == halt_error

    # Fixed (a release without the bug), the retry resumes the trail and applies the park.
    outcomes = retry_parked(
        app, client, database, [names["postmortems"], ReviewQueueProjection(), AuditLogProjection()]
    )
    assert sorted((o.projection, o.ok) for o in outcomes) == [
        ("audit_log", True), ("review_queue", True),
    ]  # fmt: skip
    fixed = build_projector(settings, app, client)
    fixed.catch_up()
    assert fixed.halted() == {}
    audit = asyncio.run(_verify(mongodb_uri, database, app))
    assert (audit.ok, audit.checked_entries, audit.pending_events) == (True, 3, 0)
    assert collection_contents(client, database) == fresh_rebuild(settings, app, client)
    assert {before, after} <= {d["_id"] for d in client[database]["postmortems"].find()}
    for worker in (projector, fixed):
        worker.close()
    client.close()
    app.close()


async def _verify(uri: str, database: str, app: PostmortemApplication) -> Any:
    client = async_mongo_client(uri)
    try:
        return await verify_chain(app.recorder, client[database])
    finally:
        await client.close()


def test_a_rebuild_clears_the_parks_that_now_succeed_and_keeps_those_that_still_fail(
    settings: Settings, mongodb_uri: str
) -> None:
    app = build_application(settings)
    client: MongoClient[Any] = mongo_client(mongodb_uri)
    database = settings.mongodb_database
    projector = build_projector(settings, app, client)
    projector.ensure_indexes()
    projector.catch_up()
    refuse_titles(client, database, "Poison")
    poisoned = create(app, "Poison")
    create(app, "Fine")
    projector.catch_up()
    assert [p["postmortem_id"] for p in parks(client, database)] == [poisoned]

    # The rebuild replays into fresh collections (no validator there): nothing fails.
    result = rebuild(app, client, database, all_projections(), batch_size=2)
    assert (result.parked, result.halted) == (0, ())
    assert parks(client, database) == []
    assert client[database][TRACKING_COLLECTION].find_one({"_id": "postmortems"})["parked"] == 0
    projector.refresh()
    assert projector.targets[0].parked == {}
    assert client[database]["postmortems"].find_one({"_id": poisoned}) is not None
    assert collection_contents(client, database) == fresh_rebuild(settings, app, client)

    # A rebuild whose replay still cannot write a document keeps that park (it starts again
    # knowing the poison, since a refused write can leave part of a batch behind).
    big = settings.model_copy(update={"read_model_max_document_bytes": 8_192})
    summarise(app, poisoned, 1, "x" * 9_000)
    kept = rebuild(
        app, client, database, all_projections(), batch_size=2,
        max_document_bytes=big.read_model_max_document_bytes,
    )  # fmt: skip
    assert kept.parked == 1
    (park,) = parks(client, database)
    assert (park["tracking_id"], park["postmortem_id"], park["version"]) == (
        "postmortems", poisoned, 2,
    )  # fmt: skip
    projector.close()
    client.close()
    app.close()
