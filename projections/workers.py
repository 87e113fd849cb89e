"""Projector sessions: registered with a heartbeat so a dead projector's open transaction can
be ended by the next one.

A projector killed in the middle of a transaction leaves it open on the server, holding its
writes (the tracking document among them) until the server's transaction lifetime runs out
(60 s by default on MongoDB). Every other projector's batch fails with a write conflict until
then. So each projector runs its transactions in one session whose id it records in
`projection_workers` with a heartbeat; a projector that meets a write conflict kills the
sessions of workers whose heartbeat is stale.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
import uuid
from datetime import UTC, datetime, timedelta

from pymongo import MongoClient
from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import PyMongoError

from service.domain.document import Document

WORKERS_COLLECTION = "projection_workers"
HEARTBEAT_SECONDS = 1.0
STALE_SECONDS = 5.0


class WorkerSession:
    """One projector's session, registered and kept alive by heartbeats."""

    def __init__(self, client: MongoClient[Document], db: Database[Document]) -> None:
        self.client = client
        self.db = db
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._session: ClientSession | None = None
        self._beat_at = 0.0

    def session(self) -> ClientSession:
        """Returns the session to run the next transaction in (heartbeating if due)."""
        if self._session is None:
            # Its transactions only write: no causal reads, so no `afterClusterTime` read
            # concern on their first statement (which SecantusDB's `bulkWrite` rejects).
            self._session = self.client.start_session(causal_consistency=False)
            self._beat_at = 0.0
        if time.monotonic() - self._beat_at > HEARTBEAT_SECONDS:
            self.db[WORKERS_COLLECTION].update_one(
                {"_id": self.worker_id},
                {
                    "$set": {
                        "lsid": self._session.session_id["id"],
                        "heartbeat_at": datetime.now(UTC),
                    }
                },
                upsert=True,
            )
            self._beat_at = time.monotonic()
        return self._session

    def reset(self) -> None:
        """Drops the session after a failure (the next batch starts a new one)."""
        if self._session is not None:
            with contextlib.suppress(PyMongoError):
                self._session.end_session()
            self._session = None

    def close(self) -> None:
        """Ends the session and unregisters (best effort)."""
        self.reset()
        with contextlib.suppress(PyMongoError):
            self.db[WORKERS_COLLECTION].delete_one({"_id": self.worker_id})

    def reap_stale(self) -> int:
        """Kills the sessions of workers whose heartbeat stopped; returns how many."""
        cutoff = datetime.now(UTC) - timedelta(seconds=STALE_SECONDS)
        stale = list(
            self.db[WORKERS_COLLECTION].find(
                {"heartbeat_at": {"$lt": cutoff}, "_id": {"$ne": self.worker_id}}
            )
        )
        if not stale:
            return 0
        self.client.admin.command("killSessions", [{"id": doc["lsid"]} for doc in stale])
        self.db[WORKERS_COLLECTION].delete_many({"_id": {"$in": [doc["_id"] for doc in stale]}})
        return len(stale)
