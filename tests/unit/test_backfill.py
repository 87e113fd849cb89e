"""Backfilled history: a command may say when its change really happened (occurred_at) and
which tool recorded it; events keep their recording time, business times use occurred_at."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from service.domain import (
    ActionItemStatus,
    Actor,
    CommandContext,
    IncidentWindow,
    Postmortem,
    Priority,
    Severity,
    ValidationFailed,
)
from service.domain.events import PostmortemEvent, Published
from service.domain.instants import to_millis

AUTHOR = Actor("alice", frozenset({"author"}))
RESOLVED = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)


def backfill(at: datetime, actor: Actor = AUTHOR) -> CommandContext:
    return CommandContext(actor, "import-1", at, "postmortems demo")


def created(at: datetime = RESOLVED + timedelta(hours=2)) -> Postmortem:
    return Postmortem.create(
        ctx=backfill(at),
        title="Disk full on storage",
        severity=Severity.SEV3,
        window=IncidentWindow(started_at=RESOLVED - timedelta(hours=1), resolved_at=RESOLVED),
    )


def test_business_times_come_from_occurred_at_and_recording_times_stay_real() -> None:
    before = to_millis(datetime.now(UTC))  # recording times are kept in milliseconds
    postmortem = created()
    item_id = postmortem.add_action_item(
        ctx=backfill(RESOLVED + timedelta(hours=3)), title="Rotate logs", owner="bob",
        due_date=date(2025, 3, 20), priority=Priority.P1,
    )  # fmt: skip
    done_at = RESOLVED + timedelta(days=5)
    postmortem.change_action_item_status(
        ctx=backfill(done_at), item_id=item_id, status=ActionItemStatus.DONE
    )
    events = postmortem.collect_events()
    assert all(isinstance(e, PostmortemEvent) and e.timestamp >= before for e in events)
    assert [e.occurred_at for e in events if isinstance(e, PostmortemEvent)][-1] == done_at
    assert all(
        e.backfilled_by == "postmortems demo" for e in events if isinstance(e, PostmortemEvent)
    )
    assert postmortem.created_at == RESOLVED + timedelta(hours=2)
    assert postmortem.updated_at == done_at
    assert postmortem.action_items[0].completed_at == done_at
    assert postmortem.modified_on >= before  # the event store's own time is untouched


def test_a_live_command_after_a_backfill_uses_its_recording_time() -> None:
    postmortem = created()
    postmortem.write_summary(ctx=CommandContext(AUTHOR, "req-2"), summary="Now, live.")
    live = postmortem.collect_events()[-1]
    assert isinstance(live, PostmortemEvent)
    assert (live.occurred_at, live.backfilled_by) == (None, None)
    assert live.effective_at == live.timestamp
    assert postmortem.updated_at == live.timestamp


@pytest.mark.parametrize(
    ("ctx", "problem"),
    [
        (CommandContext(AUTHOR, "r", datetime.now(UTC) + timedelta(days=1), "tool"), "future"),
        (CommandContext(AUTHOR, "r", datetime(2025, 1, 1), "tool"), "time zone"),
        (CommandContext(AUTHOR, "r", RESOLVED, None), "both occurred_at and backfilled_by"),
        (CommandContext(AUTHOR, "r", None, "tool"), "both occurred_at and backfilled_by"),
        (CommandContext(AUTHOR, "r", RESOLVED, ""), "backfilled_by"),
    ],
)
def test_a_bad_backfill_is_refused(ctx: CommandContext, problem: str) -> None:
    postmortem = created()
    with pytest.raises(ValidationFailed, match=problem):
        postmortem.write_summary(ctx=ctx, summary="x")
    assert postmortem.summary == ""


def test_history_cannot_be_backfilled_before_the_postmortems_last_change() -> None:
    postmortem = created(RESOLVED + timedelta(days=2))
    with pytest.raises(ValidationFailed, match="before the postmortem's last change"):
        postmortem.write_summary(ctx=backfill(RESOLVED + timedelta(days=1)), summary="x")
    postmortem.write_summary(ctx=backfill(RESOLVED + timedelta(days=2)), summary="same time")


def test_events_stored_before_the_fields_existed_read_as_live() -> None:
    event = object.__new__(Published)
    state = {"timestamp": RESOLVED, "actor_id": "rita", "actor_roles": [], "reason": None}
    object.__setattr__(event, "__dict__", state)
    assert (event.occurred_at, event.backfilled_by) == (None, None)
    assert event.effective_at == RESOLVED


def test_no_api_input_can_carry_a_backfill() -> None:
    sdl = (Path(__file__).resolve().parents[2] / "schema" / "schema.graphql").read_text()
    inputs = re.findall(r"^input \w+[^{]*\{[^}]*\}", sdl, re.MULTILINE)
    assert inputs
    for block in inputs:
        assert "occurredAt" not in block
        assert "backfilledBy" not in block
    assert "occurredAt: DateTime" in sdl  # the audit trail shows it
