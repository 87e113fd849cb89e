"""`allowedTransitions` says exactly what the caller may do: for every workflow state and
every kind of caller, each listed transition succeeds through `PostmortemApplication.handle`
(the one write path) and each transition left out is refused.

The listed set is computed as the API computes it (`transitions_for` on the document as the
caller sees it); each attempt runs on a fresh copy of the stage's events, so attempts never
see each other. The application runs on the `eventsourcing` in-memory store: this checks
rules, not persistence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from uuid import UUID

import pytest

from service.application import commands as c
from service.application.postmortems import PostmortemApplication
from service.application.read_rules import as_seen_by
from service.application.transitions import Transition, transitions_for
from service.domain import (
    ActionItemStatus,
    Actor,
    CommandContext,
    DomainError,
    Postmortem,
    Priority,
    Section,
)
from tests.unit import factories

OWNER = "olga"  # owns an action item; not an author
CALLERS: dict[str, Actor] = {
    "author": factories.ALICE,
    "co-author who reviews": Actor("pat", frozenset({"author", "reviewer"})),
    "other author": factories.BOB,
    "item owner (author role)": Actor(OWNER, frozenset({"author"})),
    "item owner (reviewer role)": Actor(OWNER, frozenset({"reviewer"})),
    "reviewer who approved": factories.CAROL,
    "reviewer": factories.ERIN,
    "reviewer with author role": Actor("rex", frozenset({"author", "reviewer"})),
    "admin": factories.ADMIN,
    "compliance": Actor("carl", frozenset({"compliance"})),
    "no role": Actor("nina", frozenset()),
}


@dataclass(frozen=True)
class Stage:
    """A postmortem in one workflow state: its id, its events, and its owner's item."""

    id: UUID
    events: tuple[object, ...]
    item_id: str


def _draft() -> Postmortem:
    pm = factories.oauth_token_outage(incident_ref=None)
    alice = factories.ctx(factories.ALICE)
    pm.add_author(ctx=alice, user_id="pat")
    pm.add_action_item(ctx=alice, title="Rotate keys", owner=OWNER, priority=Priority.P1)
    return pm


def _in_review() -> Postmortem:
    return factories.submitted(_draft())


def _approved_once() -> Postmortem:
    pm = _in_review()
    pm.approve(ctx=factories.ctx(factories.CAROL), policy=factories.POLICY)
    return pm


def _approved() -> Postmortem:
    pm = _approved_once()
    pm.approve(ctx=factories.ctx(factories.DAVE), policy=factories.POLICY)
    return pm


def _changes_requested() -> Postmortem:
    pm = _approved_once()
    pm.request_changes(ctx=factories.ctx(factories.DAVE), comment="Name the key.")
    return pm


def _published() -> Postmortem:
    pm = _approved()
    pm.publish(ctx=factories.ctx(factories.DAVE), policy=factories.POLICY)
    return pm


def _amendment() -> Postmortem:
    pm = _published()
    pm.amend(ctx=factories.ctx(factories.ALICE), reason="The revenue figure changed.")
    return pm


def _withdrawn() -> Postmortem:
    pm = _draft()
    pm.withdraw(ctx=factories.ctx(factories.ADMIN), reason="A duplicate.")
    return pm


STAGES: dict[str, Callable[[], Postmortem]] = {
    "draft": _draft,
    "in review": _in_review,
    "in review, approved once": _approved_once,
    "in review, approved": _approved,
    "changes requested": _changes_requested,
    "published": _published,
    "amendment": _amendment,
    "withdrawn": _withdrawn,
}


@cache
def _stage(name: str) -> Stage:
    app = PostmortemApplication()
    pm = STAGES[name]()
    item_id = next(item.id for item in pm.action_items if item.owner == OWNER)
    app.save(pm)
    return Stage(pm.id, tuple(app.recorder.select_events(pm.id)), item_id)


def _application(stage: Stage) -> PostmortemApplication:
    app = PostmortemApplication()
    app.recorder.insert_events(list(stage.events))  # type: ignore[arg-type]
    return app


def _command(transition: Transition, stage: Stage, version: int) -> c.PostmortemCommand:
    on = {"postmortem_id": stage.id, "expected_version": version}
    reason = "Checked with the team."
    commands: dict[Transition, c.PostmortemCommand] = {
        Transition.EDIT: c.WriteSummary(**on, summary="A shorter summary of the outage."),
        Transition.SUBMIT_FOR_REVIEW: c.SubmitForReview(**on),
        Transition.RECALL_SUBMISSION: c.RecallSubmission(**on, reason=reason),
        Transition.APPROVE: c.ApprovePostmortem(**on),
        Transition.REQUEST_CHANGES: c.RequestChanges(**on, comment="Add the key id."),
        Transition.PUBLISH: c.PublishPostmortem(**on),
        Transition.AMEND: c.AmendPostmortem(**on, reason=reason),
        Transition.DISCARD_AMENDMENT: c.DiscardAmendment(**on, reason=reason),
        Transition.WITHDRAW: c.WithdrawPostmortem(**on, reason=reason),
        Transition.COMMENT: c.AddReviewComment(**on, section=Section.SUMMARY, text="Why?"),
        Transition.CHANGE_ACTION_ITEM_STATUS: c.ChangeActionItemStatus(
            **on, item_id=stage.item_id, status=ActionItemStatus.IN_PROGRESS
        ),
    }
    return commands[transition]


@pytest.mark.parametrize("stage_name", list(STAGES))
@pytest.mark.parametrize("caller", list(CALLERS))
def test_each_listed_transition_succeeds_and_each_other_one_is_refused(
    stage_name: str, caller: str
) -> None:
    actor, stage = CALLERS[caller], _stage(stage_name)
    app = _application(stage)
    seen = as_seen_by(actor, {**app.document(stage.id), "_id": str(stage.id)})
    listed = set() if seen is None else set(transitions_for(actor, seen, app.policy))
    # The caller acts on the version they read (the published revision's, for readers of it);
    # what is not listed is refused at the current version too (which a conflict would tell).
    current = app.current_version(stage.id)
    read = current if seen is None else int(seen["version"])
    outcomes = {t: _attempt(stage, actor, t, read) for t in Transition}
    latest = {t: _attempt(stage, actor, t, current) for t in Transition if t not in listed}
    succeeded = {t for t, outcome in outcomes.items() if outcome == "ok"}
    assert succeeded == listed, {
        "listed but refused": {t.name: outcomes[t] for t in listed - succeeded},
        "not listed but succeeded": sorted(t.name for t in succeeded - listed),
    }
    assert [t.name for t, outcome in latest.items() if outcome == "ok"] == []


def _attempt(stage: Stage, actor: Actor, transition: Transition, version: int) -> str:
    """Runs one command on a fresh copy of the stage: "ok", or the refusal's class name."""
    try:
        _application(stage).handle(
            _command(transition, stage, version), CommandContext(actor, "matrix")
        )
    except DomainError as refused:
        return type(refused).__name__
    return "ok"
