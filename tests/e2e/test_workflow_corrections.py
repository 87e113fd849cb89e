"""Users' corrections to the workflow (issue #14, items 4-6), over real HTTP on the real servers:
each test is named as the user's sentence, checks the right value, and that nothing else
changed (the postmortem's version and its audit trail, before and after)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

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


def draft(service: LiveService) -> tuple[str, int]:
    """Alice writes the complete seed postmortem over HTTP: (id, version)."""
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": create_input(incidentRef=None)}, with_id=False)  # fmt: skip
    written = write_seed_content(service, created["id"], version=1)
    return created["id"], written["version"]


def submitted(service: LiveService) -> tuple[str, int]:
    """The seed postmortem, submitted for review by Alice over HTTP: (id, version)."""
    pm_id, version = draft(service)
    result = run(service, "submitForReview", variables={"id": pm_id, "v": version})
    assert result["state"] == "IN_REVIEW", result
    return pm_id, result["version"]


def published(service: LiveService) -> tuple[str, int]:
    """The seed postmortem, approved by Carol and Dave and published over HTTP: (id, version)."""
    pm_id, version = submitted(service)
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
