"""The action_items and review_queue projections: which writes each event makes (no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pymongo import DeleteOne, ReplaceOne

from projections.action_items.projection import ActionItemsProjection
from projections.base import ProjectedEvent
from projections.review_queue.projection import ReviewQueueProjection

AT = datetime(2025, 7, 16, 9, 0, tzinfo=UTC)


def postmortem(**fields: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": "pm-1",
        "version": 3,
        "state": "DRAFT",
        "title": "OAuth token outage",
        "severity": "SEV2",
        "services": ["auth"],
        "team": "identity",
        "authors": ["alice"],
        "action_items": [],
        "approvals": [],
        "content_hash": "h1",
        "updated_at": AT,
    }
    doc.update(fields)
    return doc


def item(item_id: str, **fields: Any) -> dict[str, Any]:
    base = {"id": item_id, "title": "Add alert", "owner": "team-sre", "due_date": "2025-08-01"}
    base.update({"priority": "P1", "status": "open", "completed_at": None, **fields})
    return base


def event(before: dict[str, Any] | None, after: dict[str, Any]) -> ProjectedEvent:
    return ProjectedEvent(
        position=7,
        event_type="Changed",
        postmortem_id=after["id"],
        version=after["version"],
        at=AT,
        actor_id="alice",
        actor_roles=("author",),
        correlation_id="req",
        reason=None,
        event_state={},
        before=before,
        after=after,
    )


def test_an_added_action_item_gets_a_document_with_its_postmortems_metadata() -> None:
    before = postmortem()
    after = postmortem(action_items=[item("a1")])
    [(collection, op)] = list(ActionItemsProjection().project(event(before, after)))
    assert collection == "action_items"
    assert isinstance(op, ReplaceOne)
    doc = op._doc
    assert doc["_id"] == "pm-1:a1"
    assert (doc["owner"], doc["status"], doc["due_date"]) == ("team-sre", "open", "2025-08-01")
    assert (doc["postmortem_id"], doc["severity"], doc["team"]) == ("pm-1", "SEV2", "identity")
    assert doc["services"] == ["auth"]


def test_a_removed_action_item_is_deleted_and_unchanged_ones_are_not_rewritten() -> None:
    before = postmortem(action_items=[item("a1"), item("a2")])
    after = postmortem(action_items=[item("a2")])
    ops = list(ActionItemsProjection().project(event(before, after)))
    assert [(c, type(op), op._filter) for c, op in ops] == [
        ("action_items", DeleteOne, {"_id": "pm-1:a1"})
    ]


def test_a_title_change_rewrites_every_item_of_the_postmortem() -> None:
    before = postmortem(action_items=[item("a1"), item("a2")])
    after = postmortem(title="Renamed", action_items=[item("a1"), item("a2")])
    ops = list(ActionItemsProjection().project(event(before, after)))
    assert sorted(op._doc["_id"] for _, op in ops) == ["pm-1:a1", "pm-1:a2"]
    assert {op._doc["postmortem_title"] for _, op in ops} == {"Renamed"}


def test_a_postmortem_enters_the_review_queue_when_submitted_and_leaves_when_published() -> None:
    draft = postmortem()
    in_review = postmortem(state="IN_REVIEW", submitted_at=AT)
    [(_, entered)] = list(ReviewQueueProjection().project(event(draft, in_review)))
    assert isinstance(entered, ReplaceOne)
    assert entered._doc["_id"] == "pm-1"
    assert entered._doc["authors"] == ["alice"]
    published = postmortem(state="PUBLISHED")
    [(_, left)] = list(ReviewQueueProjection().project(event(in_review, published)))
    assert isinstance(left, DeleteOne)
    assert list(ReviewQueueProjection().project(event(draft, draft))) == []


def test_only_approvals_of_the_current_content_count_in_the_queue() -> None:
    approvals = [
        {"reviewer_id": "bob", "content_hash": "h1", "version": 3, "counted": True},
        {"reviewer_id": "carol", "content_hash": "old", "version": 2, "counted": False},
    ]
    in_review = postmortem(state="IN_REVIEW", approvals=approvals)
    [(_, op)] = list(ReviewQueueProjection().project(event(None, in_review)))
    assert op._doc["approved_by"] == ["bob"]
