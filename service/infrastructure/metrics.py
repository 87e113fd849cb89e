"""Prometheus metrics: requests, commands, projection lag, event-store and MongoDB errors.

The metric objects live in the default registry of `prometheus_client`; `/metrics`
(service/api/metrics.py) renders it. Label values are bounded: operation names are cleaned and
capped (clients choose them), commands are method names, errors are exception or command names.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from datetime import UTC, datetime

from eventsourcing.persistence import PersistenceError
from prometheus_client import Counter, Gauge, Histogram
from pymongo import monitoring

from service.domain.errors import DomainError

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUESTS = Counter(
    "postmortems_http_requests",
    "HTTP requests, by GraphQL operation name (or path) and status code.",
    ["operation", "status"],
)
REQUEST_SECONDS = Histogram(
    "postmortems_http_request_duration_seconds",
    "HTTP request latency, by GraphQL operation name (or path) and status code.",
    ["operation", "status"],
    buckets=_LATENCY_BUCKETS,
)
COMMANDS = Counter(
    "postmortems_commands",
    "Application commands, by command and outcome (ok, or the error).",
    ["command", "outcome"],
)
COMMAND_SECONDS = Histogram(
    "postmortems_command_duration_seconds",
    "Time an application command takes (load, decide, append to the event store).",
    ["command"],
    buckets=_LATENCY_BUCKETS,
)
EVENT_LOG_HEAD = Gauge(
    "postmortems_event_log_head_position", "Position of the newest event in the event log."
)
PROJECTION_POSITION = Gauge(
    "postmortems_projection_position", "Last event position a projection applied.", ["projection"]
)
PROJECTION_LAG = Gauge(
    "postmortems_projection_lag_events",
    "Events in the log a projection has not applied yet.",
    ["projection"],
)
PROJECTION_PARKED = Gauge(
    "postmortems_projection_parked_postmortems",
    "Postmortems a projection parked: it could not apply one of their events (a retry will "
    "not fix it) and skips their later events until `postmortems projection retry`.",
    ["projection"],
)
PROJECTION_HALTED = Gauge(
    "postmortems_projection_halted",
    "1 when a projection stopped as a whole at an event it cannot apply (the audit trail "
    "halts rather than leave a gap in its hash chain), else 0.",
    ["projection"],
)
PROJECTION_DELAY = Histogram(
    "postmortems_projection_delay_seconds",
    "Time from a command's event to the commit that projected it: how long a read could "
    "miss a write (a mutation waits this long before it answers).",
    buckets=(0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3,
             0.5, 0.75, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)  # fmt: skip
EVENT_STORE_ERRORS = Counter(
    "postmortems_event_store_errors",
    "Event-store failures (not domain errors), by operation.",
    ["operation"],
)
MONGODB_ERRORS = Counter(
    "postmortems_mongodb_errors",
    "Failed MongoDB commands and heartbeats, by command name.",
    ["command"],
)

MAX_OPERATION_NAMES = 200
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_seen_operations: set[str] = set()
_seen_lock = threading.Lock()


def operation_label(name: str | None) -> str:
    """Returns a bounded label for a client-chosen operation name."""
    if not name:
        return "anonymous"
    if not _NAME.match(name):
        return "invalid"
    with _seen_lock:
        if name in _seen_operations:
            return name
        if len(_seen_operations) >= MAX_OPERATION_NAMES:
            return "other"
        _seen_operations.add(name)
        return name


def observe_request(operation: str, status: int, seconds: float) -> None:
    """Records one HTTP request."""
    REQUESTS.labels(operation, str(status)).inc()
    REQUEST_SECONDS.labels(operation, str(status)).observe(seconds)


def outcome_of(error: BaseException | None) -> str:
    """Returns `ok`, a domain error's snake_case name, or `error`."""
    if error is None:
        return "ok"
    if isinstance(error, DomainError):
        return re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()
    return "error"


def observe_command(command: str, seconds: float, error: BaseException | None) -> None:
    """Records one application command (the application's command observer)."""
    COMMANDS.labels(command, outcome_of(error)).inc()
    COMMAND_SECONDS.labels(command).observe(seconds)
    if isinstance(error, PersistenceError):
        EVENT_STORE_ERRORS.labels(command).inc()


def observe_projections(head: int, positions: dict[str, int]) -> None:
    """Sets the event-log head and each projection's position and lag."""
    EVENT_LOG_HEAD.set(head)
    for name, position in positions.items():
        PROJECTION_POSITION.labels(name).set(position)
        PROJECTION_LAG.labels(name).set(max(head - position, 0))


def observe_parks(parks: dict[str, tuple[int, bool]]) -> None:
    """Sets each projection's count of parked postmortems and whether it halted."""
    for name, (parked, halted) in parks.items():
        PROJECTION_PARKED.labels(name).set(parked)
        PROJECTION_HALTED.labels(name).set(1 if halted else 0)


def observe_projection_delay(recorded_at: Sequence[datetime]) -> None:
    """Records, for each event a projector batch just committed, how long after it was
    recorded it became visible."""
    now = datetime.now(UTC)
    for at in recorded_at:
        PROJECTION_DELAY.observe(max((now - at).total_seconds(), 0.0))


class MongoErrorListener(monitoring.CommandListener, monitoring.ServerHeartbeatListener):
    """Counts failed MongoDB commands and failed server heartbeats (pass to the client)."""

    def started(self, event: object) -> None:
        """Ignores a started command or heartbeat."""

    def succeeded(self, event: object) -> None:
        """Ignores a successful command or heartbeat."""

    def failed(self, event: object) -> None:
        """Counts a failed command (by name) or a failed heartbeat."""
        if isinstance(event, monitoring.CommandFailedEvent):
            MONGODB_ERRORS.labels(event.command_name).inc()
        else:
            MONGODB_ERRORS.labels("heartbeat").inc()


OUTBOUND_DELIVERIES = Counter(
    "postmortems_outbound_deliveries",
    "Notification delivery attempts by this process, by channel and outcome (sent, retry, failed).",
    ["channel", "outcome"],
)
OUTBOX_DELIVERIES = Gauge(
    "postmortems_outbox_deliveries",
    "Deliveries in the notification outbox, by state (pending, retrying, failed, sent).",
    ["state"],
)


def observe_delivery(channel: str, outcome: str) -> None:
    """Counts one delivery attempt (the dispatcher's outcome callback)."""
    OUTBOUND_DELIVERIES.labels(channel, outcome).inc()


def observe_outbox(counts: dict[str, int]) -> None:
    """Sets the outbox gauges (at scrape time, from MongoDB: whichever process sends)."""
    for state, count in counts.items():
        OUTBOX_DELIVERIES.labels(state).set(count)
