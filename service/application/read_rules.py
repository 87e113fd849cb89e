"""Who may read what: every read rule, in one place, beside the write rules of permissions.py.

Each rule over a read model comes twice, and tests/integration/test_read_rules.py checks on
the real MongoDB-wire server that both forms select the same documents for every role and
workflow state:
- a Python predicate over one document (`can_view`, `can_view_action_item`, ...), and
- the MongoDB filter that selects the same documents (`postmortem_filter`, ...).

Rules (SPEC §5): drafts (every state before publication, and withdrawn ones) are visible to
their authors, the owners of their action items, reviewers, compliance officers and admins;
published postmortems to every authenticated user, who during an amendment read the last
published revision; the audit trail and compliance reports are for compliance officers and
admins; the recurring views show published postmortems, and unpublished ones to those who
may read every draft, on request. The review queue is for reviewers, projection status for
admins.

Compliance officers: the audit trail shows every draft's contents field by field (its
purpose: no gap), so the one consistent rule is that they read every postmortem in every
state and version, on every path (`postmortem(id)`, `asOfVersion`/`asOf`, lists, action
items, the audit trail and its exports, recurring views with `includeUnpublished`,
subscriptions), and change nothing (no write action names their role).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.application.permissions import ROLES_FOR, Action, authorize
from service.domain.document import Document
from service.domain.errors import NotPermitted
from service.domain.values import Actor
from service.domain.values import PostmortemState as State

DRAFT_READER_ROLES = ROLES_FOR[Action.READ_ALL_DRAFTS]

# Postmortems (the `postmortems` read model, point-in-time reads, subscriptions)


def is_published(document: Mapping[str, Any]) -> bool:
    """Tells whether every authenticated user may read the postmortem (or its published
    revision, while an amendment is in progress); withdrawn ones are not."""
    state = document.get("state")
    if state == State.PUBLISHED:
        return True
    return state != State.WITHDRAWN and document.get("first_published_at") is not None


def is_participant(actor: Actor, document: Mapping[str, Any]) -> bool:
    """Tells whether the actor is an author of the postmortem or owns one of its action items
    (owners update their items' status, so they see the postmortem they belong to)."""
    if actor.user_id in document.get("authors", ()):
        return True
    return any(item.get("owner") == actor.user_id for item in document.get("action_items") or ())


def sees_drafts(actor: Actor, document: Mapping[str, Any]) -> bool:
    """Tells whether the actor may see this postmortem's unpublished versions."""
    return bool(actor.roles & DRAFT_READER_ROLES) or is_participant(actor, document)


def can_view(actor: Actor, document: Mapping[str, Any]) -> bool:
    """Tells whether the actor may see the postmortem at all."""
    return sees_drafts(actor, document) or is_published(document)


def can_view_draft(actor: Actor, document: Mapping[str, Any]) -> bool:
    """Tells whether the actor may see the current (possibly unpublished) content."""
    return sees_drafts(actor, document) or document.get("state") == State.PUBLISHED


def postmortem_filter(
    actor: Actor,
    current: list[Document] | None = None,
    published: list[Document] | None = None,
    *,
    include_amended: bool = True,
) -> Document:
    """Returns the MongoDB filter of the postmortems the actor may see (`can_view`) whose
    current state and content meet `current`. A postmortem whose amendment the actor may not
    see matches on its last published content instead (`published`: conditions under
    `last_published.content.`), unless `include_amended` is False."""
    current = current or []
    if actor.roles & DRAFT_READER_ROLES:
        return _all(current)
    participant: list[Document] = [
        {"authors": actor.user_id},
        {"action_items.owner": actor.user_id},
    ]
    clauses = [_all([{"state": State.PUBLISHED.value}, *current])]
    clauses += [_all([who, *current]) for who in participant]
    if include_amended:
        # An amendment in progress: others see (and filter) the published content.
        amended: list[Document] = [
            {"state": {"$nin": [State.PUBLISHED.value, State.WITHDRAWN.value]}},
            {"first_published_at": {"$ne": None}},
            {"authors": {"$ne": actor.user_id}},
            {"action_items.owner": {"$ne": actor.user_id}},
        ]
        clauses.append(_all(amended + (published or [])))
    return {"$or": clauses}


def as_seen_by(actor: Actor, doc: Document | None) -> Document | None:
    """Returns the document as the actor may see it: itself, its last published revision
    (amendment in progress, reader not entitled to the draft), or None (hidden)."""
    if doc is None or not can_view(actor, doc):
        return None
    if can_view_draft(actor, doc):
        return doc
    revision = last_published_revision(doc)
    if revision is None or not isinstance(revision.get("content"), dict):
        return None
    return published_view(doc, revision)


def last_published_revision(doc: Mapping[str, Any]) -> Document | None:
    """Returns the last published revision of a postmortem document (the read model keeps it as
    `last_published`; the application's document lists every revision), or None."""
    if "last_published" in doc:
        last: Document | None = doc["last_published"]
        return last
    revisions = doc.get("published_revisions") or []
    return revisions[-1] if revisions else None


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
        # The read model keeps revisions in their own collection (read when asked for).
        **{k: doc[k] for k in ("published_revisions", "published_revision_count") if k in doc},
        "action_items": action_items,
        # Comments and warnings belong to the review of the draft, not to the published text.
        "review_comments": [],
        "blameless_warnings": [],
        "blameless_warning_count": 0,
        "amendment_reason": None,
        "withdrawn_kind": None,
        "withdrawn_reason": None,
        "created_at": doc["created_at"],
        "created_by": doc.get("created_by"),
        "updated_at": revision.get("published_at", doc["updated_at"]),
        "submitted_at": None,
        "first_published_at": doc.get("first_published_at"),
    }


