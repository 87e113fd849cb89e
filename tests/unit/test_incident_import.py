"""The import rules of the Postmortem aggregate (pure domain, no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from service.domain import (
    Actor,
    CommandContext,
    ImportedEntry,
    ImportedIncident,
    ImportOutcome,
    IncidentWindow,
    InvalidTransition,
    Postmortem,
    Severity,
    TimelineKind,
    ValidationFailed,
)
from service.domain import validation as limits
from tests.unit import factories as seed

PD = CommandContext(Actor("integration:pagerduty", frozenset({"integration"})), "req-pd")
T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)


def _entry(key: str, minutes: int, kind: TimelineKind = TimelineKind.OTHER) -> ImportedEntry:
    return ImportedEntry(key, T0 + timedelta(minutes=minutes), kind, f"entry {key}", "PagerDuty")


def _incident(
    delivery: str,
    minutes: int = 0,
    *,
    entries: tuple[ImportedEntry, ...] = (),
    authors: tuple[str, ...] = (),
    **meta: Any,
) -> ImportedIncident:
    return ImportedIncident(
        provider="pagerduty",
        incident_ref="pagerduty:PGR0VU2",
        delivery_key=delivery,
        observed_at=T0 + timedelta(minutes=minutes),
        metadata=meta,
        entries=entries or (_entry(delivery, minutes),),
        authors=authors,
    )


def _start(**meta: Any) -> Postmortem:
    base = {"title": "Logins fail", "severity": Severity.SEV2, "started_at": T0,
            "detected_at": T0, "services": ["auth"]}  # fmt: skip
    pm, report = Postmortem.start_from_incident(
        ctx=PD, incident=_incident("d1", **(base | meta)), default_severity=Severity.SEV3
    )
    assert report.outcome is ImportOutcome.CREATED
    pm.collect_events()
    return pm


def test_a_new_draft_takes_the_incidents_metadata_timeline_and_responders() -> None:
    pm, report = Postmortem.start_from_incident(
        ctx=PD,
        incident=_incident("d1", title="Logins fail", severity=Severity.SEV1, started_at=T0,
                           detected_at=T0, services=["auth"], team="Identity",
                           authors=("alice", "alice", "bob")),
        default_severity=Severity.SEV3,
    )  # fmt: skip
    assert (report.outcome, report.added) == (ImportOutcome.CREATED, 1)
    assert (pm.title, pm.severity, pm.services, pm.team) == (
        "Logins fail", Severity.SEV1, ("auth",), "Identity")  # fmt: skip
    assert pm.incident_ref == "pagerduty:PGR0VU2"
    assert pm.authors == ("integration:pagerduty", "alice", "bob")
    assert [(e.kind, e.description, e.source) for e in pm.timeline] == [
        (TimelineKind.OTHER, "entry d1", "PagerDuty")
    ]
    events = pm.collect_events()
    assert [type(e).__name__ for e in events] == ["Created", "IncidentImported"]
    assert {e.actor_id for e in events} == {"integration:pagerduty"}


def test_defaults_when_the_platform_did_not_say() -> None:
    pm, _ = Postmortem.start_from_incident(
        ctx=PD, incident=_incident("d1", 5), default_severity=Severity.SEV3
    )
    assert pm.title == "Incident pagerduty:PGR0VU2"
    assert pm.severity is Severity.SEV3
    assert pm.window.started_at == T0 + timedelta(minutes=5)


def test_the_same_delivery_twice_changes_nothing() -> None:
    pm = _start()
    report = pm.import_incident(ctx=PD, incident=_incident("d1"))
    assert report.outcome is ImportOutcome.DUPLICATE
    assert pm.collect_events() == []


def test_entries_are_added_once_even_from_different_deliveries() -> None:
    pm = _start()
    both = (_entry("d1", 0), _entry("e2", 5, TimelineKind.ACKNOWLEDGEMENT))
    report = pm.import_incident(ctx=PD, incident=_incident("d2", 5, entries=both))
    assert (report.outcome, report.added) == (ImportOutcome.UPDATED, 1)
    assert [e.description for e in pm.timeline] == ["entry d1", "entry e2"]
    again = pm.import_incident(ctx=PD, incident=_incident("d3", 6, entries=both))
    assert again.outcome is ImportOutcome.UNCHANGED


def test_an_entry_an_author_removed_is_not_imported_again() -> None:
    pm = _start()
    pm.remove_timeline_entry(ctx=seed.ctx(seed.ADMIN), entry_id=pm.timeline[0].id)
    report = pm.import_incident(ctx=PD, incident=_incident("d2", 5, entries=(_entry("d1", 0),)))
    assert report.outcome is ImportOutcome.UNCHANGED
    assert report.skipped == 1  # the delivery's entry was not added: said so, not "0"
    assert pm.timeline == ()


def test_an_authors_edit_wins_over_later_imports_of_that_field() -> None:
    pm = _start()
    pm.update_metadata(
        ctx=seed.ctx(seed.ADMIN), title="Token refresh outage", severity=pm.severity,
        window=pm.window, services=list(pm.services), tags=[], team=None,
    )  # fmt: skip
    resolved = T0 + timedelta(minutes=40)
    pm.import_incident(
        ctx=PD,
        incident=_incident("d2", 40, title="Logins fail (resolved)", severity=Severity.SEV1,
                           resolved_at=resolved, team="Identity"),
    )  # fmt: skip
    assert pm.title == "Token refresh outage"  # edited by a person: kept
    assert pm.severity is Severity.SEV1  # still as imported: follows the platform
    assert pm.window.resolved_at == resolved  # empty before: filled
    assert pm.team == "Identity"


def test_an_older_delivery_adds_its_entries_but_not_its_metadata() -> None:
    pm = _start()
    pm.import_incident(ctx=PD, incident=_incident("d2", 30, severity=Severity.SEV1))
    late = pm.import_incident(ctx=PD, incident=_incident("d0", 1, severity=Severity.SEV4))
    assert (late.outcome, late.added) == (ImportOutcome.UPDATED, 1)
    assert pm.severity is Severity.SEV1
    assert len(pm.timeline) == 3


def test_a_reopened_incident_clears_its_resolution_time() -> None:
    pm = _start(resolved_at=T0 + timedelta(minutes=20))
    pm.import_incident(ctx=PD, incident=_incident("d2", 30, resolved_at=None))
    assert pm.window.resolved_at is None


@pytest.mark.parametrize("stage", [seed.submitted, seed.published])
def test_a_submitted_postmortem_takes_no_imports(stage: Any) -> None:
    pm = stage(seed.oauth_token_outage())
    pm.collect_events()
    with pytest.raises(InvalidTransition, match="submitted for review"):
        pm.import_incident(ctx=PD, incident=_incident("d9"))
    assert pm.collect_events() == []


def test_invalid_incident_data_is_refused_whole() -> None:
    pm = _start()
    future = ImportedEntry("f", datetime.now(UTC) + timedelta(days=3), TimelineKind.ALERT, "x", "y")
    with pytest.raises(ValidationFailed) as refused:
        pm.import_incident(
            ctx=PD,
            incident=_incident("d2", 5, entries=(future,), resolved_at=T0 - timedelta(hours=1)),
        )
    fields = {problem.field for problem in refused.value.problems}
    assert fields == {"entries[0].at", "window.resolved_at"}
    assert pm.collect_events() == []


def test_entries_past_the_timeline_limit_are_skipped_and_counted() -> None:
    pm = _start()
    many = tuple(_entry(f"e{i}", i) for i in range(limits.MAX_TIMELINE_ENTRIES + 5))
    report = pm.import_incident(ctx=PD, incident=_incident("d2", 1, entries=many))
    assert len(pm.timeline) == limits.MAX_TIMELINE_ENTRIES
    assert (report.added, report.skipped) == (limits.MAX_TIMELINE_ENTRIES - 1, 6)


def test_the_import_state_survives_a_reload_from_its_events() -> None:
    pm, _ = Postmortem.start_from_incident(
        ctx=PD, incident=_incident("d1", title="Logins fail", started_at=T0),
        default_severity=Severity.SEV3,
    )  # fmt: skip
    replayed = None
    for event in pm.collect_events():
        replayed = event.mutate(replayed)
    assert isinstance(replayed, Postmortem)
    assert replayed.import_keys == pm.import_keys
    assert replayed.import_incident(ctx=PD, incident=_incident("d1")).outcome is (
        ImportOutcome.DUPLICATE
    )


def _person_started(at: datetime) -> Postmortem:
    """A draft a person created with the incident's ref, before any delivery came."""
    pm = seed.new_draft()
    pm.update_metadata(
        ctx=seed.ctx(seed.ALICE), title=pm.title, severity=pm.severity,
        window=IncidentWindow(started_at=at), services=list(pm.services), tags=[], team=None,
    )  # fmt: skip
    pm.collect_events()
    return pm


