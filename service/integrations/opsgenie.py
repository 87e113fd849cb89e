"""Opsgenie outgoing webhooks (the Webhook integration) → an imported incident.

Opsgenie posts one request per alert action (`{"action", "alert": {alertId, message, tags,
entity, username, createdAt (ms), updatedAt (ns), priority, note, ...}, "source",
"integrationName"}`, Opsgenie docs, "Alert action data"). Each action is a log entry of the
alert, keyed by (alert id, action, updatedAt). Services come from tags `service:<name>`.
Opsgenie does not sign its webhooks: the integration's custom header carries a shared
token instead (see service/integrations/signatures.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from service.domain import ImportedEntry, ImportedIncident, TimelineKind
from service.domain import validation as limits
from service.integrations.mapping import (
    ImportMapping,
    PayloadInvalid,
    PayloadProblems,
    clip,
    list_of,
    mapping_of,
    text_of,
)

PROVIDER = "opsgenie"
SOURCE = "Opsgenie"
K = TimelineKind
# Actions that are log entries; others (tags, details, priority, ...) only update metadata.
KINDS: Mapping[str, TimelineKind] = {
    "Create": K.ALERT,
    "Acknowledge": K.ACKNOWLEDGEMENT,
    "TakeOwnership": K.ACKNOWLEDGEMENT,
    "UnAcknowledge": K.OTHER,
    "AddNote": K.INVESTIGATION,
    "Escalate": K.PAGE,
    "EscalateNext": K.PAGE,
    "AssignOwnership": K.PAGE,
    "AddRecipient": K.PAGE,
    "AddTeam": K.PAGE,
    "AddResponder": K.PAGE,
    "UpdatePriority": K.DECISION,
    "Snooze": K.OTHER,
    "CustomAction": K.OTHER,
    "Close": K.RESOLUTION,
}
IGNORED_ACTIONS = frozenset({"Delete"})
SERVICE_TAG = "service:"


def parse_opsgenie(payload: Any, mapping: ImportMapping) -> ImportedIncident | None:
    """Returns the incident an alert action describes, or None for ignored actions
    (a deleted alert). Raises PayloadInvalid without `action` and `alert.alertId`."""
    body = mapping_of(payload)
    alert = mapping_of(body.get("alert"))
    action, alert_id = text_of(body.get("action")), text_of(alert.get("alertId"))
    if not action or not alert_id:
        raise PayloadInvalid("expected {'action', 'alert': {'alertId', ...}} (Opsgenie webhook)")
    if action in IGNORED_ACTIONS:
        return None
    created_at = _epoch(alert.get("createdAt"))
    updated_raw = alert.get("updatedAt")
    observed = _epoch(updated_raw) or created_at
    problems = PayloadProblems()
    if observed is None:
        problems.add("alert.updatedAt", "alert.updatedAt or alert.createdAt must be an epoch time")
    observed_at = observed or datetime.now(UTC)  # a stand-in only while problems are named
    metadata: dict[str, Any] = {}
    message = text_of(alert.get("message")).strip()
    if message:
        metadata["title"] = clip(message, limits.MAX_TITLE)
    severity = mapping.severity(text_of(alert.get("priority")))
    if severity is not None:
        metadata["severity"] = severity
    services = [
        clip(tag[len(SERVICE_TAG) :], limits.MAX_TAG)
        for tag in (text_of(t).strip() for t in list_of(alert.get("tags")))
        if tag.lower().startswith(SERVICE_TAG) and tag[len(SERVICE_TAG) :].strip()
    ]
    if services:
        metadata["services"] = list(dict.fromkeys(services))[: limits.MAX_SERVICES]
    if created_at is not None:
        metadata["started_at"] = metadata["detected_at"] = created_at
    if action == "Close":
        metadata["resolved_at"] = observed_at
    key = f"{PROVIDER}:{alert_id}:{action}:{text_of(updated_raw) or observed_at.isoformat()}"
    entries: tuple[ImportedEntry, ...] = ()
    if action in KINDS:
        description = clip(_description(action, alert), limits.MAX_DESCRIPTION)
        entries = (ImportedEntry(key, observed_at, KINDS[action], description, SOURCE),)
    user = text_of(alert.get("username")).strip()
    responders = [] if action == "Create" or not user else [(user, text_of(alert.get("userId")))]
    owner = text_of(alert.get("owner")).strip()
    if owner:
        responders.append((owner, ""))
    found = ImportedIncident(
        provider=PROVIDER,
        incident_ref=f"{PROVIDER}:{clip(alert_id, 100)}",
        delivery_key=key,
        observed_at=observed_at,
        metadata=metadata,
        entries=entries,
        authors=mapping.authors(responders),
    )
    problems.check(found)
    return found


def _epoch(value: Any) -> datetime | None:
    """Returns an epoch time given in seconds, milliseconds, microseconds or nanoseconds
    (Opsgenie sends createdAt in ms and updatedAt in ns)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    divisor = 1e9 if value >= 1e17 else 1e6 if value >= 1e14 else 1e3 if value >= 1e11 else 1
    try:
        return datetime.fromtimestamp(value / divisor, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _description(action: str, alert: Mapping[str, Any]) -> str:
    user = text_of(alert.get("username")).strip()
    by = f" by {user}" if user else ""
    note = text_of(alert.get("note")).strip()
    if action == "Create":
        return f"Alert created: {text_of(alert.get('message')).strip()}"
    if action == "AddNote":
        return f"Note{by}: {note}"
    if action == "Close":
        return f"Alert closed{by}" + (f": {note}" if note else "")
    if action == "UpdatePriority":
        return f"Priority changed to {text_of(alert.get('priority')) or 'a new value'}{by}"
    label = {"UnAcknowledge": "Unacknowledged", "TakeOwnership": "Ownership taken",
             "AssignOwnership": "Ownership assigned", "EscalateNext": "Escalated",
             "AddRecipient": "Recipient added", "AddTeam": "Team added",
             "AddResponder": "Responder added", "Snooze": "Snoozed",
             "CustomAction": "Custom action run", "Acknowledge": "Acknowledged",
             "Escalate": "Escalated"}.get(action, action)  # fmt: skip
    return f"{label}{by}" + (f": {note}" if note else "")
