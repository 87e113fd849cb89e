"""Errors the domain and application raise; adapters map them to typed API errors."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


class DomainError(Exception):
    """Base class of every expected, user-facing error."""


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one input field."""

    field: str
    message: str


class ValidationFailed(DomainError):
    """The command's input is invalid; every problem is listed."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


class NotPermitted(DomainError):
    """The actor may not do this."""


class InvalidTransition(DomainError):
    """The command is not allowed in the postmortem's current state."""

    def __init__(self, from_state: str, action: str, message: str = "") -> None:
        super().__init__(message or f"cannot {action} a postmortem in state {from_state}")
        self.from_state = from_state
        self.action = action


class ConcurrencyConflict(DomainError):
    """The command's expected version is not the current version."""

    def __init__(self, current_version: int, expected_version: int) -> None:
        super().__init__(
            f"expected version {expected_version}, but the current version is {current_version}"
        )
        self.current_version = current_version
        self.expected_version = expected_version


class PostmortemNotFound(DomainError):
    """No postmortem has this id (or the actor may not see it)."""

    def __init__(self, postmortem_id: UUID | str) -> None:
        super().__init__(f"postmortem {postmortem_id} not found")
        self.postmortem_id = str(postmortem_id)
