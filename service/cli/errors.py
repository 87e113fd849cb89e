"""How the command line reports failures: one line naming the problem and the fix, and an
exit code a script can act on (the README's table). `--debug` adds the traceback."""

from __future__ import annotations

import sqlite3
import sys
import traceback
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

import typer
from eventsourcing.persistence import PersistenceError
from pymongo.errors import ConnectionFailure, PyMongoError

# typer vendors its own click: its parsing errors are these classes, not the `click` package's.
from typer._click.exceptions import ClickException
from typer.core import TyperGroup

from projections.recurring.embedding_model import ModelUnavailable
from service.config import ConfigurationError
from service.infrastructure.local_mongo import LocalMongoError


class ExitCode(IntEnum):
    """The exit codes of every `postmortems` command."""

    OK = 0
    FINDING = 1  # the command ran and found a problem, e.g. a broken audit chain
    USAGE = 2  # bad option, argument or configuration: fix the command line or the settings
    UNAVAILABLE = 3  # MongoDB, the event store, the embedded server or the port is unavailable
    INTERNAL = 70  # an unexpected error (a bug): rerun with --debug and report it


class CliError(Exception):
    """A failure the command reports as one line (problem; fix) with its exit code."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def usage(message: str) -> CliError:
    """Returns a usage/configuration error (exit 2)."""
    return CliError(message, ExitCode.USAGE)


def unavailable(message: str) -> CliError:
    """Returns an infrastructure error (exit 3)."""
    return CliError(message, ExitCode.UNAVAILABLE)


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return " ".join(text.split())[:400]


def describe(error: BaseException) -> tuple[ExitCode, str]:
    """Returns the exit code and the one-line message for an error a command raised."""
    if isinstance(error, CliError):
        return error.code, error.message
    if isinstance(error, ConfigurationError):
        problems = "; ".join(line for line in str(error).splitlines() if line.strip())
        return ExitCode.USAGE, (
            f"invalid configuration (environment or .env): {problems}; "
            "fix the variable (README: Configuration)"
        )
    if isinstance(error, ClickException):
        context = getattr(error, "ctx", None)
        command = context.command_path if context is not None else "postmortems"
        message = " ".join(error.format_message().replace("Value error, ", "").split())
        return ExitCode.USAGE, f"{message} (see `{command} --help`)"
    if isinstance(error, ModelUnavailable):
        return ExitCode.USAGE, f"{_first_line(error)} (README: Configuration)"
    if isinstance(error, LocalMongoError):
        return ExitCode.UNAVAILABLE, (
            f"{_first_line(error)}; or set MONGODB_URI to a running MongoDB server"
        )
    if isinstance(error, ConnectionFailure):
        return ExitCode.UNAVAILABLE, (
            f"MongoDB is unreachable ({type(error).__name__}): start it or fix MONGODB_URI"
        )
    if isinstance(error, PyMongoError):
        return ExitCode.UNAVAILABLE, (
            f"MongoDB failed: {_first_line(error)}; check the server and MONGODB_URI"
        )
    if isinstance(error, PersistenceError | sqlite3.Error) or _is_psycopg_error(error):
        return ExitCode.UNAVAILABLE, (
            f"the event store failed: {_first_line(error)}; check EVENT_STORE, POSTGRES_DSN "
            "or SQLITE_PATH and that the database runs"
        )
    return ExitCode.INTERNAL, (
        f"unexpected {type(error).__name__}: {_first_line(error)} "
        "(a bug: rerun with --debug for the traceback and report it)"
    )


def _is_psycopg_error(error: BaseException) -> bool:
    module = sys.modules.get("psycopg")
    return module is not None and isinstance(error, module.Error)


class OneLineErrors(TyperGroup):
    """The command group: runs a command and turns any failure into one line on stderr and
    the documented exit code; `--debug` (anywhere on the command line) prints the traceback."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in argv
        argv = [arg for arg in argv if arg != "--debug"]
        try:
            result = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
            code = int(result) if isinstance(result, int) else ExitCode.OK
        except typer.Abort:
            typer.echo("aborted", err=True)
            code = 130
        except Exception as error:
            if debug:
                traceback.print_exc()
            code, message = describe(error)
            typer.echo(f"error: {message}", err=True)
        if standalone_mode:
            sys.exit(code)
        return code
