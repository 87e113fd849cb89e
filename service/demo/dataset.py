"""The demo data set as plain values: the OAuth token outage plus generated postmortems.

Deterministic: the same seed and count give the same postmortems (no clock, no global random).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
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
# Where a generated postmortem ends up: draft, in review, sent back, published or withdrawn.
TARGETS = (
    ("DRAFT", 30), ("IN_REVIEW", 15), ("CHANGES_REQUESTED", 5), ("PUBLISHED", 45), ("WITHDRAWN", 5),
)  # fmt: skip
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
    """One action item."""

    title: str
    owner: str
    due_date: date
    priority: str
    status: str = "open"


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
    target_state: str
    reviewer: str
    tags: tuple[str, ...] = field(default=())
    draft_title: str | None = None  # a first title, renamed to `title` afterwards


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
                "Cap the gateway key-set cache at 5 minutes", "bob", date(2025, 7, 22), "P0", "done"
            ),
            ActionItemSpec(
                "Add an end-to-end key rotation test to CI",
                "carol",
                date(2025, 8, 15),
                "P1",
                "in_progress",
            ),
            ActionItemSpec(
                "Publish new keys 24h before signing with them", "alice", date(2025, 9, 1), "P1"
            ),
        ),
        target_state="PUBLISHED",
        reviewer="rita",
        tags=("oauth", "key-rotation"),
    )


def generated(count: int, seed: int) -> list[PostmortemSpec]:
    """Returns `count` generated postmortems across services, severities, teams and states."""
    rng = random.Random(seed)
    return [_one(rng, i) for i in range(count)]


def dataset(count: int, seed: int) -> list[PostmortemSpec]:
    """Returns the OAuth outage followed by `count - 1` generated postmortems."""
    if count < 1:
        return []
    return [oauth_outage(), *generated(count - 1, seed)]


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _one(rng: random.Random, index: int) -> PostmortemSpec:
    service = rng.choice(SERVICES)
    title_t, category, statement_t, answers = rng.choice(SCENARIOS)
    severity = _weighted(rng, SEVERITIES)
    started = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(0, 660 * 24 * 60))
    detected = started + timedelta(minutes=rng.randint(1, 30))
    mitigated = detected + timedelta(minutes=rng.randint(5, 120))
    resolved = mitigated + timedelta(minutes=rng.randint(0, 240))
    users = rng.choice((0, rng.randint(10, 500), rng.randint(500, 50_000)))
    whys = tuple(
        (f"Why {'did it happen' if n == 0 else 'was that'}?", answer[0].upper() + answer[1:] + ".")
        for n, answer in enumerate(answers)
    )
    owners = rng.sample(AUTHORS, 3)
    items = tuple(
        ActionItemSpec(
            title=f"{verb} for {service}",
            owner=owners[n],
            due_date=(resolved + timedelta(days=rng.randint(7, 90))).date(),
            priority=rng.choice(("P0", "P1", "P2", "P3")),
            status=rng.choice(("open", "open", "in_progress", "done", "wont_do")),
        )
        for n, verb in enumerate(
            rng.sample(
                (
                    "Add an alert",
                    "Write a runbook",
                    "Add a regression test",
                    "Automate the fix",
                    "Review capacity",
                ),
                rng.randint(1, 3),
            )
        )
    )
    return PostmortemSpec(
        title=title_t.format(s=service) + f" (#{index + 1})",
        severity=severity,
        services=(service,),
        team=TEAMS[service],
        author=rng.choice(AUTHORS),
        started_at=started,
        detected_at=detected,
        mitigated_at=mitigated,
        resolved_at=resolved,
        summary=f"{title_t.format(s=service)}; {statement_t.format(s=service)}",
        timeline=(
            TimelineSpec(detected, "alert", "Alert fires", "pager"),
            TimelineSpec(detected + timedelta(minutes=2), "acknowledgement", "On-call responds"),
            TimelineSpec(mitigated, "mitigation", "Mitigation applied"),
            TimelineSpec(resolved, "resolution", "Service fully recovered"),
        ),
        whys=whys,
        root_cause_statement=statement_t.format(s=service),
        root_cause_category=category,
        contributing_factors=(answers[-1],),
        users_affected_count=users,
        users_affected_percent=Decimal(rng.randint(0, 40)) if users else Decimal(0),
        support_tickets=rng.randint(0, users // 10 + 1),
        revenue_loss=Decimal(rng.choice((0, 0, rng.randint(1, 500) * 100))),
        engineers=rng.randint(1, 6),
        engineer_hours=Decimal(rng.randint(1, 16)),
        customer_facing=users > 0,
        sla_breached=severity in ("SEV1", "SEV2") and rng.random() < 0.5,
        went_well=("Fast detection",) if detected - started < timedelta(minutes=10) else (),
        went_badly=("Slow mitigation",) if mitigated - detected > timedelta(hours=1) else (),
        action_items=items,
        target_state=_weighted(rng, TARGETS),
        reviewer=rng.choice(REVIEWERS),
        tags=(category,),
        draft_title=f"{service} incident" if rng.random() < 0.3 else None,
    )
