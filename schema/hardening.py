"""Schema extensions that protect the API: string caps, text that is not valid Unicode, and
error masking with correlation ids.

Errors we raise on purpose (GraphQLError: a bad page size, id or cursor; a DomainError such
as NotPermitted from a query resolver) and the errors
GraphQL itself reports (syntax, unknown field, wrong type, unknown enum value) reach the client
as they are. Any other exception is an internal error: the client gets "Internal server error"
and the correlation id, the log gets the whole story.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, StringValueNode, visit
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType

from service.domain.errors import DomainError, NotPermitted, PostmortemNotFound, ValidationFailed
from service.domain.text import problem as text_problem

MASKED_MESSAGE = "Internal server error"
log = logging.getLogger("postmortems.graphql")


# Domain errors a query resolver lets through are the caller's business, with these codes.
_DOMAIN_CODES: dict[type[DomainError], str] = {
    NotPermitted: "FORBIDDEN",
    PostmortemNotFound: "NOT_FOUND",
    ValidationFailed: "BAD_USER_INPUT",
}


def is_unexpected(error: GraphQLError) -> bool:
    """Tells whether an error comes from a bug or a failing dependency, not from the caller."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | DomainError)


def _code(error: GraphQLError) -> str | None:
    original = error.original_error
    for kind, code in _DOMAIN_CODES.items():
        if isinstance(original, kind):
            return code
    return "BAD_USER_INPUT" if isinstance(original, DomainError) else None


def correlation_id_of(context: object) -> str | None:
    """Returns the request's correlation id from a resolver context, if it has one."""
    value = getattr(context, "correlation_id", None)
    return value if isinstance(value, str) else None


def mask_errors(errors: list[GraphQLError], correlation_id: str | None) -> list[GraphQLError]:
    """Returns the errors as the client may see them: internals masked, correlation id added."""
    masked: list[GraphQLError] = []
    for error in errors:
        extensions: dict[str, Any] = dict(error.extensions or {})
        if correlation_id is not None:
            extensions.setdefault("correlationId", correlation_id)
        if not is_unexpected(error):
            if (code := _code(error)) is not None:
                extensions.setdefault("code", code)
            # Kept as it is (re-creating it would recompute locations over the whole source).
            error.extensions = extensions
            masked.append(error)
            continue
        extensions["code"] = "INTERNAL_SERVER_ERROR"
        masked.append(
            GraphQLError(
                MASKED_MESSAGE,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions=extensions,
            )
        )
    return masked


def log_errors(errors: list[GraphQLError], correlation_id: str | None) -> None:
    """Logs errors server-side: unexpected ones with their traceback."""
    for error in errors:
        original = error.original_error
        if is_unexpected(error) and original is not None:
            log.error(
                "internal error at %s (correlation id %s): %s",
                error.path,
                correlation_id,
                original,
                exc_info=(type(original), original, original.__traceback__),
            )
        else:
            log.info("client error (correlation id %s): %s", correlation_id, error.message)


class MaskInternalErrors(SchemaExtension):
    """Masks unexpected errors and tags every error with `extensions.correlationId` (and its
    `code`): in HTTP answers, and in each result a websocket operation (e.g. a subscription)
    sends."""

    def on_operation(self) -> Iterator[None]:
        """Rewrites the result's errors once the operation is done."""
        yield
        self._mask(self.execution_context.result)

    def on_stream_result(self, result: Any) -> Iterator[None]:
        """Rewrites the errors of each result a streaming transport sends, before it is sent."""
        self._mask(result)
        yield

    def _mask(self, result: object) -> None:
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            correlation_id = correlation_id_of(self.execution_context.context)
            result.errors = mask_errors(errors, correlation_id)  # type: ignore[attr-defined]


def _too_long(value: str, max_bytes: int) -> bool:
    # Characters are at most 4 UTF-8 bytes: skip the encoding for short strings.
    return len(value) * 4 > max_bytes and len(value.encode("utf-8", "surrogatepass")) > max_bytes


def _long_variable(variables: object, max_bytes: int) -> bool:
    stack = [variables]  # iterative: arbitrarily nested JSON must not exhaust the stack
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if _too_long(value, max_bytes):
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


class _LongLiteralFinder(Visitor):
    def __init__(self, max_bytes: int) -> None:
        super().__init__()
        self.max_bytes = max_bytes
        self.found = False

    def enter_string_value(self, node: StringValueNode, *_: object) -> None:
        if _too_long(node.value, self.max_bytes):
            self.found = True


class StringLengthLimiter(SchemaExtension):
    """Refuses a request in which any single string (literal or variable) is too long."""

    def __init__(self, *, max_bytes: int) -> None:
        self.max_bytes = max_bytes

    def on_parse(self) -> Iterator[None]:
        """Checks variables before parsing and literals after, before anything runs."""
        message = f"a string argument is longer than {self.max_bytes} bytes"
        if _long_variable(self.execution_context.variables, self.max_bytes):
            raise GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})
        yield
        document = self.execution_context.graphql_document
        if document is not None:
            finder = _LongLiteralFinder(self.max_bytes)
            visit(document, finder)
            if finder.found:
                raise GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


def _text_problems(value: object, path: str) -> Iterator[str]:
    stack: list[tuple[object, str]] = [(value, path)]  # iterative, like _long_variable
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if (message := text_problem(item)) is not None:
                yield f"{where} {message}"
        elif isinstance(item, dict):
            stack.extend((v, f"{where}.{k}") for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))


class _BadLiteralFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: str | None = None

    def enter_string_value(self, node: StringValueNode, *_: object) -> None:
        if self.found is None and (message := text_problem(node.value)) is not None:
            line = node.loc.source.get_location(node.loc.start).line if node.loc else 0
            self.found = f"the string on line {line} {message}"


class TextArguments(SchemaExtension):
    """Refuses a query or subscription whose string arguments (variables or literals) are not
    valid Unicode or hold control characters (newline and tab aside), before it runs: such text
    names nothing that exists. Mutations are left to the domain's intake (intake.py), which
    answers a ValidationError naming the field."""

    def on_validate(self) -> Iterator[None]:
        """Checks after parsing, once the operation's type is known."""
        context = self.execution_context
        if context.graphql_document is not None and not _is_mutation(context):
            variables = context.variables or {}
            for message in _text_problems(variables, "variable"):
                raise GraphQLError(message.replace("variable.", "$", 1), extensions=_BAD_INPUT)
            finder = _BadLiteralFinder()
            visit(context.graphql_document, finder)
            if finder.found is not None:
                raise GraphQLError(finder.found, extensions=_BAD_INPUT)
        yield


_BAD_INPUT = {"code": "BAD_USER_INPUT"}


def _is_mutation(context: ExecutionContext) -> bool:
    try:
        return context.operation_type is OperationType.MUTATION
    except RuntimeError:
        return False  # no such operation: validation reports it; checking text does no harm
