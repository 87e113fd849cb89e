"""GraphQL types of a postmortem, built from read-model documents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from service.domain import PostmortemState, Severity

# The domain's enums, registered as GraphQL enums (the domain itself knows nothing of GraphQL).
strawberry.enum(Severity, description="Incident severity, SEV1 the worst.")
strawberry.enum(PostmortemState, description="Workflow state of a postmortem.")


@strawberry.type(description="When the incident started, was detected, mitigated, resolved.")
class IncidentWindow:
    started_at: datetime
    detected_at: datetime | None = None
    mitigated_at: datetime | None = None
    resolved_at: datetime | None = None


@strawberry.type(description="A blameless incident postmortem.")
class Postmortem:
    id: strawberry.ID
    version: int = strawberry.field(description="Pass as `expectedVersion` to change it.")
    state: PostmortemState
    title: str
    severity: Severity
    incident_window: IncidentWindow
    authors: list[str]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> Postmortem:
        """Returns the GraphQL view of a read-model (or application) document."""
        window = doc.get("window") or {}
        return cls(
            id=strawberry.ID(str(doc.get("_id", doc.get("id")))),
            version=doc["version"],
            state=PostmortemState(doc["state"]),
            title=doc["title"],
            severity=Severity(doc["severity"]),
            incident_window=IncidentWindow(
                started_at=window["started_at"],
                detected_at=window.get("detected_at"),
                mitigated_at=window.get("mitigated_at"),
                resolved_at=window.get("resolved_at"),
            ),
            authors=list(doc.get("authors", [])),
            created_at=doc["created_at"],
            updated_at=doc["updated_at"],
        )


@strawberry.type
class PostmortemEdge:
    cursor: str
    node: Postmortem


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type(description="A page of postmortems, newest first (Relay connection).")
class PostmortemConnection:
    edges: list[PostmortemEdge]
    page_info: PageInfo
    total_count: int
