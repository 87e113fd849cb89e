"""Users' corrections to the workflow (issue #14, items 4-6), over real HTTP on the real servers:
each test is named as the user's sentence, checks the right value, and that nothing else
changed (the postmortem's version and its audit trail, before and after)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest

from service.domain import IncidentWindow
from tests.support.backfill import backfilled_publication
from tests.support.live import LiveService
from tests.support.postmortem_graphql import (
    create_input,
    read,
    run,
    write_seed_content,
)
from tests.support.security import live_service

ALICE: dict[str, Any] = {"user": "alice", "roles": ("author",)}
CAROL: dict[str, Any] = {"user": "carol", "roles": ("reviewer",)}
DAVE: dict[str, Any] = {"user": "dave", "roles": ("reviewer",)}
ADA: dict[str, Any] = {"user": "ada", "roles": ("admin",)}
RECALL = "$input: RecallSubmissionInput!"
TRAIL = """query($id: ID) { auditTrail(filter: {postmortemId: $id}, first: 100,
  order: OLDEST_FIRST) { totalCount edges { node { version eventType actorId reason
  changes { path before after } } } } }"""
QUEUE = "{ reviewQueue(first: 100) { postmortemId } }"
READERS: dict[str, dict[str, Any]] = {
    "another author": {"user": "bob", "roles": ("author",)},
    "a reviewer": CAROL,
    "a compliance officer": {"user": "carl", "roles": ("compliance",)},
    "an admin": ADA,
    "a user without a role": {"user": "nina", "roles": ()},
}
LIST = """query($team: String!) { postmortems(first: 10, filter: {team: $team}) {
  totalCount edges { node { id state summary } } } }"""
AS_OF = "query($id: ID!, $v: Int!) { postmortem(id: $id, asOfVersion: $v) { version state } }"
SLA = """query($team: String!) { complianceReport(from: "2025-07-01T00:00:00Z",
  to: "2025-08-01T00:00:00Z", team: $team) { postmortems publicationSla { breached
  breaches { postmortemId } } } }"""


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("corrections"), mongodb_uri) as live:
        yield live


def trail(service: LiveService, postmortem_id: str) -> list[dict[str, Any]]:
    """Returns the postmortem's audit trail, oldest first, as a compliance officer reads it."""
    body = service.graphql(TRAIL, {"id": postmortem_id}, user="carl", roles=["compliance"])
    assert "errors" not in body, body
    entries = [edge["node"] for edge in body["data"]["auditTrail"]["edges"]]
    assert len(entries) == body["data"]["auditTrail"]["totalCount"]
    return entries


def draft(service: LiveService, team: str = "Identity Platform") -> tuple[str, int]:
    """Alice writes the complete seed postmortem over HTTP: (id, version)."""
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": create_input(incidentRef=None, team=team)}, with_id=False)  # fmt: skip
    written = write_seed_content(service, created["id"], version=1)
    return created["id"], written["version"]


def submitted(service: LiveService, team: str = "Identity Platform") -> tuple[str, int]:
    """The seed postmortem, submitted for review by Alice over HTTP: (id, version)."""
    pm_id, version = draft(service, team)
    result = run(service, "submitForReview", variables={"id": pm_id, "v": version})
    assert result["state"] == "IN_REVIEW", result
    return pm_id, result["version"]


def published(service: LiveService, team: str = "Identity Platform") -> tuple[str, int]:
    """The seed postmortem, approved by Carol and Dave and published over HTTP: (id, version)."""
    pm_id, version = submitted(service, team)
    for reviewer in (CAROL, DAVE):
        version = run(service, "approvePostmortem", variables={"id": pm_id, "v": version},
                      **reviewer)["version"]  # fmt: skip
    result = run(service, "publishPostmortem", variables={"id": pm_id, "v": version}, **CAROL)
    assert result["state"] == "PUBLISHED", result
    return pm_id, result["version"]


def queued(service: LiveService) -> set[str]:
    """Returns the ids in Dave's review queue."""
    body = service.graphql(QUEUE, **DAVE)
    return {item["postmortemId"] for item in body["data"]["reviewQueue"]}


def unchanged_except(before: dict[str, Any], after: dict[str, Any], *changed: str) -> None:
    """Asserts that every field of the read document but `changed` reads as before."""
    keep = set(before) - {*changed, "version", "updatedAt", "allowedTransitions", "createdId"}
    assert {k: after[k] for k in keep} == {k: before[k] for k in keep}


