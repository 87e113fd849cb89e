"""PagerDuty v3 webhooks → an imported incident.

PagerDuty sends one webhook per event (`{"event": {id, event_type, resource_type,
occurred_at, agent, client, data}}`, PagerDuty developer docs, "Webhooks v3 overview");
each incident event is a log entry of the incident and becomes one timeline entry, keyed by
the event's id (the same in every delivery attempt). `data` is the incident itself for
incident.* events, or an object referring to it (`data.incident`) for notes, status
updates and responder requests. Events of other resources (service.*) are ignored.
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

PROVIDER = "pagerduty"
SOURCE = "PagerDuty"
K = TimelineKind
KINDS: Mapping[str, TimelineKind] = {
    "incident.triggered": K.ALERT,
    "incident.reopened": K.ALERT,
    "incident.acknowledged": K.ACKNOWLEDGEMENT,
    "incident.escalated": K.PAGE,
    "incident.reassigned": K.PAGE,
    "incident.delegated": K.PAGE,
    "incident.responder.added": K.PAGE,
    "incident.responder.replied": K.COMMUNICATION,
    "incident.status_update_published": K.COMMUNICATION,
    "incident.annotated": K.INVESTIGATION,
    "incident.priority_updated": K.DECISION,
    "incident.resolved": K.RESOLUTION,
}  # every other incident.* event: other


def parse_pagerduty(payload: Any, mapping: ImportMapping) -> ImportedIncident | None:
    """Returns the incident a v3 webhook describes, or None for events of other resources.

    Raises PayloadInvalid when the payload lacks the documented fields, naming every wrong
    field.
    """
    event = mapping_of(mapping_of(payload).get("event"))
    event_id, event_type = text_of(event.get("id")), text_of(event.get("event_type"))
    if not event_id or not event_type:
        raise PayloadInvalid("expected {'event': {'id', 'event_type', ...}} (PagerDuty v3)")
    if text_of(event.get("resource_type")) != "incident" or not event_type.startswith("incident"):
        return None
    problems = PayloadProblems()
    occurred = problems.time(event.get("occurred_at"), "event.occurred_at")
    data = mapping_of(event.get("data"))
    is_incident = text_of(data.get("type")) == "incident"
    incident = data if is_incident else mapping_of(data.get("incident"))
    incident_id = text_of(incident.get("id"))
    if not incident_id:
        problems.add(
            "event.data", "event.data must be an incident or refer to one (data.incident.id)"
        )
    occurred_at = occurred or datetime.now(UTC)  # a stand-in only while problems are named
    title = text_of(incident.get("title") if is_incident else incident.get("summary"))
    metadata: dict[str, Any] = {}
    if title.strip():
        metadata["title"] = clip(title, limits.MAX_TITLE)
    if is_incident:
        metadata.update(_incident_metadata(data, mapping, problems))
    if event_type == "incident.resolved" and occurred is not None:
        metadata["resolved_at"] = occurred
    elif event_type == "incident.reopened":
        metadata["resolved_at"] = None
    key = f"{PROVIDER}:event:{event_id}"
    entry = ImportedEntry(
        key=key,
        at=occurred_at,
        kind=KINDS.get(event_type, K.OTHER),
        description=clip(_description(event_type, event, data), limits.MAX_DESCRIPTION),
        source=SOURCE,
    )
    found = ImportedIncident(
        provider=PROVIDER,
        incident_ref=f"{PROVIDER}:{clip(incident_id, 100)}",
        delivery_key=key,
        observed_at=occurred_at,
        metadata=metadata,
        entries=(entry,) if occurred is not None else (),
        authors=mapping.authors(_responders(event_type, event, data)),
    )
    problems.check(found)
    return found


def _incident_metadata(
    data: Mapping[str, Any], mapping: ImportMapping, problems: PayloadProblems
) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    severity = mapping.severity(
        text_of(mapping_of(data.get("priority")).get("summary")), text_of(data.get("urgency"))
    )
    if severity is not None:
        metadata["severity"] = severity
    service = text_of(mapping_of(data.get("service")).get("summary")).strip()
    if service:
        metadata["services"] = [clip(service, limits.MAX_TAG)]
    teams = [text_of(mapping_of(t).get("summary")).strip() for t in list_of(data.get("teams"))]
    if teams and teams[0]:
        metadata["team"] = clip(teams[0], limits.MAX_SHORT_TEXT)
    created_at = problems.time(data.get("created_at"), "event.data.created_at", optional=True)
    if created_at is not None:
        metadata["started_at"] = metadata["detected_at"] = created_at
    return metadata


def _name(reference: Any) -> str:
    return text_of(mapping_of(reference).get("summary")).strip()


def _description(event_type: str, event: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    agent = _name(event.get("agent"))
    by = f" by {agent}" if agent else ""
    assignees = ", ".join(filter(None, (_name(a) for a in list_of(data.get("assignees")))))
    user = _name(data.get("user"))
    if event_type == "incident.triggered":
        number = text_of(data.get("number"))
        service = _name(data.get("service"))
        label = f"Incident #{number}" if number else "Incident"
        on = f" on {service}" if service else ""
        return f"{label} triggered{on}: {text_of(data.get('title')).strip()}"
    if event_type == "incident.acknowledged":
        return f"Acknowledged{by}"
    if event_type in ("incident.escalated", "incident.reassigned"):
        verb = "Escalated" if event_type.endswith("escalated") else "Reassigned"
        return f"{verb} to {assignees}" if assignees else f"{verb}{by}"
    if event_type == "incident.delegated":
        policy = _name(data.get("escalation_policy"))
        return f"Delegated to escalation policy {policy}" if policy else f"Delegated{by}"
    if event_type == "incident.priority_updated":
        priority = _name(data.get("priority"))
        return f"Priority changed to {priority}{by}" if priority else f"Priority changed{by}"
    if event_type == "incident.annotated":
        return f"Note{by}: {text_of(data.get('content')).strip()}"
    if event_type == "incident.status_update_published":
        return f"Status update: {text_of(data.get('message')).strip()}"
    if event_type == "incident.responder.added":
        message = text_of(data.get("message")).strip()
        return f"Responder requested: {user or 'a responder'}" + (
            f" ({message})" if message else ""
        )
    if event_type == "incident.responder.replied":
        state = text_of(data.get("state")).strip() or "replied"
        return f"Responder {user or 'request'}: {state}"
    if event_type == "incident.resolved":
        reason = text_of(data.get("resolve_reason")).strip()
        return f"Resolved{by}" + (f": {reason}" if reason else "")
    if event_type == "incident.reopened":
        return f"Reopened{by}"
    if event_type == "incident.unacknowledged":
        return "Unacknowledged (the acknowledgement timed out or was undone)"
    return event_type.removeprefix("incident.").replace(".", " ").replace("_", " ").capitalize()


def _responders(
    event_type: str, event: Mapping[str, Any], data: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """Returns (PagerDuty user id, name) of the people working the incident in this event:
    its assignees, the user who acted, and a requested responder who accepted."""
    references = list(list_of(data.get("assignees")))
    agent = mapping_of(event.get("agent"))
    if text_of(agent.get("type")) == "user_reference":
        references.append(agent)
    if event_type == "incident.responder.replied" and text_of(data.get("state")) == "accepted":
        references.append(data.get("user"))
    return [
        (text_of(mapping_of(r).get("id")), _name(r))
        for r in references
        if text_of(mapping_of(r).get("id"))
    ]
