"""The write API: commands that load, change and save Postmortem aggregates.

Each command checks the actor's role (permissions.py), loads the postmortem, compares
`expected_version` with its version (optimistic concurrency), lets the aggregate apply its
rules, and saves the new events in one atomic write. Queries return plain data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from service.application.permissions import Action, authorize
from service.application.transitions import Transition, permitted_transitions
from service.domain import (
    ActionItemStatus,
    Actor,
    CommandContext,
    ConcurrencyConflict,
    Impact,
    IncidentRefReservation,
    IncidentRefTaken,
    IncidentWindow,
    Postmortem,
    PostmortemEvent,
    PostmortemNotFound,
    Priority,
    ReviewPolicy,
    RootCauseAnalysis,
    Section,
    Severity,
    TimelineKind,
    WithdrawalKind,
)


@dataclass(frozen=True)
class CommandResult:
    """What a successful command returns: the postmortem, its new version, the position of
    its last event in the notification log (to wait for the read model), and the id of a
    new sub-entity (timeline entry, action item, comment) where the command made one."""

    postmortem_id: UUID
    version: int
    position: int
    created_id: str | None = None


SavedListener = Callable[[int], None]


class PostmortemApplication(Application[UUID]):
    """Event-sourced application holding every postmortem."""

    name = "postmortems"

    def __init__(
        self, env: Mapping[str, str] | None = None, policy: ReviewPolicy | None = None
    ) -> None:
        super().__init__(env)
        self.policy = policy or ReviewPolicy()
        self._saved_listeners: list[SavedListener] = []

    def on_saved(self, listener: SavedListener) -> None:
        """Registers a callable told the notification position after each save."""
        self._saved_listeners.append(listener)

    # Creation and metadata

    def create_postmortem(
        self,
        *,
        ctx: CommandContext,
        title: str,
        severity: Severity,
        window: IncidentWindow,
        services: Sequence[str] = (),
        tags: Sequence[str] = (),
        team: str | None = None,
        incident_ref: str | None = None,
    ) -> CommandResult:
        """Starts a new draft postmortem (reserving its incident ref) and returns its id."""
        authorize(ctx.actor, Action.CREATE)
        postmortem = Postmortem.create(
            ctx=ctx,
            title=title,
            severity=severity,
            window=window,
            services=services,
            tags=tags,
            team=team,
            incident_ref=incident_ref,
        )
        if incident_ref is None:
            return self._save(postmortem)
        reservation = IncidentRefReservation.reserve(
            ctx=ctx, incident_ref=incident_ref, postmortem_id=postmortem.id
        )
        try:
            recordings = self.save(postmortem, reservation)
        except IntegrityError:
            raise IncidentRefTaken(incident_ref) from None
        return self._announce(postmortem, max(r.notification.id for r in recordings))

    def update_metadata(
        self,
        *,
        ctx: CommandContext,
        postmortem_id: UUID,
        expected_version: int,
        title: str,
        severity: Severity,
        window: IncidentWindow,
        services: Sequence[str],
        tags: Sequence[str],
        team: str | None,
    ) -> CommandResult:
        """Replaces title, severity, incident window, services, tags and team."""
        return self._change(
            ctx, Action.EDIT, postmortem_id, expected_version,
            lambda pm: pm.update_metadata(
                ctx=ctx, title=title, severity=severity, window=window,
                services=services, tags=tags, team=team,
            ),
        )  # fmt: skip

    def add_author(
        self, *, ctx: CommandContext, postmortem_id: UUID, expected_version: int, user_id: str
    ) -> CommandResult:
        """Adds a co-author."""
        return self._change(
            ctx, Action.EDIT, postmortem_id, expected_version,
            lambda pm: pm.add_author(ctx=ctx, user_id=user_id),
        )  # fmt: skip

    # Content sections

    def write_summary(
        self, *, ctx: CommandContext, postmortem_id: UUID, expected_version: int, summary: str
    ) -> CommandResult:
        """Replaces the non-technical summary."""
        return self._change(
            ctx, Action.EDIT, postmortem_id, expected_version,
            lambda pm: pm.write_summary(ctx=ctx, summary=summary),
        )  # fmt: skip

    def add_timeline_entry(
        self,
        *,
        ctx: CommandContext,
        postmortem_id: UUID,
        expected_version: int,
        at: datetime,
        kind: TimelineKind,
        description: str,
        source: str | None = None,
    ) -> CommandResult:
        """Adds a timeline entry (kept in time order); returns its id as `created_id`."""
        return self._change(
            ctx, Action.EDIT, postmortem_id, expected_version,
            lambda pm: pm.add_timeline_entry(
                ctx=ctx, at=at, kind=kind, description=description, source=source
            ),
        )  # fmt: skip

    def edit_timeline_entry(
        self,
        *,
        ctx: CommandContext,
        postmortem_id: UUID,
        expected_version: int,
        entry_id: str,
        at: datetime,
        kind: TimelineKind,
        description: str,
        source: str | None,
    ) -> CommandResult:
        """Replaces a timeline entry."""
        return self._change(
            ctx, Action.EDIT, postmortem_id, expected_version,
            lambda pm: pm.edit_timeline_entry(
                ctx=ctx, entry_id=entry_id, at=at, kind=kind, description=description,
                source=source,
            ),
        )  # fmt: skip

    def remove_timeline_entry(
        self, *, ctx: CommandContext, postmortem_id: UUID, expected_version: int, entry_id: str
    ) -> CommandResult:
        """Removes a timeline entry."""
        return self._change(
            ctx, Action.EDIT, postmortem_id, expected_version,
            lambda pm: pm.remove_timeline_entry(ctx=ctx, entry_id=entry_id),
        )  # fmt: skip

    def write_root_cause_analysis(
        self,
        *,
        ctx: CommandContext,
        postmortem_id: UUID,
        expected_version: int,
        analysis: RootCauseAnalysis,
    ) -> CommandResult:
        """Replaces the root-cause analysis (whys, statement, category, factors)."""
        return self._change(
            ctx, Action.EDIT, postmortem_id, expected_version,
            lambda pm: pm.write_root_cause_analysis(ctx=ctx, analysis=analysis),
        )  # fmt: skip

    def assess_impact(
        self, *, ctx: CommandContext, postmortem_id: UUID, expected_version: int, impact: Impact
    ) -> CommandResult:
        """Replaces the impact assessment."""
        return self._change(
            ctx, Action.EDIT, postmortem_id, expected_version,
            lambda pm: pm.assess_impact(ctx=ctx, impact=impact),
        )  # fmt: skip

    def write_lessons(
        self,
        *,
        ctx: CommandContext,
        postmortem_id: UUID,
        expected_version: int,
        went_well: Sequence[str],
        went_badly: Sequence[str],
    ) -> CommandResult:
        """Replaces the went-well and didn't-go-well lists."""
        return self._change(
            ctx, Action.EDIT, postmortem_id, expected_version,
            lambda pm: pm.write_lessons(ctx=ctx, went_well=went_well, went_badly=went_badly),
        )  # fmt: skip

    def link_recurrence(
        self, *, ctx: CommandContext, postmortem_id: UUID, expected_version: int, other_id: UUID
    ) -> CommandResult:
        """Marks this postmortem as a recurrence of another (which must exist)."""
        self._load(other_id)
        return self._change(
            ctx, Action.EDIT, postmortem_id, expected_version,
            lambda pm: pm.link_recurrence(ctx=ctx, postmortem_id=other_id),
        )  # fmt: skip

    def unlink_recurrence(
        self, *, ctx: CommandContext, postmortem_id: UUID, expected_version: int, other_id: UUID
    ) -> CommandResult:
        """Removes a "recurrence of" link."""
        return self._change(
            ctx, Action.EDIT, postmortem_id, expected_version,
            lambda pm: pm.unlink_recurrence(ctx=ctx, postmortem_id=other_id),
        )  # fmt: skip

    # Action items

    def add_action_item(
        self,
        *,
        ctx: CommandContext,
        postmortem_id: UUID,
        expected_version: int,
        title: str,
        description: str = "",
        owner: str | None = None,
        due_date: date | None = None,
        priority: Priority = Priority.P2,
        tracker: str | None = None,
    ) -> CommandResult:
        """Adds an action item; returns its id as `created_id`."""
        return self._change(
            ctx, Action.EDIT, postmortem_id, expected_version,
            lambda pm: pm.add_action_item(
                ctx=ctx, title=title, description=description, owner=owner,
                due_date=due_date, priority=priority, tracker=tracker,
            ),
        )  # fmt: skip

    def edit_action_item(
        self,
        *,
        ctx: CommandContext,
        postmortem_id: UUID,
        expected_version: int,
        item_id: str,
        title: str,
        description: str,
        owner: str | None,
        due_date: date | None,
        priority: Priority,
        tracker: str | None,
    ) -> CommandResult:
        """Replaces an action item's fields (not its status)."""
        return self._change(
            ctx, Action.EDIT, postmortem_id, expected_version,
            lambda pm: pm.edit_action_item(
                ctx=ctx, item_id=item_id, title=title, description=description, owner=owner,
                due_date=due_date, priority=priority, tracker=tracker,
            ),
        )  # fmt: skip

    def remove_action_item(
        self, *, ctx: CommandContext, postmortem_id: UUID, expected_version: int, item_id: str
    ) -> CommandResult:
        """Removes an action item."""
        return self._change(
            ctx, Action.EDIT, postmortem_id, expected_version,
            lambda pm: pm.remove_action_item(ctx=ctx, item_id=item_id),
        )  # fmt: skip

    def change_action_item_status(
        self,
        *,
        ctx: CommandContext,
        postmortem_id: UUID,
        expected_version: int,
        item_id: str,
        status: ActionItemStatus,
        reason: str | None = None,
    ) -> CommandResult:
        """Moves an action item to a new status (allowed after publication too)."""
        return self._change(
            ctx, Action.UPDATE_ACTION_ITEM_STATUS, postmortem_id, expected_version,
            lambda pm: pm.change_action_item_status(
                ctx=ctx, item_id=item_id, status=status, reason=reason
            ),
        )  # fmt: skip

    # Review comments

    def add_review_comment(
        self,
        *,
        ctx: CommandContext,
        postmortem_id: UUID,
        expected_version: int,
        section: Section,
        text: str,
    ) -> CommandResult:
        """Adds a review comment on a section; returns its id as `created_id`."""
        return self._change(
            ctx, Action.COMMENT, postmortem_id, expected_version,
            lambda pm: pm.add_review_comment(ctx=ctx, section=section, text=text),
        )  # fmt: skip

    def resolve_review_comment(
        self, *, ctx: CommandContext, postmortem_id: UUID, expected_version: int, comment_id: str
    ) -> CommandResult:
        """Marks a review comment resolved."""
        return self._change(
            ctx, Action.COMMENT, postmortem_id, expected_version,
            lambda pm: pm.resolve_review_comment(ctx=ctx, comment_id=comment_id),
        )  # fmt: skip

    # Workflow

    def submit_for_review(
        self, *, ctx: CommandContext, postmortem_id: UUID, expected_version: int
    ) -> CommandResult:
        """Submits a complete draft for review (reports every missing piece at once)."""
        return self._change(
            ctx, Action.SUBMIT, postmortem_id, expected_version,
            lambda pm: pm.submit_for_review(ctx=ctx, policy=self.policy),
        )  # fmt: skip

    def approve(
        self, *, ctx: CommandContext, postmortem_id: UUID, expected_version: int
    ) -> CommandResult:
        """Approves the current content (bound to its version and content hash)."""
        return self._change(
            ctx, Action.APPROVE, postmortem_id, expected_version,
            lambda pm: pm.approve(ctx=ctx, policy=self.policy),
        )  # fmt: skip

    def request_changes(
        self,
        *,
        ctx: CommandContext,
        postmortem_id: UUID,
        expected_version: int,
        comment: str,
        section: Section = Section.GENERAL,
    ) -> CommandResult:
        """Sends the postmortem back to its authors with a comment."""
        return self._change(
            ctx, Action.REQUEST_CHANGES, postmortem_id, expected_version,
            lambda pm: pm.request_changes(ctx=ctx, comment=comment, section=section),
        )  # fmt: skip

    def publish(
        self, *, ctx: CommandContext, postmortem_id: UUID, expected_version: int
    ) -> CommandResult:
        """Publishes the postmortem once the approval policy is met."""
        return self._change(
            ctx, Action.PUBLISH, postmortem_id, expected_version,
            lambda pm: pm.publish(ctx=ctx, policy=self.policy),
        )  # fmt: skip

    def amend(
        self, *, ctx: CommandContext, postmortem_id: UUID, expected_version: int, reason: str
    ) -> CommandResult:
        """Reopens a published postmortem as a new revision."""
        return self._change(
            ctx, Action.AMEND, postmortem_id, expected_version,
            lambda pm: pm.amend(ctx=ctx, reason=reason),
        )  # fmt: skip

    def withdraw(
        self,
        *,
        ctx: CommandContext,
        postmortem_id: UUID,
        expected_version: int,
        reason: str,
        kind: WithdrawalKind = WithdrawalKind.OTHER,
    ) -> CommandResult:
        """Withdraws an unpublished postmortem (duplicate, not an incident, other)."""
        return self._change(
            ctx, Action.WITHDRAW, postmortem_id, expected_version,
            lambda pm: pm.withdraw(ctx=ctx, reason=reason, kind=kind),
        )  # fmt: skip

    # Queries (plain data, never aggregates)

    def document(self, postmortem_id: UUID, *, version: int | None = None) -> dict[str, Any]:
        """Returns the postmortem as it is, or as it was at `version`."""
        return self._load(postmortem_id, version=version).to_document(self.policy)

    def allowed_transitions(
        self, postmortem_id: UUID, actor: Actor, *, version: int | None = None
    ) -> list[Transition]:
        """Returns what the actor may do next (state, authorship and role rules)."""
        postmortem = self._load(postmortem_id, version=version)
        return permitted_transitions(actor, postmortem.allowed_transitions(actor, self.policy))

    def head_position(self) -> int:
        """Returns the position of the newest event in the notification log (0 if none)."""
        return self.recorder.max_notification_id() or 0

    def version_at(self, postmortem_id: UUID, at: datetime) -> int | None:
        """Returns the postmortem's last version recorded at or before `at` (None: not yet
        created), read from the event store."""
        found: int | None = None
        events = list(self.events.get(postmortem_id))
        if not events:
            raise PostmortemNotFound(postmortem_id)
        for event in events:
            if isinstance(event, PostmortemEvent) and event.timestamp > at:
                break
            found = event.originator_version
        return found

    def current_version(self, postmortem_id: UUID) -> int:
        """Returns the postmortem's current version, read from the event store."""
        return self._load(postmortem_id).version

    # Internals

    def _load(self, postmortem_id: UUID, *, version: int | None = None) -> Postmortem:
        try:
            postmortem: object = self.repository.get(postmortem_id, version=version)
        except AggregateNotFoundError:
            raise PostmortemNotFound(postmortem_id) from None
        if not isinstance(postmortem, Postmortem):
            raise PostmortemNotFound(postmortem_id)
        return postmortem

    def _change(
        self,
        ctx: CommandContext,
        action: Action,
        postmortem_id: UUID,
        expected_version: int,
        change: Callable[[Postmortem], object],
    ) -> CommandResult:
        authorize(ctx.actor, action)
        postmortem = self._load(postmortem_id)
        if postmortem.version != expected_version:
            raise ConcurrencyConflict(postmortem.version, expected_version)
        created = change(postmortem)
        return self._save(
            postmortem,
            expected_version=expected_version,
            created_id=created if isinstance(created, str) else None,
        )

    def _save(
        self,
        postmortem: Postmortem,
        *,
        expected_version: int | None = None,
        created_id: str | None = None,
    ) -> CommandResult:
        try:
            recordings = self.save(postmortem)
        except IntegrityError:
            # Another writer saved this version first.
            current = self._load(postmortem.id).version
            raise ConcurrencyConflict(current, expected_version) from None
        return self._announce(postmortem, max(r.notification.id for r in recordings), created_id)

    def _announce(
        self, postmortem: Postmortem, position: int, created_id: str | None = None
    ) -> CommandResult:
        for listener in self._saved_listeners:
            listener(position)
        return CommandResult(postmortem.id, postmortem.version, position, created_id)
