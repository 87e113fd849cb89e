"""The seed postmortem (the OAuth-token outage) from creation to publication and amendment,
over real HTTP, with the real event store and MongoDB-wire server."""

from __future__ import annotations

from typing import Any

from tests.support.live import LiveService
from tests.support.postmortem_graphql import (
    action_item_inputs,
    create_input,
    read,
    root_cause_input,
    run,
    timeline_inputs,
    write_seed_content,
)
from tests.unit import factories as seed

ALICE: dict[str, Any] = {"user": "alice", "roles": ("author",)}
CAROL: dict[str, Any] = {"user": "carol", "roles": ("reviewer",)}
DAVE: dict[str, Any] = {"user": "dave", "roles": ("reviewer",)}


def unchanged(service: LiveService, before: dict[str, Any], head: int, **who: Any) -> None:
    """Asserts that the document reads back the same and no event was written."""
    assert read(service, before["id"], **who) == before
    assert service.app.head_position() == head


def test_the_oauth_outage_goes_from_draft_to_published_and_stays_readable_after_amendment(
    service: LiveService,
) -> None:
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": create_input()}, with_id=False)  # fmt: skip
    assert created["__typename"] == "Postmortem", created
    pm_id = created["id"]
    assert (created["state"], created["version"], created["authors"]) == ("DRAFT", 1, ["alice"])
    assert created["incidentRef"] == "INC-2025-0715"

    draft = write_seed_content(service, pm_id, version=1)
    assert draft["version"] == 15
    assert draft["createdId"] == draft["actionItems"][2]["id"]
    assert draft["allowedTransitions"] == ["EDIT", "SUBMIT_FOR_REVIEW", "COMMENT",
                                           "CHANGE_ACTION_ITEM_STATUS"]  # fmt: skip
    check_seed_sections(draft)

    submitted = run(service, "submitForReview", variables={"id": pm_id, "v": 15})
    assert (submitted["state"], submitted["version"]) == ("IN_REVIEW", 16)
    assert submitted["approvalStatus"] == {"required": 2, "validCount": 0, "met": False}
    assert submitted["policyVersion"] == "2026-11-1"

    # A reviewer comments on the timeline; the author resolves it.
    commented = run(service, "addReviewComment", "$input: ReviewCommentInput!",
                    {"id": pm_id, "v": 16, "input": {"section": "TIMELINE",
                     "text": "Add when the status page was first updated."}}, **CAROL)  # fmt: skip
    comment = commented["reviewComments"][0]
    assert comment["id"] == commented["createdId"]
    assert (comment["author"], comment["section"], comment["resolved"]) == (
        "carol", "TIMELINE", False)  # fmt: skip

    resolved = run(service, "resolveReviewComment", "$commentId: ID!",
                   {"id": pm_id, "v": 17, "commentId": comment["id"]})  # fmt: skip
    assert resolved["reviewComments"][0]["resolved"] is True

    # Carol approves; Dave asks for a change, which voids Carol's approval.
    approved = run(service, "approvePostmortem", variables={"id": pm_id, "v": 18}, **CAROL)
    assert approved["approvalStatus"] == {"required": 2, "validCount": 1, "met": False}
    assert approved["approvals"][0]["reviewer"] == "carol"
    assert approved["approvals"][0]["contentHash"] == approved["contentHash"]
    assert approved["approvals"][0]["counted"] is True
    assert approved["allowedTransitions"] == ["REQUEST_CHANGES", "COMMENT"]

    sent_back = run(service, "requestChanges", "$input: RequestChangesInput!",
                    {"id": pm_id, "v": 19, "input": {"section": "TIMELINE",
                     "comment": "Say who was paged by role, not by name."}}, **DAVE)  # fmt: skip
    assert sent_back["state"] == "CHANGES_REQUESTED"
    assert sent_back["approvalStatus"]["validCount"] == 0

    # Alice edits the paging entry (the edit moves the content hash) and resubmits.
    page_entry = sent_back["timeline"][1]
    edited = run(service, "editTimelineEntry", "$entryId: ID!, $input: TimelineEntryInput!",
                 {"id": pm_id, "v": 20, "entryId": page_entry["id"],
                  "input": {**timeline_inputs()[1],
                            "description": "The identity on-call was paged."}})  # fmt: skip
    assert edited["timeline"][1]["description"] == "The identity on-call was paged."
    assert edited["contentHash"] != approved["contentHash"]
    resubmitted = run(service, "submitForReview", variables={"id": pm_id, "v": 21})
    assert resubmitted["state"] == "IN_REVIEW"
    assert resubmitted["approvals"][0]["counted"] is False
    assert resubmitted["approvalStatus"]["validCount"] == 0

    # Publishing below the policy (0 of 2) is refused and changes nothing.
    before, head = read(service, pm_id, **DAVE), service.app.head_position()
    refused = run(service, "publishPostmortem", variables={"id": pm_id, "v": 22}, **DAVE)
    assert refused["__typename"] == "InvalidTransition"
    assert (refused["fromState"], refused["action"]) == ("IN_REVIEW", "publishPostmortem")
    assert "0 of 2" in refused["message"]
    unchanged(service, before, head, **DAVE)

    # An author may never approve their own postmortem, even with the reviewer role.
    before, head = read(service, pm_id), service.app.head_position()
    own = run(service, "approvePostmortem", variables={"id": pm_id, "v": 22},
              user="alice", roles=("author", "reviewer"))  # fmt: skip
    assert own["__typename"] == "NotPermitted"
    assert "author cannot approve" in own["message"]
    unchanged(service, before, head)

    run(service, "approvePostmortem", variables={"id": pm_id, "v": 22}, **CAROL)
    both = run(service, "approvePostmortem", variables={"id": pm_id, "v": 23}, **DAVE)
    assert both["approvalStatus"] == {"required": 2, "validCount": 2, "met": True}
    assert both["allowedTransitions"] == ["REQUEST_CHANGES", "PUBLISH", "COMMENT"]

    published = run(service, "publishPostmortem", variables={"id": pm_id, "v": 24}, **DAVE)
    assert (published["state"], published["version"], published["revision"]) == (
        "PUBLISHED", 25, 1)  # fmt: skip
    assert published["firstPublishedAt"] is not None
    [revision] = published["revisions"]
    assert revision["revision"] == 1
    assert revision["contentHash"] == published["contentHash"]
    assert {a["reviewer"] for a in revision["approvals"]} == {"carol", "dave"}
    check_seed_sections(revision["content"], frozen=True)

    # Published content is immutable ...
    before, head = read(service, pm_id), service.app.head_position()
    frozen = run(service, "writeSummary", "$input: SummaryInput!",
                 {"id": pm_id, "v": 25, "input": {"summary": "Rewritten."}})  # fmt: skip
    assert frozen["__typename"] == "InvalidTransition"
    assert frozen["fromState"] == "PUBLISHED"
    unchanged(service, before, head)

    # ... but action items' follow-through is tracked after publication.
    item = published["actionItems"][1]
    done = run(service, "changeActionItemStatus", "$itemId: ID!, $input: ActionItemStatusInput!",
               {"id": pm_id, "v": 25, "itemId": item["id"],
                "input": {"status": "DONE", "reason": "Alert shipped."}})  # fmt: skip
    assert done["actionItems"][1]["status"] == "DONE"
    assert done["actionItems"][1]["completedAt"] is not None
    assert (done["state"], done["contentHash"]) == ("PUBLISHED", published["contentHash"])

    # An amendment reopens it as revision 2; revision 1 stays readable as it was.
    reason = {"reason": "Add the customer notice."}
    amended = run(service, "amendPostmortem", "$input: AmendInput!",
                  {"id": pm_id, "v": 26, "input": reason})  # fmt: skip
    assert (amended["state"], amended["revision"]) == ("DRAFT", 2)
    assert amended["amendmentReason"] == "Add the customer notice."
    assert amended["approvalStatus"]["validCount"] == 0
    rewritten = run(service, "writeSummary", "$input: SummaryInput!",
                    {"id": pm_id, "v": 27, "input": {"summary": "Amended summary."}})  # fmt: skip
    assert rewritten["summary"] == "Amended summary."
    later = read(service, pm_id)
    assert later["revisions"] == published["revisions"]
    assert later["revisions"][0]["content"]["summary"] == seed.SUMMARY


