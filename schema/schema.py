"""The root schema: composes every area's queries and mutations."""

from __future__ import annotations

from functools import partial

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)

from schema.audit.queries import AuditQuery
from schema.compliance.queries import ComplianceQuery
from schema.operations.queries import OperationsQuery
from schema.operations.subscriptions import OperationsSubscription
from schema.postmortems.mutations import PostmortemMutation
from schema.postmortems.queries import PostmortemQuery


@strawberry.type
class Query(PostmortemQuery, AuditQuery, ComplianceQuery, OperationsQuery):
    """Every query."""


@strawberry.type
class Mutation(PostmortemMutation):
    """Every mutation."""


@strawberry.type
class Subscription(OperationsSubscription):
    """Every subscription."""


# Built once, so that every request carries the very same rule classes and the validation
# cache can hit (the limiters build new rule classes each time they are constructed).
_LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=12).validation_rules,
    *MaxAliasesLimiter(max_alias_count=15).validation_rules,
]


class QueryLimits(AddValidationRules):
    """Query depth at most 12 and at most 15 aliases."""

    def __init__(self) -> None:
        super().__init__(_LIMIT_RULES)


def build_schema() -> strawberry.Schema:
    """Returns the schema with its security limits."""
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            QueryLimits,
            partial(MaxTokensLimiter, max_token_count=2_000),
            # Parse and validate each distinct query text once (validation dominated the
            # profile of bench/read_your_writes.py); bounded, since query texts are client input.
            partial(ParserCache, maxsize=512),
            partial(ValidationCache, maxsize=512),
        ],
    )
