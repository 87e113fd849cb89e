"""The Postmortem aggregate (walking-skeleton slice: created and renamed)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from service.domain.errors import FieldProblem, ValidationFailed
from service.domain.values import CommandContext, Severity, State

TITLE_MAX = 200


class Postmortem(Aggregate):
    """A blameless incident postmortem, moving from draft through review to publication."""

    class Event(Aggregate.Event):
        """Base of every postmortem event: who, in which request, and why."""

        actor_id: str
        actor_roles: list[str]
        correlation_id: str
        reason: str | None

    class Created(Event, Aggregate.Created):
        """A postmortem was started."""

        class_version = 1
        title: str
        severity: str
        started_at: datetime

    class MetadataUpdated(Event):
        """The title changed."""

        class_version = 1
        title: str

        def apply(self, aggregate: Aggregate) -> None:
            """Applies the new title."""
            assert isinstance(aggregate, Postmortem)
            aggregate.title = self.title

    def __init__(
        self,
        actor_id: str,
        actor_roles: list[str],
        correlation_id: str,
        reason: str | None,
        title: str,
        severity: str,
        started_at: datetime,
    ) -> None:
        self.title = title
        self.severity = Severity(severity)
        self.started_at = started_at
        self.state = State.DRAFT
        self.authors = [actor_id]

    @classmethod
    def start(
        cls, *, ctx: CommandContext, title: str, severity: Severity, started_at: datetime
    ) -> Postmortem:
        """Returns a new draft postmortem."""
        _check_title(title)
        return cls._create(
            cls.Created,
            actor_id=ctx.actor.user_id,
            actor_roles=sorted(ctx.actor.roles),
            correlation_id=ctx.correlation_id,
            reason=None,
            title=title,
            severity=severity.value,
            started_at=started_at,
        )

    def rename(self, *, ctx: CommandContext, title: str) -> None:
        """Changes the title."""
        _check_title(title)
        self.trigger_event(
            self.MetadataUpdated,
            actor_id=ctx.actor.user_id,
            actor_roles=sorted(ctx.actor.roles),
            correlation_id=ctx.correlation_id,
            reason=None,
            title=title,
        )

    def to_document(self) -> dict[str, Any]:
        """Returns the current state as plain data."""
        return {
            "id": str(self.id),
            "version": self.version,
            "state": self.state.value,
            "title": self.title,
            "severity": self.severity.value,
            "window": {"started_at": self.started_at},
            "authors": list(self.authors),
            "created_at": self.created_on,
            "updated_at": self.modified_on,
        }

    @property
    def postmortem_id(self) -> UUID:
        """Returns the id."""
        return self.id


def _check_title(title: str) -> None:
    problems = []
    if not title.strip():
        problems.append(FieldProblem("title", "must not be empty"))
    if len(title) > TITLE_MAX:
        problems.append(FieldProblem("title", f"at most {TITLE_MAX} characters"))
    if problems:
        raise ValidationFailed(problems)
