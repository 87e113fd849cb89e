"""What the current user may do next with a postmortem: the domain's state and authorship
rules (``Postmortem.allowed_transitions``) combined with the role rules (permissions.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from service.application.permissions import ROLES_FOR, Action
from service.domain import Actor, ReviewPolicy
from service.domain.workflow import transitions_of_document


class Transition(StrEnum):
    """A command family the domain names in ``Postmortem.allowed_transitions``."""

    EDIT = "edit"
    SUBMIT_FOR_REVIEW = "submit_for_review"
    RECALL_SUBMISSION = "recall_submission"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    PUBLISH = "publish"
    AMEND = "amend"
    DISCARD_AMENDMENT = "discard_amendment"
    WITHDRAW = "withdraw"
    COMMENT = "comment"
    CHANGE_ACTION_ITEM_STATUS = "change_action_item_status"


ACTION_OF: dict[Transition, Action] = {
    Transition.EDIT: Action.EDIT,
    Transition.SUBMIT_FOR_REVIEW: Action.SUBMIT,
    # Whoever may submit may take the submission back.
    Transition.RECALL_SUBMISSION: Action.SUBMIT,
    Transition.APPROVE: Action.APPROVE,
    Transition.REQUEST_CHANGES: Action.REQUEST_CHANGES,
    Transition.PUBLISH: Action.PUBLISH,
    Transition.AMEND: Action.AMEND,
    # Whoever may amend may give the amendment up.
    Transition.DISCARD_AMENDMENT: Action.AMEND,
    Transition.WITHDRAW: Action.WITHDRAW,
    Transition.COMMENT: Action.COMMENT,
    Transition.CHANGE_ACTION_ITEM_STATUS: Action.UPDATE_ACTION_ITEM_STATUS,
}


def permitted_transitions(actor: Actor, domain_allowed: Iterable[str]) -> list[Transition]:
    """Returns the domain-allowed transitions that one of the actor's roles also allows."""
    allowed = set(domain_allowed)
    return [
        transition
        for transition in Transition
        if transition.value in allowed and actor.roles & ROLES_FOR[ACTION_OF[transition]]
    ]


def transitions_for(
    actor: Actor, document: Mapping[str, Any], policy: ReviewPolicy
) -> list[Transition]:
    """Returns what the actor may do next with the postmortem in `document` (as the read
    model keeps it, or as the actor sees it): no event-store read."""
    return permitted_transitions(actor, transitions_of_document(actor, document, policy))
