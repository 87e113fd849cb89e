"""Observes every command of an application in one place (for metrics), without touching them.

Every command goes through `PostmortemApplication.handle`, so wrapping it once observes each
command, new ones included; the observer gets the command's name (`Command.name()`).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from service.application.commands import Command
from service.application.postmortems import CommandResult, PostmortemApplication
from service.domain import CommandContext

# Told the command's name, its duration in seconds and the error it raised (None on success).
CommandObserver = Callable[[str, float, BaseException | None], None]


def observe_commands(app: PostmortemApplication, observer: CommandObserver) -> None:
    """Wraps this application instance's `handle` so that the observer sees each command."""
    handle = app.handle

    @functools.wraps(handle)
    def observed(command: Command, ctx: CommandContext) -> CommandResult:
        started = time.perf_counter()
        try:
            result = handle(command, ctx)
        except BaseException as error:
            observer(command.name(), time.perf_counter() - started, error)
            raise
        observer(command.name(), time.perf_counter() - started, None)
        return result

    app.handle = observed  # type: ignore[method-assign]
