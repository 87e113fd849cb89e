"""Who may do what: role rules enforced in the application layer, for every entry point.

Workflow rules that depend on the postmortem itself (authorship, separation of duties) live
in the domain; these are the role rules around them.
"""

from __future__ import annotations

from enum import StrEnum

from service.domain.errors import NotPermitted
from service.domain.values import Actor


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
}


def authorize(actor: Actor, action: Action) -> None:
    """Raises NotPermitted unless one of the actor's roles allows the action."""
    allowed = ROLES_FOR[action]
    if not actor.roles & allowed:
        raise NotPermitted(f"{action.value} needs one of the roles {', '.join(sorted(allowed))}")


def may_read(actor: Actor, *, state: str, authors: list[str]) -> bool:
    """Returns whether the actor may see a postmortem: published ones everyone, the others
    their authors, reviewers and admins."""
    if state == "PUBLISHED":
        return True
    return actor.user_id in authors or bool(actor.roles & {"reviewer", "admin"})
