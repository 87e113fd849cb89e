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
from schema.postmortems.mutations import PostmortemMutation
from schema.postmortems.queries import PostmortemQuery


@strawberry.type
class Query(PostmortemQuery, AuditQuery, ComplianceQuery):
    """Every query."""


@strawberry.type
class Mutation(PostmortemMutation):
    """Every mutation."""


# The depth and alias limits' validation rules, built once rather than per request, so that the
# validation cache recognises them (each limiter instance makes a new rule class).
_LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=12).validation_rules,
    *MaxAliasesLimiter(max_alias_count=15).validation_rules,
]


def build_schema() -> strawberry.Schema:
    """Returns the schema with its security limits and parse/validation caches."""
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            partial(AddValidationRules, _LIMIT_RULES),
            partial(MaxTokensLimiter, max_token_count=2_000),
            # Clients send the same few documents: parse and validate each once (bounded LRU).
            partial(ParserCache, maxsize=512),
            partial(ValidationCache, maxsize=512),
        ],
    )
