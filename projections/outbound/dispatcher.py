"""Sends the outbox's pending deliveries: at least once, retried with backoff, rate-limited.

A few sender threads each loop: claim the delivery due longest (a lease; see `outbox`), take
its target's send slot (the rate limit, shared by every process through MongoDB), send, and
mark it sent, or due again after the backoff, or failed. Several dispatchers (one per
projector process) can run on one database: a claim is one atomic update, so each delivery
is sent by one of them at a time; a dispatcher that dies mid-send leaves its delivery to be
claimed again when the lease runs out (sent twice at worst, never lost).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

from pymongo.errors import PyMongoError

from projections.faults import describe, one_line
from projections.outbound.outbox import Document, Outbox, backoff
from projections.outbound.routing import DeliveryPolicy
from projections.outbound.senders import Sender, SendFailed

log = logging.getLogger(__name__)
Outcome = Callable[[str, str], None]  # (channel, outcome: sent | retry | failed)
MAX_IDLE_BACKOFF = 10.0  # seconds between polls while MongoDB is away


class Dispatcher:
    """Sender threads over one outbox."""

    def __init__(
        self,
        outbox: Outbox,
        senders: Mapping[str, Sender],
        policy: DeliveryPolicy,
        on_outcome: Outcome | None = None,
    ) -> None:
        self.outbox = outbox
        self.senders = senders  # by channel
        self.policy = policy
        self.on_outcome = on_outcome
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.last_error: str | None = None
        self._held: dict[str, datetime] = {}  # target -> rate-limited until
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Starts the sender threads."""
        self._stop.clear()
        for n in range(self.policy.senders):
            thread = threading.Thread(target=self._loop, name=f"outbox-sender-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stops the sender threads after their current delivery."""
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout=30)
        self._threads.clear()
        for sender in self.senders.values():
            close = getattr(sender, "close", None)
            if close is not None:
                close()

    def wake(self) -> None:
        """Tells the senders that deliveries may be waiting."""
        self._wake.set()

    def send_due(self) -> int:
        """Handles deliveries until none is due (for tests and tools); returns how many."""
        handled = 0
        while self.send_one():
            handled += 1
        return handled

    def send_one(self, now: datetime | None = None) -> bool:
        """Claims and handles one due delivery; returns False when none is due."""
        now = now or datetime.now(UTC)
        doc = self.outbox.claim(self.worker_id, now, self.policy.lease_seconds, self._holds(now))
        if doc is None:
            return False
        opens = self.outbox.take_slot(doc["target"], now, 1 / self.policy.per_target_per_second)
        if opens is not None:
            with self._lock:
                self._held[doc["target"]] = opens
            self.outbox.postpone(doc, self.worker_id, opens)
            return True
        self._deliver(doc)
        return True

    def _holds(self, now: datetime) -> list[str]:
        with self._lock:
            self._held = {t: until for t, until in self._held.items() if until > now}
            return list(self._held)

    def _deliver(self, doc: Document) -> None:
        channel = str(doc["channel"])
        sender = self.senders.get(channel)
        try:
            if sender is None:
                raise SendFailed(f"no {channel} sender is configured", retryable=False)
            sender.send(doc)
        except SendFailed as error:
            self._failed(doc, error)
            return
        except Exception as error:  # a bug or an unexpected library error: retry, visibly
            log.exception("sending %s failed unexpectedly", doc["_id"])
            self._failed(doc, SendFailed(f"{type(error).__name__}: {error}", retryable=True))
            return
        self.outbox.sent(doc, self.worker_id, datetime.now(UTC))
        self._tell(channel, "sent")

    def _failed(self, doc: Document, error: SendFailed) -> None:
        now = datetime.now(UTC)
        message = one_line(str(error))
        attempts = int(doc.get("attempts", 1))
        if not error.retryable or attempts >= self.policy.max_attempts:
            log.warning(
                "delivery %s failed for good after %d attempts: %s", doc["_id"], attempts, message
            )
            self.outbox.fail(doc, self.worker_id, now, message)
            self._tell(str(doc["channel"]), "failed")
            return
        delay = backoff(attempts, self.policy, error.retry_after)
        if error.retry_after:
            self.outbox.hold_target(str(doc["target"]), now + timedelta(seconds=error.retry_after))
        log.info(
            "delivery %s failed (attempt %d), retrying in %.1fs: %s",
            doc["_id"],
            attempts,
            delay,
            message,
        )
        self.outbox.retry(doc, self.worker_id, now, message, delay)
        self._tell(str(doc["channel"]), "retry")

    def _tell(self, channel: str, outcome: str) -> None:
        if self.on_outcome is not None:
            with contextlib.suppress(Exception):
                self.on_outcome(channel, outcome)

    def _loop(self) -> None:
        idle = self.policy.poll_seconds
        while not self._stop.is_set():
            try:
                busy = self.send_one()
                self.last_error = None
                idle = self.policy.poll_seconds
            except Exception as error:  # MongoDB away (or a bug): the thread must live on
                self.last_error = describe(error)
                if isinstance(error, PyMongoError):
                    log.warning("outbox unavailable, retrying: %s", self.last_error)
                else:
                    log.exception("dispatching failed, retrying")
                self._stop.wait(idle)
                idle = min(idle * 2, MAX_IDLE_BACKOFF)
                continue
            if not busy:
                self._wake.wait(self.policy.poll_seconds)
                self._wake.clear()
