"""The root schema: composes every area's queries and mutations."""

from __future__ import annotations

from functools import partial
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from schema.audit.queries import AuditQuery
from schema.compliance.queries import ComplianceQuery
from schema.depth_limit import depth_limit_rule
from schema.descriptions import describe
from schema.hardening import (
    MaskInternalErrors,
    StringLengthLimiter,
    TextArguments,
    correlation_id_of,
    log_errors,
)
from schema.metrics.queries import MetricsQuery
from schema.operations.queries import OperationsQuery
from schema.operations.subscriptions import OperationsSubscription
from schema.postmortems.action_items import ActionItemQuery
from schema.postmortems.mutations import PostmortemMutation
from schema.postmortems.queries import PostmortemQuery
from schema.read_model import ReadModelExtension
from schema.recurring.queries import RecurringQuery
from schema.scalars import SCALAR_OVERRIDES, ZoneOptionalInMutations


@strawberry.type
class Query(
    PostmortemQuery,
    ActionItemQuery,
    AuditQuery,
    ComplianceQuery,
    RecurringQuery,
    MetricsQuery,
    OperationsQuery,
):
    """Every query."""


@strawberry.type
class Mutation(PostmortemMutation):
    """Every mutation."""


@strawberry.type
class Subscription(OperationsSubscription):
    """Every subscription."""


MAX_DEPTH = 12
# Built once, so that every request carries the very same rule classes and the validation
# cache can hit (the limiters build new rule classes each time they are constructed). The
# depth limit is ours: strawberry's QueryDepthLimiter does not count introspection fields.
_LIMIT_RULES = [
    depth_limit_rule(MAX_DEPTH),
    *MaxAliasesLimiter(max_alias_count=15).validation_rules,
]


class Schema(strawberry.Schema):
    """The strawberry schema, logging errors with the request's correlation id."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Logs errors server-side (the client sees the masked version)."""
        context = execution_context.context if execution_context is not None else None
        log_errors(errors, correlation_id_of(context))


def build_schema(*, production: bool = False, max_string_bytes: int = 100_000) -> Schema:
    """Returns the schema with its security limits (no introspection in production) and
    parse and validation caches."""
    extensions: list[Any] = [
        MaskInternalErrors,
        ZoneOptionalInMutations,
        ReadModelExtension,
        partial(StringLengthLimiter, max_bytes=max_string_bytes),
        TextArguments,
        partial(AddValidationRules, _LIMIT_RULES),
        partial(MaxTokensLimiter, max_token_count=2_000),
        # Clients send the same few documents: parse and validate each once (bounded LRU).
        partial(ParserCache, maxsize=512),
        partial(ValidationCache, maxsize=512),
    ]
    if production:
        extensions.append(DisableIntrospection)
    schema = Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        scalar_overrides=SCALAR_OVERRIDES,  # type: ignore[arg-type]
    )
    describe(schema._schema)
    return schema
