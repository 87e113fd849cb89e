"""Test data builders, including the seed "OAuth token outage" postmortem (SEV2).

Other test suites reuse these: ``oauth_token_outage()`` returns a complete DRAFT that
passes the default review policy; ``submitted``/``approved``/``published`` move it on.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from service.domain import (
    Actor,
    CommandContext,
    Impact,
    IncidentWindow,
    Money,
    Postmortem,
    Priority,
    ResponseEffort,
    ReviewPolicy,
    RootCauseAnalysis,
    RootCauseCategory,
    Severity,
    TimelineKind,
    Why,
)

ALICE = Actor("alice", frozenset({"author"}))
BOB = Actor("bob", frozenset({"author"}))
CAROL = Actor("carol", frozenset({"reviewer"}))
DAVE = Actor("dave", frozenset({"reviewer"}))
ERIN = Actor("erin", frozenset({"reviewer"}))
ADMIN = Actor("root", frozenset({"admin"}))
POLICY = ReviewPolicy()


def ctx(actor: Actor, correlation_id: str = "req-1") -> CommandContext:
    """Returns a command context for the actor."""
    return CommandContext(actor=actor, correlation_id=correlation_id)


def utc(hour: int, minute: int, day: int = 15, month: int = 7, year: int = 2025) -> datetime:
    """Returns a UTC datetime (default day: the outage, July 15 2025)."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


OUTAGE_WINDOW = IncidentWindow(
    started_at=utc(17, 42),
    detected_at=utc(17, 45),
    mitigated_at=utc(18, 15),
    resolved_at=utc(18, 27),
)

TIMELINE: tuple[tuple[datetime, TimelineKind, str, str], ...] = (
    (utc(17, 42), TimelineKind.ALERT, "Error-rate alert fired for the token refresh endpoint.",
     "Prometheus"),
    (utc(17, 45), TimelineKind.PAGE, "The identity on-call engineer was paged.", "PagerDuty"),
    (utc(17, 49), TimelineKind.ACKNOWLEDGEMENT, "Page acknowledged; incident channel opened.",
     "Slack"),
    (utc(17, 58), TimelineKind.INVESTIGATION,
     "Refresh failures traced to a signing key the validators had not fetched yet.", "Grafana"),
    (utc(18, 5), TimelineKind.COMMUNICATION, "Status page updated: login problems.",
     "Statuspage"),
    (utc(18, 15), TimelineKind.MITIGATION, "The previous signing key was restored.", "Runbook"),
    (utc(18, 27), TimelineKind.RESOLUTION, "Error rate back to baseline; incident resolved.",
     "Prometheus"),
)  # fmt: skip

ROOT_CAUSE = RootCauseAnalysis(
    whys=(
        Why("Why were users logged out?", "Token refreshes failed with 401 responses."),
        Why("Why did refreshes fail?", "Validators rejected tokens signed with the new key."),
        Why(
            "Why did validators reject the new key?",
            "Their JWKS cache still held the old key set for up to an hour.",
        ),
        Why(
            "Why was the new key active before it had propagated?",
            "The rotation procedure activated keys immediately, with no pre-publication step.",
        ),
    ),
    statement=(
        "The signing key rotation activated a new key before the token validators had "
        "fetched it, because the rotation procedure had no pre-publication step."
    ),
    category=RootCauseCategory.CONFIGURATION,
    contributing_factors=(
        "JWKS cache lifetime of one hour",
        "No alert on key fetch failures",
        "Rotation scheduled during peak traffic",
    ),
)

IMPACT = Impact(
    users_affected_count=1300,
    users_affected_percent=12.0,
    support_tickets=427,
    revenue_loss=Money(Decimal("120000"), "USD"),
    responders=ResponseEffort(engineers=3, hours=3.0),
    customer_facing=True,
    sla_breached=True,
    notes="Logins and token refreshes failed for about 12% of active users.",
)

ACTION_ITEMS: tuple[tuple[str, str, date, Priority, str], ...] = (
    ("Publish signing keys 24 hours before activating them", "identity-platform",
     date(2025, 8, 15), Priority.P1, "IDP-101"),
    ("Alert on JWKS fetch failures in token validators", "sre", date(2025, 8, 1),
     Priority.P1, "SRE-202"),
    ("Update the status page automatically for SEV1 and SEV2 pages", "incident-management",
     date(2025, 9, 1), Priority.P2, "https://tracker.example.com/IM-303"),
)  # fmt: skip


SUMMARY = (
    "On July 15 2025 from 17:42 to 18:27 UTC about 12% of users could not sign in "
    "or stay signed in, because new sign-in tokens were not accepted by our services."
)
WENT_WELL = ("The alert fired within a minute.", "The rollback runbook worked.")
WENT_BADLY = (
    "The status page was updated 23 minutes after the start.",
    "Key rotation had never been rehearsed in staging.",
)


def new_draft(
    author: Actor = ALICE,
    severity: Severity = Severity.SEV2,
    postmortem_id: UUID | None = None,
    incident_ref: str | None = None,
) -> Postmortem:
    """Returns a DRAFT with only its metadata."""
    return Postmortem.create(
        ctx=ctx(author),
        title="OAuth token outage",
        severity=severity,
        window=OUTAGE_WINDOW,
        services=["auth-service", "api-gateway"],
        tags=["oauth", "tokens"],
        team="Identity Platform",
        incident_ref=incident_ref,
        postmortem_id=postmortem_id,
    )


def oauth_token_outage(
    author: Actor = ALICE,
    postmortem_id: UUID | None = None,
    incident_ref: str | None = "INC-2025-0715",
) -> Postmortem:
    """Returns the complete seed postmortem, in DRAFT, ready to submit."""
    pm = new_draft(author, postmortem_id=postmortem_id, incident_ref=incident_ref)
    c = ctx(author)
    pm.write_summary(ctx=c, summary=SUMMARY)
    for at, kind, description, source in TIMELINE:
        pm.add_timeline_entry(ctx=c, at=at, kind=kind, description=description, source=source)
    pm.write_root_cause_analysis(ctx=c, analysis=ROOT_CAUSE)
    pm.assess_impact(ctx=c, impact=IMPACT)
    pm.write_lessons(ctx=c, went_well=WENT_WELL, went_badly=WENT_BADLY)
    for title, owner, due, priority, tracker in ACTION_ITEMS:
        pm.add_action_item(
            ctx=c, title=title, owner=owner, due_date=due, priority=priority, tracker=tracker
        )
    return pm


def submitted(pm: Postmortem | None = None) -> Postmortem:
    """Returns the seed postmortem (or ``pm``) submitted for review by its author."""
    pm = pm or oauth_token_outage()
    pm.submit_for_review(ctx=ctx(ALICE), policy=POLICY)
    return pm


def approved(pm: Postmortem | None = None) -> Postmortem:
    """Returns the seed postmortem in review with the two approvals SEV2 needs."""
    pm = submitted(pm)
    pm.approve(ctx=ctx(CAROL), policy=POLICY)
    pm.approve(ctx=ctx(DAVE), policy=POLICY)
    return pm


def published(pm: Postmortem | None = None) -> Postmortem:
    """Returns the seed postmortem, published as revision 1."""
    pm = approved(pm)
    pm.publish(ctx=ctx(CAROL), policy=POLICY)
    return pm
