"""The outbound side of a projector process: dispatcher, reminder scheduler, Git sync.

Started by `postmortems project` (and by `serve` with its embedded projector). The reminder
scan runs on APScheduler's background scheduler (an interval job, at start and then every
`interval_seconds`; one run at a time, missed runs coalesced). With several projector
processes each one scans: the outbox's idempotency keys record each reminder once, and a
delivery is claimed by one sender at a time, so exactly one process sends it. The Git sync
writes from the process holding its lease.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from pymongo.database import Database

from projections.outbound.dispatcher import Dispatcher
from projections.outbound.git_sync import GitSyncWorker
from projections.outbound.reminders import ReminderScan
from projections.outbound.status import NOTIFICATIONS
from projections.tracking import TRACKING_COLLECTION

log = logging.getLogger(__name__)
Document = dict[str, Any]


class OutboundWorker:
    """Whatever outbound parts are configured, started and stopped together."""

    def __init__(
        self,
        db: Database[Document],
        dispatcher: Dispatcher | None = None,
        reminders: ReminderScan | None = None,
        git_sync: GitSyncWorker | None = None,
    ) -> None:
        self.db = db
        self.dispatcher = dispatcher
        self.reminders = reminders
        self.git_sync = git_sync
        self.scheduler: BackgroundScheduler | None = None

    def start(self) -> None:
        """Starts the sender threads, the reminder schedule and the Git sync."""
        if self.dispatcher is not None:
            self.dispatcher.outbox.ensure_indexes()
            self.dispatcher.start()
        if self.reminders is not None:
            self.scheduler = BackgroundScheduler(timezone=UTC)
            self.scheduler.add_job(
                self.scan_reminders,
                IntervalTrigger(seconds=self.reminders.routing.reminders.interval_seconds),
                id="reminders",
                next_run_time=datetime.now(UTC),
                max_instances=1,
                coalesce=True,
                misfire_grace_time=None,
            )
            self.scheduler.start()
        if self.git_sync is not None:
            self.git_sync.start()

    def stop(self) -> None:
        """Stops everything (current sends and commits finish first)."""
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=True)
            self.scheduler = None
        if self.dispatcher is not None:
            self.dispatcher.stop()
        if self.git_sync is not None:
            self.git_sync.stop()

    def wake(self, _positions: Mapping[str, int] | None = None) -> None:
        """Tells the parts that new events (and so deliveries) may be waiting."""
        if self.dispatcher is not None:
            self.dispatcher.wake()
        if self.git_sync is not None:
            self.git_sync.wake()

    def scan_reminders(self) -> int:
        """Records the reminders due now, then wakes the senders; returns how many were new
        (a failure is logged and retried at the next run)."""
        assert self.reminders is not None
        try:
            added = self.reminders.run()
        except Exception:
            log.exception("reminder scan failed; the next run tries again")
            return 0
        self.db[TRACKING_COLLECTION].update_one(
            {"_id": NOTIFICATIONS}, {"$set": {"reminders_scanned_at": datetime.now(UTC)}}
        )
        if added and self.dispatcher is not None:
            self.dispatcher.wake()
        return added