def test_a_platform_time_out_of_order_with_an_authors_is_skipped_and_reported() -> None:
    """The person says the incident started at T0; the platform triggered an hour earlier.
    Its detection time would precede the start: skipped and reported; the rest imported,
    and every retry answers the same (never refused)."""
    pm = _person_started(T0)
    earlier = T0 - timedelta(hours=1)
    delivery = _incident("d1", 0, started_at=earlier, detected_at=earlier, title="Logins fail",
                         entries=(_entry("e1", -60, TimelineKind.ALERT),))  # fmt: skip
    report = pm.import_incident(ctx=PD, incident=delivery)
    assert (report.outcome, report.added) == (ImportOutcome.UPDATED, 1)
    (skipped,) = report.fields_skipped
    assert skipped.startswith("window.detected_at: the platform's ")
    assert "would be before started_at" in skipped
    assert (pm.window.started_at, pm.window.detected_at) == (T0, None)
    assert pm.title == "OAuth token outage"  # also a person's: kept, silently (as always)
    retry = pm.import_incident(ctx=PD, incident=replace(delivery, delivery_key="d2"))
    assert retry.outcome is ImportOutcome.UNCHANGED
    assert retry.fields_skipped == report.fields_skipped
    later = T0 + timedelta(minutes=5)
    resolved = pm.import_incident(
        ctx=PD, incident=_incident("d3", 30, detected_at=later, resolved_at=later)
    )
    assert resolved.fields_skipped == ()
    assert (pm.window.detected_at, pm.window.resolved_at) == (later, later)


