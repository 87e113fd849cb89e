"""IncidentRefReservation: a tiny aggregate that makes an incident ref unique.

Its id is derived from the ref's uniqueness key (`id_for`), so saving a second reservation for
the same ref in the same atomic ``save`` as its postmortem fails on the event store's unique
(originator id, version) constraint, and the postmortem is not saved either.
"""

from __future__ import annotations

from typing import ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from . import validation as v
from .base import check_context
from .text import caseless_key
from .values import CommandContext


class IncidentRefReservation(Aggregate):
    """Reserves one incident ref (case-insensitive) for one postmortem."""

    class Event(Aggregate.Event):
        """Base class of the reservation's events."""

        class_version: ClassVar[int] = 1

    class Reserved(Event, Aggregate.Created):
        """An incident ref was reserved for a postmortem."""

        class_version: ClassVar[int] = 1

        incident_ref: str
        postmortem_id: UUID
        actor_id: str
        actor_roles: list[str]
        correlation_id: str
        reason: str | None

        def apply(self, aggregate: IncidentRefReservation) -> None:
            aggregate.incident_ref = self.incident_ref
            aggregate.postmortem_id = self.postmortem_id

    def __init__(self) -> None:
        self.incident_ref = ""
        self.postmortem_id: UUID | None = None

    @staticmethod
    def id_for(incident_ref: str) -> UUID:
        """Returns the reservation id of a ref: uuid5 of its uniqueness key, `caseless_key`
        (NFKC, case-folded, trimmed), so refs differing only in case or character width
        ("INC-1", "inc-1", its full-width form) are one ref. Invisible characters, which
        would make two refs look alike, are refused at intake (text.py, KEY). For the ASCII
        refs paging tools issue the key is the lower-cased form reservations used before."""
        return uuid5(NAMESPACE_URL, "incident-ref:" + caseless_key(incident_ref))

    @classmethod
    def reserve(
        cls, *, ctx: CommandContext, incident_ref: str, postmortem_id: UUID
    ) -> IncidentRefReservation:
        """Returns a new reservation of ``incident_ref`` for the given postmortem."""
        problems = v.Problems()
        check_context(problems, ctx)
        problems.text("incident_ref", incident_ref, max_length=v.MAX_SHORT_TEXT, required=True)
        problems.raise_if_any()
        return cls._create(
            cls.Reserved,
            id=cls.id_for(incident_ref),
            incident_ref=incident_ref.strip(),
            postmortem_id=postmortem_id,
            actor_id=ctx.actor.user_id,
            actor_roles=sorted(ctx.actor.roles),
            correlation_id=ctx.correlation_id,
            reason=None,
        )
