"""Keeps one document per postmortem in review; a reviewer's queue is a filter over them.

Reviewers are every user with the reviewer role, which the read side does not enumerate; so
instead of one document per (reviewer, postmortem), each postmortem IN_REVIEW has one document
listing its authors and the reviewers who approved its current content. A reviewer's queue is
then "in review, not written by me, not approved by me on this content".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pymongo import ASCENDING, DeleteOne, IndexModel, ReplaceOne

from projections.base import ProjectedEvent, Projection, WriteOp
from service.domain.document import Document

COLLECTION = "review_queue"
IN_REVIEW = "IN_REVIEW"


def queue_document(postmortem: Document) -> Document | None:
    """Returns the queue entry of a postmortem, or None when it is not awaiting review."""
    if postmortem.get("state") != IN_REVIEW:
        return None
    content_hash = postmortem.get("content_hash")
    approved_by = sorted(
        {
            str(a.get("reviewer_id") or a.get("reviewer"))
            for a in postmortem.get("approvals") or []
            if a.get("counted", a.get("content_hash") == content_hash and not a.get("voided"))
        }
    )
    status = postmortem.get("approval_status") or {}
    return {
        "_id": str(postmortem["id"]),
        "title": postmortem.get("title"),
        "severity": postmortem.get("severity"),
        "services": list(postmortem.get("services") or []),
        "team": postmortem.get("team"),
        "authors": list(postmortem.get("authors") or []),
        "version": postmortem.get("version"),
        "content_hash": content_hash,
        "submitted_at": postmortem.get("submitted_at") or postmortem.get("updated_at"),
        "approved_by": approved_by,
        "approvals_required": status.get("required"),
        "blameless_warning_count": postmortem.get(
            "blameless_warning_count", len(postmortem.get("blameless_warnings") or [])
        ),
        "updated_at": postmortem.get("updated_at"),
    }


class ReviewQueueProjection(Projection):
    """Postmortems in review with their valid approvals, for the reviewers' queues."""

    name = "review_queue"
    collections = (COLLECTION,)

    def indexes(self) -> Mapping[str, list[IndexModel]]:
        """Returns the index of the queue order."""
        return {COLLECTION: [IndexModel([("submitted_at", ASCENDING), ("_id", ASCENDING)])]}

    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        """Returns the entry's replacement while in review, its removal otherwise."""
        before = queue_document(event.before) if event.before else None
        after = queue_document(event.after)
        if after is not None:
            if after != before:
                yield COLLECTION, ReplaceOne({"_id": after["_id"]}, after, upsert=True)
        elif before is not None:
            yield COLLECTION, DeleteOne({"_id": before["_id"]})
