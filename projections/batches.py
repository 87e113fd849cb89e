"""One batch of the projector: the events after the projections' positions, and the writes
each projection makes for them, each write labelled with whose event it was.

Poison isolation happens here: a parked postmortem's later events are skipped (and counted)
for the projection that parked it; an event a projection raises on, or whose document is
larger than a read-model document may be, becomes a new poison instead of failing the batch.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from uuid import UUID

import bson
from eventsourcing.persistence import ApplicationRecorder, PersistenceError
from pymongo.errors import PyMongoError
from pymongo.operations import InsertOne, ReplaceOne, UpdateMany, UpdateOne

from projections.aggregates import AggregateCache
from projections.base import ProjectedEvent, Projection, WriteOp
from projections.coalesce import coalesced
from projections.faults import Poison, describe
from projections.parks import Park
from service.application.postmortems import PostmortemApplication
from service.domain import PostmortemEvent
from service.domain.document import Document

log = logging.getLogger(__name__)
MONGODB_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024


@dataclass
class Target:
    """One projection as a projector runs it."""

    projection: Projection
    names: dict[str, str]  # logical collection name -> physical collection name
    tracking_id: str
    position: int = 0
    leased: bool = False  # someone else (a rebuild) holds the lease: make no progress
    epoch: int | None = None  # `parks_epoch` of the tracking document as last read
    halted: Document | None = None  # the projection stopped at a poison (see parks.py)
    parked: dict[str, Park] = field(default_factory=dict)  # by postmortem id
    failing: bool = False  # the tracking document carries a failure (`last_error`)

    @property
    def running(self) -> bool:
        """Returns whether this projector may apply events to the projection now."""
        return not self.leased and self.halted is None

    @property
    def skips_postmortems(self) -> bool:
        """Returns whether one postmortem can be parked (else the projection halts)."""
        return self.projection.parks_postmortems


@dataclass(frozen=True)
class Source:
    """Whose event a write is for."""

    tracking_id: str
    postmortem_id: str
    position: int
    version: int
    event_type: str

    def poison(self, error: str, *, halts: bool) -> Poison:
        """Returns the poison this write's failure makes."""
        return Poison(
            self.tracking_id, self.postmortem_id, self.position, self.version, self.event_type,
            error, halts,
        )  # fmt: skip


@dataclass
class Events:
    """The events a batch read from the notification log."""

    events: list[ProjectedEvent]
    end: int  # position of the last notification read
    read: int  # notifications read (the log may hold events of no projection)
    recorded_at: list[datetime]  # when each projected event was recorded
    # Events no aggregate can take (undecodable, or their apply raises): (source, error).
    broken: list[tuple[Source, str]] = field(default_factory=list)


