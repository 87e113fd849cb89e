"""Audit entries: field-level changes, the hash chain, and export lines."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from projections.audit_log.chain import GENESIS, link
from projections.audit_log.diff import field_changes
from projections.audit_log.queries import csv_header, csv_line

T1 = datetime(2025, 7, 15, 17, 42, tzinfo=UTC)
T2 = datetime(2025, 7, 16, 9, 0, tzinfo=UTC)


def doc(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "pm-1",
        "version": 3,
        "updated_at": T1,
        "title": "DNS outage",
        "tags": ["dns"],
        "window": {"started_at": T1, "resolved_at": None},
        "action_items": [
            {"id": "a1", "title": "Add alert", "status": "open", "due_date": "2025-08-01"}
        ],
        "content_hash": "abc",
    }
    base.update(overrides)
    return base


def test_changes_list_only_the_fields_that_differ_and_skip_bookkeeping() -> None:
    before = doc()
    after = doc(version=4, updated_at=T2, content_hash="def", title="DNS resolver outage")
    assert field_changes(before, after) == [
        {"path": "title", "before": "DNS outage", "after": "DNS resolver outage"}
    ]


def test_nested_fields_and_list_items_are_addressed_by_path_and_id() -> None:
    before = doc()
    items = [
        {"id": "a1", "title": "Add alert", "status": "done", "due_date": "2025-08-01"},
        {"id": "a2", "title": "Runbook", "status": "open", "due_date": None},
    ]
    after = doc(
        window={"started_at": T1, "resolved_at": T2}, action_items=items, tags=["dns", "eu"]
    )
    assert field_changes(before, after) == [
        {"path": "action_items[a1].status", "before": "open", "after": "done"},
        {"path": "action_items[a2]", "before": None, "after": items[1]},
        {"path": "tags", "before": ["dns"], "after": ["dns", "eu"]},
        {"path": "window.resolved_at", "before": None, "after": T2.isoformat()},
    ]


def test_a_created_postmortem_lists_every_field_as_new() -> None:
    changes = field_changes(None, doc())
    assert [c["path"] for c in changes] == [
        "action_items[a1]",
        "tags",
        "title",
        "window.started_at",
    ]
    assert changes[1] == {"path": "tags", "before": [], "after": ["dns"]}


def test_each_link_depends_on_the_stored_bytes_and_on_the_link_before() -> None:
    event = {"position": 1, "originator_id": "pm-1", "originator_version": 1, "topic": "t"}
    first = link(**event, state=b'{"title":"a"}', prev_hash=GENESIS)
    assert link(**event, state=b'{"title":"a"}', prev_hash=GENESIS) == first
    assert link(**event, state=b'{"title":"b"}', prev_hash=GENESIS).hash != first.hash
    assert link(**event, state=b'{"title":"a"}', prev_hash="1" * 64).hash != first.hash
    moved = link(**{**event, "position": 2}, state=b'{"title":"a"}', prev_hash=GENESIS)
    assert moved.event_digest != first.event_digest
    assert len(first.hash) == 64


def test_csv_lines_quote_text_a_spreadsheet_would_run_as_a_formula() -> None:
    entry = {
        "_id": 7,
        "position": 7,
        "at": T1,
        "postmortem_id": "pm-1",
        "version": 2,
        "event_type": "Withdrawn",
        "actor_id": "alice",
        "actor_roles": ["admin", "author"],
        "correlation_id": "req-1",
        "reason": '=HYPERLINK("http://evil")',
        "changes": [{"path": "state", "before": "DRAFT", "after": "WITHDRAWN"}],
        "prev_hash": "0" * 64,
        "hash": "f" * 64,
    }
    (row,) = csv.DictReader(io.StringIO(csv_header() + csv_line(entry)))
    assert row["reason"] == '\'=HYPERLINK("http://evil")'
    assert row["actor_roles"] == "admin;author"
    assert row["at"] == "2025-07-15T17:42:00+00:00"
