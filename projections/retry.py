"""`postmortems projection retry`: re-applies parked events once their cause is removed.

For a parked postmortem: its events from the park's position up to the projection's current
position are applied again, and the park removed, in one transaction whose tracking update is
conditional on that position and on the parks (`parks_epoch`): a live projector's batch that
runs meanwhile makes one of the two fail and retry, so no event is applied twice or skipped.
Events after that position are the live projector's, which applies them once the park is gone.

For a halted projection (the audit trail): the halt is lifted and the projection caught up in
this process; it halts again, at the same place, if the cause is still there.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from pymongo import MongoClient
from pymongo.database import Database

from projections.base import Projection
from projections.batches import (
    MONGODB_MAX_DOCUMENT_BYTES,
    EventReader,
    Events,
    Target,
    project_batch,
)
from projections.commit import TrackingConflict, addressed, epoch_is
from projections.faults import Poison, describe, is_transient
from projections.parks import PARKS_COLLECTION, Park, load_parks, park_key
from projections.runner import Projector
from projections.tracking import TRACKING_COLLECTION, lease_active, lease_free
from service.application.postmortems import PostmortemApplication
from service.domain.document import Document

log = logging.getLogger(__name__)
ATTEMPTS = 5  # conflicts with a live projector, MongoDB hiccups
READ_CHUNK = 5_000  # notifications read at a time while looking for the postmortem's events


@dataclass(frozen=True)
class RetryOutcome:
    """What a retry of one park (or one halted projection) did."""

    projection: str
    postmortem_id: str | None  # None: a halted projection
    applied: int  # events applied again
    ok: bool
    error: str | None = None

    def line(self) -> str:
        """Returns one line for the command line."""
        what = f"postmortem {self.postmortem_id}" if self.postmortem_id else "the projection"
        if self.ok:
            return f"{self.projection}: {what} applied again ({self.applied} events)"
        return f"{self.projection}: {what} still fails: {self.error}"


def retry_parked(
    app: PostmortemApplication,
    client: MongoClient[Document],
    database: str,
    projections: Sequence[Projection],
    *,
    postmortem_id: str | None = None,
    max_document_bytes: int = MONGODB_MAX_DOCUMENT_BYTES,
    report: Callable[[RetryOutcome], None] | None = None,
) -> list[RetryOutcome]:
    """Retries every park of the projections (of one postmortem, if given) and resumes halted
    projections; returns what happened to each."""
    db = client[database]
    outcomes: list[RetryOutcome] = []
    by_name = {p.name: p for p in projections}
    parks = load_parks(db, list(by_name))
    for name, projection in by_name.items():
        for park in sorted(parks.get(name, {}).values(), key=lambda p: p.position):
            if postmortem_id is None or park.postmortem_id == postmortem_id:
                outcome = _retry(app, db, projection, park, max_document_bytes)
                outcomes.append(outcome)
                if report is not None:
                    report(outcome)
    halted = db[TRACKING_COLLECTION].find({"_id": {"$in": list(by_name)}, "halted": {"$ne": None}})
    for doc in list(halted):
        halt = doc["halted"]
        if postmortem_id is None or halt.get("postmortem_id") == postmortem_id:
            outcome = _resume(app, client, database, by_name[doc["_id"]], max_document_bytes)
            outcomes.append(outcome)
            if report is not None:
                report(outcome)
    return outcomes


def _retry(
    app: PostmortemApplication,
    db: Database[Document],
    projection: Projection,
    park: Park,
    max_document_bytes: int,
) -> RetryOutcome:
    error = ""
    for attempt in range(ATTEMPTS):
        try:
            return _apply_again(app, db, projection, park, max_document_bytes)
        except TrackingConflict as conflict:  # a live batch committed meanwhile: read again
            error = str(conflict)
        except Exception as failure:
            if not is_transient(failure):
                raise
            error = describe(failure)
        time.sleep(0.1 * 2**attempt)
    return RetryOutcome(projection.name, park.postmortem_id, 0, False, error)


def _apply_again(
    app: PostmortemApplication,
    db: Database[Document],
    projection: Projection,
    park: Park,
    max_document_bytes: int,
) -> RetryOutcome:
    tracking = db[TRACKING_COLLECTION].find_one({"_id": park.tracking_id}) or {}
    now = datetime.now(UTC)
    if lease_active(tracking, now):
        raise TrackingConflict(f"a rebuild holds {park.tracking_id}")
    upto = int(tracking.get("position", 0))
    events = _events_of(app, park, upto)
    names = {c: c for c in projection.collections}
    projection.reset(db, names)
    target = Target(projection, names, park.tracking_id, position=park.position - 1)
    poisons: list[Poison] = []
    writes = project_batch(
        [target], events, {park.tracking_id: park.position - 1}, poisons,
        max_document_bytes=max_document_bytes,
    )  # fmt: skip
    if poisons:
        return _still_failing(db, projection, park, len(events.events), poisons[0].error)
    ops, _ = addressed(db.name, writes)
    session = db.client.start_session(causal_consistency=False)
    try:
        with session.start_transaction():
            if ops:
                db.client.bulk_write(ops, ordered=True, session=session)
            db[PARKS_COLLECTION].delete_one(
                {"_id": park_key(park.tracking_id, park.postmortem_id)}, session=session
            )
            result = db[TRACKING_COLLECTION].update_one(
                {"_id": park.tracking_id, "position": upto,
                 **epoch_is(tracking.get("parks_epoch")), **lease_free(now)},
                {"$inc": {"parked": -1, "parks_epoch": 1}},
                session=session,
            )  # fmt: skip
            if result.matched_count != 1:
                raise TrackingConflict(f"{park.tracking_id} moved past {upto}")
    except Exception as failure:
        if isinstance(failure, TrackingConflict) or is_transient(failure):
            raise
        return _still_failing(db, projection, park, len(events.events), describe(failure))
    finally:
        session.end_session()
    log.info("%s: postmortem %s applied again", projection.name, park.postmortem_id)
    return RetryOutcome(projection.name, park.postmortem_id, len(events.events), True)


def _events_of(app: PostmortemApplication, park: Park, upto: int) -> Events:
    """Returns the parked postmortem's events from the park's position through `upto`."""
    reader = EventReader(app, app.recorder)
    found = Events([], park.position - 1, 0, [])
    position = park.position - 1
    while position < upto:
        chunk = reader.read(position, READ_CHUNK, upto, only=park.postmortem_id)
        if chunk is None:
            break
        found.events += chunk.events
        found.broken += chunk.broken
        found.read += chunk.read
        found.end = position = chunk.end
    return found


def _still_failing(
    db: Database[Document], projection: Projection, park: Park, events: int, error: str
) -> RetryOutcome:
    db[PARKS_COLLECTION].update_one(
        {"_id": park_key(park.tracking_id, park.postmortem_id)},
        {"$set": {"error": error, "last_attempt_at": datetime.now(UTC)}, "$inc": {"attempts": 1}},
    )  # fmt: skip
    return RetryOutcome(projection.name, park.postmortem_id, 0, False, error)


def _resume(
    app: PostmortemApplication,
    client: MongoClient[Document],
    database: str,
    projection: Projection,
    max_document_bytes: int,
) -> RetryOutcome:
    db = client[database]
    db[TRACKING_COLLECTION].update_one(
        {"_id": projection.name, "halted": {"$ne": None}},
        {"$set": {"halted": None}, "$inc": {"parks_epoch": 1}},
    )
    projector = Projector(
        app, client, database, [projection], max_document_bytes=max_document_bytes,
        own_reader=False,
    )  # fmt: skip
    try:
        applied = projector.catch_up(stop=app.head_position())
    finally:
        projector.close()
    halted = projector.halted().get(projection.name)
    if halted is not None:
        return RetryOutcome(projection.name, None, applied, False, str(halted.get("error")))
    return RetryOutcome(projection.name, None, applied, True)
