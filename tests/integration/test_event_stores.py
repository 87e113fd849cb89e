"""The write side on both real event stores: SQLite in a file and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from service.application.commands import CreatePostmortem, WriteSummary
from service.bootstrap import build_application
from service.config import Settings
from service.domain import (
    Actor,
    CommandContext,
    ConcurrencyConflict,
    IncidentWindow,
    PostmortemNotFound,
    Severity,
)

CTX = CommandContext(Actor("alice", frozenset({"author"})), "req-1")
STARTED = datetime(2025, 7, 15, 17, 42, tzinfo=UTC)


def test_postmortems_survive_a_restart_of_the_application(event_store_settings: Settings) -> None:
    app = build_application(event_store_settings)
    created = app.handle(
        CreatePostmortem(
            title="OAuth outage", severity=Severity.SEV2, window=IncidentWindow(started_at=STARTED)
        ),
        CTX,
    )
    app.handle(
        WriteSummary(
            postmortem_id=created.postmortem_id, expected_version=1, summary="Token expiry"
        ),
        CTX,
    )
    app.close()

    reopened = build_application(event_store_settings)
    doc = reopened.document(created.postmortem_id)
    assert (doc["summary"], doc["version"], doc["severity"]) == ("Token expiry", 2, "SEV2")
    assert reopened.document(created.postmortem_id, version=1)["summary"] == ""
    assert reopened.head_position() == 2
    reopened.close()


def test_a_stale_write_is_rejected_and_nothing_is_stored(event_store_settings: Settings) -> None:
    app = build_application(event_store_settings)
    created = app.handle(
        CreatePostmortem(
            title="OAuth outage", severity=Severity.SEV2, window=IncidentWindow(started_at=STARTED)
        ),
        CTX,
    )
    app.handle(
        WriteSummary(postmortem_id=created.postmortem_id, expected_version=1, summary="Second"), CTX
    )
    with pytest.raises(ConcurrencyConflict) as conflict:
        app.handle(
            WriteSummary(postmortem_id=created.postmortem_id, expected_version=1, summary="Lost"),
            CTX,
        )
    assert conflict.value.current_version == 2
    assert app.document(created.postmortem_id)["summary"] == "Second"
    assert app.head_position() == 2
    app.close()


def test_every_event_records_actor_time_and_request(event_store_settings: Settings) -> None:
    app = build_application(event_store_settings)
    created = app.handle(
        CreatePostmortem(
            title="OAuth outage", severity=Severity.SEV2, window=IncidentWindow(started_at=STARTED)
        ),
        CTX,
    )
    (event,) = list(app.events.get(created.postmortem_id))
    assert event.actor_id == "alice"
    assert event.actor_roles == ["author"]
    assert event.correlation_id == "req-1"
    assert event.timestamp.tzinfo is not None
    app.close()


def test_an_unknown_postmortem_is_not_found(event_store_settings: Settings) -> None:
    app = build_application(event_store_settings)
    with pytest.raises(PostmortemNotFound):
        app.document(UUID(int=7))
    app.close()
