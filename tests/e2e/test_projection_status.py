"""Projection lag is observable: the `projectionStatus` query and `/readyz`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from service.application.commands import CreatePostmortem
from service.bootstrap import projection_names
from service.config import Settings
from service.domain import Actor, CommandContext, IncidentWindow, Severity
from tests.e2e.test_graphql_http import create
from tests.support.live import LiveService

STATUS = "{ projectionStatus { name position headPosition lag updatedAt lastError rebuilding } }"


def test_an_admin_sees_every_projection_caught_up_after_a_mutation(service: LiveService) -> None:
    create(service)
    body = service.graphql(STATUS, user="root", roles=("admin",))
    statuses = body["data"]["projectionStatus"]
    assert [s["name"] for s in statuses] == list(projection_names())
    for status in statuses:
        assert status["position"] == status["headPosition"] == 1
        assert status["lag"] == 0
        assert status["updatedAt"] is not None
        assert status["lastError"] is None
        assert status["rebuilding"] is False


def test_projection_status_is_for_admins_only(service: LiveService) -> None:
    body = service.graphql(STATUS, user="alice", roles=("author",))
    assert body["data"] is None
    assert "admin" in body["errors"][0]["message"]


def test_readiness_names_a_projection_that_lags_beyond_the_threshold(
    settings: Settings, mongodb_uri: str
) -> None:
    lagging = settings.model_copy(update={"projection_lag_threshold": 2})
    service = LiveService(lagging, mongodb_uri, projector=False).start()
    try:
        ctx = CommandContext(Actor("alice", frozenset({"author"})), "req")
        for n in range(3):
            service.app.handle(
                CreatePostmortem(
                    title=f"t{n}",
                    severity=Severity.SEV3,
                    window=IncidentWindow(started_at=datetime.now(UTC) - timedelta(hours=1)),
                ),
                ctx,
            )
        response = service.http.get("/readyz")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "degraded"
        assert body["failed"] == ["projections"]
        assert "postmortems lags 3 events" in body["checks"]["projections"]
    finally:
        service.stop()


def test_readiness_flags_read_models_ahead_of_the_event_store(
    service: LiveService, mongodb_uri: str, tmp_path: Path
) -> None:
    """The API started on another (empty) event store than the one its read models follow:
    degraded, naming the mismatch, not "ready" with lag 0."""
    create(service)
    assert service.http.get("/readyz").status_code == 200
    other_store = service.settings.model_copy(update={"data_dir": tmp_path / "other"})
    other = LiveService(other_store, mongodb_uri, projector=False).start()
    try:
        response = other.http.get("/readyz")
        assert response.status_code == 503
        body = response.json()
        assert body["failed"] == ["projections"]
        assert (
            "postmortems is ahead of the event store (position 1, head 0)"
            in (body["checks"]["projections"])
        )
    finally:
        other.stop()
