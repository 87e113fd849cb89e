"""The documents of the `postmortems` read model: one bounded document per postmortem, plus one
document per published revision and per review comment.

A postmortem's histories grow with its life, so they are never copied into its document: the
`postmortems` document holds the current state and the last published revision (what readers
who may not see an amendment's draft are shown), each bounded by the domain's largest
postmortem (service/domain/limits.py); `postmortem_revisions` and `review_comments` hold one
document per item. The GraphQL API reads those through per-request loaders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.domain.document import Document

POSTMORTEMS = "postmortems"
REVISIONS = "postmortem_revisions"
COMMENTS = "review_comments"
# Keys of the application's document (`Postmortem.to_document`) that the read model stores in
# their own collections, or (approvals of earlier revisions) with their revision.
HISTORY_KEYS = ("published_revisions", "review_comments", "approvals")


def read_document(after: Mapping[str, Any], position: int) -> Document:
    """Returns the `postmortems` document of a postmortem's state (bounded: no histories)."""
    doc: Document = {k: v for k, v in after.items() if k not in HISTORY_KEYS}
    doc["_id"] = doc.pop("id")
    doc["position"] = position
    revisions = after.get("published_revisions") or []
    doc["last_published"] = revisions[-1] if revisions else None
    doc["published_revision_count"] = len(revisions)
    doc["revision_approvals"] = approvals_of_revision(after, after["revision"])
    doc["review_comment_count"] = len(after.get("review_comments") or [])
    return doc


def approvals_of_revision(doc: Mapping[str, Any], revision: int) -> list[Document]:
    """Returns every approval given during one revision (voided ones included), in order."""
    return [a for a in doc.get("approvals") or [] if a.get("revision") == revision]


def revision_key(postmortem_id: str, revision: int) -> str:
    """Returns the document id of a published revision."""
    return f"{postmortem_id}:{revision}"


def revision_document(
    postmortem_id: str, published: Mapping[str, Any], after: Document
) -> Document:
    """Returns the document of one published revision: its frozen content and counted
    approvals, and every approval given during that revision (`review_approvals`, which no
    later event changes: an amendment starts the next revision)."""
    number = int(published["revision"])
    return {
        **published,
        "_id": revision_key(postmortem_id, number),
        "postmortem_id": postmortem_id,
        "review_approvals": [{**a, "counted": False} for a in approvals_of_revision(after, number)],
    }


def comment_document(postmortem_id: str, seq: int, comment: Mapping[str, Any]) -> Document:
    """Returns the document of one review comment (`seq`: its place in the postmortem's
    comments, oldest first)."""
    return {
        **comment,
        "_id": f"{postmortem_id}:{comment['id']}",
        "postmortem_id": postmortem_id,
        "seq": seq,
    }


def every_approval(doc: Mapping[str, Any], revisions: list[Document]) -> list[Document]:
    """Returns a postmortem's approvals in the order given, as `Postmortem.to_document` lists
    them: earlier revisions' (from their revision documents) and then the current revision's.
    `doc` is a `postmortems` read document or a published view of one."""
    if "approvals" in doc and "revision_approvals" not in doc:
        return list(doc["approvals"])  # the application's document, or a published view
    current = int(doc.get("revision") or 1)
    earlier = [
        a
        for r in sorted(revisions, key=lambda r: r["revision"])
        if r["revision"] < current
        for a in r.get("review_approvals") or []
    ]
    return earlier + list(doc.get("revision_approvals") or [])
