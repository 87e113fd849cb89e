"""Keeps the compliance view: what the report needs of each postmortem, precomputed so that a
report reads a few small documents per postmortem instead of replaying events.

Two collections, written together (one projection, one tracking position):

- `compliance_facts`: one document per postmortem, as it is now, with what never changes once
  known: its publications (each frozen at publication) and when each action item was first
  added (`action_item_added_at`, by item id).
- `compliance_history`: the facts that can change (state, title, severity, services, team,
  incident resolution, first publication, policy version, action items with their statuses),
  one document per event that changed them, valid from that event's time (`valid_from`: when
  it was recorded; for a backfill, when it happened) until the next such event's
  (`valid_to`, None while current). The report at `as_of` reads the one document of each
  postmortem valid then: the postmortem as the service knew it at that time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pymongo import ASCENDING, IndexModel, ReplaceOne, UpdateMany, UpdateOne

from projections.base import ProjectedEvent, Projection, WriteOp
from service.domain.document import Document, hash_content

COLLECTION = "compliance_facts"
HISTORY = "compliance_history"


def _publication(revision: Mapping[str, Any]) -> Document:
    content = revision.get("content") or {}
    return {
        "revision": revision["revision"],
        "published_at": revision["published_at"],
        "version": revision["version"],
        "content_hash": revision["content_hash"],
        # Recomputed from the frozen content, so the report can show the two agree.
        "recomputed_content_hash": hash_content(dict(content)) if content else None,
        "policy_version": revision.get("policy_version") or "",
        "severity": content.get("severity"),
        "authors": list(content.get("authors") or []),
        "approvals": [
            {
                "reviewer_id": a["reviewer_id"],
                "approved_at": a["approved_at"],
                "version": a["version"],
                "content_hash": a["content_hash"],
                "revision": a.get("revision"),
                "voided": bool(a.get("voided", False)),
            }
            for a in revision.get("approvals") or []
        ],
    }


def changing_facts(doc: Mapping[str, Any]) -> Document:
    """Returns the facts of a postmortem document that can change over its life."""
    window = doc.get("window") or {}
    return {
        "title": doc.get("title"),
        "severity": doc.get("severity"),
        "services": list(doc.get("services") or []),
        "team": doc.get("team"),
        "state": doc.get("state"),
        "created_at": doc.get("created_at"),
        "resolved_at": window.get("resolved_at"),
        "first_published_at": doc.get("first_published_at"),
        "policy_version": doc.get("policy_version"),
        "action_items": [
            {
                "id": item["id"],
                "title": item.get("title"),
                "owner": item.get("owner"),
                "due_date": item.get("due_date"),
                "status": item.get("status"),
                "completed_at": item.get("completed_at"),
            }
            for item in doc.get("action_items") or []
        ],
    }


def compliance_facts(event: ProjectedEvent) -> Document:
    """Returns the facts of the postmortem after an event (without action-item ages)."""
    return {
        **changing_facts(event.after),
        "publications": [_publication(r) for r in event.after.get("published_revisions") or []],
        "version": event.version,
        "position": event.position,
    }


def history_key(postmortem_id: str, version: int) -> str:
    """Returns the id of the history document a postmortem's version `version` started."""
    return f"{postmortem_id}:{version}"


class ComplianceFactsProjection(Projection):
    """The facts of each postmortem now, and the history of those that change."""

    name = "compliance_facts"
    collections = (COLLECTION, HISTORY)

    def indexes(self) -> Mapping[str, list[IndexModel]]:
        """Returns the indexes of the report's period filter, and of closing a history."""
        return {
            COLLECTION: [IndexModel([("resolved_at", ASCENDING), ("_id", ASCENDING)])],
            HISTORY: [
                IndexModel([("resolved_at", ASCENDING), ("valid_from", ASCENDING)]),
                IndexModel([("postmortem_id", ASCENDING), ("valid_to", ASCENDING)]),
            ],
        }

    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        """Returns the writes of an event that changed the facts; none when it left them as
        they were (`version` and `position` then name the last event that altered them)."""
        changing = changing_facts(event.after)
        if event.before is None or changing_facts(event.before) != changing:
            yield from self._history(event, changing)
        before = event.before or {}
        if event.before is not None and (
            changing_facts(before) == changing
            and before.get("published_revisions") == event.after.get("published_revisions")
        ):
            return
        update: Document = compliance_facts(event)
        before_ids = {i["id"] for i in before.get("action_items") or []}
        first_added: Document = {
            f"action_item_added_at.{item['id']}": event.effective_at
            for item in event.after.get("action_items") or []
            if item["id"] not in before_ids
        }
        # $min: an item brought back (a discarded amendment) keeps when it was first added.
        change: Document = {"$set": update, **({"$min": first_added} if first_added else {})}
        yield COLLECTION, UpdateOne({"_id": event.postmortem_id}, change, upsert=True)

    @staticmethod
    def _history(event: ProjectedEvent, changing: Document) -> Iterable[tuple[str, WriteOp]]:
        """Closes the postmortem's current history document and opens the next one."""
        since = event.effective_at
        if event.before is not None:
            # By postmortem, not by key: the last version that changed the facts is not known
            # here. Writing again (a replay) converges: later versions are written after.
            yield HISTORY, UpdateMany(
                {"postmortem_id": event.postmortem_id, "valid_to": None,
                 "version": {"$lt": event.version}},
                {"$set": {"valid_to": since}},
            )  # fmt: skip
        key = history_key(event.postmortem_id, event.version)
        document = {
            "_id": key,
            "postmortem_id": event.postmortem_id,
            "version": event.version,
            "position": event.position,
            "valid_from": since,
            "valid_to": None,
            **changing,
        }
        yield HISTORY, ReplaceOne({"_id": key}, document, upsert=True)
