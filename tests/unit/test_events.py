"""Event classes: versioned explicitly, nested in the aggregate, carrying metadata."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.application import Application
from eventsourcing.utils import clear_topic_cache, get_topic, resolve_topic

from service.domain import IncidentRefReservation, Postmortem, PostmortemEvent, events
from tests.unit.factories import ALICE, ctx, new_draft

EVENT_CLASSES = [
    value
    for value in vars(events).values()
    if isinstance(value, type) and issubclass(value, PostmortemEvent)
]


def test_every_event_class_sets_class_version_explicitly_and_upcasts_every_older_one() -> None:
    for event_class in [*EVENT_CLASSES, IncidentRefReservation.Reserved]:
        version = event_class.__dict__.get("class_version")
        assert isinstance(version, int), event_class
        assert version >= 1, event_class
        for older in range(1, version):
            assert callable(event_class.__dict__.get(f"upcast_v{older}_v{older + 1}")), event_class


def test_every_event_class_is_nested_in_the_aggregate_and_carries_the_metadata() -> None:
    metadata = {"actor_id", "actor_roles", "correlation_id", "reason", "timestamp"}
    for event_class in EVENT_CLASSES:
        assert getattr(Postmortem, event_class.__name__) is event_class
        assert issubclass(event_class, Postmortem.Event)
        assert metadata <= {f.name for f in fields(event_class)}


def test_the_reservation_id_is_derived_from_the_lower_cased_ref() -> None:
    expected = uuid5(NAMESPACE_URL, "incident-ref:inc-42")
    assert IncidentRefReservation.id_for("INC-42") == expected
    pm = new_draft(incident_ref="INC-42")
    reservation = IncidentRefReservation.reserve(
        ctx=ctx(ALICE), incident_ref="INC-42", postmortem_id=pm.id
    )
    assert reservation.id == expected
    assert (reservation.incident_ref, reservation.postmortem_id) == ("INC-42", pm.id)


def test_every_event_keeps_the_topic_it_had_in_the_single_events_module() -> None:
    # Stored events name these topics: moving a class to another module must not change them.
    assert set(EVENT_CLASSES) == {events.PostmortemEvent, *events.EVENT_CLASSES}
    for event_class in EVENT_CLASSES:
        topic = f"service.domain.events:{event_class.__name__}"
        assert get_topic(event_class) == topic
        assert resolve_topic(topic) is event_class


def test_an_event_stored_under_the_old_topic_still_loads(tmp_path: Path) -> None:
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "e.db")}
    writer = Application[UUID](env=env)
    pm = new_draft()
    pm.write_summary(ctx=ctx(ALICE), summary="Tokens were refused.")
    # The records as a store written before the split holds them: topics spelled out.
    stored = [writer.mapper.to_stored_event(event) for event in pm.collect_events()]
    old_topics = ["service.domain.events:Created", "service.domain.events:SummaryWritten"]
    writer.recorder.insert_events(
        [replace(record, topic=topic) for record, topic in zip(stored, old_topics, strict=True)]
    )
    clear_topic_cache()  # as in a fresh process: nothing resolved or registered yet
    reader = Application[UUID](env=env)
    try:
        loaded = reader.repository.get(pm.id)
    finally:
        events._register_topics()
        reader.close()
        writer.close()
    assert isinstance(loaded, Postmortem)
    assert (loaded.title, loaded.summary, loaded.version) == (pm.title, "Tokens were refused.", 2)
