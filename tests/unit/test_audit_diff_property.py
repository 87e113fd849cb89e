"""The audit trail says exactly what each event did: over random command sequences, applying an
entry's changes to the document before the event gives the document after it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from projections.audit_log.diff import SKIPPED_KEYS, apply_changes, field_changes, plain
from service.domain import (
    ActionItemStatus,
    Actor,
    DomainError,
    Impact,
    IncidentWindow,
    Postmortem,
    Priority,
    ReviewPolicy,
    RootCauseAnalysis,
    RootCauseCategory,
    Section,
    Severity,
    TimelineKind,
    Why,
)
from tests.unit.factories import ALICE, BOB, CAROL, DAVE, ERIN, ctx, new_draft, utc

ACTORS = st.sampled_from([ALICE, BOB, CAROL, DAVE, ERIN])
POLICY = ReviewPolicy(approvals_by_severity={s: 2 for s in Severity})
LENIENT = ReviewPolicy(required_sections=frozenset(), action_items_required_for=frozenset())
POLICIES = st.sampled_from([POLICY, LENIENT])
WORDS = st.sampled_from(["dns", "auth", "db", "edge", "cache"])
TEXTS = st.sampled_from(["", "Tokens expired.", "Keys rotated early.", "Cache held old keys."])
MINUTES = st.integers(0, 90)
OTHER_IDS = st.sampled_from(
    [UUID("00000000-0000-4000-8000-000000000001"), UUID("00000000-0000-4000-8000-000000000002")]
)


def shown(document: dict[str, Any] | None) -> dict[str, Any]:
    """Returns a document as the audit trail compares it (bookkeeping keys left out)."""
    return {k: v for k, v in plain(document or {}).items() if k not in SKIPPED_KEYS}


def pruned(value: Any) -> Any:
    """Returns plain data without null or empty values (what a creation entry cannot list)."""
    if isinstance(value, dict):
        kept = {k: pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, {}, [])}
    if isinstance(value, list):
        return [pruned(v) for v in value]
    return value


def pick(ids: list[str], index: int) -> str:
    return ids[index % len(ids)] if ids else "missing"


class AuditedPostmortem(RuleBasedStateMachine):
    """Drives one postmortem with random commands and checks each event's audit changes."""

    def __init__(self) -> None:
        super().__init__()
        self.pm: Postmortem = new_draft()
        self.entries = 0
        first = self.pm.to_document(POLICY)
        changes = field_changes(None, first)
        assert pruned(apply_changes({}, changes)) == pruned(shown(first))
        self.pm.add_author(ctx=ctx(ALICE), user_id="bob")

    @initialize(start=st.sampled_from(["draft", "submitted", "published"]))
    def start_from(self, start: str) -> None:
        """Starts some runs further along the workflow, so every state gets exercised."""
        if start != "draft":
            self.pm.submit_for_review(ctx=ctx(BOB), policy=LENIENT)
        if start == "published":
            self.pm.approve(ctx=ctx(CAROL), policy=LENIENT)
            self.pm.approve(ctx=ctx(DAVE), policy=LENIENT)
            self.pm.publish(ctx=ctx(ERIN), policy=LENIENT)

    def _run(self, command: Callable[[], object]) -> None:
        before = self.pm.to_document(POLICY)
        version = self.pm.version
        try:
            command()
        except DomainError:
            return
        after = self.pm.to_document(POLICY)
        if self.pm.version == version:
            assert after == before  # a no-op records nothing
            return
        assert self.pm.version == version + 1
        changes = field_changes(before, after)
        assert apply_changes(shown(before), changes) == shown(after), changes
        self.entries += 1
        for change in changes:
            if change["path"].startswith(("approvals", "published_revisions", "timeline[*]")):
                event(f"changed {change['path'].split('[')[0]}{'[*]' * ('[*]' in change['path'])}")

    @rule(actor=ACTORS, tags=st.lists(WORDS, unique=True, max_size=3), shift=MINUTES)
    def update_metadata(self, actor: Actor, tags: list[str], shift: int) -> None:
        window = IncidentWindow(utc(17, 0) + timedelta(minutes=shift), resolved_at=utc(20, 0))
        self._run(
            lambda: self.pm.update_metadata(
                ctx=ctx(actor),
                title="Outage",
                severity=Severity.SEV2,
                window=window,
                services=tags[:1],
                tags=tags,
                team=None,
            )
        )

    @rule(actor=ACTORS, summary=TEXTS)
    def write_summary(self, actor: Actor, summary: str) -> None:
        self._run(lambda: self.pm.write_summary(ctx=ctx(actor), summary=summary))

    @rule(actor=ACTORS, minutes=MINUTES, kind=st.sampled_from(TimelineKind))
    def add_timeline_entry(self, actor: Actor, minutes: int, kind: TimelineKind) -> None:
        at = utc(17, 0) + timedelta(minutes=minutes)
        self._run(
            lambda: self.pm.add_timeline_entry(ctx=ctx(actor), at=at, kind=kind, description="x")
        )

    @rule(actor=ACTORS, index=st.integers(0, 9), minutes=MINUTES, text=TEXTS)
    def edit_timeline_entry(self, actor: Actor, index: int, minutes: int, text: str) -> None:
        entry_id = pick([e.id for e in self.pm.timeline], index)
        at = utc(17, 0) + timedelta(minutes=minutes)
        self._run(
            lambda: self.pm.edit_timeline_entry(
                ctx=ctx(actor),
                entry_id=entry_id,
                at=at,
                kind=TimelineKind.OTHER,
                description=text or "y",
                source=None,
            )
        )

    @rule(actor=ACTORS, index=st.integers(0, 9))
    def remove_timeline_entry(self, actor: Actor, index: int) -> None:
        entry_id = pick([e.id for e in self.pm.timeline], index)
        self._run(lambda: self.pm.remove_timeline_entry(ctx=ctx(actor), entry_id=entry_id))

    @rule(actor=ACTORS, whys=st.lists(TEXTS.filter(bool), max_size=3), statement=TEXTS)
    def write_root_cause(self, actor: Actor, whys: list[str], statement: str) -> None:
        analysis = RootCauseAnalysis(
            whys=tuple(Why(w, w) for w in whys),
            statement=statement,
            category=RootCauseCategory.CONFIGURATION if statement else None,
            contributing_factors=tuple(whys[:1]),
        )
        self._run(lambda: self.pm.write_root_cause_analysis(ctx=ctx(actor), analysis=analysis))

    @rule(actor=ACTORS, tickets=st.none() | st.integers(0, 3), notes=TEXTS)
    def assess_impact(self, actor: Actor, tickets: int | None, notes: str) -> None:
        impact = Impact(support_tickets=tickets, notes=notes)
        self._run(lambda: self.pm.assess_impact(ctx=ctx(actor), impact=impact))

    @rule(actor=ACTORS, well=st.lists(TEXTS.filter(bool), max_size=2))
    def write_lessons(self, actor: Actor, well: list[str]) -> None:
        self._run(lambda: self.pm.write_lessons(ctx=ctx(actor), went_well=well, went_badly=well))

    @rule(actor=ACTORS, owner=st.sampled_from([None, "sre", "carol"]), days=st.integers(0, 30))
    def add_action_item(self, actor: Actor, owner: str | None, days: int) -> None:
        due = date(2025, 8, 1) + timedelta(days=days)
        self._run(
            lambda: self.pm.add_action_item(ctx=ctx(actor), title="Fix", owner=owner, due_date=due)
        )

    @rule(actor=ACTORS, index=st.integers(0, 9), priority=st.sampled_from(Priority))
    def edit_action_item(self, actor: Actor, index: int, priority: Priority) -> None:
        item_id = pick([i.id for i in self.pm.action_items], index)
        self._run(
            lambda: self.pm.edit_action_item(
                ctx=ctx(actor),
                item_id=item_id,
                title="Fix it",
                description="",
                owner="sre",
                due_date=date(2025, 9, 1),
                priority=priority,
                tracker=None,
            )
        )

    @rule(actor=ACTORS, index=st.integers(0, 9))
    def remove_action_item(self, actor: Actor, index: int) -> None:
        item_id = pick([i.id for i in self.pm.action_items], index)
        self._run(lambda: self.pm.remove_action_item(ctx=ctx(actor), item_id=item_id))

    @rule(
        actor=ACTORS,
        index=st.integers(0, 9),
        status=st.sampled_from(ActionItemStatus),
        stated=st.booleans(),
    )
    def change_status(
        self, actor: Actor, index: int, status: ActionItemStatus, stated: bool
    ) -> None:
        item_id = pick([i.id for i in self.pm.action_items], index)
        # When the work was done, as the user states it: the earliest time allowed.
        completed_at = self.pm.action_item_added_at.get(item_id) if stated else None
        self._run(
            lambda: self.pm.change_action_item_status(
                ctx=ctx(actor), item_id=item_id, status=status, completed_at=completed_at
            )
        )

    @rule(actor=ACTORS, section=st.sampled_from(Section))
    def comment(self, actor: Actor, section: Section) -> None:
        self._run(lambda: self.pm.add_review_comment(ctx=ctx(actor), section=section, text="?"))

    @rule(actor=ACTORS, index=st.integers(0, 9))
    def resolve_comment(self, actor: Actor, index: int) -> None:
        comment_id = pick([c.id for c in self.pm.review_comments], index)
        self._run(lambda: self.pm.resolve_review_comment(ctx=ctx(actor), comment_id=comment_id))

    @rule(actor=ACTORS, user_id=st.sampled_from(["frank", "grace"]))
    def add_author(self, actor: Actor, user_id: str) -> None:
        self._run(lambda: self.pm.add_author(ctx=ctx(actor), user_id=user_id))

    @rule(actor=ACTORS, other=OTHER_IDS, link=st.booleans())
    def recurrence(self, actor: Actor, other: UUID, link: bool) -> None:
        command = self.pm.link_recurrence if link else self.pm.unlink_recurrence
        self._run(lambda: command(ctx=ctx(actor), postmortem_id=other))

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

    @rule(actor=ACTORS)
    def amend(self, actor: Actor) -> None:
        self._run(lambda: self.pm.amend(ctx=ctx(actor), reason="Corrected the impact."))

    @rule(actor=ACTORS)
    def discard_amendment(self, actor: Actor) -> None:
        self._run(lambda: self.pm.discard_amendment(ctx=ctx(actor), reason="Not needed."))

    @rule(actor=ACTORS)
    def recall_submission(self, actor: Actor) -> None:
        self._run(lambda: self.pm.recall_submission(ctx=ctx(actor), reason="Too early."))

    @rule(actor=ACTORS, dice=st.integers(0, 30))
    def withdraw(self, actor: Actor, dice: int) -> None:
        if dice == 0:  # rarely: withdrawal ends the interesting part of a run
            self._run(lambda: self.pm.withdraw(ctx=ctx(actor), reason="Duplicate."))

    @invariant()
    def every_approval_has_its_own_id(self) -> None:
        ids = [a.id for a in self.pm.approvals]
        assert len(ids) == len(set(ids))


AuditedPostmortem.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_applying_each_entrys_changes_to_the_document_before_gives_the_document_after = (
    AuditedPostmortem.TestCase
)
