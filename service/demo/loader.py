"""Loads demo postmortems through the application's commands, so every event is real.

Each postmortem is written by its author section by section, then walked through its workflow
(submitted, discussed, sent back, approved and published, or withdrawn; action items closed),
each command at the time the spec says it happened: a backfill, recorded now with that time as
`occurred_at` (the audit trail shows both). Each postmortem reserves the incident ref
`demo-<seed>-<key>`, so loading again skips what is there already.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from service.application.commands import (
    AddActionItem,
    AddReviewComment,
    AddTimelineEntry,
    ApprovePostmortem,
    AssessImpact,
    ChangeActionItemStatus,
    CreatePostmortem,
    LinkRecurrence,
    PostmortemCommand,
    PublishPostmortem,
    RequestChanges,
    ResolveReviewComment,
    SubmitForReview,
    UpdatePostmortemMetadata,
    WithdrawPostmortem,
    WriteLessons,
    WriteRootCauseAnalysis,
    WriteSummary,
)
from service.application.postmortems import PostmortemApplication
from service.demo.dataset import REVIEWERS, PostmortemSpec, Workflow
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


def incident_ref(seed: int, spec: PostmortemSpec) -> str:
    """Returns the incident ref a demo postmortem reserves."""
    return f"demo-{seed}-{spec.key}"


@dataclass(frozen=True)
class _Timed:
    """One command of the history, at the time it happened."""

    at: datetime
    user: str
    role: str
    command: type[PostmortemCommand]
    fields: Mapping[str, Any] = field(default_factory=dict)
    created: list[str] | None = None  # where to keep the id of what the command created
    refer: tuple[str, list[str], int] | None = None  # (field, ids, n): an id created earlier

    def make(self, postmortem_id: UUID, version: int) -> PostmortemCommand:
        """Returns the command for the postmortem at its current version."""
        fields = dict(self.fields)
        if self.refer is not None:
            name, ids, index = self.refer
            fields[name] = ids[index]
        return self.command(postmortem_id=postmortem_id, expected_version=version, **fields)


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
        window = IncidentWindow(
            started_at=spec.started_at,
            detected_at=spec.detected_at,
            mitigated_at=spec.mitigated_at,
            resolved_at=spec.resolved_at,
        )
        create = CreatePostmortem(
            title=spec.draft_title or spec.title,
            severity=Severity(spec.severity),
            window=window,
            services=spec.services,
            tags=spec.tags,
            team=spec.team,
            incident_ref=incident_ref(self.seed, spec),
        )
        author = self._ctx(spec.author, "author", correlation_id, spec.workflow.created_at)
        result = self.app.handle(create, author)
        steps = self._draft_steps(spec, window, ids_by_key or {})
        steps += self._workflow_steps(spec)
        for timed in sorted(steps, key=lambda s: s.at):  # stable: ties keep their order
            ctx = self._ctx(timed.user, timed.role, correlation_id, timed.at)
            result = self.app.handle(timed.make(result.postmortem_id, result.version), ctx)
            if timed.created is not None:
                timed.created.append(result.created_id or "")
        return result.postmortem_id

    @staticmethod
    def _ctx(user: str, role: str, correlation_id: str, at: datetime) -> CommandContext:
        return CommandContext(Actor(user, frozenset({role})), correlation_id, at, BACKFILLED_BY)

    @staticmethod
    def _draft_steps(
        spec: PostmortemSpec, window: IncidentWindow, ids_by_key: dict[str, UUID]
    ) -> list[_Timed]:
        """Returns the author's writing, spread over the draft's first hours (or less, when it
        was submitted, withdrawn or reached today sooner), and the action items' progress."""
        wf = spec.workflow
        ends = [t for t in (wf.submitted_at, wf.withdrawn_at, datetime.now(UTC)) if t]
        span = min([timedelta(hours=6), *((t - wf.created_at) * 0.5 for t in ends)])
        writes: list[tuple[type[PostmortemCommand], dict[str, Any]]] = []
        if spec.draft_title is not None:
            writes.append(
                (
                    UpdatePostmortemMetadata,
                    {
                        "title": spec.title,
                        "severity": Severity(spec.severity),
                        "window": window,
                        "services": spec.services,
                        "tags": spec.tags,
                        "team": spec.team,
                    },
                )
            )
        writes.append((WriteSummary, {"summary": spec.summary}))
        writes += [
            (
                AddTimelineEntry,
                {
                    "at": e.at,
                    "kind": TimelineKind(e.kind),
                    "description": e.description,
                    "source": e.source,
                },
            )
            for e in spec.timeline
        ]
        writes.append((WriteRootCauseAnalysis, {"analysis": _analysis(spec)}))
        writes.append((AssessImpact, {"impact": _impact(spec)}))
        if spec.went_well or spec.went_badly:
            writes.append(
                (WriteLessons, {"went_well": spec.went_well, "went_badly": spec.went_badly})
            )
        writes += [
            (LinkRecurrence, {"other_id": ids_by_key[key]})
            for key in spec.recurrence_of
            if key in ids_by_key
        ]
        first_item = len(writes)
        writes += [
            (
                AddActionItem,
                {
                    "title": i.title,
                    "owner": i.owner,
                    "due_date": i.due_date,
                    "priority": Priority(i.priority),
                },
            )
            for i in spec.action_items
        ]
        gap = span / (len(writes) + 1)
        item_ids: list[str] = []
        steps = [
            _Timed(
                wf.created_at + gap * (n + 1),
                spec.author,
                "author",
                command,
                fields,
                created=item_ids if n >= first_item else None,
            )
            for n, (command, fields) in enumerate(writes)
        ]
        written = steps[-1].at
        for n, item in enumerate(spec.action_items):
            if item.changed_at is None or item.status == ActionItemStatus.OPEN.value:
                continue
            if wf.withdrawn_at is not None and item.changed_at >= wf.withdrawn_at:
                continue
            reached = max(item.changed_at, written + timedelta(minutes=1))
            at = _outside_review(reached, wf, written)
            if at is None:
                continue
            status = ActionItemStatus(item.status)
            fields: dict[str, Any] = {"status": status}
            if at > reached and status is ActionItemStatus.DONE:
                fields["completed_at"] = reached  # done then, recorded after the review
            change = _Timed(at, item.owner, "author", ChangeActionItemStatus, fields,
                            refer=("item_id", item_ids, n))  # fmt: skip
            steps.append(change)
        return steps

    def _workflow_steps(self, spec: PostmortemSpec) -> list[_Timed]:
        """Returns submission, discussion, approvals, publication or withdrawal."""
        wf = spec.workflow
        if wf.withdrawn_at is not None:
            reason = {
                "reason": "Duplicate of an earlier postmortem",
                "kind": WithdrawalKind.DUPLICATE,
            }
            return [_Timed(wf.withdrawn_at, "admin", "admin", WithdrawPostmortem, reason)]
        if wf.submitted_at is None:
            return []
        submitted = wf.submitted_at
        steps = [_Timed(submitted, spec.author, "author", SubmitForReview)]
        end = wf.published_at or wf.changes_requested_at
        if end is None:
            return steps
        review = end - submitted
        if spec.severity in ("SEV1", "SEV2"):
            comment_ids: list[str] = []
            question = {
                "section": Section.ROOT_CAUSE,
                "text": "Was this failure mode documented anywhere?",
            }
            steps.append(
                _Timed(
                    submitted + review * 0.2,
                    spec.reviewer,
                    "reviewer",
                    AddReviewComment,
                    question,
                    created=comment_ids,
                )
            )
            steps.append(
                _Timed(
                    submitted + review * 0.3,
                    spec.author,
                    "author",
                    ResolveReviewComment,
                    refer=("comment_id", comment_ids, 0),
                )
            )
        if wf.published_at is None:
            sent_back = {
                "comment": "Please add how the alert was routed.",
                "section": Section.TIMELINE,
            }
            steps.append(_Timed(end, spec.reviewer, "reviewer", RequestChanges, sent_back))
            return steps
        needed = self.app.policy.required_approvals(Severity(spec.severity))
        others = [r for r in REVIEWERS if r != spec.reviewer]
        for n, name in enumerate([spec.reviewer, *others][:needed]):
            at = submitted + review * (0.5 + 0.4 * n / max(needed, 1))
            steps.append(_Timed(at, name, "reviewer", ApprovePostmortem))
        steps.append(_Timed(wf.published_at, spec.reviewer, "reviewer", PublishPostmortem))
        return steps


def _outside_review(at: datetime, wf: Workflow, written: datetime) -> datetime | None:
    """Returns when a status change at `at` is recorded: statuses are frozen in review (the
    domain refuses the change), so one that fell in it is recorded a minute after the review
    ended, or a minute before submission while it is still in review (None: no such time)."""
    if wf.submitted_at is None or at < wf.submitted_at:
        return at
    end = wf.published_at or wf.changes_requested_at
    if end is not None:
        after = end + timedelta(minutes=1)
        return after if after < datetime.now(UTC) else None
    before = wf.submitted_at - timedelta(minutes=1)
    return before if before > written else None


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
