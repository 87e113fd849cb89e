"""The framework floor: the service's stack with mutations that return a constant postmortem."""

from __future__ import annotations

import strawberry
from starlette.applications import Starlette

from bench.documents import draft_document
from bench.stack import SAME_EXTENSIONS, app_with_schema
from schema.postmortems.mutations import CreatePostmortemInput, MetadataInput, PostmortemResult
from schema.postmortems.types import Postmortem
from service.config import Settings

_DOC = draft_document("00000000-0000-4000-8000-000000000000", title="constant")


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
    async def update_postmortem_metadata(
        self, id: strawberry.ID, expected_version: int, input: MetadataInput
    ) -> PostmortemResult:
        return Postmortem.from_document(_DOC)


def floor_app(settings: Settings) -> Starlette:
    """Returns the floor server."""
    return app_with_schema(
        settings, strawberry.Schema(query=Query, mutation=Mutation, extensions=SAME_EXTENSIONS)
    )