def test_an_author_who_submitted_too_early_takes_the_postmortem_back_from_review(
    shared: LiveService,
) -> None:
    pm_id, version = submitted(shared)
    version = run(shared, "approvePostmortem", variables={"id": pm_id, "v": version},
                  **CAROL)["version"]  # fmt: skip
    before, history = read(shared, pm_id), trail(shared, pm_id)
    assert pm_id in {
        q["postmortemId"] for q in shared.graphql(QUEUE, **DAVE)["data"]["reviewQueue"]
    }

    # A reviewer cannot take it back: nothing changes.
    refused = run(shared, "recallSubmission", RECALL,
                  {"id": pm_id, "v": version, "input": {"reason": "No."}}, **CAROL)  # fmt: skip
    assert refused["__typename"] == "NotPermitted", refused
    assert (read(shared, pm_id), trail(shared, pm_id)) == (before, history)

    reason = "Submitted before the timeline was checked."
    recalled = run(shared, "recallSubmission", RECALL,
                   {"id": pm_id, "v": version, "input": {"reason": reason}})  # fmt: skip
    assert recalled["__typename"] == "Postmortem", recalled
    assert (recalled["state"], recalled["version"], recalled["submittedAt"]) == (
        "DRAFT", version + 1, None)  # fmt: skip
    assert recalled["approvalStatus"] == {"required": 2, "validCount": 0, "met": False}
    assert [(a["reviewer"], a["counted"]) for a in recalled["approvals"]] == [("carol", False)]
    assert recalled["allowedTransitions"] == ["EDIT", "SUBMIT_FOR_REVIEW", "COMMENT",
                                              "CHANGE_ACTION_ITEM_STATUS"]  # fmt: skip
    unchanged_except(before, recalled, "state", "submittedAt", "approvals", "approvalStatus")
    assert {"__typename": "Postmortem", **read(shared, pm_id)} == recalled | {"createdId": None}

    after = trail(shared, pm_id)
    assert after[:-1] == history
    entry = after[-1]
    assert (entry["version"], entry["eventType"], entry["actorId"], entry["reason"]) == (
        version + 1, "SubmissionRecalled", "alice", reason)  # fmt: skip
    changes = {c["path"]: (c["before"], c["after"]) for c in entry["changes"]}
    assert changes.pop("state") == ("IN_REVIEW", "DRAFT")
    assert changes.pop("submitted_at")[1] is None
    # What remains is Carol's approval, voided (the path names the item, however addressed).
    assert sorted((path.rsplit(".", 1)[1], change) for path, change in changes.items()) == [
        ("counted", (True, False)), ("voided", (False, True))]  # fmt: skip
    assert pm_id not in queued(shared)
    # Back in DRAFT it is edited and submitted again; Carol's old approval never counts again.
    again = run(shared, "submitForReview", variables={"id": pm_id, "v": version + 1})
    assert again["approvalStatus"]["validCount"] == 0


