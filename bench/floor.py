"""The framework floor: the service's stack with mutations that return a constant postmortem."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from starlette.applications import Starlette

from bench.stack import SAME_EXTENSIONS, app_with_schema
from schema.postmortems.mutations import CreatePostmortemInput, PostmortemResult
from schema.postmortems.types import Postmortem
from service.config import Settings

_AT = datetime(2025, 7, 15, 17, 42, tzinfo=UTC)
_DOC = {
    "id": "00000000-0000-4000-8000-000000000000",
    "version": 1,
    "state": "DRAFT",
    "title": "constant",
    "severity": "SEV2",
    "window": {"started_at": _AT},
    "authors": ["alice"],
    "created_at": _AT,
    "updated_at": _AT,
}


@strawberry.type
class Query:
    @strawberry.field
    def ok(self) -> bool:
        return True


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_postmortem(self, input: CreatePostmortemInput) -> PostmortemResult:
        return Postmortem.from_document(_DOC)

    @strawberry.mutation
    async def rename_postmortem(
        self, id: strawberry.ID, expected_version: int, title: str
    ) -> PostmortemResult:
        return Postmortem.from_document(_DOC)


def floor_app(settings: Settings) -> Starlette:
    """Returns the floor server."""
    return app_with_schema(
        settings, strawberry.Schema(query=Query, mutation=Mutation, extensions=SAME_EXTENSIONS)
    )
