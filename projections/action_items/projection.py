"""Keeps one document per action item, denormalised with its postmortem's metadata."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pymongo import ASCENDING, DeleteOne, IndexModel, ReplaceOne

from projections.base import ProjectedEvent, Projection, WriteOp
from service.domain.document import Document

COLLECTION = "action_items"
NO_DUE_DATE = "9999-12-31"


def item_key(postmortem_id: str, item_id: str) -> str:
    """Returns the document id of an action item (item ids are unique per postmortem)."""
    return f"{postmortem_id}:{item_id}"


def item_documents(postmortem: Document | None) -> dict[str, Document]:
    """Returns the read documents of a postmortem's action items, by document id."""
    if postmortem is None:
        return {}
    postmortem_id = str(postmortem["id"])
    items = postmortem.get("action_items") or []
    # Who may see the postmortem's drafts besides the roles that read every draft (read_rules).
    authors = list(postmortem.get("authors") or [])
    owners = sorted({str(i["owner"]) for i in items if i.get("owner")})
    docs: dict[str, Document] = {}
    for item in items:
        key = item_key(postmortem_id, str(item["id"]))
        docs[key] = {
            "_id": key,
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
            "authors": authors,
            "item_owners": owners,
        }
    return docs


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
