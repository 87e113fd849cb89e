"""A projection failure of the moment is shown on one line, and clears once a batch succeeds
again: also a batch with nothing to apply (lag 0, e.g. a write conflict with another projector
that applied the events itself), which never moves the position that used to clear it. Through
the GraphQL endpoint, `postmortems status` and the real databases."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from typer.testing import CliRunner

from projections.faults import describe
from projections.tracking import TRACKING_COLLECTION
from service.application.commands import CreatePostmortem
from service.bootstrap import build_projector, projection_names
from service.cli import app as cli
from service.config import Settings
from service.domain import IncidentWindow, Severity
from tests.integration.test_parking import cli_env
from tests.integration.test_projection import CTX, STARTED
from tests.support.live import LiveService

STATUS = "{ projectionStatus { name lag lastError lastErrorAt } }"
# What a projector recorded before `describe` made it one line: the raw text of a client bulk
# write's write conflict, as `str(error)` gave it.
RAW = (
    "batch op errors occurred, full error: {'anySuccessful': False, 'error':\n"
    "  OperationFailure('WriteConflict error: this operation conflicted with another "
    "operation.\n  Please retry your operation or multi-document transaction.', 112)}"
)


@pytest.fixture
def idle(settings: Settings, mongodb_uri: str) -> Iterator[LiveService]:
    """The API over real HTTP with every event applied, and no projector running (yet)."""
    live = LiveService(settings, mongodb_uri, projector=False).start()
    for title in ("Checkout outage", "Search latency"):
        live.app.handle(
            CreatePostmortem(
                title=title, severity=Severity.SEV2, window=IncidentWindow(started_at=STARTED)
            ),
            CTX,
        )
    projector = build_projector(settings, live.app, live.mongo)
    projector.ensure_indexes()
    projector.catch_up()
    projector.close()
    yield live
    live.stop()


def statuses(service: LiveService) -> dict[str, dict[str, Any]]:
    body = service.graphql(STATUS, user="root", roles=["admin"])
    assert "errors" not in body, body
    return {s["name"]: s for s in body["data"]["projectionStatus"]}


def record_failure(service: LiveService, message: str) -> None:
    """Stores a failure in every projection's tracking, as a failing projector does."""
    service.db[TRACKING_COLLECTION].update_many(
        {"_id": {"$in": projection_names()}},
        {"$set": {"last_error": message, "last_error_at": datetime.now(UTC)}},
    )


def test_a_failure_shows_on_one_line_and_clears_after_the_next_successful_batch(
    idle: LiveService, settings: Settings, mongodb_uri: str
) -> None:
    # A projector hit a write conflict after another one had applied the events: lag 0.
    record_failure(idle, RAW)
    shown = statuses(idle)
    assert {s["lag"] for s in shown.values()} == {0}
    for status in shown.values():
        assert status["lastError"] is not None
        assert "\n" not in status["lastError"]
        assert status["lastError"].startswith("batch op errors occurred, full error: {")
    status = CliRunner().invoke(cli, ["status"], env=cli_env(settings, mongodb_uri))
    lines = status.output.splitlines()
    assert len(lines) == 1 + len(projection_names()), status.output  # the head, one each
    assert all("last error: batch op errors occurred" in line for line in lines[1:])

    # A projector runs (as in `serve` or `project`): nothing to apply, and the error clears.
    projector = build_projector(settings, idle.app, idle.mongo)
    projector.start()
    try:
        deadline = time.monotonic() + 20
        while any(s["lastError"] for s in statuses(idle).values()):
            assert time.monotonic() < deadline, statuses(idle)
            time.sleep(0.1)
        assert projector.positions() == dict.fromkeys(projection_names(), idle.app.head_position())
        status = CliRunner().invoke(cli, ["status"], env=cli_env(settings, mongodb_uri))
        assert status.exit_code == 0, status.output
        assert "last error" not in status.output

        # A new failure (described as the projector does now) clears the same way.
        record_failure(idle, describe(RuntimeError("WriteConflict\nretry")))
        deadline = time.monotonic() + 20
        while any(s["lastError"] for s in statuses(idle).values()):
            assert time.monotonic() < deadline, statuses(idle)
            time.sleep(0.1)
    finally:
        projector.stop()
