"""GraphQL types of projection status and of the review queue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from projections.outbound.status import DeliveryStatus as Deliveries
from projections.paging import Count
from projections.parks import Park
from projections.status import ProjectionStatus as Status
from schema.pagination import PageInfo, total_count_field
from schema.postmortems.enums import Severity
from schema.scalars import TimeZone
from service.application.permissions import Action

Permission = strawberry.enum(
    Action,
    name="Permission",
    description="What a user's roles allow; a postmortem's own rules (authorship, state) "
    "narrow it further (see `allowedTransitions`).",
)


@strawberry.type(description="The signed-in user, as the service sees them.")
class Me:
    user_id: str = strawberry.field(description="From the token's subject.")
    roles: list[str] = strawberry.field(description="The roles this service recognises.")
    permissions: list[Permission]  # type: ignore[valid-type]


@strawberry.type(description="How this service is set up for the organisation, as clients need it.")
class Organisation:
    time_zone: TimeZone = strawberry.field(
        description="The organisation's IANA time zone (the ORGANISATION_TIME_ZONE setting): "
        "its calendar days and months count wherever a query's `timeZone` is left out, and "
        "clients show times in it unless their user picks another zone."
    )


@strawberry.type(description="A postmortem one read model stopped applying (a poison event).")
class ParkedPostmortem:
    postmortem_id: strawberry.ID
    position: int = strawberry.field(description="The event it could not apply.")
    version: int = strawberry.field(description="That event's version of the postmortem.")
    event_type: str
    error: str
    parked_at: datetime
    skipped_events: int = strawberry.field(
        description="Later events of the postmortem skipped since (applied by a retry)."
    )
    failed_retries: int

    @classmethod
    def from_park(cls, park: Park) -> ParkedPostmortem:
        """Returns the GraphQL view of a park."""
        return cls(
            postmortem_id=strawberry.ID(park.postmortem_id),
            position=park.position,
            version=park.version,
            event_type=park.event_type,
            error=park.error,
            parked_at=park.parked_at,
            skipped_events=park.skipped,
            failed_retries=park.attempts,
        )


@strawberry.type(description="Where a read model stopped as a whole (the audit trail does, "
                 "rather than skip one event of its global hash chain).")  # fmt: skip
class ProjectionHalt:
    position: int = strawberry.field(description="The event it could not apply.")
    postmortem_id: strawberry.ID
    event_type: str
    error: str
    at: datetime

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> ProjectionHalt:
        """Returns the GraphQL view of a tracking document's `halted`."""
        return cls(
            position=int(doc["position"]),
            postmortem_id=strawberry.ID(str(doc["postmortem_id"])),
            event_type=str(doc.get("event_type") or ""),
            error=str(doc.get("error") or ""),
            at=doc["at"],
        )


@strawberry.type(description="The notification outbox: deliveries by state.")
class DeliveryStatus:
    pending: int = strawberry.field(description="Waiting to be sent (first attempt or retry).")
    retrying: int = strawberry.field(description="Pending after at least one failed attempt.")
    failed: int = strawberry.field(
        description="Given up: refused for good, or every attempt spent."
    )
    sent: int
    oldest_pending_at: datetime | None = strawberry.field(
        description="When the longest-waiting pending delivery was recorded."
    )
    reminders_scanned_at: datetime | None = strawberry.field(
        description="When the reminder scheduler last completed a scan."
    )
    last_error: str | None = strawberry.field(
        description="The newest error of a delivery still pending or failed."
    )
    last_error_at: datetime | None

    @classmethod
    def from_status(cls, status: Deliveries) -> DeliveryStatus:
        """Returns the GraphQL view of the outbox's status."""
        return cls(**vars(status))


@strawberry.type(
    description="How far one projection (a read model, or an outbound one: `notifications`, "
    "`git_sync`) is behind the event store."
)
class ProjectionStatus:
    name: str
    position: int = strawberry.field(description="Last event (notification id) applied.")
    head_position: int = strawberry.field(description="Newest event in the event store.")
    lag: int = strawberry.field(description="Events still to apply.")
    updated_at: datetime | None = strawberry.field(description="When the position last moved.")
    last_error: str | None = strawberry.field(
        description="The projector's last failure; cleared by its next success."
    )
    last_error_at: datetime | None
    rebuilding: bool = strawberry.field(
        description="A rebuild holds the projection while it swaps fresh collections in."
    )
    parked_count: int = strawberry.field(
        description="Postmortems this read model parked: it skips their events and carries "
        "on with everyone else's; `postmortems projection retry` re-applies them."
    )
    parked: list[ParkedPostmortem] = strawberry.field(
        description="The parked postmortems, oldest first (at most 100)."
    )
    halted: ProjectionHalt | None = strawberry.field(
        description="Set when the read model stopped as a whole at an event it cannot apply."
    )

    deliveries: DeliveryStatus | None = strawberry.field(
        default=None, description="The outbox, for the `notifications` projection."
    )

    @classmethod
    def from_status(
        cls,
        status: Status,
        parks: list[Park] | None = None,
        deliveries: Deliveries | None = None,
    ) -> ProjectionStatus:
        """Returns the GraphQL view of a projection's status (with its parks and outbox, if
        read)."""
        return cls(
            deliveries=None if deliveries is None else DeliveryStatus.from_status(deliveries),
            name=status.name,
            position=status.position,
            head_position=status.head_position,
            lag=status.lag,
            updated_at=status.updated_at,
            last_error=status.last_error,
            last_error_at=status.last_error_at,
            rebuilding=status.rebuilding,
            parked_count=status.parked,
            parked=[ParkedPostmortem.from_park(p) for p in parks or []],
            halted=None if status.halted is None else ProjectionHalt.from_document(status.halted),
        )


@strawberry.type(description="A postmortem waiting for the current reviewer.")
class ReviewQueueItem:
    postmortem_id: strawberry.ID
    title: str
    severity: Severity
    version: int = strawberry.field(description="The version an approval would be bound to.")
    content_hash: str | None
    submitted_at: datetime | None
    approvals: int = strawberry.field(description="Valid approvals of the current content.")
    approvals_required: int | None
    blameless_warning_count: int

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> ReviewQueueItem:
        """Returns the GraphQL view of a `review_queue` document."""
        return cls(
            postmortem_id=strawberry.ID(str(doc["_id"])),
            title=doc.get("title") or "",
            severity=Severity(doc["severity"]),
            version=int(doc.get("version") or 0),
            content_hash=doc.get("content_hash"),
            submitted_at=doc.get("submitted_at"),
            approvals=len(doc.get("approved_by") or []),
            approvals_required=doc.get("approvals_required"),
            blameless_warning_count=int(doc.get("blameless_warning_count") or 0),
        )


@strawberry.type(description="One postmortem of a reviewer's queue, with its cursor.")
class ReviewQueueEdge:
    cursor: str = strawberry.field(
        description="Where this entry lies in the queue: pass it as `after` or `before`."
    )
    node: ReviewQueueItem = strawberry.field(description="The postmortem waiting for review.")


@strawberry.type(
    description="A page of the caller's review queue, longest waiting first (Relay connection)."
)
class ReviewQueueConnection:
    edges: list[ReviewQueueEdge] = strawberry.field(description="The page's entries, in order.")
    page_info: PageInfo = strawberry.field(description="Cursors and whether more entries follow.")
    count: strawberry.Private[Count]
    total_count: int = total_count_field("postmortems wait in the caller's queue")
