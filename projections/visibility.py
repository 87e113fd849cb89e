"""Read filters: which postmortems a user may see, as MongoDB filters (and per document).

Mirrors `service.application.permissions.can_view`: drafts (anything not published) are
visible to their own authors and action item owners, reviewers and admins; published
postmortems to everyone authenticated. A user who may not see the amendment in progress of a
published postmortem sees its last published revision instead.
"""

from __future__ import annotations

from projections.postmortems.filters import PostmortemFilter, visible_matching
from service.application.permissions import (
    can_view,
    can_view_draft,
    sees_drafts,
)
from service.domain.document import Document
from service.domain.values import Actor
from service.domain.values import PostmortemState as State


def visibility_filter(actor: Actor) -> Document:
    """Returns the MongoDB filter matching exactly the postmortems the actor may see."""
    return visible_matching(actor, PostmortemFilter())


def as_seen_by(actor: Actor, doc: Document | None) -> Document | None:
    """Returns the document as the actor may see it: itself, its last published revision
    (amendment in progress, reader not entitled to the draft), or None (hidden)."""
    if doc is None or not can_view(actor, doc):
        return None
    if can_view_draft(actor, doc):
        return doc
    revisions = doc.get("published_revisions") or []
    if not revisions or not isinstance(revisions[-1].get("content"), dict):
        return None
    return published_view(doc, revisions[-1])


def as_seen_at(actor: Actor, current: Document, past: Document | None) -> Document | None:
    """Returns a past version of a postmortem if the actor may see it: anyone who may see the
    postmortem's drafts sees every version, other readers only versions that were published."""
    if past is None or not can_view(actor, current):
        return None
    if sees_drafts(actor, current) or past.get("state") == State.PUBLISHED.value:
        return past
    return None


def published_view(doc: Document, revision: Document) -> Document:
    """Returns the postmortem as it was published in `revision` (frozen content), with
    action item status as it is now (follow-through stays visible during an amendment)."""
    content: Document = revision["content"]
    current = {item.get("id"): item for item in doc.get("action_items") or []}
    action_items = [
        {**item, **_follow_through(current.get(item.get("id")))}
        for item in content.get("action_items") or []
    ]
    approvals = revision.get("approvals", [])
    return {
        **content,
        "_id": doc["_id"],
        "version": revision["version"],
        "state": State.PUBLISHED.value,
        "revision": revision.get("revision"),
        "content_hash": revision.get("content_hash"),
        "policy_version": revision.get("policy_version"),
        "approvals": approvals,
        "approval_status": {"required": len(approvals), "valid_count": len(approvals), "met": True},
        "published_revisions": doc.get("published_revisions", []),
        "action_items": action_items,
        # Comments and warnings belong to the review of the draft, not to the published text.
        "review_comments": [],
        "blameless_warnings": [],
        "amendment_reason": None,
        "withdrawn_kind": None,
        "withdrawn_reason": None,
        "created_at": doc["created_at"],
        "created_by": doc.get("created_by"),
        "updated_at": revision.get("published_at", doc["updated_at"]),
        "submitted_at": None,
        "first_published_at": doc.get("first_published_at"),
    }


def _follow_through(item: Document | None) -> Document:
    if item is None:
        return {}
    return {key: item[key] for key in ("status", "completed_at") if key in item}
