"""Git sync: each published revision, as Markdown, committed to a Git repository.

Follows the event log's `Published` events (the store's topic filter: other events are not
read). For each, in log order, it renders the postmortem as it was at that version with
`service.rendering.render_markdown` (the same bytes as `GET /postmortems/{id}.md?version=N`)
and commits it as `postmortems/<incident start date>-<title slug>-<id>.md` (a renamed title
moves the file), authored by the publisher and dated at the publication, carrying the event's
position. One commit per publication: the first, and each amendment's republication.

The branch is its own tracking: after a restart (or on a fresh, empty repository) the sync
continues from the position in its newest commit, so rebuilding into an empty repository
replays every publication and gives the same tree (and, with the same directory, the same
commits). `git_sync` in `projection_tracking` mirrors the position and the last error for
`projectionStatus`. Among several workers, the one holding the lease in `outbound_leases`
writes; the others wait.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import socket
import threading
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from dulwich.objects import ObjectID
from eventsourcing.persistence import ApplicationRecorder, InfrastructureFactory
from eventsourcing.utils import get_topic
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError, PyMongoError

from projections.faults import describe
from projections.outbound.git_repo import Author, SyncRepository
from projections.outbound.routing import UserDirectory
from projections.outbound.status import GIT_SYNC
from projections.tracking import TRACKING_COLLECTION
from service.application.postmortems import PostmortemApplication
from service.domain.events import Published
from service.rendering import render_markdown

log = logging.getLogger(__name__)
Document = dict[str, Any]
Progress = Callable[[int, int], None]  # (position reached, head of the log)
PUBLISHED_TOPIC = get_topic(Published)
LEASES = "outbound_leases"
DIRECTORY = "postmortems"
MAX_BACKOFF = 300.0  # seconds between retries while the repository or its remote fails


@dataclass(frozen=True)
class Publication:
    """One `Published` event."""

    position: int
    postmortem_id: UUID
    version: int
    actor_id: str
    at: datetime


def slug(title: str, limit: int = 60) -> str:
    """Returns a file-name-safe form of a title: ASCII lower case, words joined by '-'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return words[:limit].rstrip("-") or "postmortem"


def file_path(doc: Mapping[str, Any]) -> str:
    """Returns where a postmortem's Markdown lives in the repository."""
    started = (doc.get("window") or {}).get("started_at")
    day = started.date().isoformat() if isinstance(started, datetime) else "undated"
    return f"{DIRECTORY}/{day}-{slug(str(doc.get('title') or ''))}-{doc['id']}.md"


def commit_message(doc: Mapping[str, Any], publication: Publication) -> str:
    """Returns the commit message of a publication (subject line, then details)."""
    title, revision = str(doc.get("title")), int(doc.get("revision") or 1)
    details = (
        f"Postmortem {doc['id']}, revision {revision}, version {publication.version}, "
        f"{doc.get('severity')}, published by {publication.actor_id}."
    )
    if revision == 1:
        return f'Publish "{title}"\n\n{details}'
    reason = doc.get("amendment_reason") or "no reason given"
    return f'Publish revision {revision} of "{title}" (amendment)\n\n{details}\nAmended: {reason}'


