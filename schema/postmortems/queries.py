"""Read queries: one postmortem, and pages of postmortems (from the MongoDB read model)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import strawberry
from anyio import to_thread
from graphql import GraphQLError

from projections.parks import CURRENT
from projections.postmortems.filters import PostmortemFilter as ListFilter
from projections.postmortems.search import search_terms
from schema.context import Context
from schema.pagination import (
    After,
    Before,
    cursor_errors,
    first_argument,
    last_argument,
    page_info,
    page_request,
)
from schema.postmortems.enums import PostmortemState, Severity
from schema.postmortems.ordering import PostmortemOrder, list_order
from schema.postmortems.types import Postmortem, PostmortemConnection, PostmortemEdge
from service.application.postmortems import PostmortemApplication
from service.application.read_rules import as_seen_at, can_view
from service.domain import PostmortemNotFound

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_FILTER_TEXT = 200
MAX_FILTER_NAME = 100
MAX_FILTER_AUTHOR = 200


@strawberry.input(description="Every given criterion must hold.")
class PostmortemFilter:
    states: list[PostmortemState] | None = strawberry.field(
        default=None, description="Any of these workflow states."
    )
    severities: list[Severity] | None = strawberry.field(
        default=None, description="Any of these severities."
    )
    service: str | None = strawberry.field(
        default=None, description="Affected this service (exact name, at most 100 characters)."
    )
    team: str | None = strawberry.field(default=None, description="Owned by this team (exact).")
    tag: str | None = strawberry.field(default=None, description="Carries this tag (exact).")
    author: str | None = strawberry.field(
        default=None,
        description="Written by this user: one of its authors (exact user id, at most 200 "
        'characters), e.g. the caller\'s own id for "my drafts".',
    )
    started_from: datetime | None = strawberry.field(
        default=None, description="Incident started at or after this time."
    )
    started_to: datetime | None = strawberry.field(
        default=None, description="Incident started before this time."
    )
    text: str | None = strawberry.field(
        default=None,
        description="Words (at most 200 characters, 16 words) that must all occur, each as "
        "part of a word or more, in the title, summary, timeline, root cause (statement, "
        "whys, contributing factors), what went well or badly, or action items (title, "
        "description). Case-, accent- and Unicode-form-insensitive (`echec` finds `Échec` "
        "written either way); CJK and emoji match as written. Readers who may not see a draft "
        "match its published content only.",
    )


def list_filter(value: PostmortemFilter | None) -> ListFilter | None:
    """Returns the read-model filter for the GraphQL input, or raises a client error that
    names every problem."""
    if value is None:
        return None
    problems = []
    for name, text, limit in (
        ("service", value.service, MAX_FILTER_NAME),
        ("team", value.team, MAX_FILTER_NAME),
        ("tag", value.tag, MAX_FILTER_NAME),
        ("author", value.author, MAX_FILTER_AUTHOR),
        ("text", value.text, MAX_FILTER_TEXT),
    ):
        if text is not None and not 1 <= len(text.strip()) <= limit:
            problems.append(f"filter.{name} must be 1 to {limit} characters")
    if value.text is not None and value.text.strip() and not search_terms(value.text):
        problems.append("filter.text has nothing searchable (only marks or invisible characters)")
    if value.started_from and value.started_to and value.started_from >= value.started_to:
        problems.append("filter.startedFrom must be before filter.startedTo")
    if problems:
        raise GraphQLError("; ".join(problems))
    return ListFilter(
        states=tuple(dict.fromkeys(s.value for s in value.states or [])),
        severities=tuple(dict.fromkeys(s.value for s in value.severities or [])),
        service=value.service.strip() if value.service else None,
        team=value.team.strip() if value.team else None,
        tag=value.tag.strip() if value.tag else None,
        author=value.author.strip() if value.author else None,
        started_from=value.started_from,
        started_to=value.started_to,
        text=value.text.strip() if value.text else None,
    )


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
        description="One postmortem by id; null if there is none or the caller may not see it "
        "(`readModel` says whether it is what the event store holds). "
        "With `asOfVersion` or `asOf` it is rebuilt from the event store as it was at that "
        "version or time (null if it did not exist yet; readers who may not see drafts get "
        "published versions only)."
    )
    async def postmortem(
        self,
        info: strawberry.Info[Context, None],
        id: strawberry.ID,
        as_of_version: int | None = None,
        as_of: datetime | None = None,
    ) -> Postmortem | None:
        deps = info.context.deps
        actor = info.context.require_actor()
        postmortem_id = parse_id(id)
        if as_of_version is None and as_of is None:
            doc = await deps.postmortems.get(str(postmortem_id), actor=actor)
        else:
            # Visibility is decided on the postmortem as it is now, before anything about its
            # history (even "no such version") is revealed.
            current = await deps.postmortems.get_unfiltered(str(postmortem_id))
            if current is None or not can_view(actor, current):
                return None
            past = await point_in_time(deps.app, postmortem_id, as_of_version, as_of)
            doc = as_seen_at(actor, current, past)
            # Rebuilt from the event store: what it shows is current by definition.
            return Postmortem.from_document(doc, note=CURRENT) if doc else None
        if doc is None:
            return None
        note = await info.context.loaders.read_model.load(str(postmortem_id))
        info.context.read_model_notes.append(note)
        return Postmortem.from_document(doc, note=note)

    @strawberry.field(
        description="Postmortems the caller may see, in `orderBy` (default: newest incident "
        "first), a page at a time: `first` (at most 100) after `after`, or `last` before "
        "`before`, with cursors of the same `orderBy`. Pages are keyset pages: inserts between "
        "two requests neither skip nor repeat a postmortem. `totalCount` counts every one that "
        "matches the filter (only when selected)."
    )
    async def postmortems(
        self,
        info: strawberry.Info[Context, None],
        first: Annotated[int | None, first_argument(DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)] = None,
        after: After = None,
        last: Annotated[int | None, last_argument(MAX_PAGE_SIZE)] = None,
        before: Before = None,
        filter: PostmortemFilter | None = None,
        order_by: PostmortemOrder | None = None,
    ) -> PostmortemConnection:
        request = page_request(
            first=first, after=after, last=last, before=before,
            default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE,
        )  # fmt: skip
        wanted = list_filter(filter)
        with cursor_errors():
            page = await info.context.deps.postmortems.page(
                actor=info.context.require_actor(),
                request=request,
                wanted=wanted,
                order=list_order(order_by),
            )
        notes = await info.context.deps.staleness.notes_of([str(d["_id"]) for d in page.items])
        info.context.read_model_notes.extend(notes.values())
        edges = [
            PostmortemEdge(
                cursor=cursor, node=Postmortem.from_document(doc, note=notes[str(doc["_id"])])
            )
            for cursor, doc in zip(page.cursors, page.items, strict=True)
        ]
        return PostmortemConnection(
            edges=edges,
            page_info=page_info(page.cursors, page.has_next_page, page.has_previous_page),
            count=page.total_count,
        )
