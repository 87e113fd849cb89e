"""The design a user might pick instead: GraphQL CRUD writing documents straight to MongoDB.

Same HTTP stack, same GraphQL types and read model shape; no events, no projection, no audit.
A metadata update is a version-guarded `update_one`, then a `find_one` of the result.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import strawberry
from pymongo import AsyncMongoClient
from starlette.applications import Starlette

from bench.documents import draft_document
from bench.stack import SAME_EXTENSIONS, app_with_schema
from projections.postmortems.ordering import sort_keys
from projections.postmortems.projection import with_list_fields
from projections.postmortems.queries import PostmortemQueries
from projections.postmortems.search import search_text
from schema.context import Context
from schema.errors import ConcurrencyConflict, FieldError, NotFound, ValidationError
from schema.postmortems.mutations import CreatePostmortemInput, MetadataInput, PostmortemResult
from schema.postmortems.queries import PostmortemQuery
from schema.postmortems.types import Postmortem
from service.config import Settings


def _title_problem(title: str) -> ValidationError | None:
    if title.strip() and len(title) <= 200:
        return None
    return ValidationError(
        message="invalid title", fields=[FieldError(field="title", message="1 to 200 characters")]
    )


def _metadata(input: MetadataInput) -> dict[str, Any]:
    window = input.incident_window
    return {
        "title": input.title,
        "severity": input.severity.value,
        "window": {
            "started_at": window.started_at,
            "detected_at": window.detected_at,
            "mitigated_at": window.mitigated_at,
            "resolved_at": window.resolved_at,
        },
        "services": list(input.services),
        "tags": list(input.tags),
        "team": input.team,
    }


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_postmortem(
        self, info: strawberry.Info[Context, None], input: CreatePostmortemInput
    ) -> PostmortemResult:
        if problem := _title_problem(input.title):
            return problem
        now = datetime.now(UTC)
        user = info.context.actor.user_id if info.context.actor else "?"
        # The list's derived fields (search text, sort keys), as the projection keeps them.
        doc = with_list_fields(
            draft_document(
                str(uuid.uuid4()),
                **_metadata(input),
                incident_ref=input.incident_ref,
                authors=[user],
                created_by=user,
                created_at=now,
                updated_at=now,
            )
        )
        await info.context.deps.db["postmortems"].insert_one(doc)
        return Postmortem.from_document(doc)

    @strawberry.mutation
    async def update_postmortem_metadata(
        self,
        info: strawberry.Info[Context, None],
        id: strawberry.ID,
        expected_version: int,
        input: MetadataInput,
    ) -> PostmortemResult:
        if problem := _title_problem(input.title):
            return problem
        collection = info.context.deps.db["postmortems"]
        # update_one + find_one, not find_one_and_update: SecantusDB's findAndModify scans
        # the collection, which would make this comparison unfairly easy to win.
        now = datetime.now(UTC)
        metadata = _metadata(input)
        # A draft's derived list fields follow its metadata (its only text is the title).
        keys = sort_keys({**metadata, "updated_at": now})
        derived = {
            "search": search_text(metadata),
            "sort": keys["sort"],
            "public_sort": keys["sort"],
        }
        updated = await collection.update_one(
            {"_id": str(id), "version": expected_version},
            {"$set": {**metadata, **derived, "updated_at": now}, "$inc": {"version": 1}},
        )
        doc = await collection.find_one({"_id": str(id)}) if updated.modified_count else None
        if doc is not None:
            return Postmortem.from_document(doc)
        current = await collection.find_one({"_id": str(id)}, {"version": 1})
        if current is None:
            return NotFound(message="not found", id=str(id))
        return ConcurrencyConflict(
            message="stale version",
            current_version=current["version"],
            expected_version=expected_version,
        )


@strawberry.type
class Query(PostmortemQuery):
    """The same list and get queries, on the same collection."""


def crud_app(settings: Settings) -> Starlette:
    """Returns the plain CRUD server."""
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        settings.mongodb_uri, tz_aware=True
    )
    db = client[settings.mongodb_database]
    return app_with_schema(
        settings,
        strawberry.Schema(query=Query, mutation=Mutation, extensions=SAME_EXTENSIONS),
        db=db,
        postmortems=PostmortemQueries(db),  # type: ignore[arg-type]
    )
