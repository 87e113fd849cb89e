"""The write API: `handle(command, ctx)` loads, decides and saves Postmortem aggregates.

A command (commands.py) is data; the table in handlers.py names the role action it needs and
the aggregate method that decides it. `handle` checks the actor's role (permissions.py),
loads the postmortem, compares `expected_version` with its version (optimistic concurrency),
lets the aggregate apply its rules, and saves the new events in one atomic write. Queries
return plain data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from service.application.commands import (
    Command,
    CreatePostmortem,
    ImportIncident,
    PostmortemCommand,
)
from service.application.handlers import HANDLERS
from service.application.permissions import Action, authorize, authorize_on
from service.application.read_rules import can_view
from service.domain import (
    Actor,
    CommandContext,
    ConcurrencyConflict,
    DomainError,
    IncidentRefReservation,
    IncidentRefTaken,
    Postmortem,
    PostmortemEvent,
    PostmortemNotFound,
    ReviewPolicy,
)
from service.domain.instants import to_millis
from service.domain.intake import decide_admitted
from service.domain.limits import DEFAULT_LIMITS, PostmortemLimits


@dataclass(frozen=True)
class CommandResult:
    """What a successful command returns: the postmortem, its new version, the position of
    its last event in the notification log (to wait for the read model; 0 when the command
    changed nothing and wrote no event), and the id of a
    new sub-entity (timeline entry, action item, comment) where the command made one."""

    postmortem_id: UUID
    version: int
    position: int
    created_id: str | None = None
    # The postmortem's document as this command left it (what the read model will show).
    document: dict[str, Any] | None = None


SavedListener = Callable[[int], None]


class PostmortemApplication(Application[UUID]):
    """Event-sourced application holding every postmortem."""

    name = "postmortems"
    policy: ReviewPolicy
    limits: PostmortemLimits

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        policy: ReviewPolicy | None = None,
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> None:
        super().__init__(env)
        self.policy = policy or ReviewPolicy()
        self.limits = limits
        self._saved_listeners: list[SavedListener] = []

    def on_saved(self, listener: SavedListener) -> None:
        """Registers a callable told the notification position after each save."""
        self._saved_listeners.append(listener)

    def handle(self, command: Command, ctx: CommandContext) -> CommandResult:
        """Runs one command for the actor in `ctx` and returns what it did.

        The command is admitted first (service/domain/intake.py: texts and times in the form
        the domain keeps). A command that changes nothing (a section replaced by what it
        holds) writes no event and returns the current version.

        Raises NotPermitted (role or authorship), PostmortemNotFound (absent or hidden from
        the actor), ConcurrencyConflict (stale `expected_version`), ValidationFailed,
        InvalidTransition or IncidentRefTaken, each naming the refused operation
        (`DomainError.refuse`); nothing is written when it raises."""
        try:
            if isinstance(command, CreatePostmortem):
                return self._create(command, ctx)
            if isinstance(command, ImportIncident):
                from service.application.incident_import import import_incident

                return import_incident(self, command, ctx)
            if not isinstance(command, PostmortemCommand) or type(command) not in HANDLERS:
                raise TypeError(f"no handler for {type(command).__name__}")
            return self._handle(command, ctx)
        except DomainError as error:
            raise error.refuse(command.operation()) from None

    def _handle(self, command: PostmortemCommand, ctx: CommandContext) -> CommandResult:
        handler = HANDLERS[type(command)]
        authorize(ctx.actor, handler.action, subject="it")
        postmortem = self._load(command.postmortem_id)
        authorize_on(ctx.actor, handler.action, postmortem.to_document())
        if postmortem.version != command.expected_version:
            raise ConcurrencyConflict(postmortem.version, command.expected_version)
        created = decide_admitted(command, lambda c: handler.decide(self, postmortem, c, ctx))
        return self._save(
            postmortem,
            expected_version=command.expected_version,
            created_id=created if isinstance(created, str) else None,
        )

    def visible(self, postmortem_id: UUID, actor: Actor) -> UUID:
        """Returns the id of another postmortem a command refers to (e.g. linkRecurrence's
        target) if the actor may see it, or raises PostmortemNotFound exactly as for an id
        that does not exist (read_rules.can_view: a hidden postmortem reads as absent)."""
        if not can_view(actor, self._load(postmortem_id).to_document()):
            raise PostmortemNotFound(postmortem_id)
        return postmortem_id

    # Queries (plain data, never aggregates)

    def document(self, postmortem_id: UUID, *, version: int | None = None) -> dict[str, Any]:
        """Returns the postmortem as it is, or as it was at `version`."""
        return self._load(postmortem_id, version=version).to_document(self.policy)

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
            # Events recorded before times were kept in milliseconds compare as readers see them.
            if isinstance(event, PostmortemEvent) and to_millis(event.timestamp) > at:
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

    def _create(self, command: CreatePostmortem, ctx: CommandContext) -> CommandResult:
        authorize(ctx.actor, Action.CREATE, subject="it")
        command, postmortem = decide_admitted(command, lambda c: (c, self._new(c, ctx)))
        if command.incident_ref is None:
            return self._save(postmortem)
        reservation = IncidentRefReservation.reserve(
            ctx=ctx, incident_ref=command.incident_ref, postmortem_id=postmortem.id
        )
        try:
            recordings = self.save(postmortem, reservation)
        except IntegrityError:
            raise IncidentRefTaken(command.incident_ref) from None
        return self._announce(postmortem, max(r.notification.id for r in recordings))

    def _new(self, command: CreatePostmortem, ctx: CommandContext) -> Postmortem:
        return Postmortem.create(
            ctx=ctx,
            title=command.title,
            severity=command.severity,
            window=command.window,
            services=command.services,
            tags=command.tags,
            team=command.team,
            incident_ref=command.incident_ref,
            limits=self.limits,
        )

    def _save(
        self,
        postmortem: Postmortem,
        *,
        expected_version: int | None = None,
        created_id: str | None = None,
    ) -> CommandResult:
        if not postmortem.pending_events:
            # Nothing changed: no event, so nothing for the read model to catch up with.
            return self._announce(postmortem, 0, created_id)
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
        if position:
            for listener in self._saved_listeners:
                listener(position)
        return CommandResult(
            postmortem.id,
            postmortem.version,
            position,
            created_id,
            postmortem.to_document(self.policy),
        )
