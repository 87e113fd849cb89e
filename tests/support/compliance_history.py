"""A history of twelve postmortems written through the real application, with chosen incident
resolution times relative to now (publication times are the real event times, i.e. now)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from service.application.postmortems import PostmortemApplication
from service.domain import (
    ActionItemStatus,
    Actor,
    CommandContext,
    Impact,
    IncidentWindow,
    RootCauseAnalysis,
    RootCauseCategory,
    Severity,
    TimelineKind,
    Why,
)

ALICE = CommandContext(Actor("alice", frozenset({"author"})), "req-a")
CAROL = CommandContext(Actor("carol", frozenset({"reviewer"})), "req-c")
DAVE = CommandContext(Actor("dave", frozenset({"reviewer"})), "req-d")
ADMIN = CommandContext(Actor("root", frozenset({"admin"})), "req-r")


@dataclass(frozen=True)
class Plan:
    """One postmortem of the history: how long ago it was resolved and how far it got."""

    name: str
    severity: Severity
    days_ago: int
    goal: str  # draft | review | published | withdrawn
    items: tuple[tuple[str, int | None, str], ...] = ()  # owner, due in days, final status


PLANS = (
    Plan("p01", Severity.SEV1, 3, "published", (("db", -3, "open"),)),
    Plan("p02", Severity.SEV1, 8, "published", (("db", 5, "done"),)),
    Plan("p03", Severity.SEV1, 2, "draft"),
    Plan("p04", Severity.SEV1, 6, "review", (("sre", -1, "wont_do"),)),
    Plan("p05", Severity.SEV2, 9, "published", (("sre", -2, "done"),)),
    Plan("p06", Severity.SEV2, 12, "published", (("sre", 10, "in_progress"),)),
    Plan("p07", Severity.SEV2, 16, "draft"),
    Plan("p08", Severity.SEV3, 19, "published", (("db", None, "open"),)),
    Plan("p09", Severity.SEV3, 25, "published"),
    Plan("p10", Severity.SEV4, 40, "published"),
    Plan("p11", Severity.SEV3, 5, "withdrawn", (("carol", -9, "open"),)),
    Plan("p12", Severity.SEV2, 90, "published", (("db", -30, "open"),)),  # out of the period
)


@dataclass
class History:
    """What was written: ids by plan name, and the clock it was written against."""

    now: datetime
    today: date
    ids: dict[str, str] = field(default_factory=dict)


def write_compliance_history(app: PostmortemApplication) -> History:
    """Writes the twelve postmortems of PLANS; resolution is `days_ago` days and 1 hour ago."""
    now = datetime.now(UTC)
    history = History(now=now, today=now.date())
    for plan in PLANS:
        history.ids[plan.name] = str(_write(app, plan, now))
    return history


def _write(app: PostmortemApplication, plan: Plan, now: datetime) -> UUID:
    resolved = now - timedelta(days=plan.days_ago, hours=1)
    started = resolved - timedelta(hours=2)
    window = IncidentWindow(started_at=started, detected_at=started, resolved_at=resolved)
    created = app.create_postmortem(
        ctx=ALICE, title=f"Incident {plan.name}", severity=plan.severity, window=window,
        services=["api"], team="payments",
    )  # fmt: skip
    pm, v = created.postmortem_id, created.version
    v = app.write_summary(ctx=ALICE, postmortem_id=pm, expected_version=v, summary="Slow.").version
    v = app.add_timeline_entry(
        ctx=ALICE, postmortem_id=pm, expected_version=v, at=started,
        kind=TimelineKind.ALERT, description="Latency alert fired.",
    ).version  # fmt: skip
    analysis = RootCauseAnalysis(
        whys=(Why("Why was it slow?", "A cache expired."),),
        statement="A cache expired under load.",
        category=RootCauseCategory.CAPACITY,
    )
    v = app.write_root_cause_analysis(
        ctx=ALICE, postmortem_id=pm, expected_version=v, analysis=analysis
    ).version
    v = app.assess_impact(
        ctx=ALICE, postmortem_id=pm, expected_version=v, impact=Impact(support_tickets=3)
    ).version
    item_ids: list[str] = []
    for owner, due_in, _ in plan.items:
        due = None if due_in is None else now.date() + timedelta(days=due_in)
        added = app.add_action_item(
            ctx=ALICE, postmortem_id=pm, expected_version=v, title=f"Fix for {plan.name}",
            owner=owner, due_date=due,
        )  # fmt: skip
        v = added.version
        assert added.created_id is not None
        item_ids.append(added.created_id)
    if plan.goal == "withdrawn":
        v = app.withdraw(
            ctx=ADMIN, postmortem_id=pm, expected_version=v, reason="Duplicate"
        ).version
    if plan.goal in {"review", "published"}:
        v = app.submit_for_review(ctx=ALICE, postmortem_id=pm, expected_version=v).version
    if plan.goal == "published":
        v = app.approve(ctx=CAROL, postmortem_id=pm, expected_version=v).version
        if app.policy.required_approvals(plan.severity) > 1:
            v = app.approve(ctx=DAVE, postmortem_id=pm, expected_version=v).version
        v = app.publish(ctx=CAROL, postmortem_id=pm, expected_version=v).version
    for item_id, (_, _, status) in zip(item_ids, plan.items, strict=True):
        if status != "open" and plan.goal != "withdrawn":
            v = app.change_action_item_status(
                ctx=ALICE, postmortem_id=pm, expected_version=v, item_id=item_id,
                status=ActionItemStatus(status),
            ).version  # fmt: skip
    return pm
