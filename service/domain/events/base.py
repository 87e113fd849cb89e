"""The base class of every postmortem event: the metadata each one records, and its topic.

Every event carries who did it (``actor_id``, ``actor_roles``), under which request
(``correlation_id``) and why (``reason``, when the command has one); ``timestamp`` is
the UTC time it was recorded. Payloads hold plain JSON-transcodable values only.

Every event class sets ``class_version`` explicitly. A change of an event's shape bumps it
and adds a static ``upcast_vN_vN+1(state: dict) -> None`` that rewrites old stored events on
read; stored events are never rewritten (Approved and Published are at version 2: approvals
gained ids). A new optional field with a default (e.g. ``occurred_at``, ``completed_at``)
needs no upcaster: events stored before it existed read the default. Event times are
recorded in milliseconds (`PostmortemEvent.create_timestamp`).

Topics: the event store records each event under a topic that names its class. The
classes live in several modules of this package, but their topics stay the ones they had
when they all lived in ``service/domain/events.py``: ``service.domain.events:<ClassName>``
(`TOPIC`, set for each class by ``__init_subclass__``; eventsourcing's ``get_topic`` reads
it). So stored events keep loading and new events are stored under the same topics,
whatever module a class moves to; the package re-exports every class and registers each
topic (``events/__init__.py``).
"""

from __future__ import annotations

from dataclasses import field
from datetime import UTC, datetime
from typing import Any, ClassVar

from eventsourcing.domain import Aggregate

from ..instants import to_millis

# The module every event topic names (the package, which re-exports every event class).
TOPIC_MODULE = "service.domain.events"


class PostmortemEvent(Aggregate.Event):
    """Base class of the postmortem events: the metadata every event records.

    `occurred_at` and `backfilled_by` are set only by a backfill (history recorded after the
    fact): when the change really happened and which tool recorded it. Events stored before
    these fields existed read them as None (the class default), so no upcaster is needed.
    """

    class_version: ClassVar[int] = 1
    TOPIC: ClassVar[str] = f"{TOPIC_MODULE}:PostmortemEvent"

    actor_id: str
    actor_roles: list[str]
    correlation_id: str
    reason: str | None
    occurred_at: datetime | None = field(default=None, kw_only=True)
    backfilled_by: str | None = field(default=None, kw_only=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__module__.startswith(f"{TOPIC_MODULE}."):
            # A class of this package: the stable topic (see the module docstring).
            cls.TOPIC = f"{TOPIC_MODULE}:{cls.__qualname__}"
        elif "TOPIC" not in cls.__dict__:
            # Elsewhere (e.g. a test): the default topic of its own module, never a parent's.
            cls.TOPIC = f"{cls.__module__}:{cls.__qualname__}"

    @property
    def effective_at(self) -> datetime:
        """Returns when the change happened: `occurred_at` for a backfill, else `timestamp`."""
        return self.occurred_at or self.timestamp

    def mutate(self, aggregate: Any) -> Any:
        """Applies the event, then records its business time on the postmortem."""
        postmortem = super().mutate(aggregate)
        if postmortem is not None:
            if aggregate is None:
                postmortem.created_at = self.effective_at
            postmortem.updated_at = self.effective_at
        return postmortem

    @staticmethod
    def create_timestamp() -> datetime:
        """Returns the event's time: now, in UTC, at the service's precision (milliseconds,
        what the read model keeps), so every reader sees the same instant."""
        return to_millis(datetime.now(UTC))
