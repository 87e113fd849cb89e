"""Keeps one bounded document per postmortem, and one per published revision and per review
comment (projections/postmortems/documents.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pymongo import ASCENDING, DESCENDING, IndexModel, ReplaceOne

from projections.base import ProjectedEvent, Projection, WriteOp
from projections.postmortems.documents import (
    COMMENTS,
    POSTMORTEMS,
    REVISIONS,
    comment_document,
    read_document,
    revision_document,
)

COLLECTION = POSTMORTEMS


class PostmortemsProjection(Projection):
    """Current state of each postmortem, replaced whole on every event; its published revisions
    and review comments, one document each, written when they appear or change."""

    name = "postmortems"
    collections = (POSTMORTEMS, REVISIONS, COMMENTS)

    def indexes(self) -> Mapping[str, list[IndexModel]]:
        """Returns the indexes the list queries and the per-postmortem loaders use."""
        return {
            POSTMORTEMS: [
                IndexModel([("created_at", DESCENDING), ("_id", DESCENDING)]),
                IndexModel([("state", ASCENDING), ("created_at", DESCENDING)]),
                IndexModel([("severity", ASCENDING), ("created_at", DESCENDING)]),
                IndexModel([("services", ASCENDING), ("created_at", DESCENDING)]),
                IndexModel([("authors", ASCENDING), ("created_at", DESCENDING)]),
            ],
            REVISIONS: [IndexModel([("postmortem_id", ASCENDING), ("revision", ASCENDING)])],
            COMMENTS: [IndexModel([("postmortem_id", ASCENDING), ("seq", ASCENDING)])],
        }

    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        """Returns the replacement of the postmortem's document, and the writes of revisions
        and comments the event added or changed (published revisions never change)."""
        doc = read_document(event.after, event.position)
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