def test_an_amendment_is_given_up_and_the_published_postmortem_never_vanishes(
    shared: LiveService,
) -> None:
    """Publish → amend → an admin's withdrawPostmortem is refused (it used to hide the published
    revision from every reader); discardAmendment returns to the published revision."""
    team = "team-discard"
    pm_id, version = published(shared, team)
    as_published = read(shared, pm_id)
    amended = run(shared, "amendPostmortem", "$input: AmendInput!",
                  {"id": pm_id, "v": version, "input": {"reason": "Revenue figure."}})  # fmt: skip
    version = run(shared, "writeSummary", "$input: SummaryInput!",
                  {"id": pm_id, "v": amended["version"], "input": {"summary": "Amended."}}
                  )["version"]  # fmt: skip
    before, history = read(shared, pm_id), trail(shared, pm_id)

    refused = run(shared, "withdrawPostmortem", "$input: WithdrawInput!",
                  {"id": pm_id, "v": version, "input": {"kind": "DUPLICATE",
                   "reason": "Same as INC-1."}}, **ADA)  # fmt: skip
    assert refused["__typename"] == "InvalidTransition", refused
    assert "discardAmendment" in refused["message"]
    assert (read(shared, pm_id), trail(shared, pm_id)) == (before, history)
    assert "WITHDRAW" not in read(shared, pm_id, **ADA)["allowedTransitions"]

    # Every reader still finds it: by id, as of its published version, in lists, in the report.
    for reader, who in READERS.items():
        seen = shared.graphql(LIST, {"team": team}, **who)["data"]["postmortems"]
        assert seen["totalCount"] == 1, reader
        node = seen["edges"][0]["node"]
        assert node["id"] == pm_id, reader
        past = shared.graphql(AS_OF, {"id": pm_id, "v": as_published["version"]}, **who)
        assert past["data"]["postmortem"] == {"version": as_published["version"],
                                              "state": "PUBLISHED"}, reader  # fmt: skip
    report = shared.graphql(SLA, {"team": team}, **ADA)["data"]["complianceReport"]
    assert report["postmortems"] == 1
    assert [b["postmortemId"] for b in report["publicationSla"]["breaches"]] == [pm_id]

    reason = "The revenue figure was right after all."
    discarded = run(shared, "discardAmendment", "$input: DiscardAmendmentInput!",
                    {"id": pm_id, "v": version, "input": {"reason": reason}})  # fmt: skip
    assert discarded["__typename"] == "Postmortem", discarded
    assert (discarded["state"], discarded["version"], discarded["revision"]) == (
        "PUBLISHED", version + 1, 1)  # fmt: skip
    assert discarded["contentHash"] == discarded["revisions"][0]["contentHash"]
    assert discarded["allowedTransitions"] == ["AMEND", "CHANGE_ACTION_ITEM_STATUS"]
    # Exactly the published postmortem again (only version and update time moved on).
    unchanged_except(as_published, discarded)
    for reader, who in READERS.items():
        assert read(shared, pm_id, **who)["summary"] == as_published["summary"], reader

    after = trail(shared, pm_id)
    assert after[:-1] == history
    entry = after[-1]
    assert (entry["version"], entry["eventType"], entry["actorId"], entry["reason"]) == (
        version + 1, "AmendmentDiscarded", "alice", reason)  # fmt: skip
    changes = {c["path"]: (c["before"], c["after"]) for c in entry["changes"]}
    # The published revision's approvals count again (they bind its content).
    recounted = {path: change for path, change in changes.items() if path.startswith("approv")}
    assert recounted
    assert all(
        path.endswith(".counted") and change == (False, True) for path, change in recounted.items()
    ), recounted
    assert {path: changes[path] for path in changes.keys() - recounted.keys()} == {
        "state": ("DRAFT", "PUBLISHED"),
        "revision": (2, 1),
        "amendment_reason": ("Revenue figure.", None),
        "summary": ("Amended.", as_published["summary"]),
    }


STATUS = "$itemId: ID!, $input: ActionItemStatusInput!"
ITEMS_REPORT = """query($team: String!) { complianceReport(from: "2025-07-01T00:00:00Z",
  to: "2025-08-01T00:00:00Z", team: $team) { actionItems { open doneOnTime doneLate } } }"""
OUTAGE = IncidentWindow(
    started_at=datetime(2025, 7, 15, 17, 42, tzinfo=UTC),
    resolved_at=datetime(2025, 7, 15, 18, 27, tzinfo=UTC),
)


def item_report(service: LiveService, team: str) -> dict[str, int]:
    body = service.graphql(ITEMS_REPORT, {"team": team}, **ADA)
    assert "errors" not in body, body
    counts: dict[str, int] = body["data"]["complianceReport"]["actionItems"]
    return counts


