"""Creating and editing a postmortem's content: rules, validation, derived values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from uuid import uuid4

import pytest

from service.domain import (
    ActionItemStatus,
    CommandContext,
    Impact,
    IncidentWindow,
    InvalidTransition,
    Money,
    NotPermitted,
    Postmortem,
    PostmortemState,
    Priority,
    RootCauseAnalysis,
    Severity,
    TimelineKind,
    ValidationFailed,
    Why,
)
from tests.unit.factories import (
    ADMIN,
    ALICE,
    BOB,
    CAROL,
    OUTAGE_WINDOW,
    ctx,
    new_draft,
    oauth_token_outage,
    utc,
)


def _fields(error: pytest.ExceptionInfo[ValidationFailed]) -> list[str]:
    return [p.field for p in error.value.problems]


def test_a_new_postmortem_is_a_draft_whose_creator_is_the_first_author() -> None:
    pm = new_draft()
    assert pm.state is PostmortemState.DRAFT
    assert pm.authors == ("alice",)
    assert pm.created_by == "alice"
    assert pm.version == 1
    assert pm.revision == 1


def test_every_event_records_actor_roles_correlation_and_reason() -> None:
    pm = new_draft()
    pm.write_summary(ctx=ctx(ALICE, "req-42"), summary="Sign-in failed.")
    created, written = pm.collect_events()
    assert isinstance(created, Postmortem.Created)
    assert isinstance(written, Postmortem.SummaryWritten)
    assert (written.actor_id, written.actor_roles, written.correlation_id, written.reason) == (
        "alice",
        ["author"],
        "req-42",
        None,
    )
    assert written.timestamp.tzinfo is not None
    assert type(written).class_version == 1


def test_create_reports_every_metadata_problem_at_once() -> None:
    window = IncidentWindow(
        started_at=utc(18, 0), detected_at=utc(17, 0), resolved_at=datetime(2025, 7, 15, 19)
    )
    with pytest.raises(ValidationFailed) as error:
        Postmortem.create(
            ctx=ctx(ALICE),
            title=" ",
            severity="SEV9",  # type: ignore[arg-type]
            window=window,
            services=["a"] * 51,
            tags=["x" * 65],
        )
    assert _fields(error) == [
        "title",
        "severity",
        "services",
        "tags[0]",
        "services",
        "window.resolved_at",
        "window.detected_at",
    ]


def test_incident_times_must_be_after_1970_and_not_far_in_the_future() -> None:
    future = datetime.now(UTC) + timedelta(days=2)
    window = IncidentWindow(started_at=datetime(1969, 12, 31, tzinfo=UTC), resolved_at=future)
    with pytest.raises(ValidationFailed) as error:
        Postmortem.create(ctx=ctx(ALICE), title="t", severity=Severity.SEV3, window=window)
    assert _fields(error) == ["window.started_at", "window.resolved_at"]


def test_incident_times_are_stored_in_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    window = IncidentWindow(started_at=datetime(2025, 7, 15, 19, 42, tzinfo=plus_two))
    pm = Postmortem.create(ctx=ctx(ALICE), title="t", severity=Severity.SEV3, window=window)
    assert pm.window.started_at == utc(17, 42)
    assert pm.window.started_at.utcoffset() == timedelta(0)


def test_only_an_author_or_an_admin_may_edit() -> None:
    pm = new_draft()
    with pytest.raises(NotPermitted):
        pm.write_summary(ctx=ctx(CAROL), summary="x")
    pm.write_summary(ctx=ctx(ADMIN), summary="by an admin")
    pm.add_author(ctx=ctx(ALICE), user_id="bob")
    pm.write_summary(ctx=ctx(BOB), summary="by a co-author")
    assert pm.summary == "by a co-author"


def test_adding_the_same_author_twice_is_refused() -> None:
    pm = new_draft()
    with pytest.raises(ValidationFailed):
        pm.add_author(ctx=ctx(ALICE), user_id="alice")


def test_the_timeline_is_kept_in_time_order_and_stable_for_equal_times() -> None:
    pm = new_draft()
    c = ctx(ALICE)
    late = pm.add_timeline_entry(ctx=c, at=utc(18, 0), kind=TimelineKind.OTHER, description="c")
    first = pm.add_timeline_entry(ctx=c, at=utc(17, 0), kind=TimelineKind.ALERT, description="a")
    second = pm.add_timeline_entry(ctx=c, at=utc(17, 0), kind=TimelineKind.PAGE, description="b")
    assert [e.id for e in pm.timeline] == [first, second, late]
    pm.edit_timeline_entry(
        ctx=c, entry_id=late, at=utc(16, 0), kind=TimelineKind.OTHER, description="c", source=None
    )
    assert [e.id for e in pm.timeline] == [late, first, second]
    pm.remove_timeline_entry(ctx=c, entry_id=first)
    assert [e.description for e in pm.timeline] == ["c", "b"]


def test_editing_an_unknown_timeline_entry_reports_it_with_the_other_problems() -> None:
    pm = new_draft()
    with pytest.raises(ValidationFailed) as error:
        pm.edit_timeline_entry(
            ctx=ctx(ALICE),
            entry_id="nope",
            at=datetime(2025, 7, 15),
            kind=TimelineKind.OTHER,
            description="x" * 5001,
            source=None,
        )
    assert _fields(error) == ["entry_id", "at", "description"]


def test_impact_validation_reports_every_problem() -> None:
    pm = new_draft()
    impact = Impact(
        users_affected_count=-1,
        users_affected_percent=101.0,
        support_tickets=-3,
        revenue_loss=Money(Decimal("-5"), "usd"),
    )
    with pytest.raises(ValidationFailed) as error:
        pm.assess_impact(ctx=ctx(ALICE), impact=impact)
    assert _fields(error) == [
        "impact.users_affected_count",
        "impact.users_affected_percent",
        "impact.support_tickets",
        "impact.revenue_loss.amount",
        "impact.revenue_loss.currency",
    ]


def test_downtime_is_derived_from_the_window_unless_given() -> None:
    pm = new_draft()
    assert (pm.downtime_minutes, pm.downtime_derived) == (45, True)
    pm.assess_impact(ctx=ctx(ALICE), impact=Impact(downtime_minutes=30))
    assert (pm.downtime_minutes, pm.downtime_derived) == (30, False)


def test_downtime_falls_back_to_mitigation_and_is_unknown_without_either() -> None:
    pm = Postmortem.create(
        ctx=ctx(ALICE),
        title="t",
        severity=Severity.SEV3,
        window=IncidentWindow(started_at=utc(17, 0), mitigated_at=utc(17, 20)),
    )
    assert pm.downtime_minutes == 20
    pm.update_metadata(
        ctx=ctx(ALICE),
        title="t",
        severity=Severity.SEV3,
        window=IncidentWindow(started_at=utc(17, 0)),
        services=[],
        tags=[],
        team=None,
    )
    assert pm.downtime_minutes is None
    assert not pm.downtime_derived


def test_root_cause_whys_need_both_why_and_because() -> None:
    pm = new_draft()
    analysis = RootCauseAnalysis(whys=(Why("Why?", ""),), statement="s")
    with pytest.raises(ValidationFailed) as error:
        pm.write_root_cause_analysis(ctx=ctx(ALICE), analysis=analysis)
    assert _fields(error) == ["root_cause.whys[0].because"]


def test_action_items_are_added_edited_and_removed() -> None:
    pm = new_draft()
    c = ctx(ALICE)
    item_id = pm.add_action_item(ctx=c, title="Fix", owner="sre", due_date=date(2025, 8, 1))
    pm.change_action_item_status(ctx=c, item_id=item_id, status=ActionItemStatus.IN_PROGRESS)
    pm.edit_action_item(
        ctx=c,
        item_id=item_id,
        title="Fix it",
        description="",
        owner="sre",
        due_date=None,
        priority=Priority.P0,
        tracker="SRE-1",
    )
    (item,) = pm.action_items
    assert (item.title, item.priority, item.status) == ("Fix it", Priority.P0, "in_progress")
    pm.remove_action_item(ctx=c, item_id=item_id)
    assert pm.action_items == ()


def test_marking_an_action_item_done_sets_its_completion_time() -> None:
    pm = new_draft()
    c = ctx(ALICE)
    item_id = pm.add_action_item(ctx=c, title="Fix")
    pm.change_action_item_status(ctx=c, item_id=item_id, status=ActionItemStatus.DONE)
    assert pm.action_items[0].completed_at is not None
    pm.change_action_item_status(ctx=c, item_id=item_id, status=ActionItemStatus.OPEN)
    assert pm.action_items[0].completed_at is None


def _item_added_last_month() -> tuple[Postmortem, str, datetime]:
    """A draft whose one action item was added 30 days ago (recorded by a backfill)."""
    added = datetime.now(UTC) - timedelta(days=30)
    backfill = CommandContext(ALICE, "import", added, "tests")
    pm = Postmortem.create(
        ctx=backfill, title="Disk full", severity=Severity.SEV3, window=OUTAGE_WINDOW
    )
    item_id = pm.add_action_item(ctx=backfill, title="Fix", owner="carol")
    return pm, item_id, added


def test_a_user_says_when_an_item_was_really_done() -> None:
    pm, item_id, added = _item_added_last_month()
    done_at = added + timedelta(days=3, hours=2)
    pm.change_action_item_status(
        ctx=ctx(CAROL), item_id=item_id, status=ActionItemStatus.DONE, completed_at=done_at
    )
    assert pm.action_items[0].completed_at == done_at
    event = pm.collect_events()[-1]
    assert isinstance(event, Postmortem.ActionItemStatusChanged)
    # The user's statement, on a live command: not a backfill (that would set occurred_at).
    assert (event.completed_at, event.occurred_at, event.backfilled_by) == (done_at, None, None)
    assert pm.updated_at == event.timestamp


def test_a_completion_time_in_the_future_before_the_item_or_not_done_is_refused() -> None:
    pm, item_id, added = _item_added_last_month()
    now = datetime.now(UTC)
    for status, completed_at, message in [
        (ActionItemStatus.DONE, now + timedelta(minutes=2), "must not be in the future"),
        (ActionItemStatus.DONE, added - timedelta(seconds=1), "before the item was added"),
        (ActionItemStatus.IN_PROGRESS, now - timedelta(days=1), "only an item that is done"),
        (ActionItemStatus.DONE, datetime(2025, 8, 1), "timezone-aware"),
    ]:
        with pytest.raises(ValidationFailed) as error:
            pm.change_action_item_status(
                ctx=ctx(ALICE), item_id=item_id, status=status, completed_at=completed_at
            )
        assert _fields(error) == ["completed_at"]
        assert message in error.value.problems[0].message
    assert pm.action_items[0].status is ActionItemStatus.OPEN
    # A backfill cannot state a completion after the time it says the command happened.
    with pytest.raises(ValidationFailed):
        pm.change_action_item_status(
            ctx=CommandContext(ALICE, "import", added + timedelta(days=1), "tests"),
            item_id=item_id, status=ActionItemStatus.DONE,
            completed_at=added + timedelta(days=2),
        )  # fmt: skip


def test_the_completion_time_of_a_done_item_is_corrected() -> None:
    pm, item_id, added = _item_added_last_month()
    pm.change_action_item_status(ctx=ctx(ALICE), item_id=item_id, status=ActionItemStatus.DONE)
    corrected = added + timedelta(days=10)
    pm.change_action_item_status(
        ctx=ctx(ALICE), item_id=item_id, status=ActionItemStatus.DONE, completed_at=corrected,
        reason="Deployed on the 10th; recorded late.",
    )  # fmt: skip
    assert (pm.action_items[0].status, pm.action_items[0].completed_at) == ("done", corrected)
    with pytest.raises(ValidationFailed, match="already completed at this time"):
        pm.change_action_item_status(
            ctx=ctx(ALICE), item_id=item_id, status=ActionItemStatus.DONE, completed_at=corrected
        )
    with pytest.raises(ValidationFailed, match="already done"):
        pm.change_action_item_status(ctx=ctx(ALICE), item_id=item_id, status=ActionItemStatus.DONE)


def test_an_action_item_owner_may_change_its_status() -> None:
    pm = new_draft()
    item_id = pm.add_action_item(ctx=ctx(ALICE), title="Fix", owner="carol")
    pm.change_action_item_status(ctx=ctx(CAROL), item_id=item_id, status=ActionItemStatus.DONE)
    assert pm.action_items[0].status is ActionItemStatus.DONE


def test_a_postmortem_cannot_be_a_recurrence_of_itself() -> None:
    pm = new_draft()
    with pytest.raises(ValidationFailed):
        pm.link_recurrence(ctx=ctx(ALICE), postmortem_id=pm.id)
    other = uuid4()
    pm.link_recurrence(ctx=ctx(ALICE), postmortem_id=other)
    assert pm.recurrence_of == (str(other),)
    pm.unlink_recurrence(ctx=ctx(ALICE), postmortem_id=other)
    assert not pm.recurrence_of


def test_list_limits_are_enforced() -> None:
    pm = oauth_token_outage()
    with pytest.raises(ValidationFailed) as error:
        pm.write_lessons(ctx=ctx(ALICE), went_well=["ok"] * 101, went_badly=[""])
    assert _fields(error) == ["went_well", "went_badly[0]"]


def test_a_blank_context_is_rejected() -> None:
    pm = new_draft()
    with pytest.raises(ValidationFailed) as error:
        pm.write_summary(ctx=ctx(ALICE, "x" * 201), summary="s")
    assert _fields(error) == ["correlation_id"]


def test_withdrawn_postmortems_accept_no_changes() -> None:
    pm = new_draft()
    item_id = pm.add_action_item(ctx=ctx(ALICE), title="Fix")
    pm.withdraw(ctx=ctx(ALICE), reason="duplicate of INC-1")
    with pytest.raises(InvalidTransition):
        pm.write_summary(ctx=ctx(ALICE), summary="x")
    with pytest.raises(InvalidTransition):
        pm.change_action_item_status(ctx=ctx(ALICE), item_id=item_id, status="done")  # type: ignore[arg-type]
    assert pm.window == OUTAGE_WINDOW