# Action items (the `action_items` read model: one document per item, carrying its
# postmortem's state, authors and item owners; during an amendment also one per item of the
# last published revision, marked `published_copy`)


def can_view_action_item(actor: Actor, item: Mapping[str, Any]) -> bool:
    """Tells whether the actor may see an action item: those of published postmortems, and of
    drafts the actor may see. While an amendment is in progress, those who may see it see its
    items, and every other reader the published revision's items (`published_copy`, with
    their status as it is now), as `postmortem(id)` shows them."""
    sees = bool(actor.roles & DRAFT_READER_ROLES) or actor.user_id in (
        *(item.get("authors") or ()),
        *(item.get("item_owners") or ()),
    )
    if item.get("published_copy"):
        return not sees
    return sees or item.get("state") == State.PUBLISHED.value


def action_item_filter(actor: Actor) -> Document:
    """Returns the MongoDB filter of the action items the actor may see (`can_view_action_item`)."""
    not_copy: Document = {"published_copy": {"$ne": True}}
    if actor.roles & DRAFT_READER_ROLES:
        return not_copy
    participant: list[Document] = [{"authors": actor.user_id}, {"item_owners": actor.user_id}]
    return {
        "$or": [
            {**not_copy, "$or": [{"state": State.PUBLISHED.value}, *participant]},
            {
                "published_copy": True,
                "authors": {"$ne": actor.user_id},
                "item_owners": {"$ne": actor.user_id},
            },
        ]
    }


# The audit trail and compliance reports (role rules: all entries or none)


def audit_entry_filter(actor: Actor, *, export: bool = False) -> Document:
    """Returns the MongoDB filter of the audit entries the actor may read (all of them), or
    raises NotPermitted unless the actor is a compliance officer or an admin."""
    if export:
        authorize(actor, Action.EXPORT_AUDIT, subject="exporting the audit trail")
    else:
        authorize(actor, Action.READ_AUDIT, subject="auditTrail")
    return {}


def can_view_audit_entry(actor: Actor, entry: Mapping[str, Any]) -> bool:
    """Tells whether the actor may read an audit entry (the role decides, not the entry)."""
    return bool(actor.roles & ROLES_FOR[Action.READ_AUDIT])


def require_compliance_reader(actor: Actor) -> None:
    """Raises NotPermitted unless the actor may read compliance reports."""
    authorize(actor, Action.READ_COMPLIANCE_REPORT, subject="complianceReport")


# Operations: the review queue (a reviewer's work list) and projection status (operators)


def require_review_queue_reader(actor: Actor, subject: str = "reviewQueue") -> None:
    """Raises NotPermitted unless the actor has a review queue (reviewers); the message names
    `subject`, the field asked for."""
    authorize(actor, Action.READ_REVIEW_QUEUE, subject=subject)


def require_projection_status_reader(actor: Actor) -> None:
    """Raises NotPermitted unless the actor may read the projections' status (admins)."""
    authorize(actor, Action.READ_PROJECTION_STATUS, subject="projectionStatus")


# The recurring-incident views (documents kept per scope by projections/recurring)

PUBLISHED_SCOPE = "published"
ALL_SCOPE = "all"


def recurring_scope(actor: Actor | None, include_unpublished: bool) -> str:
    """Returns the scope of postmortems the actor's query covers, or raises NotPermitted.

    These views aggregate across all postmortems, so unpublished ones are included only on
    request and only for those who may read every draft (an author's own drafts are not
    singled out)."""
    if actor is None:
        raise NotPermitted("authentication required")
    if not include_unpublished:
        return PUBLISHED_SCOPE
    if not actor.roles & DRAFT_READER_ROLES:
        roles = ", ".join(sorted(DRAFT_READER_ROLES))
        raise NotPermitted(f"includeUnpublished needs one of the roles {roles}")
    return ALL_SCOPE


def in_recurring_scope(scope: str, document: Mapping[str, Any]) -> bool:
    """Tells whether a postmortem appears in a scope's recurring views: every one that is not
    withdrawn in `all`, published ones (as published) in `published`."""
    if document.get("state") == State.WITHDRAWN:
        return False
    return scope == ALL_SCOPE or is_published(document)


def recurring_filter(scope: str) -> Document:
    """Returns the MongoDB filter of a scope's recurring view documents."""
    return {"scope": scope}


def _follow_through(item: Document | None) -> Document:
    if item is None:
        return {}
    return {key: item[key] for key in ("status", "completed_at") if key in item}


def _all(conditions: list[Document]) -> Document:
    if not conditions:
        return {}
    return conditions[0] if len(conditions) == 1 else {"$and": conditions}