def check_seed_sections(doc: dict[str, Any], *, frozen: bool = False) -> None:
    """Asserts every section of the seed as the API shows it."""
    assert doc["title"] == "OAuth token outage"
    assert doc["severity"] == "SEV2"
    assert doc["services"] == ["auth-service", "api-gateway"]
    assert doc["tags"] == ["oauth", "tokens"]
    assert doc["team"] == "Identity Platform"
    window = doc["incidentWindow"]
    assert window["startedAt"] == "2025-07-15T17:42:00+00:00"
    assert window["resolvedAt"] == "2025-07-15T18:27:00+00:00"
    assert doc["summary"] == seed.SUMMARY
    kinds = [entry["kind"] for entry in doc["timeline"]]
    assert kinds == ["ALERT", "PAGE", "ACKNOWLEDGEMENT", "INVESTIGATION", "COMMUNICATION",
                     "MITIGATION", "RESOLUTION"]  # fmt: skip
    assert doc["timeline"][0]["source"] == "Prometheus"
    assert doc["rootCause"] == {
        **root_cause_input(),
        "category": "CONFIGURATION",
    }
    assert len(doc["rootCause"]["whys"]) == 4
    assert doc["impact"] == {
        "usersAffectedCount": 1300,
        "usersAffectedPercent": 12.0,
        "downtimeMinutes": 45,
        "downtimeDerived": True,
        "supportTickets": 427,
        "revenueLoss": {"amount": "120000", "currency": "USD"},
        "responders": {"engineers": 3, "hours": 3.0},
        "customerFacing": True,
        "slaBreached": True,
        "notes": seed.IMPACT.notes,
    }
    assert doc["wentWell"] == list(seed.WENT_WELL)
    assert doc["wentBadly"] == list(seed.WENT_BADLY)
    items = [
        {key: item[key] for key in ("title", "owner", "dueDate", "priority", "tracker")}
        for item in doc["actionItems"]
    ]
    assert items == action_item_inputs()
    statuses = {item["status"] for item in doc["actionItems"]}
    assert statuses == ({None} if frozen else {"OPEN"})
