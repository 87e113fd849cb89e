"""Events of action items: added, edited, removed, and their follow-through status.

Besides the items themselves the postmortem remembers, per item id, when the item was added
(`action_item_added_at`: a completion cannot predate it) and its latest version
(`known_action_items`, kept after a removal: discarding an amendment brings a removed item
back with the status it had).
"""

from __future__ import annotations

from dataclasses import field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from ..values import ActionItem, ActionItemStatus
from .base import PostmortemEvent

if TYPE_CHECKING:
    from ..postmortem import Postmortem


def _set_items(aggregate: Postmortem, items: tuple[ActionItem, ...]) -> None:
    aggregate.action_items = items
    aggregate.known_action_items = {
        **aggregate.known_action_items,
        **{item.id: item for item in items},
    }


class ActionItemAdded(PostmortemEvent):
    """An open action item was added."""

    class_version: ClassVar[int] = 1

    item: dict[str, Any]

    def apply(self, aggregate: Postmortem) -> None:
        item = ActionItem.from_dict(self.item)
        _set_items(aggregate, (*aggregate.action_items, item))
        aggregate.action_item_added_at = {
            **aggregate.action_item_added_at,
            item.id: self.effective_at,
        }


class ActionItemEdited(PostmortemEvent):
    """An action item's content was replaced; its status is kept."""

    class_version: ClassVar[int] = 1

    item: dict[str, Any]

    def apply(self, aggregate: Postmortem) -> None:
        _set_items(
            aggregate,
            tuple(
                ActionItem.from_dict({**self.item, **follow_through(item)})
                if item.id == self.item["id"]
                else item
                for item in aggregate.action_items
            ),
        )


def follow_through(item: ActionItem) -> dict[str, Any]:
    """Returns an item's status and completion time (what is not content)."""
    return {"status": item.status.value, "completed_at": item.completed_at}


class ActionItemRemoved(PostmortemEvent):
    """An action item was removed."""

    class_version: ClassVar[int] = 1

    item_id: str

    def apply(self, aggregate: Postmortem) -> None:
        aggregate.action_items = tuple(
            item for item in aggregate.action_items if item.id != self.item_id
        )


class ActionItemStatusChanged(PostmortemEvent):
    """An action item moved to a new status (or, already done, had its completion time
    corrected); done sets its completion time.

    `completed_at` is when the work was done, as the user stated it (optional; events stored
    before it existed read None). Without it, a done item's completion time is the event's
    business time (`effective_at`: a backfill's `occurred_at`, else the recording time).
    """

    class_version: ClassVar[int] = 1

    item_id: str
    status: str
    completed_at: datetime | None = field(default=None, kw_only=True)

    def apply(self, aggregate: Postmortem) -> None:
        status = ActionItemStatus(self.status)
        done = status is ActionItemStatus.DONE
        completed_at = (self.completed_at or self.effective_at) if done else None
        _set_items(
            aggregate,
            tuple(
                replace(item, status=status, completed_at=completed_at)
                if item.id == self.item_id
                else item
                for item in aggregate.action_items
            ),
        )
