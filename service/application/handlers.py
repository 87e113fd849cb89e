"""The command table: for each command on an existing postmortem, the role action it needs
(permissions.py) and the aggregate method that decides it.

`PostmortemApplication.handle` does the rest once for all of them: role check, load,
visibility and authorship check, optimistic concurrency, save. A row's `decide` returns the
id of a sub-entity the command created (timeline entry, action item, comment), or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from service.application import commands as c
from service.application.permissions import Action
from service.domain import CommandContext, Postmortem

if TYPE_CHECKING:
    from service.application.postmortems import PostmortemApplication

C = TypeVar("C", bound=c.PostmortemCommand)
Decide = Callable[["PostmortemApplication", Postmortem, C, CommandContext], object]


@dataclass(frozen=True)
class Handler(Generic[C]):
    """One row of the table: the action the role rules check, and the decision."""

    action: Action
    decide: Decide[C]


def _row(
    command: type[C],
    action: Action,
    decide: Decide[C],
) -> tuple[type[c.PostmortemCommand], Handler[Any]]:
    return command, Handler(action, decide)


# fmt: off
HANDLERS: dict[type[c.PostmortemCommand], Handler[Any]] = dict(
    [
        _row(c.UpdatePostmortemMetadata, Action.EDIT, lambda app, pm, cmd, ctx: pm.update_metadata(
            ctx=ctx, title=cmd.title, severity=cmd.severity, window=cmd.window,
            services=cmd.services, tags=cmd.tags, team=cmd.team, limits=app.limits,
        )),
        _row(c.AddAuthor, Action.EDIT, lambda app, pm, cmd, ctx: pm.add_author(
            ctx=ctx, user_id=cmd.user_id, limits=app.limits,
        )),
        _row(c.WriteSummary, Action.EDIT, lambda app, pm, cmd, ctx: pm.write_summary(
            ctx=ctx, summary=cmd.summary, limits=app.limits,
        )),
        _row(c.AddTimelineEntry, Action.EDIT, lambda app, pm, cmd, ctx: pm.add_timeline_entry(
            ctx=ctx, at=cmd.at, kind=cmd.kind, description=cmd.description, source=cmd.source,
            limits=app.limits,
        )),
        _row(c.EditTimelineEntry, Action.EDIT, lambda app, pm, cmd, ctx: pm.edit_timeline_entry(
            ctx=ctx, entry_id=cmd.entry_id, at=cmd.at, kind=cmd.kind,
            description=cmd.description, source=cmd.source, limits=app.limits,
        )),
        _row(c.RemoveTimelineEntry, Action.EDIT, lambda _, pm, cmd, ctx: pm.remove_timeline_entry(
            ctx=ctx, entry_id=cmd.entry_id,
        )),
        _row(c.WriteRootCauseAnalysis, Action.EDIT, lambda app, pm, cmd, ctx: (
            pm.write_root_cause_analysis(ctx=ctx, analysis=cmd.analysis, limits=app.limits)
        )),
        _row(c.AssessImpact, Action.EDIT, lambda app, pm, cmd, ctx: pm.assess_impact(
            ctx=ctx, impact=cmd.impact, limits=app.limits,
        )),
        _row(c.WriteLessons, Action.EDIT, lambda app, pm, cmd, ctx: pm.write_lessons(
            ctx=ctx, went_well=cmd.went_well, went_badly=cmd.went_badly, limits=app.limits,
        )),
        _row(c.LinkRecurrence, Action.EDIT, lambda app, pm, cmd, ctx: pm.link_recurrence(
            ctx=ctx, postmortem_id=app.visible(cmd.other_id, ctx.actor), limits=app.limits,
        )),
        _row(c.UnlinkRecurrence, Action.EDIT, lambda _, pm, cmd, ctx: pm.unlink_recurrence(
            ctx=ctx, postmortem_id=cmd.other_id,
        )),
        _row(c.AddActionItem, Action.EDIT, lambda app, pm, cmd, ctx: pm.add_action_item(
            ctx=ctx, title=cmd.title, description=cmd.description, owner=cmd.owner,
            due_date=cmd.due_date, priority=cmd.priority, tracker=cmd.tracker, limits=app.limits,
        )),
        _row(c.EditActionItem, Action.EDIT, lambda app, pm, cmd, ctx: pm.edit_action_item(
            ctx=ctx, item_id=cmd.item_id, title=cmd.title, description=cmd.description,
            owner=cmd.owner, due_date=cmd.due_date, priority=cmd.priority, tracker=cmd.tracker,
            limits=app.limits,
        )),
        _row(c.RemoveActionItem, Action.EDIT, lambda _, pm, cmd, ctx: pm.remove_action_item(
            ctx=ctx, item_id=cmd.item_id,
        )),
        _row(c.ChangeActionItemStatus, Action.UPDATE_ACTION_ITEM_STATUS,
            lambda _, pm, cmd, ctx: pm.change_action_item_status(
                ctx=ctx, item_id=cmd.item_id, status=cmd.status, reason=cmd.reason,
                completed_at=cmd.completed_at,
            ),
        ),
        _row(c.AddReviewComment, Action.COMMENT, lambda app, pm, cmd, ctx: pm.add_review_comment(
            ctx=ctx, section=cmd.section, text=cmd.text, limits=app.limits,
        )),
        _row(c.ResolveReviewComment, Action.COMMENT,
            lambda _, pm, cmd, ctx: pm.resolve_review_comment(ctx=ctx, comment_id=cmd.comment_id),
        ),
        _row(c.SubmitForReview, Action.SUBMIT, lambda app, pm, _, ctx: pm.submit_for_review(
            ctx=ctx, policy=app.policy,
        )),
        _row(c.RecallSubmission, Action.SUBMIT, lambda _, pm, cmd, ctx: pm.recall_submission(
            ctx=ctx, reason=cmd.reason,
        )),
        _row(c.ApprovePostmortem, Action.APPROVE, lambda app, pm, _, ctx: pm.approve(
            ctx=ctx, policy=app.policy, limits=app.limits,
        )),
        _row(c.RequestChanges, Action.REQUEST_CHANGES,
            lambda app, pm, cmd, ctx: pm.request_changes(
                ctx=ctx, comment=cmd.comment, section=cmd.section, limits=app.limits,
            ),
        ),
        _row(c.PublishPostmortem, Action.PUBLISH, lambda app, pm, _, ctx: pm.publish(
            ctx=ctx, policy=app.policy,
        )),
        _row(c.AmendPostmortem, Action.AMEND, lambda app, pm, cmd, ctx: pm.amend(
            ctx=ctx, reason=cmd.reason, limits=app.limits,
        )),
        _row(c.DiscardAmendment, Action.AMEND, lambda _, pm, cmd, ctx: pm.discard_amendment(
            ctx=ctx, reason=cmd.reason,
        )),
        _row(c.WithdrawPostmortem, Action.WITHDRAW, lambda _, pm, cmd, ctx: pm.withdraw(
            ctx=ctx, reason=cmd.reason, kind=cmd.kind,
        )),
    ]
)
# fmt: on
