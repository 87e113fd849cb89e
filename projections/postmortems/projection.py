"""Keeps one bounded document per postmortem, and one per published revision and per review
comment (projections/postmortems/documents.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pymongo import ASCENDING, IndexModel, ReplaceOne

from projections.base import ProjectedEvent, Projection, WriteOp
from projections.postmortems.documents import (
    COMMENTS,
    POSTMORTEMS,
    REVISIONS,
    comment_document,
    read_document,
    revision_document,
)
from projections.postmortems.ordering import index_keys, sort_keys
from projections.postmortems.search import search_text
from service.domain.document import Document

COLLECTION = POSTMORTEMS


def with_list_fields(doc: Mapping[str, Any]) -> Document:
    """Returns a read document with what the list needs besides the postmortem itself: the
    normalised `search` text of the current content and of the last published revision's
    content (`last_published.content.search`), and the `sort` / `public_sort` keys."""
    listed: Document = {**doc, "search": search_text(doc), **sort_keys(doc)}
    last = doc.get("last_published")
    if isinstance(last, Mapping) and isinstance(last.get("content"), Mapping):
        content = last["content"]
        listed["last_published"] = {**last, "content": {**content, "search": search_text(content)}}
    return listed


class PostmortemsProjection(Projection):
    """Current state of each postmortem, replaced whole on every event; its published revisions
    and review comments, one document each, written when they appear or change."""

    name = "postmortems"
    collections = (POSTMORTEMS, REVISIONS, COMMENTS)

    def indexes(self) -> Mapping[str, list[IndexModel]]:
        """Returns the indexes of the list's orders (`ordering.index_keys`) and of the
        per-postmortem loaders."""
        return {
            POSTMORTEMS: [IndexModel(keys) for keys in index_keys()],
            REVISIONS: [IndexModel([("postmortem_id", ASCENDING), ("revision", ASCENDING)])],
            COMMENTS: [IndexModel([("postmortem_id", ASCENDING), ("seq", ASCENDING)])],
        }

    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        """Returns the replacement of the postmortem's document, and the writes of revisions
        and comments the event added or changed (published revisions never change)."""
        doc = with_list_fields(read_document(event.after, event.position))
        postmortem_id = str(doc["_id"])
        yield POSTMORTEMS, ReplaceOne({"_id": postmortem_id}, doc, upsert=True)
        before = event.before or {}
        known = len(before.get("published_revisions") or [])
        for published in (event.after.get("published_revisions") or [])[known:]:
            revision = revision_document(postmortem_id, published, event.after)
            yield REVISIONS, ReplaceOne({"_id": revision["_id"]}, revision, upsert=True)
        old = before.get("review_comments") or []
        for seq, comment in enumerate(event.after.get("review_comments") or []):
            if seq >= len(old) or old[seq] != comment:
                item = comment_document(postmortem_id, seq, comment)
                yield COMMENTS, ReplaceOne({"_id": item["_id"]}, item, upsert=True)
