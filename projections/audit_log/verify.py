"""Recomputes the audit hash chain from the event store and compares it with the trail.

The walk merges two streams in position order: the events in the store (read through the
application's recorder) and the entries the `audit_log` projection recorded in MongoDB. It
stops at the first broken link and says what broke there: a stored event that was edited,
deleted or moved, an event the trail never recorded, or a recorded hash that does not follow
from the chain (the trail itself was edited).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Notification
from eventsourcing.utils import resolve_topic
from pymongo.asynchronous.database import AsyncDatabase

from projections.audit_log.chain import GENESIS, link
from projections.audit_log.projection import COLLECTION, AuditLogProjection
from projections.tracking import TRACKING_COLLECTION
from service.domain import PostmortemEvent
from service.domain.document import Document

_RECORDED_FIELDS = {"postmortem_id": 1, "version": 1, "event_digest": 1, "prev_hash": 1, "hash": 1}


@dataclass(frozen=True)
class BrokenLink:
    """The first place where the event store and the recorded trail disagree."""

    position: int
    kind: str  # modified | deleted | reordered | unrecorded | trail_altered
    postmortem_id: str | None
    version: int | None
    expected: str | None  # the hash the audit trail recorded at this position
    found: str | None  # the hash recomputed from the event store at this position
    message: str


@dataclass(frozen=True)
class Verification:
    """The outcome of a walk of the chain."""

    ok: bool
    checked_entries: int
    verified_through: int  # the last position compared (the audit trail's tracking position)
    head_position: int  # the newest position in the event store
    head_hash: str  # the recomputed hash at `verified_through` (GENESIS if empty)
    first_broken_link: BrokenLink | None = None
    # Events of the store after `verified_through`: not in the trail yet (the projection lags,
    # or has not run), so not verified either.
    pending_events: int = 0
    halted: str | None = None  # why the audit projection stopped, if it did

    @property
    def complete(self) -> bool:
        """Returns whether every event in the store is in the verified trail."""
        return self.pending_events == 0


@dataclass
class _Walk:
    prev_hash: str = GENESIS
    checked: int = 0
    versions: dict[str, int] = field(default_factory=dict)


def is_postmortem_event(topic: str) -> bool:
    """Returns whether the chain covers events of this topic (unknown topics count, so that a
    forged topic is caught rather than skipped)."""
    try:
        cls = resolve_topic(topic)
    except Exception:
        return True
    return isinstance(cls, type) and issubclass(cls, PostmortemEvent)


async def verify_chain(
    recorder: ApplicationRecorder, db: AsyncDatabase[Document], *, batch_size: int = 1_000
) -> Verification:
    """Walks the whole chain and returns OK or the first broken link."""
    tracking = await db[TRACKING_COLLECTION].find_one({"_id": AuditLogProjection.name})
    upto = int(tracking["position"]) if tracking else 0
    halt = (tracking or {}).get("halted")
    halted = (
        None
        if not halt
        else f"halted at position {halt.get('position')} (postmortem "
        f"{halt.get('postmortem_id')}, {halt.get('event_type')}): {halt.get('error')}"
    )
    head = await asyncio.to_thread(lambda: recorder.max_notification_id() or 0)
    walk = _Walk()
    stored_events = _stored(recorder, upto, batch_size)
    recorded_entries = _recorded(db, upto, batch_size)
    stored = await anext(stored_events, None)
    recorded = await anext(recorded_entries, None)
    while stored is not None or recorded is not None:
        if recorded is None or (stored is not None and stored.id < recorded["_id"]):
            broken = _unrecorded(walk, stored) if stored else None
            stored = await anext(stored_events, None)
        elif stored is None or recorded["_id"] < stored.id:
            broken = _deleted(recorded)
            recorded = await anext(recorded_entries, None)
        else:
            broken = await _compare(db, walk, stored, recorded)
            stored = await anext(stored_events, None)
            recorded = await anext(recorded_entries, None)
        if broken is not None:
            return Verification(
                False, walk.checked, upto, head, walk.prev_hash, broken, halted=halted
            )
    pending = await _count_after(recorder, upto, head, batch_size)
    return Verification(True, walk.checked, upto, head, walk.prev_hash, None, pending, halted)


async def _count_after(recorder: ApplicationRecorder, upto: int, head: int, batch_size: int) -> int:
    """Returns how many postmortem events the store holds after `upto` (through `head`)."""
    count = 0
    async for _ in _stored(recorder, head, batch_size, start=upto):
        count += 1
    return count


async def _stored(
    recorder: ApplicationRecorder, upto: int, batch_size: int, start: int = 0
) -> AsyncIterator[Notification]:
    position = start
    while position < upto:
        batch = await asyncio.to_thread(
            functools.partial(
                recorder.select_notifications,
                start=position,
                limit=batch_size,
                stop=upto,
                inclusive_of_start=False,
            )
        )
        if not batch:
            return
        for notification in batch:
            if is_postmortem_event(notification.topic):
                yield notification
        position = batch[-1].id


async def _recorded(
    db: AsyncDatabase[Document], upto: int, batch_size: int
) -> AsyncIterator[Document]:
    cursor = (
        db[COLLECTION]
        .find({"_id": {"$lte": upto}}, _RECORDED_FIELDS)
        .sort("_id", 1)
        .batch_size(batch_size)
    )
    async for entry in cursor:
        yield entry


def _unrecorded(walk: _Walk, stored: Notification) -> BrokenLink:
    found = _link_of(stored, walk.prev_hash).hash
    return BrokenLink(
        position=stored.id,
        kind="unrecorded",
        postmortem_id=str(stored.originator_id),
        version=stored.originator_version,
        expected=None,
        found=found,
        message=f"the event store holds an event at position {stored.id} "
        "that the audit trail never recorded (inserted into the store, or removed from the trail)",
    )


def _deleted(recorded: Document) -> BrokenLink:
    return BrokenLink(
        position=int(recorded["_id"]),
        kind="deleted",
        postmortem_id=recorded.get("postmortem_id"),
        version=recorded.get("version"),
        expected=recorded.get("hash"),
        found=None,
        message=f"the event recorded at position {recorded['_id']} "
        f"(postmortem {recorded.get('postmortem_id')} version {recorded.get('version')}) "
        "is missing from the event store",
    )


async def _compare(
    db: AsyncDatabase[Document], walk: _Walk, stored: Notification, recorded: Document
) -> BrokenLink | None:
    position = stored.id
    computed = _link_of(stored, walk.prev_hash)
    originator, version = str(stored.originator_id), stored.originator_version

    def broken(kind: str, message: str) -> BrokenLink:
        return BrokenLink(
            position, kind, originator, version, recorded.get("hash"), computed.hash, message
        )

    if (originator, version) != (recorded.get("postmortem_id"), recorded.get("version")):
        elsewhere = await db[COLLECTION].find_one(
            {"postmortem_id": originator, "version": version}, {"_id": 1}
        )
        if elsewhere is not None:
            return broken(
                "reordered",
                f"position {position} holds postmortem {originator} version {version}, "
                f"which the audit trail recorded at position {elsewhere['_id']}",
            )
        return broken(
            "modified",
            f"position {position} holds postmortem {originator} version {version}, but the "
            f"audit trail recorded postmortem {recorded.get('postmortem_id')} "
            f"version {recorded.get('version')} there",
        )
    if computed.event_digest != recorded.get("event_digest"):
        return broken("modified", f"the stored event at position {position} was edited")
    expected_version = walk.versions.get(originator, 0) + 1
    if version > expected_version:
        return broken(
            "deleted",
            f"postmortem {originator} jumps from version {expected_version - 1} to {version}: "
            "events are missing from the event store and the audit trail",
        )
    if version < expected_version:
        return broken(
            "reordered",
            f"postmortem {originator} version {version} comes after version {expected_version - 1}",
        )
    if recorded.get("prev_hash") != walk.prev_hash or recorded.get("hash") != computed.hash:
        return broken(
            "trail_altered",
            f"the hash recorded at position {position} does not follow from the chain before it "
            "(entries of the audit trail were edited or removed)",
        )
    walk.prev_hash = computed.hash
    walk.versions[originator] = version
    walk.checked += 1
    return None


def _link_of(stored: Notification, prev_hash: str) -> Any:
    return link(
        position=stored.id,
        originator_id=str(stored.originator_id),
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=stored.state,
        prev_hash=prev_hash,
    )
