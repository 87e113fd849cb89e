"""Typed errors returned as data by mutations (never as stack traces)."""

from __future__ import annotations

import strawberry

from schema.field_paths import graphql_problems
from service.domain import errors


@strawberry.interface(
    description="Something the caller can fix: `message` names the refused operation, why, "
    'and the way forward ("cannot writeSummary: the postmortem is PUBLISHED; call '
    'amendPostmortem first").'
)
class Error:
    message: str


@strawberry.type(description="One problem with one input field.")
class FieldError:
    field: str
    message: str


@strawberry.type(description="The input is invalid; every problem is listed.")
class ValidationError(Error):
    fields: list[FieldError]


@strawberry.type(description="`expectedVersion` is stale; nothing was written.")
class ConcurrencyConflict(Error):
    current_version: int
    expected_version: int | None


@strawberry.type(description="The caller may not do this.")
class NotPermitted(Error):
    pass


@strawberry.type(description="The action is not allowed in the postmortem's current state.")
class InvalidTransition(Error):
    from_state: str
    action: str = strawberry.field(description="The refused operation, e.g. publishPostmortem.")


@strawberry.type(description="No such postmortem (or not visible to the caller).")
class NotFound(Error):
    id: strawberry.ID


ErrorType = ValidationError | ConcurrencyConflict | NotPermitted | InvalidTransition | NotFound


def error_from(error: errors.DomainError) -> ErrorType:
    """Returns the GraphQL error type for a domain error."""
    match error:
        case errors.ValidationFailed(problems=problems):
            # The message and the fields name each field as the API does (field_paths.py).
            named = errors.ValidationFailed(graphql_problems(problems))
            if error.operation is not None:
                named.refuse(error.operation)
            return ValidationError(
                message=named.message,
                fields=[FieldError(field=p.field, message=p.message) for p in named.problems],
            )
        case errors.ConcurrencyConflict():
            return ConcurrencyConflict(
                message=str(error),
                current_version=error.current_version,
                expected_version=error.expected_version,
            )
        case errors.InvalidTransition():
            return InvalidTransition(
                message=str(error), from_state=error.from_state, action=error.action
            )
        case errors.IncidentRefTaken():
            return ValidationError(
                message=str(error),
                fields=[FieldError(field="incidentRef", message=str(error))],
            )
        case errors.PostmortemNotFound():
            return NotFound(message=str(error), id=strawberry.ID(error.postmortem_id))
        case _:
            return NotPermitted(message=str(error))
