"""GraphQL types of the compliance report (built from the report's dataclasses)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from projections.compliance import model
from schema.postmortems.enums import Severity
from schema.scalars import TimeZone


@strawberry.type(description="How many postmortems are in one state at one severity.")
class StateSeverityCount:
    state: str
    severity: Severity
    count: int


@strawberry.type(description="One postmortem's publication SLA status at the report time.")
class SlaCase:
    postmortem_id: strawberry.ID
    title: str
    severity: Severity
    resolved_at: datetime
    sla_days: int | None
    deadline: datetime | None = strawberry.field(
        description="The end of the last SLA day (the first instant after it): publish before "
        "it. The SLA counts `slaDays` calendar days after the day of resolution, in the "
        "report's `timeZone`."
    )
    deadline_date: date | None = strawberry.field(
        description="The last calendar day of the SLA in the report's `timeZone`."
    )
    first_published_at: datetime | None
    days_to_publish: float | None = strawberry.field(
        description="Elapsed days (24 hours) from resolution to first publication."
    )
    status: str = strawberry.field(
        description="One of: met, breached, pending_within_sla, pending_breached, no_sla."
    )

    @classmethod
    def from_data(cls, c: model.SlaCase) -> SlaCase:
        """Returns the GraphQL view."""
        return cls(
            postmortem_id=strawberry.ID(c.postmortem_id),
            title=c.title,
            severity=Severity(c.severity),
            resolved_at=c.resolved_at,
            sla_days=c.sla_days,
            deadline=c.deadline,
            deadline_date=c.deadline_date,
            first_published_at=c.first_published_at,
            days_to_publish=c.days_to_publish,
            status=c.status,
        )


@strawberry.type(description="Policy days to publish after resolution, for one severity.")
class SlaDays:
    severity: Severity
    days: int | None


@strawberry.type(description="Publication within the policy's days after resolution.")
class PublicationSla:
    policy_version: str
    sla_days: list[SlaDays]
    met: int
    breached: int
    pending_within_sla: int
    pending_breached: int
    no_sla: int
    share_met: float | None = strawberry.field(
        description="Share met, 0 to 1: met / (met + breached + pendingBreached); "
        "null if none is decided."
    )
    median_days_to_publish: float | None
    p90_days_to_publish: float | None
    breaches: list[SlaCase]


@strawberry.type(description="Action items of one owner.")
class OwnerActionItems:
    owner: str
    open: int
    overdue: int
    done_on_time: int
    done_late: int
    wont_do: int


@strawberry.type(description="Action items at the report time.")
class ActionItemStats:
    open: int
    overdue: int
    done_on_time: int
    done_late: int
    wont_do: int
    median_open_age_days: float | None
    by_owner: list[OwnerActionItems]


@strawberry.type(description="One approval of a publication, and whether it counts.")
class ApprovalEvidence:
    reviewer_id: str
    approved_at: datetime
    version: int
    content_hash: str
    valid: bool


@strawberry.type(description="A publication, its approvals, and the policy recomputed from them.")
class PublicationEvidence:
    postmortem_id: strawberry.ID
    title: str
    severity: Severity
    revision: int
    published_at: datetime
    version: int
    content_hash: str
    content_hash_verified: bool
    policy_version: str
    required_approvals: int | None
    approvals: list[ApprovalEvidence]
    meets_policy: bool
    problems: list[str]

    @classmethod
    def from_data(cls, e: model.PublicationEvidence) -> PublicationEvidence:
        """Returns the GraphQL view."""
        return cls(
            postmortem_id=strawberry.ID(e.postmortem_id),
            title=e.title,
            severity=Severity(e.severity),
            revision=e.revision,
            published_at=e.published_at,
            version=e.version,
            content_hash=e.content_hash,
            content_hash_verified=e.content_hash_verified,
            policy_version=e.policy_version,
            required_approvals=e.required_approvals,
            approvals=[ApprovalEvidence(**vars(a)) for a in e.approvals],
            meets_policy=e.meets_policy,
            problems=list(e.problems),
        )


@strawberry.type(description="Compliance evidence for incidents resolved in a period.")
class ComplianceReport:
    from_: datetime = strawberry.field(name="from")
    to: datetime
    as_of: datetime = strawberry.field(description="The report time used for every status.")
    time_zone: TimeZone = strawberry.field(
        description="The IANA zone whose calendar days count (SLA days, overdue, on time)."
    )
    generated_at: datetime
    position: int = strawberry.field(
        description="The event-store position it reflects: the last event recorded at or "
        "before `asOf` (0 if none), so a past report keeps it when later events arrive."
    )
    chain_head_hash: str | None = strawberry.field(
        description="The audit-chain hash at `position` (ties the report to the trail; null "
        "if no event)."
    )
    postmortems: int
    by_state_and_severity: list[StateSeverityCount]
    publication_sla: PublicationSla
    action_items: ActionItemStats
    review_evidence: list[PublicationEvidence]
    publications_not_meeting_policy: int = strawberry.field(
        description="Recomputed from the evidence; must be 0."
    )
    publications_unverifiable: int
    sla_cases: list[SlaCase]

    @classmethod
    def from_data(cls, r: model.ComplianceReport) -> ComplianceReport:
        """Returns the GraphQL view of a report."""
        sla, items = r.publication_sla, r.action_items
        return cls(
            from_=r.since,
            to=r.until,
            as_of=r.as_of,
            time_zone=TimeZone(r.time_zone),
            generated_at=r.generated_at,
            position=r.position,
            chain_head_hash=r.chain_head_hash,
            postmortems=r.postmortems,
            by_state_and_severity=[
                StateSeverityCount(state=s.state, severity=Severity(s.severity), count=s.count)
                for s in r.by_state_and_severity
            ],
            publication_sla=PublicationSla(
                policy_version=sla.policy_version,
                sla_days=[SlaDays(severity=Severity(k), days=v) for k, v in sla.sla_days.items()],
                met=sla.met,
                breached=sla.breached,
                pending_within_sla=sla.pending_within_sla,
                pending_breached=sla.pending_breached,
                no_sla=sla.no_sla,
                share_met=sla.share_met,
                median_days_to_publish=sla.median_days_to_publish,
                p90_days_to_publish=sla.p90_days_to_publish,
                breaches=[SlaCase.from_data(c) for c in sla.breaches],
            ),
            action_items=ActionItemStats(
                open=items.open,
                overdue=items.overdue,
                done_on_time=items.done_on_time,
                done_late=items.done_late,
                wont_do=items.wont_do,
                median_open_age_days=items.median_open_age_days,
                by_owner=[OwnerActionItems(**vars(o)) for o in items.by_owner],
            ),
            review_evidence=[PublicationEvidence.from_data(e) for e in r.review_evidence],
            publications_not_meeting_policy=r.publications_not_meeting_policy,
            publications_unverifiable=r.publications_unverifiable,
            sla_cases=[SlaCase.from_data(c) for c in r.sla_cases],
        )
