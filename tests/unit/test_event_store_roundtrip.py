"""Events round-trip through a real eventsourcing Application (POPO and SQLite)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError

from service.domain import (
    ActionItemStatus,
    Actor,
    CommandContext,
    ImportedEntry,
    ImportedIncident,
    IncidentRefReservation,
    Postmortem,
    Section,
    Severity,
    TimelineKind,
    WithdrawalKind,
    events,
    incident_import,
)
from service.domain.values import legacy_approval_id
from tests.unit.factories import ALICE, CAROL, DAVE, POLICY, ctx, new_draft, published


def _every_event_kind() -> list[Postmortem]:
    pm = published()
    first = pm.action_items[0].id
    pm.change_action_item_status(
        ctx=ctx(ALICE), item_id=first, status=ActionItemStatus.DONE,
        completed_at=pm.action_item_added_at[first],  # a stated completion time round-trips
    )  # fmt: skip
    pm.amend(ctx=ctx(ALICE), reason="typo")
    entry_id = pm.timeline[0].id
    pm.edit_timeline_entry(
        ctx=ctx(ALICE), entry_id=entry_id, at=pm.timeline[0].at, kind=pm.timeline[0].kind,
        description="Alert fired.", source=None,
    )  # fmt: skip
    pm.remove_timeline_entry(ctx=ctx(ALICE), entry_id=pm.timeline[1].id)
    pm.remove_action_item(ctx=ctx(ALICE), item_id=pm.action_items[2].id)
    item = pm.action_items[1]
    pm.edit_action_item(
        ctx=ctx(ALICE), item_id=item.id, title="Alert on key fetch failures",
        description=item.description, owner=item.owner, due_date=item.due_date,
        priority=item.priority, tracker=item.tracker,
    )  # fmt: skip
    pm.update_metadata(
        ctx=ctx(ALICE), title="OAuth token outage (amended)", severity=pm.severity,
        window=pm.window, services=pm.services, tags=[*pm.tags, "amended"], team=pm.team,
    )  # fmt: skip
    other = new_draft()
    pm.link_recurrence(ctx=ctx(ALICE), postmortem_id=other.id)
    pm.link_recurrence(ctx=ctx(ALICE), postmortem_id=UUID(int=7))
    pm.unlink_recurrence(ctx=ctx(ALICE), postmortem_id=UUID(int=7))
    pm.add_author(ctx=ctx(ALICE), user_id="bob")
    comment = pm.add_review_comment(ctx=ctx(CAROL), section=Section.SUMMARY, text="Shorter?")
    pm.resolve_review_comment(ctx=ctx(ALICE), comment_id=comment)
    pm.submit_for_review(ctx=ctx(ALICE), policy=POLICY)
    pm.recall_submission(ctx=ctx(ALICE), reason="Too early.")
    pm.submit_for_review(ctx=ctx(ALICE), policy=POLICY)
    pm.request_changes(ctx=ctx(DAVE), comment="Add the comms timeline.")
    other.withdraw(ctx=ctx(ALICE), reason="duplicate", kind=WithdrawalKind.DUPLICATE)
    given_up = published()
    given_up.amend(ctx=ctx(ALICE), reason="typo")
    given_up.write_summary(ctx=ctx(ALICE), summary="Shorter.")
    given_up.discard_amendment(ctx=ctx(ALICE), reason="The typo was in the tracker, not here.")
    return [pm, other, given_up, _imported()]


def _imported() -> Postmortem:
    """A draft made from an incident platform's deliveries (IncidentImported events)."""
    integration = CommandContext(Actor("integration:pagerduty", frozenset({"integration"})), "r")
    at = datetime(2025, 7, 15, 17, 42, tzinfo=UTC)
    incident = ImportedIncident(
        provider="pagerduty", incident_ref="pagerduty:PGR0VU2", delivery_key="pd:1",
        observed_at=at, metadata={"title": "Logins fail", "severity": Severity.SEV2,
                                  "started_at": at, "services": ["auth"]},
        entries=(ImportedEntry("pd:1", at, TimelineKind.ALERT, "Triggered", "PagerDuty"),),
        authors=("alice",),
    )  # fmt: skip
    pm, _ = Postmortem.start_from_incident(
        ctx=integration, incident=incident, default_severity=Severity.SEV3
    )
    later = replace(
        incident, delivery_key="pd:2", observed_at=at + timedelta(minutes=40),
        metadata={"resolved_at": at + timedelta(minutes=40)},
        entries=(ImportedEntry("pd:2", at + timedelta(minutes=40), TimelineKind.RESOLUTION,
                               "Resolved", "PagerDuty"),),
    )  # fmt: skip
    pm.import_incident(ctx=integration, incident=later)
    # A fallback for the acknowledgement, then the log entry that replaces it (`replaced`).
    acked = at + timedelta(minutes=3)
    fallback = ImportedEntry("ack", acked, TimelineKind.ACKNOWLEDGEMENT, "Acknowledged",
                             "PagerDuty", fallback=True)  # fmt: skip
    pm.import_incident(ctx=integration, incident=replace(
        later, delivery_key="pd:3", entries=(fallback,)))  # fmt: skip
    real = replace(fallback, key="pd:4", description="Acked by alice", fallback=False)
    pm.import_incident(ctx=integration, incident=replace(
        later, delivery_key="pd:4", entries=(real,)))  # fmt: skip
    assert [e.description for e in pm.timeline] == ["Triggered", "Acked by alice", "Resolved"]
    return pm


