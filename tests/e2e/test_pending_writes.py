"""Honest read-your-writes: a mutation whose projection is stalled still answers with what the
command did (from the event store) within READ_YOUR_WRITES_TIMEOUT, marked PENDING; a client
that reads right after it knows the read model may not show it yet."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from projections.runner import wait_until_idle
from projections.tracking import TRACKING_COLLECTION
from service.bootstrap import projection_names
from service.config import Settings
from tests.support.live import LiveService

CREATE = """
mutation Create($title: String!) {
  createPostmortem(input: {title: $title, severity: SEV3,
                           incidentWindow: {startedAt: "2025-07-15T17:42:00Z"}}) {
    __typename
    ... on Postmortem { id version title state readModel { state reason projections } }
  }
}
"""
GET = "query Get($id: ID!) { postmortem(id: $id) { id title readModel { state } } }"


def timed_create(service: LiveService, title: str) -> tuple[dict[str, object], float]:
    started = time.monotonic()
    body = service.graphql(CREATE, {"title": title})
    return body, time.monotonic() - started


def test_a_mutation_while_no_projector_runs_answers_pending_within_the_timeout(
    settings: Settings, mongodb_uri: str
) -> None:
    stalled = settings.model_copy(update={"read_your_writes_timeout": 1.0})
    service = LiveService(stalled, mongodb_uri, projector=False).start()
    try:
        body, seconds = timed_create(service, "Written while nothing projects")
        assert 1.0 <= seconds < 1.0 + 1.5
        created = body["data"]["createPostmortem"]
        # The command succeeded: the answer is what the event store holds, marked PENDING.
        assert (created["version"], created["title"], created["state"]) == (
            1, "Written while nothing projects", "DRAFT",
        )  # fmt: skip
        assert created["readModel"]["state"] == "PENDING"
        assert "1 s" in created["readModel"]["reason"]
        assert body["extensions"] == {"readModel": "PENDING"}
        # What the mark warns of: the read model does not have it yet.
        assert service.graphql(GET, {"id": created["id"]})["data"]["postmortem"] is None
    finally:
        service.stop()


def test_a_mutation_while_a_rebuild_holds_the_projections_answers_pending_then_catches_up(
    settings: Settings, mongodb_uri: str
) -> None:
    stalled = settings.model_copy(update={"read_your_writes_timeout": 1.0})
    service = LiveService(stalled, mongodb_uri).start()
    tracking = service.db[TRACKING_COLLECTION]
    try:
        body, _ = timed_create(service, "Before the lease")
        assert body["data"]["createPostmortem"]["readModel"]["state"] == "CURRENT"
        lease = {"holder": "rebuild-test", "expires_at": datetime.now(UTC) + timedelta(seconds=30)}
        tracking.update_many({"_id": {"$in": list(projection_names())}}, {"$set": {"lease": lease}})

        body, seconds = timed_create(service, "During the lease")
        created = body["data"]["createPostmortem"]
        assert seconds < 1.0 + 1.5
        assert created["readModel"]["state"] == "PENDING"
        assert body["extensions"] == {"readModel": "PENDING"}

        tracking.update_many({}, {"$unset": {"lease": ""}})
        assert service.projector is not None
        wait_until_idle(service.projector)
        read = service.graphql(GET, {"id": created["id"]})
        assert read["data"]["postmortem"]["title"] == "During the lease"
        assert read["data"]["postmortem"]["readModel"]["state"] == "CURRENT"
    finally:
        service.stop()
