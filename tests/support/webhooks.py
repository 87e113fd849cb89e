"""Incident-platform deliveries built as the platforms document them, and signed.

PagerDuty v3: one JSON event per webhook (developer docs, "Webhooks v3 overview": `event`
with id, event_type, resource_type, occurred_at, agent, client, data), signed in
`X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the raw body>` ("Verifying Signatures").
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from service.config import Settings
from tests.support.live import LiveService

PD_SECRET = "pd-test-secret-0123456789abcdef"
PD_OTHER_SECRET = "pd-rotated-secret-fedcba9876543210"
OPSGENIE_TOKEN = "og-test-token-0123456789abcdef"
GENERIC_SECRET = "generic-test-secret-0123456789"

INCIDENT_ID = "PGR0VU2"


def _ref(kind: str, pd_id: str, summary: str, path: str) -> dict[str, Any]:
    return {
        "html_url": f"https://acme.pagerduty.com/{path}/{pd_id}",
        "id": pd_id,
        "self": f"https://api.pagerduty.com/{path}/{pd_id}",
        "summary": summary,
        "type": kind,
    }


def user(pd_id: str, name: str) -> dict[str, Any]:
    """Returns a PagerDuty user reference."""
    return _ref("user_reference", pd_id, name, "users")


def pd_incident(
    created_at: datetime,
    *,
    status: str = "triggered",
    priority: str = "P2",
    assignees: tuple[dict[str, Any], ...] = (),
    title: str = "Logins fail: token refresh returns 401",
) -> dict[str, Any]:
    """Returns the `incident` data object of PagerDuty's documentation, with these values."""
    return {
        "id": INCIDENT_ID,
        "type": "incident",
        "self": f"https://api.pagerduty.com/incidents/{INCIDENT_ID}",
        "html_url": f"https://acme.pagerduty.com/incidents/{INCIDENT_ID}",
        "number": 2,
        "status": status,
        "incident_key": "d3640fbd41094207a1c11e58e46b1662",
        "created_at": created_at.isoformat().replace("+00:00", "Z"),
        "title": title,
        "service": _ref("service_reference", "PF9KMXH", "auth-service", "services"),
        "assignees": list(assignees),
        "escalation_policy": _ref(
            "escalation_policy_reference", "PUS0KTE", "Default", "escalation_policies"
        ),
        "teams": [_ref("team_reference", "PFCVPS0", "Identity Platform", "teams")],
        "priority": _ref("priority_reference", "PSO75BM", priority, "priorities"),
        "urgency": "high",
        "conference_bridge": {
            "conference_number": "+1 1234123412,,987654321#",
            "conference_url": "https://example.com",
        },
        "resolve_reason": None,
    }


def incident_reference(title: str = "Logins fail: token refresh returns 401") -> dict[str, Any]:
    """Returns `data.incident` of notes, status updates and responder events."""
    return _ref("incident_reference", INCIDENT_ID, title, "incidents")


def pd_event(
    event_type: str,
    occurred_at: datetime,
    data: dict[str, Any],
    *,
    agent: dict[str, Any] | None = None,
    event_id: str | None = None,
) -> dict[str, Any]:
    """Returns one v3 webhook payload."""
    return {
        "event": {
            "id": event_id or str(uuid.uuid4()),
            "event_type": event_type,
            "resource_type": "incident",
            "occurred_at": occurred_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "agent": agent,
            "client": {"name": "PagerDuty"},
            "data": data,
        }
    }


def body_of(payload: dict[str, Any]) -> bytes:
    """Returns the raw body as PagerDuty sends it (compact JSON, UTF-8)."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def pd_signature(body: bytes, *secrets: str) -> str:
    """Returns `X-PagerDuty-Signature`: one `v1=` HMAC per secret, comma-separated."""
    return ",".join("v1=" + hmac.new(s.encode(), body, hashlib.sha256).hexdigest() for s in secrets)


def generic_headers(body: bytes, timestamp: int, secret: str = GENERIC_SECRET) -> dict[str, str]:
    """Returns the generic webhook's signature headers for a body signed at `timestamp`."""
    message = str(timestamp).encode() + b"." + body
    signature = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return {
        "X-Webhook-Timestamp": str(timestamp),
        "X-Webhook-Signature": f"v1={signature}",
        "Content-Type": "application/json",
    }


@contextmanager
def service_with(tmp_path: Path, mongodb_uri: str, **settings: Any) -> Iterator[LiveService]:
    """Runs the whole service (fresh SQLite event store and MongoDB database) with these
    extra settings, e.g. webhook secrets."""
    live = LiveService(
        Settings(
            data_dir=tmp_path,
            mongodb_uri=mongodb_uri,
            mongodb_database="t_" + uuid.uuid4().hex[:12],
            **{"projection_poll_interval": 0.05, **settings},
        ),
        mongodb_uri,
    ).start()
    try:
        yield live
    finally:
        live.stop()
