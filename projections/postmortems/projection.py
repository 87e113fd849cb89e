"""Keeps one document per postmortem: its current state plus derived fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pymongo import IndexModel, ReplaceOne

from projections.base import ProjectedEvent, Projection, WriteOp
from projections.postmortems.ordering import index_keys, sort_keys
from projections.postmortems.search import search_text
from service.domain.document import Document

COLLECTION = "postmortems"


def with_list_fields(doc: Mapping[str, Any]) -> Document:
    """Returns a read document with what the list needs besides the postmortem itself: the
    normalised `search` text of the current content and of each published revision's content
    (`published_revisions.content.search`), and the `sort` / `public_sort` keys."""
    listed: Document = {**doc, "search": search_text(doc), **sort_keys(doc)}
    revisions = []
    for revision in doc.get("published_revisions") or []:
        content = revision.get("content")
        if isinstance(content, Mapping):
            revision = {**revision, "content": {**content, "search": search_text(content)}}
        revisions.append(revision)
    listed["published_revisions"] = revisions
    return listed


def read_document(event: ProjectedEvent) -> Document:
    """Returns the stored read-model document for the state after an event."""
    doc: Document = dict(event.after)
    doc["_id"] = doc.pop("id")
    doc["position"] = event.position
    return with_list_fields(doc)


class PostmortemsProjection(Projection):
    """Current state of each postmortem, replaced whole on every event."""

    name = "postmortems"
    collections = (COLLECTION,)

    def indexes(self) -> Mapping[str, list[IndexModel]]:
        """Returns the indexes of the list's orders (`ordering.index_keys`)."""
        return {COLLECTION: [IndexModel(keys) for keys in index_keys()]}

    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        """Returns the replacement of the postmortem's document."""
        doc = read_document(event)
        yield COLLECTION, ReplaceOne({"_id": doc["_id"]}, doc, upsert=True)
