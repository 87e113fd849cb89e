"""Idempotent import on the real event stores: the keys live in the aggregate, so another
replica or a restarted process (a new application on the same store) sees them."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from service.application.commands import ImportIncident
from service.application.incident_import import ImportResult
from service.application.postmortems import CommandResult, PostmortemApplication
from service.bootstrap import build_application
from service.config import Settings
from service.domain import (
    Actor,
    CommandContext,
    ImportedEntry,
    ImportedIncident,
    ImportOutcome,
    TimelineKind,
)

PD = CommandContext(Actor("integration:pagerduty", frozenset({"integration"})), "req")
AT = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)


def _delivery(key: str, minutes: int) -> ImportIncident:
    at = AT + timedelta(minutes=minutes)
    return ImportIncident(
        incident=ImportedIncident(
            provider="pagerduty", incident_ref="pagerduty:PGR0VU2", delivery_key=key,
            observed_at=at, metadata={"title": "Logins fail", "started_at": AT},
            entries=(ImportedEntry(key, at, TimelineKind.OTHER, f"event {key}", "PagerDuty"),),
        )
    )  # fmt: skip


def _run(app: PostmortemApplication, command: ImportIncident) -> ImportResult:
    result: CommandResult = app.handle(command, PD)
    assert isinstance(result, ImportResult)
    return result


def test_replicas_and_restarts_import_each_delivery_once(
    event_store_settings: Settings,
) -> None:
    replicas = [build_application(event_store_settings) for _ in range(3)]
    outcomes: list[ImportOutcome] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(replicas))

    def deliver(app: PostmortemApplication, command: ImportIncident) -> None:
        barrier.wait()
        try:
            outcomes.append(_run(app, command).outcome)
        except BaseException as error:  # reported below
            errors.append(error)

    # The first delivery of a new incident reaches every replica at once.
    threads = [threading.Thread(target=deliver, args=(app, _delivery("e1", 0))) for app in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == sorted([ImportOutcome.CREATED] + [ImportOutcome.DUPLICATE] * 2)

    # Different new deliveries at once: each applied once, the losers retry on the new version.
    outcomes.clear()
    threads = [
        threading.Thread(target=deliver, args=(app, _delivery(f"e{n}", n)))
        for n, app in enumerate(replicas, start=2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert outcomes == [ImportOutcome.UPDATED] * 3

    # A restarted process (a new application on the same store) knows every delivery.
    for app in replicas:
        app.close()
    restarted = build_application(event_store_settings)
    try:
        for key, minutes in (("e1", 0), ("e2", 2), ("e4", 4)):
            assert _run(restarted, _delivery(key, minutes)).outcome is ImportOutcome.DUPLICATE
        result = _run(restarted, _delivery("e5", 5))
        assert result.outcome is ImportOutcome.UPDATED
        document = restarted.document(result.postmortem_id)
        assert [e["description"] for e in document["timeline"]] == [
            f"event e{n}" for n in range(1, 6)
        ]
        assert document["incident_ref"] == "pagerduty:PGR0VU2"
    finally:
        restarted.close()
