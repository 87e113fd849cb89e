"""GraphQL types of audit entries and of a chain verification."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from projections.audit_log.queries import Order
from projections.audit_log.verify import BrokenLink as BrokenLinkData
from projections.audit_log.verify import Verification
from projections.paging import Count
from schema.pagination import PageInfo, total_count_field

strawberry.enum(Order, name="AuditOrder", description="Newest or oldest entries first.")


@strawberry.type(description="One field that an event changed, with its value before and after.")
class FieldChange:
    path: str = strawberry.field(description="Dotted path; list items as `[id]`.")
    before: JSON | None
    after: JSON | None


@strawberry.type(description="One event of one postmortem, as the audit trail recorded it.")
class AuditEntry:
    position: int = strawberry.field(description="Position in the event store's log.")
    postmortem_id: strawberry.ID
    version: int
    event_type: str
    actor_id: str
    actor_roles: list[str]
    at: datetime = strawberry.field(description="When the event store recorded the event (UTC).")
    occurred_at: datetime | None = strawberry.field(
        description="For history backfilled after the fact: when the change really happened "
        "(business times such as published or completed use it); null for live events."
    )
    backfilled_by: str | None = strawberry.field(
        description="For backfilled history: the tool that recorded it, e.g. `postmortems demo`."
    )
    correlation_id: str
    reason: str | None
    changes: list[FieldChange]
    event_digest: str = strawberry.field(description="SHA-256 of the stored event.")
    prev_hash: str = strawberry.field(description="The previous entry's hash.")
    hash: str = strawberry.field(description="SHA-256 over the stored event and `prevHash`.")

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> AuditEntry:
        """Returns the GraphQL view of a recorded entry."""
        return cls(
            position=int(doc["_id"]),
            postmortem_id=strawberry.ID(doc["postmortem_id"]),
            version=doc["version"],
            event_type=doc["event_type"],
            actor_id=doc["actor_id"],
            actor_roles=list(doc.get("actor_roles", [])),
            at=doc["at"],
            occurred_at=doc.get("occurred_at"),
            backfilled_by=doc.get("backfilled_by"),
            correlation_id=doc["correlation_id"],
            reason=doc.get("reason"),
            changes=[
                FieldChange(path=c["path"], before=c["before"], after=c["after"])
                for c in doc.get("changes", [])
            ],
            event_digest=doc["event_digest"],
            prev_hash=doc["prev_hash"],
            hash=doc["hash"],
        )


@strawberry.type
class AuditEntryEdge:
    cursor: str
    node: AuditEntry


@strawberry.type(description="A page of the audit trail (Relay connection).")
class AuditEntryConnection:
    edges: list[AuditEntryEdge]
    page_info: PageInfo
    count: strawberry.Private[Count]
    total_count: int = total_count_field("entries matching the filter")


@strawberry.input(description="Every given criterion must hold.")
class AuditTrailFilter:
    postmortem_id: strawberry.ID | None = strawberry.field(
        default=None, description="A postmortem id (a UUID); another value is refused."
    )
    actor_id: str | None = strawberry.field(
        default=None, description="A user id (case-insensitive, like every user id)."
    )
    event_type: str | None = strawberry.field(
        default=None,
        description="An event type, e.g. `Published` (any case); a name that is no event "
        "type is refused. The same filters as `postmortems export-audit` and "
        "`/exports/audit.csv`, parsed by one parser.",
    )
    from_: datetime | None = strawberry.field(
        default=None, name="from", description="Entries at or after this time."
    )
    to: datetime | None = strawberry.field(
        default=None, description="Entries before this time; `from` must be before it."
    )


@strawberry.type(description="Where the event store and the recorded trail first disagree.")
class BrokenLink:
    position: int
    kind: str = strawberry.field(
        description="One of: modified, deleted, reordered, unrecorded, trail_altered."
    )
    postmortem_id: str | None
    version: int | None
    expected: str | None = strawberry.field(description="The hash the trail recorded here.")
    found: str | None = strawberry.field(description="The hash recomputed from the event store.")
    message: str

    @classmethod
    def from_data(cls, data: BrokenLinkData) -> BrokenLink:
        """Returns the GraphQL view of a broken link."""
        return cls(
            position=data.position,
            kind=data.kind,
            postmortem_id=data.postmortem_id,
            version=data.version,
            expected=data.expected,
            found=data.found,
            message=data.message,
        )


@strawberry.type(description="The hash chain recomputed from the event store alone.")
class AuditChainVerification:
    ok: bool
    checked_entries: int
    verified_through: int = strawberry.field(description="The last position compared.")
    head_position: int = strawberry.field(description="The newest position in the event store.")
    head_hash: str = strawberry.field(description="The recomputed hash at `verifiedThrough`.")
    first_broken_link: BrokenLink | None
    pending_events: int = strawberry.field(
        description="Events in the store after `verifiedThrough`: not in the trail yet (the "
        "audit projection lags, or has not run), so not verified."
    )
    halted: str | None = strawberry.field(
        description="Why the audit projection stopped, if it did (it never skips an event)."
    )

    @classmethod
    def from_data(cls, data: Verification) -> AuditChainVerification:
        """Returns the GraphQL view of a verification."""
        broken = data.first_broken_link
        return cls(
            ok=data.ok,
            checked_entries=data.checked_entries,
            verified_through=data.verified_through,
            head_position=data.head_position,
            head_hash=data.head_hash,
            first_broken_link=BrokenLink.from_data(broken) if broken else None,
            pending_events=data.pending_events,
            halted=data.halted,
        )