class GitSync:
    """Writes publications into a repository, in log order."""

    def __init__(
        self,
        app: PostmortemApplication,
        repo: SyncRepository,
        directory: UserDirectory,
        batch_size: int = 100,
    ) -> None:
        self.app = app
        self.repo = repo
        self.directory = directory
        self.batch_size = batch_size
        self._factory: InfrastructureFactory[Any] | None = InfrastructureFactory.construct(app.env)
        self._reader: ApplicationRecorder = self._factory.application_recorder()
        # How far the log was read, valid while the branch still has this head: lets the
        # next catch-up skip what was scanned since the newest publication.
        self.scanned = 0
        self._scanned_head: ObjectID | None = None

    def close(self) -> None:
        """Closes the event-store connections and the repository."""
        if self._factory is not None:
            self._factory.close()
            self._factory = None
        self.repo.close()

    def publications(self, after: int, stop: int) -> list[Publication]:
        """Returns the next publications after position `after`, up to `stop`."""
        notifications = self._reader.select_notifications(
            start=after,
            limit=self.batch_size,
            stop=stop,
            topics=[PUBLISHED_TOPIC],
            inclusive_of_start=False,
        )
        found = []
        for notification in notifications:
            event = self.app.mapper.to_domain_event(notification)
            assert isinstance(event, Published)
            found.append(
                Publication(
                    position=notification.id,
                    postmortem_id=event.originator_id,
                    version=event.originator_version,
                    actor_id=event.actor_id,
                    at=event.effective_at,  # a backfilled publication: when it happened
                )
            )
        return found

    def apply(self, publication: Publication) -> ObjectID:
        """Commits one publication; returns the commit id."""
        doc = self.app.document(publication.postmortem_id, version=publication.version)
        path = file_path(doc)
        files: dict[str, bytes | None] = {path: render_markdown(doc).encode("utf-8")}
        for old in self.repo.files(DIRECTORY):
            if old.endswith(f"-{doc['id']}.md") and old != path:
                files[old] = None  # the title changed: the file moves
        actor = publication.actor_id
        author = Author(
            self.directory.name(actor),
            self.directory.email(actor) or f"{actor}@users.postmortems.invalid",
        )
        message = commit_message(doc, publication)
        return self.repo.commit(files, message, author, publication.at, publication.position)

    def catch_up(self, stop: int | None = None, progress: Progress | None = None) -> int:
        """Commits every publication after the branch's position up to `stop` (default: the
        head of the log), then pushes; returns how many commits it made."""
        self.repo.pull()
        head = self.app.head_position() if stop is None else stop
        position, made = self.repo.position(), 0
        if self._scanned_head is not None and self._scanned_head == self.repo.head():
            position = max(position, self.scanned)
        while position < head:
            batch = self.publications(position, head)
            for publication in batch:
                self.apply(publication)
                made += 1
            position = batch[-1].position if len(batch) == self.batch_size else head
            if progress is not None:
                progress(position, head)
        if made:
            self.repo.push()
        self.scanned, self._scanned_head = max(position, head), self.repo.head()
        return made


class GitSyncWorker:
    """Runs a GitSync on a thread while holding the lease, recording its progress."""

    def __init__(
        self,
        sync: GitSync,
        db: Database[Document],
        poll_interval: float = 1.0,
        lease_seconds: float = 60.0,
    ) -> None:
        self.sync = sync
        self.db = db
        self.poll_interval = poll_interval
        self.lease_seconds = lease_seconds
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.last_error: str | None = None
        self._held = False
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Starts following the log on a background thread."""
        self._thread = threading.Thread(target=self._loop, name="git-sync", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stops after the current commit and gives the lease up."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=60)
            self._thread = None
        with contextlib.suppress(PyMongoError):
            self.db[LEASES].delete_one({"_id": GIT_SYNC, "holder": self.holder})
        self.sync.close()

    def wake(self) -> None:
        """Tells the worker that new events may be waiting."""
        self._wake.set()

    def run_once(self) -> int:
        """Catches up if this worker holds (or takes) the lease; returns commits made."""
        held_before = self._held
        self._held = self._lease()
        if not self._held:
            return 0
        head = self.sync.app.head_position()
        if held_before and head <= self.sync.scanned and self.last_error is None:
            return 0  # nothing new, and nobody else wrote meanwhile: no fetch needed
        made = self.sync.catch_up(head)
        self.db[TRACKING_COLLECTION].update_one(
            {"_id": GIT_SYNC},
            {"$set": {"position": head, "updated_at": datetime.now(UTC), "last_error": None}},
            upsert=True,
        )
        return made

    def _lease(self) -> bool:
        now = datetime.now(UTC)
        mine = {"holder": self.holder, "expires_at": now + timedelta(seconds=self.lease_seconds)}
        try:
            self.db[LEASES].update_one(
                {"_id": GIT_SYNC, "$or": [{"holder": self.holder}, {"expires_at": {"$lt": now}}]},
                {"$set": mine},
                upsert=True,
            )
        except DuplicateKeyError:
            return False  # another worker holds it
        return True

    def _loop(self) -> None:
        backoff = self.poll_interval
        while not self._stop.is_set():
            try:
                self.run_once()
                self.last_error = None
                backoff = self.poll_interval
            except Exception as error:
                self.last_error = describe(error)
                log.warning("git sync failed, retrying in %.1fs: %s", backoff, self.last_error)
                with contextlib.suppress(PyMongoError):
                    self.db[TRACKING_COLLECTION].update_one(
                        {"_id": GIT_SYNC},
                        {
                            "$set": {
                                "last_error": self.last_error,
                                "last_error_at": datetime.now(UTC),
                            },
                            "$setOnInsert": {"position": 0},
                        },
                        upsert=True,
                    )
                self._stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            self._wake.wait(self.poll_interval)
            self._wake.clear()
