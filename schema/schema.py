"""The root schema: composes every area's queries and mutations."""

from __future__ import annotations

from functools import partial

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter

from schema.operations.queries import OperationsQuery
from schema.operations.subscriptions import OperationsSubscription
from schema.postmortems.mutations import PostmortemMutation
from schema.postmortems.queries import PostmortemQuery


@strawberry.type
class Query(PostmortemQuery, OperationsQuery):
    """Every query."""


@strawberry.type
class Mutation(PostmortemMutation):
    """Every mutation."""


@strawberry.type
class Subscription(OperationsSubscription):
    """Every subscription."""


def build_schema() -> strawberry.Schema:
    """Returns the schema with its security limits."""
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            partial(QueryDepthLimiter, max_depth=12),
            partial(MaxTokensLimiter, max_token_count=2_000),
            partial(MaxAliasesLimiter, max_alias_count=15),
        ],
    )
