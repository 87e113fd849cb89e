"""One rebuild of a projection at a time: a second `postmortems rebuild` of a projection that
is being rebuilt exits 3 at once and changes nothing (README, exit codes), on the real
MongoDB-wire server; rebuilds of other projections go on, and a killed rebuild's claim
expires."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from pymongo import MongoClient
from typer.testing import CliRunner

from projections.rebuild import LeaseHeld, RebuildResult, rebuild
from projections.rebuild_claims import claim
from projections.tracking import TRACKING_COLLECTION
from service.bootstrap import all_projections, build_application, build_projector, mongo_client
from service.cli import app as cli
from service.config import Settings
from tests.integration.test_parking import cli_env
from tests.integration.test_projection import write_history
from tests.support.readmodel import collection_contents


def projections(*names: str) -> list[Any]:
    return [p for p in all_projections() if p.name in names]


def everything(client: MongoClient[Any], database: str) -> dict[str, Any]:
    """Returns the read models, the rebuilds' own collections and the tracking documents."""
    contents: dict[str, Any] = dict(collection_contents(client, database))
    contents["tracking"] = sorted(client[database][TRACKING_COLLECTION].find(), key=str)
    return contents


def test_a_second_rebuild_while_one_runs_exits_3_and_changes_nothing(
    settings: Settings, mongodb_uri: str
) -> None:
    app = build_application(settings)
    client: MongoClient[Any] = mongo_client(mongodb_uri)
    database = settings.mongodb_database
    write_history(app, postmortems=6, renames=2)
    live = build_projector(settings, app, client)
    live.ensure_indexes()
    live.catch_up()
    live.close()

    # The first rebuild pauses after its first batch, while it replays (no lease held yet).
    replaying, go_on = threading.Event(), threading.Event()
    results: list[RebuildResult] = []

    def pause(_position: int, _head: int) -> None:
        replaying.set()
        go_on.wait(60)

    def first() -> None:
        results.append(
            rebuild(app, client, database, projections("recurring"), batch_size=2, lease_lag=0,
                    progress=pause)
        )  # fmt: skip

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert replaying.wait(60)
        before = everything(client, database)
        assert any("__rebuild_" in name for name in before)  # the first one's fresh collections

        second = CliRunner().invoke(
            cli, ["rebuild", "--projection", "recurring"], env=cli_env(settings, mongodb_uri)
        )
        assert second.exit_code == 3, second.output
        assert "a rebuild of recurring is already running since " in second.output
        assert "wait for that rebuild to finish" in second.output
        # A rebuild of every projection includes this one: refused as well.
        with pytest.raises(LeaseHeld, match="recurring is already running"):
            rebuild(app, client, database, all_projections())
        assert everything(client, database) == before

        # Another projection's rebuild is not held up.
        other = rebuild(app, client, database, projections("review_queue"))
        assert other.projections == ("review_queue",)
    finally:
        go_on.set()
        thread.join(120)
    assert results[0].projections == ("recurring",)
    assert results[0].applied > 0

    # Once the first has ended, the next one runs.
    third = CliRunner().invoke(
        cli, ["rebuild", "--projection", "recurring"], env=cli_env(settings, mongodb_uri)
    )
    assert third.exit_code == 0, third.output
    assert "rebuilt recurring" in third.output
    client.close()
    app.close()


def test_the_claim_of_a_killed_rebuild_expires(settings: Settings, mongodb_uri: str) -> None:
    app = build_application(settings)
    client: MongoClient[Any] = mongo_client(mongodb_uri)
    database = settings.mongodb_database
    write_history(app, postmortems=2, renames=1)
    db = client[database]
    claim(db, ["review_queue"], "rebuild-alive", 60)
    with pytest.raises(LeaseHeld):
        rebuild(app, client, database, projections("review_queue"))
    claim(db, ["recurring"], "rebuild-killed", 0)  # its claim has expired: killed long ago
    assert rebuild(app, client, database, projections("recurring")).applied > 0
    # The refused rebuild left the living claim as it was, and the finished one removed its own.
    claims = {
        d["_id"]: d["holder"] for d in db["projection_rebuilds"].find({"holder": {"$exists": True}})
    }
    assert claims == {"claim:review_queue": "rebuild-alive"}
    client.close()
    app.close()
