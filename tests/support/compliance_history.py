"""A history of twelve postmortems written through the real application, with chosen incident
resolution times relative to now (publication times are the real event times, i.e. now)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from service.application.commands import (
    AddActionItem,
    AddTimelineEntry,
    ApprovePostmortem,
    AssessImpact,
    ChangeActionItemStatus,
    CreatePostmortem,
    PublishPostmortem,
    SubmitForReview,
    WithdrawPostmortem,
    WriteRootCauseAnalysis,
    WriteSummary,
)
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
    created = app.handle(
        CreatePostmortem(
            title=f"Incident {plan.name}",
            severity=plan.severity,
            window=window,
            services=["api"],
            team="payments",
        ),
        ALICE,
    )
    pm, v = created.postmortem_id, created.version
    v = app.handle(
        WriteSummary(postmortem_id=pm, expected_version=v, summary="Slow."), ALICE
    ).version
    v = app.handle(
        AddTimelineEntry(
            postmortem_id=pm,
            expected_version=v,
            at=started,
            kind=TimelineKind.ALERT,
            description="Latency alert fired.",
        ),
        ALICE,
    ).version
    analysis = RootCauseAnalysis(
        whys=(Why("Why was it slow?", "A cache expired."),),
        statement="A cache expired under load.",
        category=RootCauseCategory.CAPACITY,
    )
    v = app.handle(
        WriteRootCauseAnalysis(postmortem_id=pm, expected_version=v, analysis=analysis), ALICE
    ).version
    v = app.handle(
        AssessImpact(postmortem_id=pm, expected_version=v, impact=Impact(support_tickets=3)), ALICE
    ).version
    item_ids: list[str] = []
    for owner, due_in, _ in plan.items:
        due = None if due_in is None else now.date() + timedelta(days=due_in)
        added = app.handle(
            AddActionItem(
                postmortem_id=pm,
                expected_version=v,
                title=f"Fix for {plan.name}",
                owner=owner,
                due_date=due,
            ),
            ALICE,
        )
        v = added.version
        assert added.created_id is not None
        item_ids.append(added.created_id)
    if plan.goal == "withdrawn":
        v = app.handle(
            WithdrawPostmortem(postmortem_id=pm, expected_version=v, reason="Duplicate"), ADMIN
        ).version
    # Statuses are frozen in review: one still in review got its final status before.
    if plan.goal == "review":
        v = _statuses(app, pm, v, item_ids, plan)
    if plan.goal in {"review", "published"}:
        v = app.handle(SubmitForReview(postmortem_id=pm, expected_version=v), ALICE).version
    if plan.goal == "published":
        v = app.handle(ApprovePostmortem(postmortem_id=pm, expected_version=v), CAROL).version
        if app.policy.required_approvals(plan.severity) > 1:
            v = app.handle(ApprovePostmortem(postmortem_id=pm, expected_version=v), DAVE).version
        v = app.handle(PublishPostmortem(postmortem_id=pm, expected_version=v), CAROL).version
    if plan.goal in {"draft", "published"}:
        _statuses(app, pm, v, item_ids, plan)
    return pm


def _statuses(app: PostmortemApplication, pm: UUID, v: int, item_ids: list[str], plan: Plan) -> int:
    """Moves each item to its final status; returns the postmortem's version."""
    for item_id, (_, _, status) in zip(item_ids, plan.items, strict=True):
        if status != "open":
            v = app.handle(
                ChangeActionItemStatus(
                    postmortem_id=pm,
                    expected_version=v,
                    item_id=item_id,
                    status=ActionItemStatus(status),
                ),
                ALICE,
            ).version
    return v
