"""Every typed error of the postmortem mutations, over real HTTP: each names the problem and
changes nothing (same document read back, no new event in the event store)."""

from __future__ import annotations

import uuid
from typing import Any

from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, read, run, timeline_inputs

ALICE: dict[str, Any] = {"user": "alice", "roles": ("author",)}
CAROL: dict[str, Any] = {"user": "carol", "roles": ("reviewer",)}
ADMIN: dict[str, Any] = {"user": "root", "roles": ("admin",)}


def create(service: LiveService, **overrides: Any) -> dict[str, Any]:
    """Creates a draft through the API (as alice) and returns it."""
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": create_input(**overrides)}, with_id=False)  # fmt: skip
    assert created["__typename"] == "Postmortem", created
    return created


def snapshot(service: LiveService, postmortem_id: str, **who: Any) -> tuple[dict[str, Any], int]:
    """Returns the document as read back and the event store's head position."""
    return read(service, postmortem_id, **who), service.app.head_position()


def assert_unchanged(service: LiveService, before: tuple[dict[str, Any], int], **who: Any) -> None:
    """Asserts the same document reads back and no event was written."""
    document, head = before
    assert read(service, document["id"], **who) == document
    assert service.app.head_position() == head


def test_submitting_an_incomplete_draft_lists_every_missing_piece_and_changes_nothing(
    service: LiveService,
) -> None:
    window = {"startedAt": "2025-07-15T17:42:00Z"}
    draft = create(service, incidentWindow=window, incidentRef=None)
    before = snapshot(service, draft["id"])

    result = run(service, "submitForReview", variables={"id": draft["id"], "v": 1})

    assert result["__typename"] == "ValidationError"
    assert [problem["field"] for problem in result["fields"]] == [
        "summary",
        "timeline",
        "rootCause.statement",
        "rootCause.category",
        "rootCause.whys",
        "impact",
        "incidentWindow.resolvedAt",
        "actionItems",
    ]
    assert "SEV2" in result["fields"][-1]["message"]
    assert_unchanged(service, before)


def test_invalid_input_reports_every_field_problem_at_once_and_changes_nothing(
    service: LiveService,
) -> None:
    draft = create(service)
    before = snapshot(service, draft["id"])
    impact = {
        "usersAffectedPercent": 120.0,
        "supportTickets": -1,
        "revenueLoss": {"amount": "lots", "currency": "usd"},
    }

    result = run(service, "assessImpact", "$input: ImpactInput!",
                 {"id": draft["id"], "v": 1, "input": impact})  # fmt: skip

    assert result["__typename"] == "ValidationError"
    assert [problem["field"] for problem in result["fields"]] == [
        "impact.usersAffectedPercent",
        "impact.supportTickets",
        "impact.revenueLoss.amount",
        "impact.revenueLoss.currency",
    ]
    naive = {"at": "2025-07-15T17:42:00", "kind": "ALERT", "description": " ", "source": ""}
    entry = run(service, "addTimelineEntry", "$input: TimelineEntryInput!",
                {"id": draft["id"], "v": 1, "input": naive})  # fmt: skip
    assert entry["fields"] == [
        {"field": "at", "message": "must be a timezone-aware date and time"},
        {"field": "description", "message": "must not be empty"},
        {"field": "source", "message": "must not be empty"},
    ]
    assert_unchanged(service, before)


def test_a_stale_expected_version_is_a_conflict_naming_the_current_version(
    service: LiveService,
) -> None:
    draft = create(service)
    entry = {"id": draft["id"], "v": 1, "input": timeline_inputs()[0]}
    added = run(service, "addTimelineEntry", "$input: TimelineEntryInput!", entry)
    assert (added["version"], added["createdId"]) == (2, added["timeline"][0]["id"])
    before = snapshot(service, draft["id"])

    stale = run(service, "addTimelineEntry", "$input: TimelineEntryInput!", entry)

    assert stale["__typename"] == "ConcurrencyConflict"
    assert (stale["currentVersion"], stale["expectedVersion"]) == (2, 1)
    assert_unchanged(service, before)


def test_a_reviewer_may_not_edit_and_an_author_may_not_withdraw(service: LiveService) -> None:
    draft = create(service)
    before = snapshot(service, draft["id"], **CAROL)
    assert before[0]["allowedTransitions"] == ["COMMENT"]

    edit = run(service, "writeSummary", "$input: SummaryInput!",
               {"id": draft["id"], "v": 1, "input": {"summary": "Mine now."}}, **CAROL)  # fmt: skip
    withdraw = run(service, "withdrawPostmortem", "$input: WithdrawInput!",
                   {"id": draft["id"], "v": 1, "input": {"kind": "DUPLICATE",
                    "reason": "Same as INC-1"}})  # fmt: skip

    assert (edit["__typename"], withdraw["__typename"]) == ("NotPermitted", "NotPermitted")
    assert "it needs one of the roles admin, author" in edit["message"]
    assert_unchanged(service, before, **CAROL)


