"""Schema extensions that protect the API: string caps, the depth limit and error masking
with correlation ids.

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

from graphql import GraphQLError, StringValueNode, ValidationRule, visit
from graphql.language import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Visitor,
)
from strawberry.extensions import SchemaExtension

from service.domain.errors import DomainError, NotPermitted, PostmortemNotFound, ValidationFailed

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


def depth_limit_rule(max_depth: int) -> type[ValidationRule]:
    """Returns a validation rule that refuses an operation whose fields nest more than
    `max_depth` deep (a field with a selection set counts one level; fragments are followed).

    Introspection fields count like any other: strawberry's QueryDepthLimiter skips every
    field whose name starts with `__`, so a 50-deep `__schema { … ofType { ofType …` passed.
    GraphiQL's introspection query is trimmed to fit (service/api/static/graphiql/start.js).
    """

    class DepthLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
            document = self.context.document
            fragments = {
                d.name.value: d
                for d in document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            if _too_deep(node.selection_set, fragments, max_depth):
                name = node.name.value if node.name else "anonymous"
                self.report_error(
                    GraphQLError(f"'{name}' exceeds maximum operation depth of {max_depth}", node)
                )

    return DepthLimit


def _too_deep(
    root: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode], max_depth: int
) -> bool:
    """Tells whether a selection set nests deeper than `max_depth` (iterative; a fragment is
    looked into once per depth, so spreading fragments many times costs nothing more)."""
    stack: list[tuple[SelectionSetNode, int, frozenset[str]]] = [(root, 0, frozenset())]
    seen: set[tuple[str, int]] = set()
    while stack:
        selection_set, depth, spread = stack.pop()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.selection_set is not None:
                    if depth + 1 > max_depth:
                        return True
                    stack.append((selection.selection_set, depth + 1, spread))
            elif isinstance(selection, InlineFragmentNode):
                stack.append((selection.selection_set, depth, spread))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is None or name in spread or (name, depth) in seen:
                    continue  # unknown or cyclic spreads are other rules' errors
                seen.add((name, depth))
                stack.append((fragment.selection_set, depth, spread | {name}))
    return False
