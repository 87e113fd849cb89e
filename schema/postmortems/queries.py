"""Read queries: one postmortem, and pages of postmortems (from the MongoDB read model)."""

from __future__ import annotations

from uuid import UUID

import strawberry
from graphql import GraphQLError

from projections.postmortems.queries import InvalidCursor
from schema.context import Context
from schema.postmortems.types import PageInfo, Postmortem, PostmortemConnection, PostmortemEdge

MAX_PAGE_SIZE = 100


def parse_id(value: str) -> UUID:
    """Returns the UUID in an ID argument, or raises a client error."""
    try:
        return UUID(value)
    except ValueError:
        raise GraphQLError(f"invalid id {value!r}: expected a UUID") from None


@strawberry.type
class PostmortemQuery:
    @strawberry.field(
        description="One postmortem by id, or null if there is none or the caller may not see it."
    )
    async def postmortem(
        self, info: strawberry.Info[Context, None], id: strawberry.ID
    ) -> Postmortem | None:
        services = info.context.services
        postmortem_id = str(parse_id(id))
        doc = await services.postmortems.get(postmortem_id, actor=info.context.require_actor())
        return Postmortem.from_document(doc) if doc else None

    @strawberry.field(
        description="Postmortems the caller may see, newest first, `first` at most 100."
    )
    async def postmortems(
        self,
        info: strawberry.Info[Context, None],
        first: int = 20,
        after: str | None = None,
    ) -> PostmortemConnection:
        if not 1 <= first <= MAX_PAGE_SIZE:
            raise GraphQLError(f"first must be between 1 and {MAX_PAGE_SIZE}")
        try:
            page = await info.context.services.postmortems.page(
                actor=info.context.require_actor(), first=first, after=after
            )
        except InvalidCursor:
            raise GraphQLError("invalid cursor: pass an endCursor from a previous page") from None
        edges = [
            PostmortemEdge(cursor=page.cursor(doc), node=Postmortem.from_document(doc))
            for doc in page.items
        ]
        return PostmortemConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=page.total_count,
        )
