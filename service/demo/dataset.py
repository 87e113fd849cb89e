"""The demo data set as plain values: the OAuth token outage plus postmortems of a live
organisation over the last 18 months (generator.py).

Deterministic: the same count, seed and `now` give the same postmortems (no global random).
Each spec carries when each step of its workflow happened; the loader records them as a
backfill (events keep their recording time, business times use these).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

AUTHORS = ("alice", "bob", "carol", "dan", "erin", "farid", "grace", "hiro")
REVIEWERS = ("rita", "victor", "wen")
SERVICES = (
    "auth", "api-gateway", "payments", "checkout", "search", "notifications",
    "billing", "storage", "messaging", "identity", "web", "mobile-api",
)  # fmt: skip
TEAMS = {
    "auth": "Identity", "identity": "Identity", "api-gateway": "Platform",
    "storage": "Platform", "messaging": "Platform", "payments": "Payments",
    "billing": "Payments", "checkout": "Payments", "search": "Discovery",
    "notifications": "Growth", "web": "Web", "mobile-api": "Mobile",
}  # fmt: skip
SEVERITIES = (("SEV1", 5), ("SEV2", 20), ("SEV3", 45), ("SEV4", 30))
# (title template, root-cause category, statement template, the four whys' answers)
SCENARIOS = (
    ("Elevated 5xx on {s} after a deploy", "deployment",
     "A {s} release shipped a migration that locked a hot table.",
     ("requests timed out", "the table was locked", "the migration ran during peak traffic",
      "the deploy pipeline had no migration window check")),
    ("{s} latency regression", "capacity",
     "The {s} connection pool was sized for last year's traffic.",
     ("p99 latency tripled", "requests queued for connections", "the pool maxed out",
      "pool sizes were never revisited after growth")),
    ("Expired TLS certificate broke {s}", "configuration",
     "The {s} certificate expired because renewal was manual.",
     ("clients refused connections", "the certificate had expired", "renewal was missed",
      "renewal depended on a calendar reminder")),
    ("{s} outage caused by an upstream provider", "dependency",
     "An upstream provider's outage cascaded into {s} without a fallback.",
     ("calls to the provider failed", "the provider had an outage", "we had no fallback",
      "the dependency was never classified as critical")),
    ("Data inconsistency in {s}", "code_defect",
     "A race condition in {s} wrote partial records under concurrent updates.",
     ("users saw stale data", "two writers raced", "the update was not atomic",
      "the code path had no concurrency test")),
    ("{s} degraded by a full disk", "infrastructure",
     "A {s} node ran out of disk because log rotation was disabled.",
     ("writes failed", "the disk was full", "logs were never rotated",
      "the base image dropped the rotation config")),
    ("Alert fatigue delayed the {s} response", "process",
     "The {s} alert fired among dozens of noisy alerts and was missed.",
     ("the response started late", "the page was missed", "on-call muted noisy alerts",
      "alerts had no ownership review")),
)  # fmt: skip


@dataclass(frozen=True)
class TimelineSpec:
    """One timeline entry."""

    at: datetime
    kind: str
    description: str
    source: str = "slack"


@dataclass(frozen=True)
class ActionItemSpec:
    """One action item, and when it reached `status` (None: it stayed open)."""

    title: str
    owner: str
    due_date: date
    priority: str
    status: str = "open"
    changed_at: datetime | None = None


@dataclass(frozen=True)
class Workflow:
    """When the postmortem was started, submitted, sent back, published or withdrawn (UTC);
    None: not (yet) at that step. Approvals fall between submission and publication."""

    created_at: datetime
    submitted_at: datetime | None = None
    changes_requested_at: datetime | None = None
    published_at: datetime | None = None
    withdrawn_at: datetime | None = None

    @property
    def target_state(self) -> str:
        """Returns the state the postmortem ends in."""
        if self.withdrawn_at is not None:
            return "WITHDRAWN"
        if self.published_at is not None:
            return "PUBLISHED"
        if self.changes_requested_at is not None:
            return "CHANGES_REQUESTED"
        return "IN_REVIEW" if self.submitted_at is not None else "DRAFT"


@dataclass(frozen=True)
class PostmortemSpec:
    """Everything one demo postmortem holds, and the workflow state it should reach."""

    title: str
    severity: str
    services: tuple[str, ...]
    team: str
    author: str
    started_at: datetime
    detected_at: datetime
    mitigated_at: datetime
    resolved_at: datetime
    summary: str
    timeline: tuple[TimelineSpec, ...]
    whys: tuple[tuple[str, str], ...]
    root_cause_statement: str
    root_cause_category: str
    contributing_factors: tuple[str, ...]
    users_affected_count: int
    users_affected_percent: Decimal
    support_tickets: int
    revenue_loss: Decimal
    engineers: int
    engineer_hours: Decimal
    customer_facing: bool
    sla_breached: bool
    went_well: tuple[str, ...]
    went_badly: tuple[str, ...]
    action_items: tuple[ActionItemSpec, ...]
    workflow: Workflow
    reviewer: str
    key: str  # stable within a seed: the postmortem's id derives from it (reruns skip it)
    tags: tuple[str, ...] = field(default=())
    draft_title: str | None = None  # a first title, renamed to `title` afterwards
    recurrence_of: tuple[str, ...] = ()  # keys of earlier postmortems this one recurs

    @property
    def target_state(self) -> str:
        """Returns the state the postmortem ends in."""
        return self.workflow.target_state


def oauth_outage() -> PostmortemSpec:
    """Returns the reference incident: the OAuth token outage of July 15, 2025."""
    day = datetime(2025, 7, 15, tzinfo=UTC)

    def at(hour: int, minute: int) -> datetime:
        return day.replace(hour=hour, minute=minute)

    return PostmortemSpec(
        title="OAuth token outage: logins failed after signing-key rotation",
        draft_title="OAuth token outage",
        severity="SEV2",
        services=("auth", "api-gateway"),
        team="Identity",
        author="alice",
        started_at=at(17, 42),
        detected_at=at(17, 47),
        mitigated_at=at(18, 15),
        resolved_at=at(18, 27),
        summary=(
            "From 17:42 to 18:27 UTC about 12% of users (1,300) could not sign in or refresh "
            "sessions: the OAuth service rejected tokens signed with the new key because the "
            "API gateway still cached the old key set."
        ),
        timeline=(
            TimelineSpec(at(17, 42), "other", "Token refreshes start failing with 401", "logs"),
            TimelineSpec(at(17, 47), "alert", "Login error-rate alert fires", "pager"),
            TimelineSpec(at(17, 49), "acknowledgement", "On-call acknowledges the page", "pager"),
            TimelineSpec(at(17, 55), "communication", "Status page updated; Identity joins"),
            TimelineSpec(at(18, 8), "investigation", "Gateway key-set cache found stale"),
            TimelineSpec(at(18, 15), "mitigation", "Gateway key-set cache flushed"),
            TimelineSpec(at(18, 27), "resolution", "Error rates back to baseline"),
        ),
        whys=(
            ("Why did logins fail?", "The gateway rejected tokens signed with the new key."),
            ("Why did the gateway reject them?", "It cached the old key set for 24 hours."),
            ("Why was the cache that long?", "The TTL was copied from a static-config default."),
            ("Why was the default not caught?", "Key rotation was never tested end to end."),
        ),
        root_cause_statement=(
            "The API gateway cached the OAuth key set for 24 hours, so tokens signed with a "
            "freshly rotated key were rejected until the cache expired or was flushed."
        ),
        root_cause_category="configuration",
        contributing_factors=("no end-to-end rotation test", "24h key-set cache TTL"),
        users_affected_count=1300,
        users_affected_percent=Decimal("12"),
        support_tickets=427,
        revenue_loss=Decimal("120000"),
        engineers=3,
        engineer_hours=Decimal("3"),
        customer_facing=True,
        sla_breached=True,
        went_well=("Alert fired within five minutes", "Clear incident command"),
        went_badly=("Rotation runbook did not mention the gateway cache",),
        action_items=(
            ActionItemSpec(
                "Cap the gateway key-set cache at 5 minutes",
                "bob",
                date(2025, 7, 22),
                "P0",
                "done",
                datetime(2025, 7, 21, 9, 10, tzinfo=UTC),
            ),
            ActionItemSpec(
                "Add an end-to-end key rotation test to CI",
                "carol",
                date(2025, 8, 15),
                "P1",
                "in_progress",
                datetime(2025, 8, 5, 14, 0, tzinfo=UTC),
            ),
            ActionItemSpec(
                "Publish new keys 24h before signing with them", "alice", date(2025, 9, 1), "P1"
            ),
        ),
        workflow=Workflow(
            created_at=at(19, 5),
            submitted_at=datetime(2025, 7, 18, 10, 0, tzinfo=UTC),
            published_at=datetime(2025, 7, 21, 15, 30, tzinfo=UTC),
        ),
        reviewer="rita",
        key=OAUTH_KEY,
        tags=("oauth", "key-rotation"),
    )


OAUTH_KEY = "oauth-token-outage-2025-07-15"


def dataset(
    count: int, seed: int, now: datetime, sla_days: Mapping[str, int | None] | None = None
) -> list[PostmortemSpec]:
    """Returns `count` postmortems: the OAuth outage, then recurring incidents planted inside
    the recurring views' default windows, then generated ones, ordered by creation time."""
    from service.demo.generator import DEFAULT_SLA_DAYS, generated, planted

    if count < 1:
        return []
    specs = [oauth_outage(), *planted(now)][:count]
    specs += generated(count - len(specs), seed, now, sla_days or DEFAULT_SLA_DAYS)
    return sorted(specs, key=lambda spec: spec.workflow.created_at)
