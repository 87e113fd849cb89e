"""Loads demo postmortems through the application's commands, so every event is real.

Each postmortem is written by its author section by section, then walked to its target state:
submitted, sent back, approved by enough reviewers and published, or withdrawn by an admin.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from uuid import UUID

from service.application.commands import (
    AddActionItem,
    AddReviewComment,
    AddTimelineEntry,
    ApprovePostmortem,
    AssessImpact,
    ChangeActionItemStatus,
    CreatePostmortem,
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
from service.application.postmortems import CommandResult, PostmortemApplication
from service.demo.dataset import REVIEWERS, PostmortemSpec
from service.domain import (
    ActionItemStatus,
    Actor,
    CommandContext,
    Impact,
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


def _ctx(user: str, role: str, correlation_id: str) -> CommandContext:
    return CommandContext(Actor(user, frozenset({role})), correlation_id)


class DemoLoader:
    """Writes each spec as the commands a team would issue, one postmortem at a time."""

    def __init__(self, app: PostmortemApplication) -> None:
        self.app = app

    def load(
        self,
        specs: Iterable[PostmortemSpec],
        on_loaded: Callable[[PostmortemSpec, UUID], None] | None = None,
    ) -> list[UUID]:
        """Loads every spec; returns the postmortems' ids in order."""
        ids = []
        for index, spec in enumerate(specs):
            postmortem_id = self.load_one(spec, f"demo-{index}")
            ids.append(postmortem_id)
            if on_loaded is not None:
                on_loaded(spec, postmortem_id)
        return ids

    def load_one(self, spec: PostmortemSpec, correlation_id: str) -> UUID:
        """Writes one postmortem and walks it to its target state; returns its id."""
        author = _ctx(spec.author, "author", correlation_id)
        window = IncidentWindow(
            started_at=spec.started_at,
            detected_at=spec.detected_at,
            mitigated_at=spec.mitigated_at,
            resolved_at=spec.resolved_at,
        )
        result = self.app.handle(
            CreatePostmortem(
                title=spec.draft_title or spec.title,
                severity=Severity(spec.severity),
                window=window,
                services=spec.services,
                tags=spec.tags,
                team=spec.team,
            ),
            author,
        )
        pm = result.postmortem_id
        if spec.draft_title is not None:
            result = self.app.handle(
                UpdatePostmortemMetadata(
                    postmortem_id=pm,
                    expected_version=result.version,
                    title=spec.title,
                    severity=Severity(spec.severity),
                    window=window,
                    services=spec.services,
                    tags=spec.tags,
                    team=spec.team,
                ),
                author,
            )
        result = self._write_sections(author, spec, result)
        result, item_ids = self._add_action_items(author, spec, result)
        if spec.target_state != "PUBLISHED":
            result = self._set_item_statuses(author, spec, result, item_ids)
        self._walk(spec, result, correlation_id, item_ids)
        return pm

    def _write_sections(
        self, ctx: CommandContext, spec: PostmortemSpec, result: CommandResult
    ) -> CommandResult:
        pm = result.postmortem_id
        result = self.app.handle(
            WriteSummary(postmortem_id=pm, expected_version=result.version, summary=spec.summary),
            ctx,
        )
        for entry in spec.timeline:
            result = self.app.handle(
                AddTimelineEntry(
                    postmortem_id=pm,
                    expected_version=result.version,
                    at=entry.at,
                    kind=TimelineKind(entry.kind),
                    description=entry.description,
                    source=entry.source,
                ),
                ctx,
            )
        analysis = RootCauseAnalysis(
            whys=tuple(Why(why=why, because=because) for why, because in spec.whys),
            statement=spec.root_cause_statement,
            category=RootCauseCategory(spec.root_cause_category),
            contributing_factors=spec.contributing_factors,
        )
        result = self.app.handle(
            WriteRootCauseAnalysis(
                postmortem_id=pm, expected_version=result.version, analysis=analysis
            ),
            ctx,
        )
        impact = Impact(
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
        result = self.app.handle(
            AssessImpact(postmortem_id=pm, expected_version=result.version, impact=impact), ctx
        )
        if spec.went_well or spec.went_badly:
            result = self.app.handle(
                WriteLessons(
                    postmortem_id=pm,
                    expected_version=result.version,
                    went_well=spec.went_well,
                    went_badly=spec.went_badly,
                ),
                ctx,
            )
        return result

    def _add_action_items(
        self, ctx: CommandContext, spec: PostmortemSpec, result: CommandResult
    ) -> tuple[CommandResult, list[str]]:
        ids = []
        for item in spec.action_items:
            result = self.app.handle(
                AddActionItem(
                    postmortem_id=result.postmortem_id,
                    expected_version=result.version,
                    title=item.title,
                    owner=item.owner,
                    due_date=item.due_date,
                    priority=Priority(item.priority),
                ),
                ctx,
            )
            ids.append(result.created_id or "")
        return result, ids

    def _set_item_statuses(
        self, ctx: CommandContext, spec: PostmortemSpec, result: CommandResult, ids: list[str]
    ) -> CommandResult:
        for item, item_id in zip(spec.action_items, ids, strict=True):
            if item.status != ActionItemStatus.OPEN.value:
                result = self.app.handle(
                    ChangeActionItemStatus(
                        postmortem_id=result.postmortem_id,
                        expected_version=result.version,
                        item_id=item_id,
                        status=ActionItemStatus(item.status),
                    ),
                    ctx,
                )
        return result

    def _discuss(
        self, author: CommandContext, reviewer: CommandContext, result: CommandResult
    ) -> CommandResult:
        """A reviewer asks a question on the root cause; the author resolves it."""
        pm = result.postmortem_id
        result = self.app.handle(
            AddReviewComment(
                postmortem_id=pm,
                expected_version=result.version,
                section=Section.ROOT_CAUSE,
                text="Was the cache TTL documented anywhere?",
            ),
            reviewer,
        )
        return self.app.handle(
            ResolveReviewComment(
                postmortem_id=pm,
                expected_version=result.version,
                comment_id=result.created_id or "",
            ),
            author,
        )

    def _walk(
        self, spec: PostmortemSpec, result: CommandResult, correlation_id: str, ids: list[str]
    ) -> None:
        """Moves the postmortem from draft to its target state."""
        pm, target = result.postmortem_id, spec.target_state
        author = _ctx(spec.author, "author", correlation_id)
        if target == "DRAFT":
            return
        if target == "WITHDRAWN":
            self.app.handle(
                WithdrawPostmortem(
                    postmortem_id=pm,
                    expected_version=result.version,
                    reason="Duplicate of an earlier postmortem",
                    kind=WithdrawalKind.DUPLICATE,
                ),
                _ctx("admin", "admin", correlation_id),
            )
            return
        result = self.app.handle(
            SubmitForReview(postmortem_id=pm, expected_version=result.version), author
        )
        reviewer = _ctx(spec.reviewer, "reviewer", correlation_id)
        if target == "IN_REVIEW":
            return
        if target == "CHANGES_REQUESTED":
            self.app.handle(
                RequestChanges(
                    postmortem_id=pm,
                    expected_version=result.version,
                    comment="Please add how the alert was routed.",
                    section=Section.TIMELINE,
                ),
                reviewer,
            )
            return
        if spec.severity in ("SEV1", "SEV2"):
            result = self._discuss(author, reviewer, result)
        needed = self.app.policy.required_approvals(Severity(spec.severity))
        others = [r for r in REVIEWERS if r != spec.reviewer]
        for name in [spec.reviewer, *others][:needed]:
            result = self.app.handle(
                ApprovePostmortem(postmortem_id=pm, expected_version=result.version),
                _ctx(name, "reviewer", correlation_id),
            )
        result = self.app.handle(
            PublishPostmortem(postmortem_id=pm, expected_version=result.version), reviewer
        )
        self._set_item_statuses(author, spec, result, ids)