def test_a_fix_made_last_month_and_recorded_today_counts_as_done_when_it_was_done(
    shared: LiveService,
) -> None:
    """The postmortem was written in July 2025 (a backfill); today its owner records that the
    JWKS alert (due 2025-08-01) went live on 2025-07-30: done on time, not late."""
    team = "team-completed-at"
    pm_id, version, (keys, alert, _) = backfilled_publication(
        shared, start=datetime(2025, 7, 16, 9, 0, tzinfo=UTC), window=OUTAGE, team=team
    )
    assert item_report(shared, team) == {"open": 3, "doneOnTime": 0, "doneLate": 0}
    before, history = read(shared, pm_id), trail(shared, pm_id)

    # Not in the future, not before the item existed, only for DONE: refused, nothing changes.
    for status, completed_at, message in [
        ("DONE", "2099-01-01T00:00:00Z", "must not be in the future"),
        ("DONE", "2025-07-16T09:00:00Z", "must not be before the item was added"),
        ("IN_PROGRESS", "2025-07-30T12:00:00Z", "only an item that is done"),
    ]:
        refused = run(shared, "changeActionItemStatus", STATUS,
                      {"id": pm_id, "v": version, "itemId": alert,
                       "input": {"status": status, "completedAt": completed_at}})  # fmt: skip
        assert refused["__typename"] == "ValidationError", refused
        assert [(f["field"], message in f["message"]) for f in refused["fields"]] == [
            ("completedAt", True)]  # fmt: skip
    assert (read(shared, pm_id), trail(shared, pm_id)) == (before, history)

    statement = {"status": "DONE", "completedAt": "2025-07-30T14:00:00+02:00",
                 "reason": "Live since July 30."}  # fmt: skip
    on_alert = {"id": pm_id, "v": version, "itemId": alert, "input": statement}
    done = run(shared, "changeActionItemStatus", STATUS, on_alert, user="eve", roles=("author",))
    assert done["__typename"] == "NotPermitted", done  # not an author, not the owner ("sre")
    done = run(shared, "changeActionItemStatus", STATUS, on_alert)
    assert done["version"] == version + 1
    item = next(i for i in done["actionItems"] if i["id"] == alert)
    assert (item["status"], item["completedAt"]) == ("DONE", "2025-07-30T12:00:00+00:00")
    unchanged_except(before, done, "actionItems")
    assert [i for i in done["actionItems"] if i["id"] != alert] == [
        i for i in before["actionItems"] if i["id"] != alert]  # fmt: skip
    after = trail(shared, pm_id)
    assert after[:-1] == history
    assert (after[-1]["eventType"], after[-1]["reason"]) == (
        "ActionItemStatusChanged", "Live since July 30.")  # fmt: skip
    changes = {c["path"].rsplit(".", 1)[1]: (c["before"], c["after"]) for c in after[-1]["changes"]}
    assert changes == {"status": ("open", "done"),
                       "completed_at": (None, "2025-07-30T12:00:00+00:00")}  # fmt: skip
    assert item_report(shared, team) == {"open": 2, "doneOnTime": 1, "doneLate": 0}

    # Without completedAt it is done now: the key rotation item (due 2025-08-15) is late.
    on_keys = {"id": pm_id, "v": version + 1, "itemId": keys, "input": {"status": "DONE"}}
    late = run(shared, "changeActionItemStatus", STATUS, on_keys)
    assert late["version"] == version + 2
    assert item_report(shared, team) == {"open": 1, "doneOnTime": 1, "doneLate": 1}
    # ...until its owner corrects when the work was really done.
    fixed = run(shared, "changeActionItemStatus", STATUS,
                {"id": pm_id, "v": version + 2, "itemId": keys, "input": {"status": "DONE",
                 "completedAt": "2025-08-14T09:00:00Z"}})  # fmt: skip
    assert next(i for i in fixed["actionItems"] if i["id"] == keys)["completedAt"] == (
        "2025-08-14T09:00:00+00:00")  # fmt: skip
    assert item_report(shared, team) == {"open": 1, "doneOnTime": 2, "doneLate": 0}
    assert len(trail(shared, pm_id)) == len(history) + 3


DESPITE = """query { recurredDespiteActionItems(window: {from: "2025-07-01T00:00:00Z",
  to: "2025-10-01T00:00:00Z"}, first: 100) { earlier { id fixCompletedAt } later { id } } }"""


def test_an_incident_after_fixes_recorded_late_recurred_despite_completed_action_items(
    shared: LiveService,
) -> None:
    """Every action item of July's outage was done in August, recorded months later with its
    real completion time; the same outage in September then recurred despite the fix."""
    team = "team-despite"
    first, version, items = backfilled_publication(
        shared, start=datetime(2025, 7, 16, 9, 0, tzinfo=UTC), window=OUTAGE, team=team
    )
    for n, item in enumerate(items):
        version = run(shared, "changeActionItemStatus", STATUS,
                      {"id": first, "v": version, "itemId": item, "input": {
                       "status": "DONE", "completedAt": f"2025-08-{10 + n}T12:00:00Z"}}
                      )["version"]  # fmt: skip
    september = IncidentWindow(
        started_at=datetime(2025, 9, 20, 8, 0, tzinfo=UTC),
        resolved_at=datetime(2025, 9, 20, 9, 0, tzinfo=UTC),
    )
    second, _, _ = backfilled_publication(
        shared, start=datetime(2025, 9, 21, 9, 0, tzinfo=UTC), window=september, team=team,
        recurrence_of=UUID(first),
    )  # fmt: skip
    found = shared.graphql(DESPITE, **ALICE)["data"]["recurredDespiteActionItems"]
    pairs = {(f["earlier"]["id"], f["later"]["id"]): f["earlier"]["fixCompletedAt"] for f in found}
    assert pairs[(first, second)] == "2025-08-12T12:00:00+00:00"