def _app(tmp_path: Path, persistence: str) -> Application[UUID]:
    if persistence == "popo":
        return Application[UUID]()
    return Application[UUID](
        env={
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "events.sqlite"),
        }
    )


@pytest.fixture(params=["popo", "sqlite"])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Application[UUID]:
    return _app(tmp_path, request.param)


def test_every_event_round_trips_and_rebuilds_the_same_document(app: Application[UUID]) -> None:
    postmortems = _every_event_kind()
    app.save(*postmortems)
    for pm in postmortems:
        stored: Postmortem = app.repository.get(pm.id)
        assert isinstance(stored, Postmortem)
        assert stored.to_document() == pm.to_document()
        assert stored.content_hash() == pm.content_hash()
        assert (stored.import_keys, stored.import_baseline) == (pm.import_keys, pm.import_baseline)
        assert (stored.import_entry_ids, stored.import_fallbacks) == (
            pm.import_entry_ids, pm.import_fallbacks)  # fmt: skip
    names = {type(e).__name__ for pm in postmortems for e in app.events.get(pm.id)}
    assert names == {
        name
        for module in (events, incident_import)
        for name, value in vars(module).items()
        if isinstance(value, type)
        and issubclass(value, events.PostmortemEvent)
        and value is not events.PostmortemEvent
    }


def test_stored_events_keep_their_metadata(app: Application[UUID]) -> None:
    pm = new_draft()
    pm.withdraw(ctx=ctx(ALICE, "req-9"), reason="not an incident")
    app.save(pm)
    created, withdrawn = app.events.get(pm.id)
    assert isinstance(withdrawn, Postmortem.Withdrawn)
    assert (withdrawn.actor_id, withdrawn.actor_roles) == ("alice", ["author"])
    assert (withdrawn.correlation_id, withdrawn.reason) == ("req-9", "not an incident")
    assert isinstance(created, Postmortem.Created)


def test_a_duplicate_incident_ref_fails_atomically(app: Application[UUID]) -> None:
    first = new_draft(incident_ref="INC-1")
    app.save(first, IncidentRefReservation.reserve(ctx=ctx(ALICE), incident_ref="INC-1",
                                                   postmortem_id=first.id))  # fmt: skip
    second = new_draft(incident_ref="inc-1")
    reservation = IncidentRefReservation.reserve(
        ctx=ctx(ALICE), incident_ref=" inc-1 ", postmortem_id=second.id
    )
    with pytest.raises(IntegrityError):
        app.save(second, reservation)
    assert app.events.get(second.id) is not None
    assert list(app.events.get(second.id)) == []
    stored: IncidentRefReservation = app.repository.get(IncidentRefReservation.id_for("INC-1"))
    assert isinstance(stored, IncidentRefReservation)
    assert stored.postmortem_id == first.id


def _as_recorded_before_approval_ids(app: Application[UUID], pm: Postmortem) -> list[Any]:
    """Returns the postmortem's pending events as stored events of the version 1 shapes of
    Approved and Published (no approval ids, no class_version)."""
    transcoder = app.mapper.transcoder
    stored = []
    for event in pm.collect_events():
        record = app.mapper.to_stored_event(event)
        state = transcoder.decode(record.state)
        if state.pop("class_version", 1) == 2:
            state.pop("approval_id", None)
            for approval in state.get("approvals", []):
                approval.pop("id")
        stored.append(replace(record, state=transcoder.encode(state)))
    return stored


def test_approvals_recorded_before_they_had_ids_load_with_deterministic_ids(
    app: Application[UUID],
) -> None:
    pm = published()
    app.recorder.insert_events(_as_recorded_before_approval_ids(app, pm))

    loaded: Postmortem = app.repository.get(pm.id)
    again: Postmortem = app.repository.get(pm.id)

    expected = [legacy_approval_id(pm.id, a.version) for a in pm.approvals]
    assert [a.id for a in loaded.approvals] == expected
    assert [a.id for a in again.approvals] == expected
    assert [a.id for a in loaded.published_revisions[0].approvals] == expected
    assert loaded.content_hash() == pm.content_hash()
    assert [a.reviewer_id for a in loaded.approvals] == ["carol", "dave"]


def test_imports_recorded_before_fallbacks_were_replaced_load_as_they_were(
    app: Application[UUID],
) -> None:
    """Version 1 of IncidentImported had no `replaced`: upcast to replace nothing."""
    pm = _imported()
    transcoder = app.mapper.transcoder
    stored = []
    for event in pm.collect_events():
        record = app.mapper.to_stored_event(event)
        if isinstance(event, incident_import.IncidentImported) and not event.replaced:
            state = transcoder.decode(record.state)
            assert state.pop("class_version") == 2
            state.pop("replaced")
            record = replace(record, state=transcoder.encode(state))
        stored.append(record)
    app.recorder.insert_events(stored)
    loaded: Postmortem = app.repository.get(pm.id)
    assert loaded.to_document() == pm.to_document()
