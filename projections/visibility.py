"""Read filters: which postmortems a user may see, as MongoDB filters (and per document).

Mirrors `service.application.permissions.can_view`: drafts (anything not published) are
visible to their own authors, reviewers and admins; published postmortems to everyone
authenticated. A user who may not see the amendment in progress of a published postmortem
sees its last published revision instead.
"""

from __future__ import annotations

from typing import Any

from service.application.permissions import (
    ROLES_FOR,
    Action,
    can_view,
    can_view_draft,
)
from service.domain.values import Actor, State

Document = dict[str, Any]


def visibility_filter(actor: Actor) -> Document:
    """Returns the MongoDB filter matching exactly the postmortems the actor may see."""
    if actor.roles & ROLES_FOR[Action.READ_ALL_DRAFTS]:
        return {}
    return {
        "$or": [
            {"state": State.PUBLISHED.value},
            {"state": {"$ne": State.WITHDRAWN.value}, "first_published_at": {"$ne": None}},
            {"authors": actor.user_id},
        ]
    }


def as_seen_by(actor: Actor, doc: Document | None) -> Document | None:
    """Returns the document as the actor may see it: itself, its last published revision
    (amendment in progress, reader not entitled to the draft), or None (hidden)."""
    if doc is None or not can_view(actor, doc):
        return None
    if can_view_draft(actor, doc):
        return doc
    revisions = doc.get("published_revisions") or []
    content = revisions[-1].get("content") if revisions else None
    if not isinstance(content, dict):
        return None
    published: Document = dict(content)
    published["_id"] = doc["_id"]
    return published
