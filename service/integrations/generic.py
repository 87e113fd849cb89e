"""The generic incident webhook: a documented JSON format any incident tool can post.

For tools without a dedicated adapter (TaskCall-like tools, in-house bots). One delivery
carries the whole incident as the tool knows it; post it again whenever it changes: log
entries are keyed by their ids, so reposting adds only the new ones. The format and its
signature are documented in the README ("Incident import"):

    {"source": "taskcall", "delivery_id": "…", "incident": {"id": "…", "title": "…",
     "severity": "critical", "services": ["auth"], "team": "Identity",
     "triggered_at": "…", "acknowledged_at": "…", "resolved_at": "…",
     "responders": ["alice@example.com" | {"id", "email", "name"}],
     "log_entries": [{"id": "…", "at": "…", "type": "acknowledge", "message": "…",
                      "source": "…"}]}}
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from service.domain import ImportedEntry, ImportedIncident, TimelineKind
from service.domain import validation as limits
from service.domain.canonical import canonical_json
from service.integrations.mapping import (
    ImportMapping,
    PayloadProblems,
    clip,
    list_of,
    mapping_of,
    text_of,
)

MAX_LOG_ENTRIES = 500
_SOURCE = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
K = TimelineKind
TYPES: Mapping[str, TimelineKind] = {
    **{kind.value: kind for kind in TimelineKind},
    **dict.fromkeys(("trigger", "triggered"), K.ALERT),
    **dict.fromkeys(("notify", "notification", "escalate", "escalation", "assign"), K.PAGE),
    **dict.fromkeys(("ack", "acknowledge", "acknowledged"), K.ACKNOWLEDGEMENT),
    **dict.fromkeys(("note", "comment"), K.INVESTIGATION),
    **dict.fromkeys(("mitigate", "mitigated"), K.MITIGATION),
    **dict.fromkeys(("status_update", "message"), K.COMMUNICATION),
    **dict.fromkeys(("resolve", "resolved"), K.RESOLUTION),
}  # anything else: other
# Incident times that become timeline entries when no log entry of their kind is sent.
MILESTONES = (
    ("triggered_at", K.ALERT, "Incident triggered"),
    ("acknowledged_at", K.ACKNOWLEDGEMENT, "Incident acknowledged"),
    ("resolved_at", K.RESOLUTION, "Incident resolved"),
)


def parse_generic(payload: Any, mapping: ImportMapping, signed_at: datetime) -> ImportedIncident:
    """Returns the incident a generic delivery describes (`signed_at`: its signed timestamp,
    which orders deliveries). Raises PayloadInvalid naming every wrong field."""
    problems = PayloadProblems()
    body = mapping_of(payload)
    source = text_of(body.get("source")).strip().lower()
    if not _SOURCE.fullmatch(source):
        problems.add("source", "source must be 1 to 32 of a-z, 0-9, _ and -, e.g. 'taskcall'")
    incident = mapping_of(body.get("incident"))
    incident_id = text_of(incident.get("id")).strip()
    if not incident_id or len(incident_id) > 100:
        problems.add("incident.id", "incident.id must be 1 to 100 characters")
    ref = f"{source}:{incident_id}"
    delivery_id = text_of(body.get("delivery_id")).strip()[:200] or _digest(body)
    logs = list_of(incident.get("log_entries"))
    if len(logs) > MAX_LOG_ENTRIES:
        problems.add(
            "incident.log_entries", f"incident.log_entries: at most {MAX_LOG_ENTRIES} per delivery"
        )
        logs = []
    read = [_entry(ref, source, index, raw, problems) for index, raw in enumerate(logs)]
    entries = [entry for entry in read if entry is not None]
    times = {
        name: problems.time(incident.get(name), f"incident.{name}", optional=True)
        for name, _, _ in MILESTONES
    }
    sent_kinds = {entry.kind for entry in entries}
    for name, kind, text in MILESTONES:
        at = times[name]
        if at is not None and kind not in sent_kinds:
            entries.append(ImportedEntry(f"{ref}:{name}", at, kind, text, source, fallback=True))
    found = ImportedIncident(
        provider=source,
        incident_ref=ref,
        delivery_key=f"{source}:delivery:{delivery_id}",
        observed_at=signed_at,
        metadata=_metadata(incident, times, mapping),
        entries=tuple(entries),
        authors=mapping.authors(_responders(incident)),
    )
    problems.check(found)
    return found


def _digest(body: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(body)).hexdigest()


def _entry(
    ref: str, source: str, index: int, raw: Any, problems: PayloadProblems
) -> ImportedEntry | None:
    """Returns one log entry as a timeline entry, or None after recording what is wrong."""
    entry = mapping_of(raw)
    field = f"incident.log_entries[{index}]"
    entry_id = text_of(entry.get("id")).strip()
    if not entry_id:
        problems.add(f"{field}.id", f"{field}.id is required (it makes reposting idempotent)")
    message = text_of(entry.get("message")).strip()
    if not message:
        problems.add(f"{field}.message", f"{field}.message is required")
    at = problems.time(entry.get("at"), f"{field}.at")
    if not entry_id or not message or at is None:
        return None
    kind = TYPES.get(text_of(entry.get("type")).strip().lower(), K.OTHER)
    return ImportedEntry(
        key=f"{ref}:entry:{clip(entry_id, 200)}",
        at=at,
        kind=kind,
        description=clip(message, limits.MAX_DESCRIPTION),
        source=clip(text_of(entry.get("source")).strip() or source, limits.MAX_SHORT_TEXT),
    )


def _metadata(
    incident: Mapping[str, Any], times: Mapping[str, datetime | None], mapping: ImportMapping
) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    title = text_of(incident.get("title")).strip()
    if title:
        metadata["title"] = clip(title, limits.MAX_TITLE)
    severity = mapping.severity(text_of(incident.get("severity")))
    if severity is not None:
        metadata["severity"] = severity
    if "services" in incident:
        names = [text_of(s).strip() for s in list_of(incident.get("services"))]
        unique = list(dict.fromkeys(clip(n, limits.MAX_TAG) for n in names if n))
        metadata["services"] = unique[: limits.MAX_SERVICES]
    team = text_of(incident.get("team")).strip()
    if team:
        metadata["team"] = clip(team, limits.MAX_SHORT_TEXT)
    if times["triggered_at"] is not None:
        metadata["started_at"] = metadata["detected_at"] = times["triggered_at"]
    if "resolved_at" in incident:
        metadata["resolved_at"] = times["resolved_at"]
    return metadata


def _responders(incident: Mapping[str, Any]) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for raw in list_of(incident.get("responders"))[:100]:
        if isinstance(raw, str):
            found.append((raw,))
        else:
            person = mapping_of(raw)
            found.append(tuple(text_of(person.get(k)) for k in ("id", "email", "name")))
    return found
