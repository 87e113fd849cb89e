"""Domain errors shared by every layer of the service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one field of a command or of the document."""

    field: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Returns the problem as a plain dict."""
        return {"field": self.field, "message": self.message}


class DomainError(Exception):
    """Base class of every error the domain raises on purpose.

    `message` says why, and where there is one, the way forward, in the API's words ("the
    postmortem is PUBLISHED; call amendPostmortem first"). Once the refused operation is known,
    `refuse(operation)` names it first: "cannot writeSummary: the postmortem is PUBLISHED; ...".
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = message
        self.operation: str | None = None

    def refuse(self, operation: str) -> DomainError:
        """Names the refused operation (a GraphQL mutation's name) in the message; returns self."""
        if self.operation is None:
            self.operation = operation
            self.message = f"cannot {operation}: {self.reason}"
            self.args = (self.message,)
        return self


class ValidationFailed(DomainError):
    """Raised with every problem of a command at once."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = list(problems)
        summary = "; ".join(f"{p.field}: {p.message}" for p in self.problems)
        super().__init__(f"validation failed: {summary}")

    def refuse(self, operation: str) -> DomainError:
        """Names the operation; the way forward is to correct the listed fields."""
        if self.operation is None:
            count = len(self.problems)
            fields = "the field" if count == 1 else f"the {count} fields"
            self.reason = f"{self.reason}; correct {fields} and send it again"
        return super().refuse(operation)


class NotPermitted(DomainError):
    """Raised when the actor may not run the command on this postmortem."""


class InvalidTransition(DomainError):
    """Raised when the command is not allowed in the current workflow state (`action`: the
    refused operation, as the API names it)."""

    def __init__(self, from_state: str, action: str, message: str) -> None:
        super().__init__(message)
        self.from_state = from_state
        self.action = action

    def refuse(self, operation: str) -> DomainError:
        """Names the operation (also as `action`)."""
        self.action = operation
        return super().refuse(operation)


class ConcurrencyConflict(DomainError):
    """Raised by the application when the expected version is stale."""

    def __init__(self, current_version: int, expected_version: int | None = None) -> None:
        detail = "" if expected_version is None else f", not {expected_version}"
        super().__init__(
            f"the postmortem is at version {current_version}{detail} (it changed since you "
            f"read it); read it again, then retry with expectedVersion {current_version}"
        )
        self.current_version = current_version
        self.expected_version = expected_version


class PostmortemNotFound(DomainError):
    """Raised by the application when no postmortem has the given id."""

    def __init__(self, postmortem_id: UUID | str) -> None:
        super().__init__(
            f"postmortem {postmortem_id} not found (or not visible to you); check the id"
        )
        self.postmortem_id = str(postmortem_id)


class IncidentRefTaken(DomainError):
    """Raised by the application when an incident ref is already reserved."""

    def __init__(self, incident_ref: str) -> None:
        super().__init__(
            f"incident ref {incident_ref!r} is already used by another postmortem; edit that "
            "one, or leave incidentRef empty"
        )
        self.incident_ref = incident_ref
