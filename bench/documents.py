"""The read-model document of a new draft, as the postmortems projection stores it."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from service.domain import Actor, CommandContext, IncidentWindow, Postmortem, Severity

_CTX = CommandContext(Actor("alice", frozenset({"author"})), "bench")
_TEMPLATE = Postmortem.create(
    ctx=_CTX,
    title="template",
    severity=Severity.SEV3,
    window=IncidentWindow(started_at=datetime(2025, 7, 15, 17, 42, tzinfo=UTC)),
).to_document()


def draft_document(postmortem_id: str, **fields: Any) -> dict[str, Any]:
    """Returns a new draft's document (every section present and empty) with `fields` set."""
    doc = copy.deepcopy(_TEMPLATE)
    doc.pop("id")
    doc["_id"] = postmortem_id
    doc.update(fields)
    return doc