def _milestone(key: str, minutes: int, kind: TimelineKind, text: str) -> ImportedEntry:
    return ImportedEntry(key, T0 + timedelta(minutes=minutes), kind, text, "taskcall", True)


def test_a_fallback_entry_is_not_added_beside_a_log_entry_of_its_kind() -> None:
    pm = _start()  # its log entry "d1" is an OTHER entry
    trigger = (_entry("log-1", 0, TimelineKind.ALERT),)
    pm.import_incident(ctx=PD, incident=_incident("d2", 1, entries=trigger))
    later = (_milestone("triggered_at", 0, TimelineKind.ALERT, "Incident triggered"),
             _entry("log-2", 30, TimelineKind.RESOLUTION))  # fmt: skip
    report = pm.import_incident(ctx=PD, incident=_incident("d3", 30, entries=later))
    assert (report.added, report.skipped) == (1, 0)
    assert [e.kind for e in pm.timeline].count(TimelineKind.ALERT) == 1


def test_the_log_entry_that_arrives_later_replaces_its_fallback() -> None:
    pm, _ = Postmortem.start_from_incident(
        ctx=PD, incident=_incident("d1", title="Logins fail", started_at=T0),
        default_severity=Severity.SEV3,
    )  # fmt: skip
    fallbacks = (
        _milestone("triggered_at", 0, TimelineKind.ALERT, "Incident triggered"),
        _milestone("resolved_at", 30, TimelineKind.RESOLUTION, "Incident resolved"),
    )
    pm.import_incident(ctx=PD, incident=_incident("d2", 30, entries=fallbacks))
    resolution = next(e for e in pm.timeline if e.kind is TimelineKind.RESOLUTION)
    pm.edit_timeline_entry(
        ctx=seed.ctx(seed.ADMIN),
        entry_id=resolution.id,
        at=resolution.at,
        kind=resolution.kind,
        description="Resolved by rolling back",
        source=None,
    )  # an author's edit makes the fallback theirs
    logs = (_entry("log-1", 0, TimelineKind.ALERT), _entry("log-9", 31, TimelineKind.RESOLUTION))
    report = pm.import_incident(ctx=PD, incident=_incident("d3", 31, entries=logs))
    assert report.added == 2
    assert [(e.kind, e.description) for e in pm.timeline if e.kind is not TimelineKind.OTHER] == [
        (TimelineKind.ALERT, "entry log-1"),  # replaced "Incident triggered"
        (TimelineKind.RESOLUTION, "Resolved by rolling back"),
        (TimelineKind.RESOLUTION, "entry log-9"),
    ]
    again = pm.import_incident(ctx=PD, incident=_incident("d4", 32, entries=fallbacks))
    assert (again.outcome, again.added, again.skipped) == (ImportOutcome.UNCHANGED, 0, 0)
    replayed = None
    for event in pm.collect_events():
        replayed = event.mutate(replayed)
    assert isinstance(replayed, Postmortem)
    assert replayed.timeline == pm.timeline
