"""Schema extensions that protect the API: string caps, text that is not valid Unicode, one
operation per request unless `operationName` says which, and error masking with correlation
ids and codes.

Errors we raise on purpose (GraphQLError: a bad page size, id or cursor; a DomainError such
as NotPermitted from a query resolver) and the errors
GraphQL itself reports (syntax, unknown field, wrong type, unknown enum value) reach the client
as they are. Any other exception is an internal error: the client gets "Internal server error"
and the correlation id, the log gets the whole story. Every error carries a code from
schema/error_codes.py: GRAPHQL_PARSE_FAILED (syntax), GRAPHQL_VALIDATION_FAILED (found while
validating the document), the code its raiser gave, or else BAD_USER_INPUT (an argument or
variable the operation refused).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    StringValueNode,
    visit,
)
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType

from schema.error_codes import ErrorCode
from service.domain.errors import DomainError, NotPermitted, PostmortemNotFound, ValidationFailed
from service.domain.text import problem as text_problem

MASKED_MESSAGE = "Internal server error"
# The most tokens a document may hold (more: GRAPHQL_PARSE_FAILED).
MAX_TOKENS = 2_000
log = logging.getLogger("postmortems.graphql")


# Domain errors a query resolver lets through are the caller's business, with these codes.
_DOMAIN_CODES: dict[type[DomainError], str] = {
    NotPermitted: ErrorCode.FORBIDDEN,
    PostmortemNotFound: ErrorCode.NOT_FOUND,
    ValidationFailed: ErrorCode.BAD_USER_INPUT,
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
    return ErrorCode.BAD_USER_INPUT if isinstance(original, DomainError) else None


def correlation_id_of(context: object) -> str | None:
    """Returns the request's correlation id from a resolver context, if it has one."""
    value = getattr(context, "correlation_id", None)
    return value if isinstance(value, str) else None


def mask_errors(
    errors: list[GraphQLError],
    correlation_id: str | None,
    validation_errors: frozenset[int] = frozenset(),
) -> list[GraphQLError]:
    """Returns the errors as the client may see them: internals masked, the request's
    correlation id and a code on each (`validation_errors`: ids of the errors validation
    found, GRAPHQL_VALIDATION_FAILED unless they carry a code)."""
    masked: list[GraphQLError] = []
    for error in errors:
        extensions: dict[str, Any] = dict(error.extensions or {})
        if correlation_id is not None:
            extensions["correlationId"] = correlation_id
        if is_unexpected(error):
            extensions["code"] = ErrorCode.INTERNAL_SERVER_ERROR
            masked.append(_with(error, extensions, MASKED_MESSAGE))
            continue
        if "code" not in extensions:
            extensions["code"] = _code(error) or (
                ErrorCode.GRAPHQL_PARSE_FAILED
                if isinstance(error, GraphQLSyntaxError)
                else ErrorCode.GRAPHQL_VALIDATION_FAILED
                if id(error) in validation_errors
                else ErrorCode.BAD_USER_INPUT
            )
        if error.path is None:
            # Found before execution: the parser and validation caches hand every request the
            # same error objects, and each answer carries its own correlation id.
            masked.append(_with(error, extensions, error.message))
        else:
            # This request's own (re-creating it would recompute locations over the source).
            error.extensions = extensions
            masked.append(error)
    return masked


def _with(error: GraphQLError, extensions: dict[str, Any], message: str) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None if message == MASKED_MESSAGE else error.original_error,
        extensions=extensions,
    )


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

    def on_parse(self) -> Iterator[None]:
        """Refuses a document with several operations and no `operationName` (the GraphQL
        spec, "GetOperation": the request is ambiguous, so nothing runs)."""
        yield
        context = self.execution_context
        document = context.graphql_document
        if document is None:
            return
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        # strawberry keeps the name the client sent here (its `operation_name` falls back to
        # the first operation's, which is how an ambiguous document would run).
        wanted = getattr(context, "_provided_operation_name", None)
        if wanted is not None:
            if not any(o.name is not None and o.name.value == wanted for o in operations):
                raise GraphQLError(
                    f"the document has no operation named {str(wanted)[:100]!r}",
                    extensions={"code": ErrorCode.OPERATION_RESOLUTION_FAILURE},
                )
        elif len(operations) > 1:
            names = ", ".join(o.name.value if o.name else "(anonymous)" for o in operations)
            raise GraphQLError(
                f"the document holds {len(operations)} operations ({names}): send "
                "operationName to say which one to run",
                extensions={"code": ErrorCode.OPERATION_RESOLUTION_FAILURE},
            )

    def on_validate(self) -> Iterator[None]:
        """Notes what validation found (unknown fields, wrong literal types, the limits)."""
        yield
        found = self.execution_context.pre_execution_errors or ()
        self._validation_errors = frozenset(id(error) for error in found)

    def on_stream_result(self, result: Any) -> Iterator[None]:
        """Rewrites the errors of each result a streaming transport sends, before it is sent."""
        self._mask(result)
        yield

    def _mask(self, result: object) -> None:
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            correlation_id = correlation_id_of(self.execution_context.context)
            found: frozenset[int] = getattr(self, "_validation_errors", frozenset())
            result.errors = mask_errors(errors, correlation_id, found)  # type: ignore[attr-defined]


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
            raise GraphQLError(message, extensions={"code": ErrorCode.BAD_USER_INPUT})
        yield
        document = self.execution_context.graphql_document
        if document is not None:
            finder = _LongLiteralFinder(self.max_bytes)
            visit(document, finder)
            if finder.found:
                raise GraphQLError(message, extensions={"code": ErrorCode.BAD_USER_INPUT})


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


_BAD_INPUT = {"code": ErrorCode.BAD_USER_INPUT}


def _is_mutation(context: ExecutionContext) -> bool:
    try:
        return context.operation_type is OperationType.MUTATION
    except RuntimeError:
        return False  # no such operation: validation reports it; checking text does no harm
