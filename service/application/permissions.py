"""Who may do what: the role table and the write rules, enforced in the application layer for
every entry point. The read rules (who may see what) are in read_rules.py, beside this.

Workflow rules that depend on the postmortem itself (authorship, separation of duties) live
in the domain; these are the role rules around them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from service.domain.errors import NotPermitted, PostmortemNotFound
from service.domain.values import Actor

INTEGRATION_ROLE = "integration"


class Action(StrEnum):
    """Operations the role rules know."""

    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    COMMENT = "comment"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    PUBLISH = "publish"
    AMEND = "amend"
    WITHDRAW = "withdraw"
    UPDATE_ACTION_ITEM_STATUS = "update_action_item_status"
    READ_AUDIT = "read_audit"
    EXPORT_AUDIT = "export_audit"
    READ_COMPLIANCE_REPORT = "read_compliance_report"
    READ_ALL_DRAFTS = "read_all_drafts"
    READ_REVIEW_QUEUE = "read_review_queue"
    READ_PROJECTION_STATUS = "read_projection_status"
    IMPORT_INCIDENT = "import_incident"


ROLES_FOR: dict[Action, frozenset[str]] = {
    Action.CREATE: frozenset({"author", "admin"}),
    Action.EDIT: frozenset({"author", "admin"}),
    Action.SUBMIT: frozenset({"author", "admin"}),
    Action.COMMENT: frozenset({"author", "reviewer", "admin"}),
    Action.APPROVE: frozenset({"reviewer"}),
    Action.REQUEST_CHANGES: frozenset({"reviewer"}),
    Action.PUBLISH: frozenset({"reviewer"}),
    Action.AMEND: frozenset({"author", "admin"}),
    Action.WITHDRAW: frozenset({"admin"}),
    Action.UPDATE_ACTION_ITEM_STATUS: frozenset({"author", "reviewer", "admin"}),
    Action.READ_AUDIT: frozenset({"compliance", "admin"}),
    Action.EXPORT_AUDIT: frozenset({"compliance", "admin"}),
    Action.READ_COMPLIANCE_REPORT: frozenset({"compliance", "admin"}),
    # Drafts (anything not published, every version) are visible to their own authors and to
    # these roles. Compliance officers read every draft's contents in the audit trail anyway,
    # so they read them on every path (read-only: no write action names their role).
    Action.READ_ALL_DRAFTS: frozenset({"reviewer", "compliance", "admin"}),
    Action.READ_REVIEW_QUEUE: frozenset({"reviewer"}),
    Action.READ_PROJECTION_STATUS: frozenset({"admin"}),
    # Incident-platform webhooks (signed, never a bearer token) create and fill drafts; the
    # role allows nothing else, so a leaked webhook secret cannot edit, approve or read.
    Action.IMPORT_INCIDENT: frozenset({INTEGRATION_ROLE}),
}

# Actions on one postmortem that only its own authors may take (an admin may always).
OWN_POSTMORTEM_ACTIONS = frozenset({Action.EDIT, Action.SUBMIT, Action.AMEND})
AUTHORSHIP_OVERRIDE_ROLES = frozenset({"admin"})


def authorize(actor: Actor, action: Action, *, subject: str) -> None:
    """Raises NotPermitted unless one of the actor's roles allows the action; the message
    names `subject` (what the caller asked for, in the API's words: "reviewQueueChanged",
    "it") and the roles the actor has."""
    allowed = ROLES_FOR[action]
    if not actor.roles & allowed:
        yours = ", ".join(sorted(actor.roles)) or "none"
        raise NotPermitted(
            f"{subject} needs one of the roles {', '.join(sorted(allowed))} "
            f"(yours: {yours}); ask an administrator for one"
        )


def allowed_actions(actor: Actor) -> list[Action]:
    """Returns what the actor's roles allow, in declaration order (a postmortem's own rules,
    such as authorship, narrow this further: see the postmortem's allowed transitions)."""
    return [action for action, roles in ROLES_FOR.items() if actor.roles & roles]


def authorize_on(actor: Actor, action: Action, document: Mapping[str, Any]) -> None:
    """Raises unless the actor may take the action on this postmortem: PostmortemNotFound if
    they may not even see it (hidden reads as absent), NotPermitted for the role rules and for
    readers of a published revision whose amendment they may not see (they act on nothing
    they cannot read)."""
    from service.application import read_rules  # read_rules builds on this module

    if not read_rules.can_view(actor, document):
        raise PostmortemNotFound(str(document.get("id", document.get("_id", ""))))
    authorize(actor, action, subject="it")
    if not read_rules.can_view_draft(actor, document):
        raise NotPermitted(
            "an amendment of this postmortem is in progress: only those who may read it (its "
            "authors, the owners of its action items, reviewers and admins) act on it"
        )
    if (
        action in OWN_POSTMORTEM_ACTIONS
        and not actor.roles & AUTHORSHIP_OVERRIDE_ROLES
        and actor.user_id not in document.get("authors", ())
    ):
        raise NotPermitted(
            "only an author of this postmortem or an admin may do this; an author can add you "
            "with addAuthor"
        )
