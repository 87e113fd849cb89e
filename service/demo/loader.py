"""Loads demo postmortems through the application's commands, so every event is real.

Each postmortem is written by its author section by section, then walked through its workflow
(submitted, discussed, sent back, approved and published, or withdrawn; action items closed),
each command at the time the spec says it happened: a backfill, recorded now with that time as
`occurred_at` (the audit trail shows both). Each postmortem reserves the incident ref
`demo-<seed>-<key>`, so loading again skips what is there already.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID

from service.application.postmortems import CommandResult, PostmortemApplication
from service.demo.dataset import REVIEWERS, PostmortemSpec
from service.domain import (
    ActionItemStatus,
    Actor,
    CommandContext,
    Impact,
    IncidentRefReservation,
    IncidentWindow,
    Money,
    Priority,
    ResponseEffort,
    RootCauseAnalysis,
    RootCauseCategory,
    Section,
    Severity,
    TimelineKind,
    Why,
    WithdrawalKind,
)

BACKFILLED_BY = "postmortems demo"
Step = Callable[[CommandContext, CommandResult], CommandResult]


def incident_ref(seed: int, spec: PostmortemSpec) -> str:
    """Returns the incident ref a demo postmortem reserves."""
    return f"demo-{seed}-{spec.key}"


@dataclass(frozen=True)
class _Timed:
    at: datetime
    user: str
    role: str
    step: Step


class DemoLoader:
    """Writes each spec as the commands a team would issue, one postmortem at a time."""

    def __init__(self, app: PostmortemApplication, seed: int) -> None:
        self.app = app
        self.seed = seed

    def existing(self, spec: PostmortemSpec) -> UUID | None:
        """Returns the id of the spec's postmortem if an earlier load wrote it."""
        reservation_id = IncidentRefReservation.id_for(incident_ref(self.seed, spec))
        if reservation_id not in self.app.repository:
            return None
        reservation: object = self.app.repository.get(reservation_id)
        assert isinstance(reservation, IncidentRefReservation)
        return reservation.postmortem_id

    def load(
        self,
        specs: Iterable[PostmortemSpec],
        on_loaded: Callable[[PostmortemSpec, UUID], None] | None = None,
    ) -> list[UUID]:
        """Loads every spec not loaded before (in order: links point backwards); returns the
        ids of the postmortems it wrote."""
        ids_by_key: dict[str, UUID] = {}
        written = []
        for spec in specs:
            postmortem_id = self.existing(spec)
            if postmortem_id is None:
                postmortem_id = self.load_one(spec, ids_by_key)
                written.append(postmortem_id)
            ids_by_key[spec.key] = postmortem_id
            if on_loaded is not None:
                on_loaded(spec, postmortem_id)
        return written

    def load_one(self, spec: PostmortemSpec, ids_by_key: dict[str, UUID] | None = None) -> UUID:
        """Writes one postmortem and walks it through its workflow; returns its id."""
        correlation_id = f"demo-{self.seed}-{spec.key}"
        created_at = spec.workflow.created_at
        window = IncidentWindow(
            started_at=spec.started_at,
            detected_at=spec.detected_at,
            mitigated_at=spec.mitigated_at,
            resolved_at=spec.resolved_at,
        )
        result = self.app.create_postmortem(
            ctx=self._ctx(spec.author, "author", correlation_id, created_at),
            title=spec.draft_title or spec.title,
            severity=Severity(spec.severity),
            window=window,
            services=spec.services,
            tags=spec.tags,
            team=spec.team,
            incident_ref=incident_ref(self.seed, spec),
        )
        steps = self._draft_steps(spec, window, ids_by_key or {})
        steps += self._workflow_steps(spec)
        for timed in sorted(steps, key=lambda s: s.at):  # stable: ties keep their order
            ctx = self._ctx(timed.user, timed.role, correlation_id, timed.at)
            result = timed.step(ctx, result)
        return result.postmortem_id

    @staticmethod
    def _ctx(user: str, role: str, correlation_id: str, at: datetime) -> CommandContext:
        return CommandContext(Actor(user, frozenset({role})), correlation_id, at, BACKFILLED_BY)

    def _draft_steps(
        self, spec: PostmortemSpec, window: IncidentWindow, ids_by_key: dict[str, UUID]
    ) -> list[_Timed]:
        """Returns the author's writing, spread over the draft's first hours (or less, when it
        was submitted, withdrawn or reached today sooner)."""
        app, wf = self.app, spec.workflow
        ends = [t for t in (wf.submitted_at, wf.withdrawn_at) if t is not None]
        span = min([timedelta(hours=6), *((t - wf.created_at) * 0.5 for t in ends)])
        writes: list[Step] = []
        if spec.draft_title is not None:
            writes.append(lambda ctx, r: app.update_metadata(
                ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
                title=spec.title, severity=Severity(spec.severity), window=window,
                services=spec.services, tags=spec.tags, team=spec.team,
            ))  # fmt: skip
        writes.append(lambda ctx, r: app.write_summary(
            ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
            summary=spec.summary,
        ))  # fmt: skip
        for entry in spec.timeline:
            writes.append(lambda ctx, r, entry=entry: app.add_timeline_entry(  # type: ignore[misc]
                ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version, at=entry.at,
                kind=TimelineKind(entry.kind), description=entry.description, source=entry.source,
            ))  # fmt: skip
        writes.append(lambda ctx, r: app.write_root_cause_analysis(
            ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
            analysis=_analysis(spec),
        ))  # fmt: skip
        writes.append(lambda ctx, r: app.assess_impact(
            ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
            impact=_impact(spec),
        ))  # fmt: skip
        if spec.went_well or spec.went_badly:
            writes.append(lambda ctx, r: app.write_lessons(
                ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
                went_well=spec.went_well, went_badly=spec.went_badly,
            ))  # fmt: skip
        for key in spec.recurrence_of:
            if key in ids_by_key:
                other = ids_by_key[key]
                writes.append(lambda ctx, r, other=other: app.link_recurrence(  # type: ignore[misc]
                    ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
                    other_id=other,
                ))  # fmt: skip
        item_ids: list[str] = []

        def add_item(index: int) -> Step:
            item = spec.action_items[index]

            def step(ctx: CommandContext, r: CommandResult) -> CommandResult:
                result = app.add_action_item(
                    ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
                    title=item.title, owner=item.owner, due_date=item.due_date,
                    priority=Priority(item.priority),
                )  # fmt: skip
                item_ids.append(result.created_id or "")
                return result

            return step

        writes += [add_item(n) for n in range(len(spec.action_items))]
        gap = span / (len(writes) + 1)
        timed = [
            _Timed(wf.created_at + gap * (n + 1), spec.author, "author", step)
            for n, step in enumerate(writes)
        ]
        written = timed[-1].at
        for n, item in enumerate(spec.action_items):
            if item.changed_at is None or item.status == ActionItemStatus.OPEN.value:
                continue
            if wf.withdrawn_at is not None and item.changed_at >= wf.withdrawn_at:
                continue
            status = ActionItemStatus(item.status)
            timed.append(_Timed(
                max(item.changed_at, written + timedelta(minutes=1)), item.owner, "author",
                lambda ctx, r, n=n, status=status: app.change_action_item_status(  # type: ignore[misc]
                    ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
                    item_id=item_ids[n], status=status,
                ),
            ))  # fmt: skip
        return timed

    def _workflow_steps(self, spec: PostmortemSpec) -> list[_Timed]:
        """Returns submission, discussion, approvals, publication or withdrawal."""
        app, wf = self.app, spec.workflow
        steps: list[_Timed] = []
        if wf.withdrawn_at is not None:
            steps.append(_Timed(wf.withdrawn_at, "admin", "admin", lambda ctx, r: app.withdraw(
                ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
                reason="Duplicate of an earlier postmortem", kind=WithdrawalKind.DUPLICATE,
            )))  # fmt: skip
            return steps
        if wf.submitted_at is None:
            return steps
        submitted = wf.submitted_at
        steps.append(_Timed(submitted, spec.author, "author", lambda ctx, r: app.submit_for_review(
            ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
        )))  # fmt: skip
        end = wf.published_at or wf.changes_requested_at
        if end is None:
            return steps
        review = end - submitted
        if spec.severity in ("SEV1", "SEV2"):
            comment_id: list[str] = []

            def comment(ctx: CommandContext, r: CommandResult) -> CommandResult:
                result = app.add_review_comment(
                    ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
                    section=Section.ROOT_CAUSE, text="Was this failure mode documented anywhere?",
                )  # fmt: skip
                comment_id.append(result.created_id or "")
                return result

            steps.append(_Timed(submitted + review * 0.2, spec.reviewer, "reviewer", comment))
            steps.append(_Timed(submitted + review * 0.3, spec.author, "author",
                lambda ctx, r: app.resolve_review_comment(
                    ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
                    comment_id=comment_id[0],
                )))  # fmt: skip
        if wf.published_at is None:
            steps.append(_Timed(end, spec.reviewer, "reviewer", lambda ctx, r: app.request_changes(
                ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
                comment="Please add how the alert was routed.", section=Section.TIMELINE,
            )))  # fmt: skip
            return steps
        needed = app.policy.required_approvals(Severity(spec.severity))
        others = [r for r in REVIEWERS if r != spec.reviewer]
        for n, name in enumerate([spec.reviewer, *others][:needed]):
            steps.append(_Timed(submitted + review * (0.5 + 0.4 * n / max(needed, 1)), name,
                "reviewer", lambda ctx, r: app.approve(
                    ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
                )))  # fmt: skip
        steps.append(_Timed(wf.published_at, spec.reviewer, "reviewer", lambda ctx, r: app.publish(
            ctx=ctx, postmortem_id=r.postmortem_id, expected_version=r.version,
        )))  # fmt: skip
        return steps


def _analysis(spec: PostmortemSpec) -> RootCauseAnalysis:
    return RootCauseAnalysis(
        whys=tuple(Why(why=why, because=because) for why, because in spec.whys),
        statement=spec.root_cause_statement,
        category=RootCauseCategory(spec.root_cause_category),
        contributing_factors=spec.contributing_factors,
    )


def _impact(spec: PostmortemSpec) -> Impact:
    return Impact(
        users_affected_count=spec.users_affected_count,
        users_affected_percent=float(spec.users_affected_percent),
        support_tickets=spec.support_tickets,
        revenue_loss=Money(amount=spec.revenue_loss, currency="USD")
        if spec.revenue_loss > Decimal(0)
        else None,
        responders=ResponseEffort(engineers=spec.engineers, hours=float(spec.engineer_hours)),
        customer_facing=spec.customer_facing,
        sla_breached=spec.sla_breached,
    )
