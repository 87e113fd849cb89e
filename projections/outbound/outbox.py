"""The notification outbox: one document per delivery, keyed by its idempotency key.

`notification_outbox` documents: `{_id: "<kind>:<subject>:<channel>:<recipient>", kind,
channel, target, recipient, postmortem_id, subject, text, link, created_at, state, due_at,
attempts, claimed_by, last_error, last_error_at, sent_at}`. `state` is `pending` (to send
when `due_at` has come), `sent` or `failed` (a permanent refusal, or `max_attempts` spent).

The `_id` is the idempotency key (event or due date, kind, recipient): a delivery is recorded
once however often the event is replayed or a reminder scan runs, in however many processes.
A sender claims a delivery by moving its `due_at` a lease ahead (one atomic update), so no
other process takes it while it is being sent; a sender that dies leaves it to be claimed
again when the lease runs out (at least once). `outbox_targets` holds one slot per target
(webhook, SMTP server): the rate limit across every process.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ASCENDING, IndexModel, ReturnDocument, UpdateOne
from pymongo.database import Database
from pymongo.errors import BulkWriteError, DuplicateKeyError

from projections.outbound.messages import Message
from projections.outbound.routing import Channel, DeliveryPolicy, Kind

Document = dict[str, Any]
COLLECTION = "notification_outbox"
TARGETS = "outbox_targets"
DUPLICATE_KEY = 11000
SMTP_TARGET = "smtp"
ADD_CHUNK = 1000


@dataclass(frozen=True)
class Recipient:
    """One address a notification goes to."""

    channel: Channel
    address: str  # an email address, or a webhook id (see routing.webhook_id)

    @property
    def target(self) -> str:
        """Returns what the rate limit counts against: the webhook, or the SMTP server."""
        return f"slack:{self.address}" if self.channel is Channel.SLACK else SMTP_TARGET


def delivery(
    kind: Kind,
    subject_key: str,
    recipient: Recipient,
    message: Message,
    postmortem_id: str,
    now: datetime,
) -> Document:
    """Returns a new pending delivery; `subject_key` says what it is about (an event
    `<postmortem>@<version>`, or an item or deadline with its date)."""
    return {
        "_id": f"{kind.value}:{subject_key}:{recipient.channel.value}:{recipient.address}",
        "kind": kind.value,
        "channel": recipient.channel.value,
        "target": recipient.target,
        "recipient": recipient.address,
        "postmortem_id": postmortem_id,
        "subject": message.subject,
        "text": message.text,
        "link": message.link,
        "created_at": now,
        "state": "pending",
        "due_at": now,
        "attempts": 0,
        "claimed_by": None,
        "last_error": None,
        "last_error_at": None,
        "sent_at": None,
    }


def record(doc: Document) -> UpdateOne:
    """Returns the write that records a delivery unless its key is already there."""
    return UpdateOne({"_id": doc["_id"]}, {"$setOnInsert": doc}, upsert=True)


def indexes() -> list[IndexModel]:
    """Returns the indexes of the claim query and the status summary."""
    return [
        IndexModel([("state", ASCENDING), ("due_at", ASCENDING)]),
        IndexModel([("postmortem_id", ASCENDING)]),
    ]


def backoff(attempts: int, policy: DeliveryPolicy, retry_after: float | None = None) -> float:
    """Returns the seconds to wait after failed attempt number `attempts` (see
    DeliveryPolicy: exponential, capped, up to a quarter of jitter, at least Retry-After)."""
    delay = min(policy.retry_initial_seconds * 2 ** max(attempts - 1, 0), policy.retry_max_seconds)
    delay *= 1 - random.random() / 4
    return float(max(delay, retry_after or 0.0))


class Outbox:
    """The outbox collection's operations (synchronous: the dispatcher runs on threads)."""

    def __init__(self, db: Database[Document]) -> None:
        self.db = db
        self.deliveries = db[COLLECTION]
        self.targets = db[TARGETS]

    def ensure_indexes(self) -> None:
        """Creates the indexes (idempotent)."""
        self.deliveries.create_indexes(indexes())

    def add(self, docs: Iterable[Document]) -> int:
        """Records deliveries whose keys are new (concurrent duplicates are ignored);
        returns how many were new. Keys already recorded are looked up first (one read per
        thousand), so a repeated scan writes nothing."""
        wanted = list({doc["_id"]: doc for doc in docs}.values())
        added = 0
        for start in range(0, len(wanted), ADD_CHUNK):
            chunk = wanted[start : start + ADD_CHUNK]
            ids = [doc["_id"] for doc in chunk]
            known = {d["_id"] for d in self.deliveries.find({"_id": {"$in": ids}}, {"_id": 1})}
            ops = [record(doc) for doc in chunk if doc["_id"] not in known]
            if not ops:
                continue
            try:
                added += self.deliveries.bulk_write(ops, ordered=False).upserted_count
            except BulkWriteError as error:
                errors = error.details["writeErrors"]
                if any(e.get("code") != DUPLICATE_KEY for e in errors):
                    raise
                added += int(error.details.get("nUpserted", 0))
        return added

    def claim(
        self, worker: str, now: datetime, lease: float, skip_targets: Sequence[str] = ()
    ) -> Document | None:
        """Takes the delivery due longest, counting an attempt, leased for `lease` seconds."""
        query: Document = {"state": "pending", "due_at": {"$lte": now}}
        if skip_targets:
            query["target"] = {"$nin": list(skip_targets)}
        return self.deliveries.find_one_and_update(
            query,
            {
                "$set": {"due_at": now + timedelta(seconds=lease), "claimed_by": worker},
                "$inc": {"attempts": 1},
            },
            sort=[("due_at", ASCENDING)],
            return_document=ReturnDocument.AFTER,
        )

    def _finish(self, doc: Document, worker: str, change: Document) -> bool:
        result = self.deliveries.update_one(
            {"_id": doc["_id"], "claimed_by": worker, "state": "pending"}, change
        )
        return result.modified_count == 1

    def sent(self, doc: Document, worker: str, now: datetime) -> bool:
        """Marks a claimed delivery sent; False if the lease was lost meanwhile."""
        return self._finish(
            doc, worker, {"$set": {"state": "sent", "sent_at": now, "claimed_by": None}}
        )

    def retry(self, doc: Document, worker: str, now: datetime, error: str, delay: float) -> bool:
        """Puts a claimed delivery back for another attempt after `delay` seconds."""
        return self._finish(
            doc,
            worker,
            {
                "$set": {
                    "due_at": now + timedelta(seconds=delay),
                    "claimed_by": None,
                    "last_error": error,
                    "last_error_at": now,
                }
            },
        )

    def fail(self, doc: Document, worker: str, now: datetime, error: str) -> bool:
        """Gives a claimed delivery up (permanent refusal, or attempts spent)."""
        return self._finish(
            doc,
            worker,
            {
                "$set": {
                    "state": "failed",
                    "claimed_by": None,
                    "last_error": error,
                    "last_error_at": now,
                }
            },
        )

    def postpone(self, doc: Document, worker: str, until: datetime) -> bool:
        """Puts a claimed delivery back unsent until `until` (the target's rate limit): the
        attempt it was charged is given back."""
        return self._finish(
            doc,
            worker,
            {"$set": {"due_at": until, "claimed_by": None}, "$inc": {"attempts": -1}},
        )

    def take_slot(self, target: str, now: datetime, interval: float) -> datetime | None:
        """Takes the target's next send slot; returns None when taken, or when the next
        slot opens (another process sent to it less than `interval` seconds ago)."""
        following = now + timedelta(seconds=interval)
        taken = self.targets.update_one(
            {"_id": target, "next_at": {"$lte": now}}, {"$set": {"next_at": following}}
        )
        if taken.matched_count:
            return None
        try:
            self.targets.insert_one({"_id": target, "next_at": following})
            return None
        except DuplicateKeyError:
            slot = self.targets.find_one({"_id": target}) or {}
            opens: datetime = slot.get("next_at") or following
            return opens if opens.tzinfo else opens.replace(tzinfo=UTC)

    def hold_target(self, target: str, until: datetime) -> None:
        """Keeps every process from sending to a target before `until` (a Retry-After)."""
        self.targets.update_one({"_id": target}, {"$max": {"next_at": until}}, upsert=True)
