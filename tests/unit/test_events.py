"""Event classes: versioned explicitly, nested in the aggregate, carrying metadata."""

from __future__ import annotations

from dataclasses import fields
from uuid import NAMESPACE_URL, uuid5

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
