"""Observes every command of an application in one place (for metrics), without touching them.

A command is a public method of the application that returns a `CommandResult`; new commands
are observed as soon as they are written.
"""

from __future__ import annotations

import functools
import inspect
import time
from collections.abc import Callable
from typing import Any

from service.application.postmortems import CommandResult, PostmortemApplication

# Told the command's name, its duration in seconds and the error it raised (None on success).
CommandObserver = Callable[[str, float, BaseException | None], None]


def command_names(app_class: type[PostmortemApplication]) -> list[str]:
    """Returns the names of the application's commands."""
    return [
        name
        for name, function in inspect.getmembers(app_class, inspect.isfunction)
        if not name.startswith("_")
        and inspect.signature(function).return_annotation in ("CommandResult", CommandResult)
    ]


def observe_commands(app: PostmortemApplication, observer: CommandObserver) -> None:
    """Wraps each command of this application instance so that the observer sees it."""
    for name in command_names(type(app)):
        setattr(app, name, _observed(name, getattr(app, name), observer))


def _observed(
    name: str, command: Callable[..., CommandResult], observer: CommandObserver
) -> Callable[..., CommandResult]:
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> CommandResult:
        started = time.perf_counter()
        try:
            result = command(*args, **kwargs)
        except BaseException as error:
            observer(name, time.perf_counter() - started, error)
            raise
        observer(name, time.perf_counter() - started, None)
        return result

    return run
