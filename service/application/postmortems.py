"""The write API: commands that load, change and save Postmortem aggregates."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from service.application.permissions import Action, authorize, authorize_on
from service.domain.errors import ConcurrencyConflict, PostmortemNotFound
from service.domain.postmortem import Postmortem
from service.domain.values import CommandContext, Severity


@dataclass(frozen=True)
class CommandResult:
    """What a successful command returns: the postmortem, its new version, and the position
    of its last event in the notification log (to wait for the read model)."""

    postmortem_id: UUID
    version: int
    position: int


SavedListener = Callable[[int], None]


class PostmortemApplication(Application[UUID]):
    """Event-sourced application holding every postmortem."""

    name = "postmortems"

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)
        self._saved_listeners: list[SavedListener] = []

    def on_saved(self, listener: SavedListener) -> None:
        """Registers a callable told the notification position after each save."""
        self._saved_listeners.append(listener)

    # Commands

    def create_postmortem(
        self, *, ctx: CommandContext, title: str, severity: Severity, started_at: datetime
    ) -> CommandResult:
        """Starts a new draft postmortem and returns its id."""
        authorize(ctx.actor, Action.CREATE)
        postmortem = Postmortem.start(
            ctx=ctx, title=title, severity=severity, started_at=started_at
        )
        return self._save(postmortem)

    def rename_postmortem(
        self, *, ctx: CommandContext, postmortem_id: UUID, expected_version: int, title: str
    ) -> CommandResult:
        """Changes a postmortem's title."""
        return self._change(
            ctx,
            Action.EDIT,
            postmortem_id,
            expected_version,
            lambda pm: pm.rename(ctx=ctx, title=title),
        )

    # Queries (plain data, never aggregates)

    def document(self, postmortem_id: UUID, *, version: int | None = None) -> dict[str, Any]:
        """Returns the postmortem as it is, or as it was at `version`."""
        return self._load(postmortem_id, version=version).to_document()

    def head_position(self) -> int:
        """Returns the position of the newest event in the notification log (0 if none)."""
        return self.recorder.max_notification_id() or 0

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
        authorize_on(ctx.actor, action, postmortem.to_document())
        if postmortem.version != expected_version:
            raise ConcurrencyConflict(postmortem.version, expected_version)
        change(postmortem)
        return self._save(postmortem, expected_version=expected_version)

    def _save(self, *aggregates: Any, expected_version: int | None = None) -> CommandResult:
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            # Another writer saved this version first.
            current = self._load(aggregates[0].id).version
            raise ConcurrencyConflict(current, expected_version or 0) from None
        position = max(r.notification.id for r in recordings)
        for listener in self._saved_listeners:
            listener(position)
        return CommandResult(aggregates[0].id, aggregates[0].version, position)
