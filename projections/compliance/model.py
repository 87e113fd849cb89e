"""The compliance report's data: what a report says, as plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from service.domain import Severity
from service.domain.calendar import DEFAULT_TIME_ZONE


@dataclass(frozen=True)
class ReportRequest:
    """The period and filters of a report, the time it is computed for, and the IANA time
    zone whose calendar days count (SLA deadlines, overdue, on time)."""

    since: datetime
    until: datetime
    as_of: datetime
    severity: Severity | None = None
    service: str | None = None
    team: str | None = None
    time_zone: str = DEFAULT_TIME_ZONE


@dataclass(frozen=True)
class StateCount:
    state: str
    severity: str
    count: int


@dataclass(frozen=True)
class SlaCase:
    """One postmortem's publication SLA status."""

    postmortem_id: str
    title: str
    severity: str
    resolved_at: datetime
    sla_days: int | None
    deadline: datetime | None  # the first instant after the last SLA day (exclusive)
    first_published_at: datetime | None
    days_to_publish: float | None
    status: str  # met | breached | pending_within_sla | pending_breached | no_sla
    deadline_date: date | None = None  # the last calendar day of the SLA, in the zone


@dataclass(frozen=True)
class SlaSummary:
    policy_version: str
    sla_days: dict[str, int | None]
    met: int
    breached: int
    pending_within_sla: int
    pending_breached: int
    no_sla: int
    share_met: float | None
    median_days_to_publish: float | None
    p90_days_to_publish: float | None
    breaches: list[SlaCase]


@dataclass
class OwnerItems:
    owner: str
    open: int = 0
    overdue: int = 0
    done_on_time: int = 0
    done_late: int = 0
    wont_do: int = 0


@dataclass(frozen=True)
class ActionItemSummary:
    open: int
    overdue: int
    done_on_time: int
    done_late: int
    wont_do: int
    median_open_age_days: float | None
    by_owner: list[OwnerItems]


@dataclass(frozen=True)
class ApprovalEvidence:
    reviewer_id: str
    approved_at: datetime
    version: int
    content_hash: str
    valid: bool


@dataclass(frozen=True)
class PublicationEvidence:
    postmortem_id: str
    title: str
    severity: str
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


@dataclass(frozen=True)
class ComplianceReport:
    since: datetime
    until: datetime
    as_of: datetime
    time_zone: str
    generated_at: datetime
    position: int
    chain_head_hash: str | None
    filters: dict[str, str | None]
    postmortems: int
    by_state_and_severity: list[StateCount]
    publication_sla: SlaSummary
    action_items: ActionItemSummary
    review_evidence: list[PublicationEvidence]
    publications_not_meeting_policy: int
    publications_unverifiable: int
    sla_cases: list[SlaCase] = field(default_factory=list)
