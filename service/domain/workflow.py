"""Which workflow commands an actor may run on a postmortem now, by state and authorship.

One rule for two inputs: the aggregate (`Postmortem.allowed_transitions`) and a postmortem
document as the read model keeps it (`transitions_of_document`), so a list of postmortems
answers without reading the event store. Role rules narrow this further (application layer).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from .base import EDITABLE, OPEN_STATES
from .enums import STATUS_CHANGEABLE
from .policy import ReviewPolicy
from .values import Actor, PostmortemState, Severity

S = PostmortemState


def allowed_transitions(
    actor: Actor,
    *,
    state: PostmortemState,
    authors: Collection[str],
    counted_reviewers: Collection[str],
    required_approvals: int,
    published: bool = False,
    item_owners: Collection[str | None] = (),
) -> list[str]:
    """Returns the commands the actor may run now: `counted_reviewers` are the reviewers whose
    approvals count (this revision, this content); `required_approvals` is the policy's;
    `published`: a revision was ever published (then it is never withdrawn, and a state other
    than PUBLISHED is an amendment, which may be discarded); `item_owners`: the owners of the
    action items (an owner changes their item's status, `change_action_item_status`)."""
    author = actor.user_id in authors
    may_edit = author or actor.is_admin
    in_review = state is S.IN_REVIEW
    allowed = {
        "edit": state in EDITABLE and may_edit,
        "submit_for_review": state in EDITABLE and may_edit,
        "recall_submission": in_review and may_edit,
        "approve": in_review and not author and actor.user_id not in counted_reviewers,
        "request_changes": in_review and not author,
        "publish": in_review and len(counted_reviewers) >= required_approvals,
        "amend": state is S.PUBLISHED and may_edit,
        "discard_amendment": published and state is not S.PUBLISHED and may_edit,
        "withdraw": state in OPEN_STATES and may_edit and not published,
        "comment": state in OPEN_STATES,
        "change_action_item_status": state in STATUS_CHANGEABLE
        and (may_edit or actor.user_id in item_owners),
    }
    return [name for name, ok in allowed.items() if ok]


def transitions_of_document(
    actor: Actor, document: Mapping[str, Any], policy: ReviewPolicy
) -> list[str]:
    """Returns `allowed_transitions` for a postmortem document (`Postmortem.to_document`, a
    read-model document or a published revision as readers see it)."""
    # The read model keeps the current revision's approvals as `revision_approvals`.
    approvals = document.get("revision_approvals", document.get("approvals")) or ()
    counted = {str(a["reviewer_id"]) for a in approvals if a.get("counted")}
    return allowed_transitions(
        actor,
        state=PostmortemState(document["state"]),
        authors=document.get("authors") or (),
        counted_reviewers=counted,
        required_approvals=policy.required_approvals(Severity(document["severity"])),
        published=bool(document.get("published_revisions") or document.get("first_published_at")),
        item_owners={item.get("owner") for item in document.get("action_items") or ()},
    )
