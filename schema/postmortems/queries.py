"""Read queries: one postmortem, and pages of postmortems (from the MongoDB read model)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import strawberry
from anyio import to_thread
from graphql import GraphQLError

from projections.postmortems.queries import InvalidCursor
from schema.context import Context
from schema.postmortems.types import PageInfo, Postmortem, PostmortemConnection, PostmortemEdge
from service.application.postmortems import PostmortemApplication
from service.domain import PostmortemNotFound

MAX_PAGE_SIZE = 100


def parse_id(value: str) -> UUID:
    """Returns the UUID in an ID argument, or raises a client error."""
    try:
        return UUID(value)
    except ValueError:
        raise GraphQLError(f"invalid id {value!r}: expected a UUID") from None


async def point_in_time(
    app: PostmortemApplication, postmortem_id: UUID, version: int | None, at: datetime | None
) -> dict[str, Any] | None:
    """Returns the postmortem rebuilt from the event store at a version or a time."""
    if version is not None and at is not None:
        raise GraphQLError("pass asOfVersion or asOf, not both")
    if version is not None and version < 1:
        raise GraphQLError("asOfVersion must be at least 1")

    def read() -> dict[str, Any] | None:
        wanted = version if at is None else app.version_at(postmortem_id, at)
        if wanted is None:
            return None
        current = app.current_version(postmortem_id)
        if wanted > current:
            raise GraphQLError(f"asOfVersion {wanted} does not exist: the latest is {current}")
        return app.document(postmortem_id, version=wanted)

    try:
        return await to_thread.run_sync(read)
    except PostmortemNotFound:
        return None


@strawberry.type
class PostmortemQuery:
    @strawberry.field(
        description="One postmortem by id, or null if there is none. With `asOfVersion` or "
        "`asOf` it is rebuilt from the event store as it was at that version or time (null "
        "if it did not exist yet)."
    )
    async def postmortem(
        self,
        info: strawberry.Info[Context, None],
        id: strawberry.ID,
        as_of_version: int | None = None,
        as_of: datetime | None = None,
    ) -> Postmortem | None:
        services = info.context.services
        if as_of_version is not None or as_of is not None:
            doc = await point_in_time(services.app, parse_id(id), as_of_version, as_of)
        else:
            doc = await services.postmortems.get(str(parse_id(id)))
        return Postmortem.from_document(doc) if doc else None

    @strawberry.field(description="Postmortems, newest first, `first` at most 100.")
    async def postmortems(
        self,
        info: strawberry.Info[Context, None],
        first: int = 20,
        after: str | None = None,
    ) -> PostmortemConnection:
        if not 1 <= first <= MAX_PAGE_SIZE:
            raise GraphQLError(f"first must be between 1 and {MAX_PAGE_SIZE}")
        try:
            page = await info.context.services.postmortems.page(first=first, after=after)
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
