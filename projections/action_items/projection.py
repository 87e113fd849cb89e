"""Keeps one document per action item, denormalised with its postmortem's metadata."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pymongo import ASCENDING, DeleteOne, IndexModel, ReplaceOne

from projections.base import ProjectedEvent, Projection, WriteOp
from service.application.read_rules import last_published_revision
from service.domain.document import Document
from service.domain.values import PostmortemState

COLLECTION = "action_items"
NO_DUE_DATE = "9999-12-31"
# The document id of a published revision's item during an amendment ends with this.
PUBLISHED_COPY_SUFFIX = ":published"
PUBLISHED, WITHDRAWN = PostmortemState.PUBLISHED.value, PostmortemState.WITHDRAWN.value


def item_key(postmortem_id: str, item_id: str) -> str:
    """Returns the document id of an action item (item ids are unique per postmortem)."""
    return f"{postmortem_id}:{item_id}"


def item_documents(postmortem: Document | None) -> dict[str, Document]:
    """Returns the read documents of a postmortem's action items, by document id: one per item
    of its current content and, while an amendment is in progress, one per item of its last
    published revision (`published_copy`), which readers who may not see the amendment list
    instead (read_rules.action_item_filter), with its status as it is now."""
    if postmortem is None:
        return {}
    postmortem_id = str(postmortem["id"])
    items = postmortem.get("action_items") or []
    # Who may see the postmortem's drafts besides the roles that read every draft (read_rules).
    who = {
        "authors": list(postmortem.get("authors") or []),
        "item_owners": sorted({str(i["owner"]) for i in items if i.get("owner")}),
    }
    docs = {
        item_key(postmortem_id, str(item["id"])): _item_document(postmortem, item) | who
        for item in items
    }
    revision = last_published_revision(postmortem)
    amended = postmortem.get("state") not in (PUBLISHED, WITHDRAWN)
    if amended and revision is not None and isinstance(revision.get("content"), dict):
        content: Document = revision["content"]
        published = {**content, "state": PUBLISHED}
        current = {str(item["id"]): item for item in items}
        for item in content.get("action_items") or []:
            now = current.get(str(item["id"])) or {}
            follow_through = {k: now[k] for k in ("status", "completed_at") if k in now}
            key = item_key(postmortem_id, str(item["id"])) + PUBLISHED_COPY_SUFFIX
            docs[key] = (
                _item_document(published, {**item, **follow_through}, postmortem_id)
                | who
                | {"_id": key, "published_copy": True}
            )
    return docs


def _item_document(
    postmortem: Document, item: Document, postmortem_id: str | None = None
) -> Document:
    """Returns an item's read document with its postmortem's metadata (no reader fields)."""
    postmortem_id = postmortem_id or str(postmortem["id"])
    return {
        "_id": item_key(postmortem_id, str(item["id"])),
        "action_item_id": str(item["id"]),
        "postmortem_id": postmortem_id,
        "postmortem_title": postmortem.get("title"),
        "severity": postmortem.get("severity"),
        "services": list(postmortem.get("services") or []),
        "team": postmortem.get("team"),
        "state": postmortem.get("state"),
        "title": item.get("title"),
        "description": item.get("description"),
        "owner": item.get("owner"),
        "due_date": item.get("due_date"),
        "priority": item.get("priority"),
        "status": item.get("status"),
        "tracker": item.get("tracker"),
        "completed_at": item.get("completed_at"),
        # Items without a due date sort after every dated one.
        "due_sort": item.get("due_date") or NO_DUE_DATE,
    }


class ActionItemsProjection(Projection):
    """Action items with owner, due date and status: the inputs of "overdue by owner"."""

    name = "action_items"
    collections = (COLLECTION,)

    def indexes(self) -> Mapping[str, list[IndexModel]]:
        """Returns the indexes of the by-owner and by-postmortem queries."""
        return {
            COLLECTION: [
                IndexModel([("owner", ASCENDING), ("due_sort", ASCENDING), ("_id", ASCENDING)]),
                IndexModel([("due_sort", ASCENDING), ("_id", ASCENDING)]),
                IndexModel([("postmortem_id", ASCENDING)]),
            ]
        }

    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        """Returns a replacement for each changed item and a delete for each removed one."""
        before = item_documents(event.before)
        after = item_documents(event.after)
        for key in before.keys() - after.keys():
            yield COLLECTION, DeleteOne({"_id": key})
        for key, doc in after.items():
            if before.get(key) != doc:
                yield COLLECTION, ReplaceOne({"_id": key}, doc, upsert=True)