@dataclass
class Writes:
    """A batch's writes by physical collection, each with its source, and the positions of
    skipped events of parked postmortems, by (tracking id, postmortem id)."""

    ops: dict[str, list[tuple[WriteOp, Source | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    skipped: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, collection: str, op: WriteOp, source: Source | None) -> None:
        """Adds one write."""
        self.ops[collection].append((op, source))

    def drop(self, tracking_id: str) -> None:
        """Drops every write of one target (it halted in this batch)."""
        for collection, pairs in self.ops.items():
            self.ops[collection] = [
                (op, s) for op, s in pairs if s is None or s.tracking_id != tracking_id
            ]

    def coalesce(self) -> None:
        """Folds each document's writes together (a rebuild's private collections); a folded
        write keeps its source when it is one of the original writes."""
        for collection, pairs in self.ops.items():
            source_of = {id(op): source for op, source in pairs}
            folded = coalesced([op for op, _ in pairs])
            self.ops[collection] = [(op, source_of.get(id(op))) for op in folded]


class EventReader:
    """Reads notifications and turns them into ProjectedEvents (aggregates before/after)."""

    def __init__(self, app: PostmortemApplication, reader: ApplicationRecorder) -> None:
        self.app = app
        self.reader = reader
        self.cache = AggregateCache(app)

    def read(
        self, after: int, limit: int, stop: int | None, only: str | None = None
    ) -> Events | None:
        """Returns the events after position `after` (at most `limit` notifications read,
        none past `stop`); `only`: of that postmortem alone."""
        notifications = self.reader.select_notifications(
            start=after, limit=limit, stop=stop, inclusive_of_start=False
        )
        if not notifications:
            return None
        batch = Events([], notifications[-1].id, len(notifications), [])
        for notification in notifications:
            if only is not None and str(notification.originator_id) != only:
                continue
            try:
                event = self.app.mapper.to_domain_event(notification)
                if not isinstance(event, PostmortemEvent):
                    continue
                projected = self._projected(notification.id, event, notification)
            except (PersistenceError, PyMongoError, OSError):
                raise  # the event store or MongoDB is away: retry the batch
            except Exception as error:  # no aggregate can take it: a poison for every target
                log.exception("cannot decode or apply the event at position %s", notification.id)
                self.cache.forget(UUID(str(notification.originator_id)))
                source = Source(
                    "*", str(notification.originator_id), notification.id,
                    notification.originator_version, notification.topic.rsplit(".", 1)[-1],
                )  # fmt: skip
                batch.broken.append((source, describe(error)))
                continue
            batch.recorded_at.append(event.timestamp)
            batch.events.append(projected)
        return batch

    def _projected(
        self, position: int, event: PostmortemEvent, notification: Any
    ) -> ProjectedEvent:
        before, after = self.cache.advance(event)
        state = {
            k: v
            for k, v in event.__dict__.items()
            if k not in {"originator_id", "originator_version", "timestamp"}
        }
        return ProjectedEvent(
            position=position,
            event_type=type(event).__name__,
            postmortem_id=str(event.originator_id),
            version=event.originator_version,
            at=event.timestamp,
            actor_id=event.actor_id,
            actor_roles=tuple(event.actor_roles),
            correlation_id=event.correlation_id,
            reason=event.reason,
            event_state=state,
            before=before,
            after=after,
            topic=notification.topic,
            stored_state=notification.state,
            occurred_at=event.occurred_at,
            backfilled_by=event.backfilled_by,
        )


def project_batch(
    targets: Sequence[Target],
    events: Events,
    positions: Mapping[str, int],
    poisons: list[Poison],
    *,
    max_document_bytes: int = MONGODB_MAX_DOCUMENT_BYTES,
) -> Writes:
    """Returns the batch's writes for the targets, past each target's position.

    Skips the events of postmortems parked for a target (or poisoned: `poisons`, from the
    poison's position on), and appends to `poisons` the events a projection raises on or writes
    too large a document for. A target that cannot skip one postmortem's events (it halts) gets
    no writes at all in a batch with a poison of its own.
    """
    writes = Writes()
    for source, error in events.broken:
        for target in targets:
            if source.position > positions[target.tracking_id]:
                mine = replace(source, tracking_id=target.tracking_id)
                _note(poisons, mine.poison(error, halts=not target.skips_postmortems))
    for event in events.events:
        for target in targets:
            if event.position <= positions[target.tracking_id] or _halted(target, poisons):
                continue
            pm = event.postmortem_id
            if pm in target.parked or _poisoned(target, pm, event.position, poisons):
                writes.skipped[(target.tracking_id, pm)].append(event.position)
                continue
            source = Source(target.tracking_id, pm, event.position, event.version, event.event_type)
            try:
                ops = list(target.projection.project(event))
                if target.skips_postmortems:  # the audit trail bounds its own entries
                    for _, op in ops:
                        check_size(op, max_document_bytes)
            except (PersistenceError, PyMongoError, OSError):
                raise
            except Exception as error:
                log.warning(
                    "%s cannot apply position %s: %s", target.tracking_id, event.position, error
                )
                _note(poisons, source.poison(describe(error), halts=not target.skips_postmortems))
                continue
            for logical, op in ops:
                writes.add(target.names[logical], op, source)
    for target in targets:
        if _halted(target, poisons):
            writes.drop(target.tracking_id)
    return writes


class DocumentTooLargeForReadModel(ValueError):
    """A read-model document is larger than the projector may write."""


def check_size(op: WriteOp, max_bytes: int) -> None:
    """Raises DocumentTooLargeForReadModel if the document an insert or replacement writes (or
    an update's modifications) is larger than `max_bytes`. Only below MongoDB's own limit,
    which the server enforces itself (this encodes the document once more)."""
    if max_bytes >= MONGODB_MAX_DOCUMENT_BYTES:
        return
    doc = getattr(op, "_doc", None)
    if not isinstance(op, InsertOne | ReplaceOne | UpdateOne | UpdateMany) or not isinstance(
        doc, dict
    ):
        return
    size = len(bson.encode(doc))  # InvalidDocument (unencodable) is a poison too
    if size > max_bytes:
        raise DocumentTooLargeForReadModel(
            f"a read-model document of {size:,} bytes is larger than the "
            f"{max_bytes:,} bytes READ_MODEL_MAX_DOCUMENT_BYTES allows"
        )


def _note(poisons: list[Poison], poison: Poison) -> None:
    """Adds a poison unless its target already has one for that postmortem (or halted)."""
    for known in poisons:
        if known.tracking_id == poison.tracking_id and (
            known.halts or known.postmortem_id == poison.postmortem_id
        ):
            return
    poisons.append(poison)


def _poisoned(target: Target, postmortem_id: str, position: int, poisons: Sequence[Poison]) -> bool:
    return any(
        p.tracking_id == target.tracking_id
        and p.postmortem_id == postmortem_id
        and p.position <= position
        for p in poisons
    )


def _halted(target: Target, poisons: Sequence[Poison]) -> bool:
    return any(p.tracking_id == target.tracking_id and p.halts for p in poisons)
