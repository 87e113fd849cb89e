"""Keeps `compliance_facts`: what the compliance report needs of each postmortem, precomputed
so that a report reads one small document per postmortem instead of replaying events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pymongo import ASCENDING, IndexModel, UpdateOne

from projections.base import ProjectedEvent, Projection, WriteOp
from service.domain.document import Document, hash_content

COLLECTION = "compliance_facts"


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


def compliance_facts(event: ProjectedEvent) -> Document:
    """Returns the facts of the postmortem after an event (without action-item ages)."""
    doc = event.after
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
        "publications": [_publication(r) for r in doc.get("published_revisions") or []],
        "version": event.version,
        "position": event.position,
    }


def _sources(doc: Mapping[str, Any]) -> tuple[Any, ...]:
    """Returns the parts of a postmortem document that the facts are computed from."""
    return (
        doc.get("title"), doc.get("severity"), doc.get("services"), doc.get("team"),
        doc.get("state"), doc.get("created_at"), (doc.get("window") or {}).get("resolved_at"),
        doc.get("first_published_at"), doc.get("policy_version"), doc.get("action_items"),
        doc.get("published_revisions"),
    )  # fmt: skip


class ComplianceFactsProjection(Projection):
    """One facts document per postmortem; remembers when each action item was added."""

    name = "compliance_facts"
    collections = (COLLECTION,)

    def indexes(self) -> Mapping[str, list[IndexModel]]:
        """Returns the index of the report's period filter."""
        return {COLLECTION: [IndexModel([("resolved_at", ASCENDING), ("_id", ASCENDING)])]}

    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        """Returns the update of the postmortem's facts; none when the event leaves them as
        they were (`version` and `position` then name the last event that altered them)."""
        if event.before is not None and _sources(event.before) == _sources(event.after):
            return
        update: Document = compliance_facts(event)
        before_ids = {i["id"] for i in (event.before or {}).get("action_items") or []}
        for item in event.after.get("action_items") or []:
            if item["id"] not in before_ids:
                update[f"action_item_added_at.{item['id']}"] = event.effective_at
        yield COLLECTION, UpdateOne({"_id": event.postmortem_id}, {"$set": update}, upsert=True)
