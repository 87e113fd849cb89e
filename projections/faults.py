"""Which projection failures a retry fixes, and which park a postmortem.

A batch that fails for a reason of the moment (MongoDB unreachable, a network or server
timeout, a write conflict, a failover, another projector ahead) is retried with backoff, as a
whole. A failure that follows from the data of one event (a document MongoDB refuses, a
projection that raises on it) would fail the same way forever: it is a *poison*, and only the
postmortem it belongs to is parked for that projection (projections/parks.py). Anything not
recognised as poison is treated as transient: a wrong guess then costs retries, never data.
"""

from __future__ import annotations

from dataclasses import dataclass

from bson.errors import InvalidDocument
from eventsourcing.persistence import PersistenceError
from pymongo.errors import (
    ClientBulkWriteException,
    ConnectionFailure,
    DocumentTooLarge,
    ExecutionTimeout,
    OperationFailure,
    PyMongoError,
    WTimeoutError,
)

# Server error codes of the moment (MongoDB's error_codes.yml: network, timeouts, failover,
# shutdown, write conflicts, lock and transaction lifetimes).
TRANSIENT_CODES = frozenset(
    {
        6, 7, 24, 50, 89, 91, 112, 189, 202, 225, 251, 262, 290, 365, 9001, 10107, 11600,
        11601, 11602, 13388, 13435, 13436, 64, 63, 150, 46,
    }
)  # fmt: skip
DUPLICATE_KEY = 11000
WRITE_CONFLICT = 112
TRANSIENT_LABELS = ("TransientTransactionError", "RetryableWriteError", "NetworkError")


@dataclass(frozen=True)
class Poison:
    """An event one projection cannot apply, whatever the retry.

    `halts`: the projection cannot skip one postmortem's events (the audit trail's hash chain
    is global), so the whole projection stops at `position` instead of parking the postmortem.
    """

    tracking_id: str
    postmortem_id: str
    position: int
    version: int
    event_type: str
    error: str
    halts: bool = False


class PoisonedWrite(Exception):
    """A write failed for a reason a retry will not fix; `poison` names whose write it was."""

    def __init__(self, poison: Poison) -> None:
        super().__init__(
            f"{poison.tracking_id} cannot apply {poison.postmortem_id}: {poison.error}"
        )
        self.poison = poison


def write_error_of(error: BaseException) -> tuple[int | None, int | None, str]:
    """Returns (index of the failed operation, server error code, message) of a failed client
    bulk write (index None when no single operation failed)."""
    if isinstance(error, ClientBulkWriteException):
        write_errors = (error.details or {}).get("writeErrors") or []
        if write_errors:
            first = write_errors[0]
            return first.get("idx"), first.get("code"), str(first.get("errmsg") or "")[:300]
        if isinstance(error.error, BaseException):
            return None, getattr(error.error, "code", None), describe(error.error)
        concern = ((error.details or {}).get("writeConcernErrors") or [{}])[0]
        message = str(concern.get("errmsg") or (error.args[0] if error.args else ""))
        return None, concern.get("code", error.code), message[:300]
    return None, getattr(error, "code", None), describe(error)


def is_transient(error: BaseException) -> bool:
    """Returns whether a retry of the same writes may succeed (never for a poison)."""
    if isinstance(error, ConnectionFailure | ExecutionTimeout | WTimeoutError | PersistenceError):
        return True
    if isinstance(error, DocumentTooLarge | InvalidDocument):
        return False
    if isinstance(error, PyMongoError) and any(error.has_error_label(x) for x in TRANSIENT_LABELS):
        return True
    if isinstance(error, ClientBulkWriteException):
        _, code, _ = write_error_of(error)
        return code is None or code in TRANSIENT_CODES
    if isinstance(error, OperationFailure):
        return error.code in TRANSIENT_CODES
    return isinstance(error, PyMongoError | OSError | TimeoutError)


def is_write_conflict(error: BaseException) -> bool:
    """Returns whether an error is a transaction's write conflict (also when a client-level
    bulk write wraps it)."""
    if isinstance(error, ClientBulkWriteException):
        codes = {e.get("code") for e in (error.details or {}).get("writeErrors") or []}
        return WRITE_CONFLICT in codes or (
            isinstance(error.error, BaseException) and is_write_conflict(error.error)
        )
    return isinstance(error, OperationFailure) and (
        error.code == WRITE_CONFLICT or error.has_error_label("TransientTransactionError")
    )


def one_line(text: str, limit: int = 500) -> str:
    """Returns `text` on one line (every run of whitespace, line breaks included, one space)
    and at most `limit` characters (cut with "…")."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def describe(error: BaseException) -> str:
    """Returns a bounded one-line description, at most 500 characters (never the refused
    document itself)."""
    if isinstance(error, ClientBulkWriteException):
        _, code, message = write_error_of(error)
        return one_line(f"{type(error).__name__}: code {code}: {message}")
    if isinstance(error, OperationFailure):
        details = error.details or {}
        message = str(details.get("errmsg") or (error.args[0] if error.args else ""))
        return one_line(f"{type(error).__name__}: code {error.code}: {message}")
    return one_line(f"{type(error).__name__}: {error}")
