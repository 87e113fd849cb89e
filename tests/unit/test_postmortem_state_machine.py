"""Random command sequences by random actors keep the aggregate's invariants."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from service.domain import (
    ActionItemStatus,
    Actor,
    DomainError,
    PostmortemState,
    ReviewPolicy,
    Section,
    Severity,
    TimelineKind,
)
from service.domain.document import hash_content
from tests.unit.factories import ALICE, BOB, CAROL, DAVE, ERIN, ctx, oauth_token_outage, utc

ACTORS = st.sampled_from([ALICE, BOB, CAROL, DAVE, ERIN])
POLICIES = st.sampled_from(
    [
        ReviewPolicy(),
        ReviewPolicy(block_on_blameless_warnings=True),
        ReviewPolicy(version="lenient", approvals_by_severity={Severity.SEV2: 1}),
    ]
)
SUMMARIES = st.sampled_from(
    ["Sign-in failed for 12% of users.", "Tokens were rejected.", "It was human error.", ""]
)


class PostmortemMachine(RuleBasedStateMachine):
    """Drives one postmortem with two authors (alice, bob) and three reviewers."""

    def __init__(self) -> None:
        super().__init__()
        self.pm = oauth_token_outage()
        self.pm.add_author(ctx=ctx(ALICE), user_id="bob")
        self.published: list[dict[str, Any]] = []

    @initialize(start=st.sampled_from(["draft", "submitted", "approved", "published"]))
    def start_from(self, start: str) -> None:
        """Starts some runs further along the workflow, so every state gets exercised."""
        if start != "draft":
            self.pm.submit_for_review(ctx=ctx(BOB), policy=ReviewPolicy())
        if start in ("approved", "published"):
            self.pm.approve(ctx=ctx(CAROL), policy=ReviewPolicy())
            self.pm.approve(ctx=ctx(DAVE), policy=ReviewPolicy())
        if start == "published":
            self.pm.publish(ctx=ctx(ERIN), policy=ReviewPolicy())

    def _run(self, command: Callable[[], object]) -> None:
        version, document = self.pm.version, self.pm.to_document()
        pending = len(self.pm.pending_events)
        try:
            command()
        except DomainError:
            assert self.pm.version == version
            assert len(self.pm.pending_events) == pending
            assert self.pm.to_document() == document

    @rule(actor=ACTORS, summary=SUMMARIES)
    def write_summary(self, actor: Actor, summary: str) -> None:
        self._run(lambda: self.pm.write_summary(ctx=ctx(actor), summary=summary))

    @rule(actor=ACTORS, minutes=st.integers(0, 60), kind=st.sampled_from(TimelineKind))
    def add_timeline_entry(self, actor: Actor, minutes: int, kind: TimelineKind) -> None:
        at = utc(17, 42) + timedelta(minutes=minutes)
        self._run(
            lambda: self.pm.add_timeline_entry(
                ctx=ctx(actor), at=at, kind=kind, description="Something happened."
            )
        )

    @rule(actor=ACTORS, index=st.integers(0, 10))
    def remove_timeline_entry(self, actor: Actor, index: int) -> None:
        ids = [entry.id for entry in self.pm.timeline] or ["missing"]
        entry_id = ids[index % len(ids)]
        self._run(lambda: self.pm.remove_timeline_entry(ctx=ctx(actor), entry_id=entry_id))

    @rule(actor=ACTORS, owner=st.sampled_from([None, "sre"]))
    def add_action_item(self, actor: Actor, owner: str | None) -> None:
        self._run(lambda: self.pm.add_action_item(ctx=ctx(actor), title="Fix", owner=owner))

    @rule(actor=ACTORS, index=st.integers(0, 10), status=st.sampled_from(ActionItemStatus))
    def change_action_item_status(self, actor: Actor, index: int, status: ActionItemStatus) -> None:
        ids = [item.id for item in self.pm.action_items] or ["missing"]
        item_id = ids[index % len(ids)]
        self._run(
            lambda: self.pm.change_action_item_status(
                ctx=ctx(actor), item_id=item_id, status=status
            )
        )

    @rule(actor=ACTORS, user_id=st.sampled_from(["carol", "dave", "frank"]))
    def add_author(self, actor: Actor, user_id: str) -> None:
        self._run(lambda: self.pm.add_author(ctx=ctx(actor), user_id=user_id))

    @rule(actor=ACTORS)
    def comment(self, actor: Actor) -> None:
        self._run(
            lambda: self.pm.add_review_comment(ctx=ctx(actor), section=Section.GENERAL, text="?")
        )

    @rule(actor=ACTORS, policy=POLICIES)
    def submit_for_review(self, actor: Actor, policy: ReviewPolicy) -> None:
        self._run(lambda: self.pm.submit_for_review(ctx=ctx(actor), policy=policy))

    @rule(actor=ACTORS, policy=POLICIES)
    def approve(self, actor: Actor, policy: ReviewPolicy) -> None:
        self._run(lambda: self.pm.approve(ctx=ctx(actor), policy=policy))

    @rule(actor=ACTORS)
    def request_changes(self, actor: Actor) -> None:
        self._run(lambda: self.pm.request_changes(ctx=ctx(actor), comment="Please clarify."))

    @rule(actor=ACTORS, policy=POLICIES)
    def publish(self, actor: Actor, policy: ReviewPolicy) -> None:
        self._run(lambda: self.pm.publish(ctx=ctx(actor), policy=policy))

    @rule(actor=ACTORS, reason=st.sampled_from(["", "Corrected the impact."]))
    def amend(self, actor: Actor, reason: str) -> None:
        self._run(lambda: self.pm.amend(ctx=ctx(actor), reason=reason))

    @rule(actor=ACTORS, reason=st.sampled_from(["", "Duplicate."]), dice=st.integers(0, 3))
    def withdraw(self, actor: Actor, reason: str, dice: int) -> None:
        if dice == 0:  # rarely: withdrawal ends the interesting part of a run
            self._run(lambda: self.pm.withdraw(ctx=ctx(actor), reason=reason))

    @invariant()
    def the_state_is_legal(self) -> None:
        assert self.pm.state in set(PostmortemState)
        event(f"reached {self.pm.state} (revision {min(self.pm.revision, 3)})")
        assert self.pm.version == len(self.pm.pending_events)

    @invariant()
    def counted_approvals_are_by_non_authors_on_the_current_content(self) -> None:
        current_hash = self.pm.content_hash()
        reviewers = [approval.reviewer_id for approval in self.pm.counted_approvals()]
        assert len(reviewers) == len(set(reviewers))
        for approval in self.pm.counted_approvals():
            assert approval.reviewer_id not in self.pm.authors
            assert approval.content_hash == current_hash
            assert approval.revision == self.pm.revision

    @invariant()
    def published_revisions_never_change(self) -> None:
        revisions = [revision.to_dict() for revision in self.pm.published_revisions]
        assert revisions[: len(self.published)] == self.published
        for revision in revisions[len(self.published) :]:
            assert revision["content_hash"] == hash_content(revision["content"])
            assert len(revision["approvals"]) >= 1
        self.published = revisions


PostmortemMachine.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_postmortem_state_machine = PostmortemMachine.TestCase
