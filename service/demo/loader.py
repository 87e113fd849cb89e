"""Loads demo postmortems through the application's commands, so every event is real."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from uuid import UUID

from service.application.postmortems import CommandResult, PostmortemApplication
from service.demo.dataset import PostmortemSpec
from service.domain.values import Actor, CommandContext, Severity


def _ctx(user: str, role: str, correlation_id: str) -> CommandContext:
    return CommandContext(Actor(user, frozenset({role})), correlation_id)


class DemoLoader:
    """Writes each spec as the commands a team would issue, one postmortem at a time."""

    def __init__(self, app: PostmortemApplication) -> None:
        self.app = app

    def load(
        self,
        specs: Iterable[PostmortemSpec],
        on_loaded: Callable[[PostmortemSpec, UUID], None] | None = None,
    ) -> list[UUID]:
        """Loads every spec; returns the postmortems' ids in order."""
        ids = []
        for index, spec in enumerate(specs):
            postmortem_id = self.load_one(spec, f"demo-{index}")
            ids.append(postmortem_id)
            if on_loaded is not None:
                on_loaded(spec, postmortem_id)
        return ids

    def load_one(self, spec: PostmortemSpec, correlation_id: str) -> UUID:
        """Writes one postmortem and walks it to its target state; returns its id."""
        author = _ctx(spec.author, "author", correlation_id)
        result = self.app.create_postmortem(
            ctx=author,
            title=spec.draft_title or spec.title,
            severity=Severity(spec.severity),
            started_at=spec.started_at,
        )
        if spec.draft_title is not None:
            result = self._rename(author, result, spec.title)
        return result.postmortem_id

    def _rename(self, ctx: CommandContext, result: CommandResult, title: str) -> CommandResult:
        return self.app.rename_postmortem(
            ctx=ctx,
            postmortem_id=result.postmortem_id,
            expected_version=result.version,
            title=title,
        )