def test_an_admin_withdraws_a_duplicate_which_then_refuses_edits(service: LiveService) -> None:
    draft = create(service)
    assert read(service, draft["id"], **ADMIN)["allowedTransitions"] == [
        "EDIT", "SUBMIT_FOR_REVIEW", "WITHDRAW", "COMMENT", "CHANGE_ACTION_ITEM_STATUS",
    ]  # fmt: skip
    withdrawn = run(service, "withdrawPostmortem", "$input: WithdrawInput!",
                    {"id": draft["id"], "v": 1, "input": {"kind": "DUPLICATE",
                     "reason": "Same incident as INC-2025-0714."}}, **ADMIN)  # fmt: skip
    assert withdrawn["state"] == "WITHDRAWN"
    assert withdrawn["withdrawnKind"] == "DUPLICATE"
    assert withdrawn["withdrawnReason"] == "Same incident as INC-2025-0714."
    assert withdrawn["allowedTransitions"] == []
    before = snapshot(service, draft["id"])

    edit = run(service, "writeSummary", "$input: SummaryInput!",
               {"id": draft["id"], "v": 2, "input": {"summary": "Late edit."}})  # fmt: skip

    assert (edit["__typename"], edit["fromState"]) == ("InvalidTransition", "WITHDRAWN")
    assert_unchanged(service, before)


def test_an_unknown_postmortem_is_not_found_and_nothing_is_written(service: LiveService) -> None:
    missing = str(uuid.uuid4())
    head = service.app.head_position()

    result = run(service, "writeSummary", "$input: SummaryInput!",
                 {"id": missing, "v": 1, "input": {"summary": "Hello"}})  # fmt: skip

    assert (result["__typename"], result["id"]) == ("NotFound", missing)
    assert service.app.head_position() == head
    assert read(service, missing) is None


def test_drafting_adds_edits_and_removes_authors_entries_items_and_links(
    service: LiveService,
) -> None:
    first = create(service, incidentRef="INC-1")
    draft = create(service, incidentRef="INC-2")
    pm = {"id": draft["id"]}

    co = run(service, "addAuthor", "$input: AddAuthorInput!",
             {**pm, "v": 1, "input": {"userId": "bob"}})  # fmt: skip
    assert co["authors"] == ["alice", "bob"]
    item_input = {"title": "Rehearse key rotation", "owner": "sre", "dueDate": "2025-09-01"}
    item = run(service, "addActionItem", "$input: ActionItemInput!",
               {**pm, "v": 2, "input": item_input})  # fmt: skip
    item_id = item["createdId"]
    assert item["actionItems"][0]["priority"] == "P2"
    edited = run(service, "editActionItem", "$itemId: ID!, $input: ActionItemInput!",
                 {**pm, "v": 3, "itemId": item_id,
                  "input": {**item_input, "priority": "P0"}})  # fmt: skip
    assert edited["actionItems"][0]["priority"] == "P0"
    linked = run(service, "linkRecurrence", "$input: RecurrenceInput!",
                 {**pm, "v": 4, "input": {"postmortemId": first["id"]}})  # fmt: skip
    assert linked["recurrenceOf"] == [first["id"]]
    entry = run(service, "addTimelineEntry", "$input: TimelineEntryInput!",
                {**pm, "v": 5, "input": timeline_inputs()[0]})  # fmt: skip
    no_entry = run(service, "removeTimelineEntry", "$entryId: ID!",
                   {**pm, "v": 6, "entryId": entry["createdId"]})  # fmt: skip
    assert (no_entry["version"], no_entry["timeline"]) == (7, [])
    no_item = run(service, "removeActionItem", "$itemId: ID!",
                  {**pm, "v": 7, "itemId": item_id})  # fmt: skip
    assert (no_item["version"], no_item["actionItems"]) == (8, [])
    unlinked = run(service, "unlinkRecurrence", "$input: RecurrenceInput!",
                   {**pm, "v": 8, "input": {"postmortemId": first["id"]}})  # fmt: skip
    assert (unlinked["version"], unlinked["recurrenceOf"]) == (9, [])
