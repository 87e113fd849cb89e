"""#14 items 3, 9 and 10 over real HTTP: the audit trail addresses every approval by its own id,
refusals name the GraphQL operation and the way forward, and a request for changes ends the
review round (its approvals are voided, as `Approval.voided` and `counted` say). Each refusal
changes nothing (version and audit trail length)."""

from __future__ import annotations

from typing import Any

from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, read, run, write_seed_content

ALICE: dict[str, Any] = {"user": "alice", "roles": ("author",)}
CAROL: dict[str, Any] = {"user": "carol", "roles": ("reviewer",)}
DAVE: dict[str, Any] = {"user": "dave", "roles": ("reviewer",)}
COMPLIANCE: dict[str, Any] = {"user": "olga", "roles": ("compliance",)}
SUMMARY = "$input: SummaryInput!"
TRAIL = """
query Trail($id: ID!) {
  auditTrail(filter: {postmortemId: $id}, first: 100, order: OLDEST_FIRST) {
    totalCount edges { node { version eventType actorId changes { path before after } } }
  }
}
"""


def seed_draft(service: LiveService) -> tuple[str, int]:
    """Creates the complete SEV2 seed draft; returns its id and version."""
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": create_input()}, with_id=False)  # fmt: skip
    draft = write_seed_content(service, created["id"], version=1)
    return str(draft["id"]), int(draft["version"])


def trail(service: LiveService, postmortem_id: str) -> list[dict[str, Any]]:
    """Returns the postmortem's audit entries, oldest first."""
    body = service.graphql(TRAIL, {"id": postmortem_id}, **COMPLIANCE)
    return [edge["node"] for edge in body["data"]["auditTrail"]["edges"]]


def state(service: LiveService, postmortem_id: str) -> tuple[int, int]:
    """Returns the version the API shows and the audit trail's length."""
    return read(service, postmortem_id, **CAROL)["version"], len(trail(service, postmortem_id))


def step(service: LiveService, name: str, pm: str, version: int, who: dict[str, Any],
         arguments: str = "", **variables: Any) -> dict[str, Any]:  # fmt: skip
    """Runs one mutation that must succeed at `version` + 1."""
    result = run(service, name, arguments, {"id": pm, "v": version, **variables}, **who)
    assert (result["__typename"], result.get("version")) == ("Postmortem", version + 1), result
    return result


def test_each_approval_is_a_new_item_in_the_audit_trail_and_earlier_ones_stay_unchanged(
    service: LiveService,
) -> None:
    pm, v = seed_draft(service)
    step(service, "submitForReview", pm, v, ALICE)
    step(service, "approvePostmortem", pm, v + 1, CAROL)
    step(service, "requestChanges", pm, v + 2, DAVE, "$input: RequestChangesInput!",
         input={"comment": "Name the cache lifetime."})  # fmt: skip
    step(service, "writeSummary", pm, v + 3, ALICE, SUMMARY, input={"summary": "Edited."})
    step(service, "submitForReview", pm, v + 4, ALICE)
    step(service, "approvePostmortem", pm, v + 5, CAROL)
    before = state(service, pm)
    last = step(service, "approvePostmortem", pm, v + 6, DAVE)

    assert state(service, pm) == (before[0] + 1, before[1] + 1)
    first_id, second_id, third_id = (a["id"] for a in read(service, pm, **CAROL)["approvals"])
    entries = {e["version"]: e for e in trail(service, pm)}
    for version, approval_id, reviewer in ((v + 6, second_id, "carol"), (v + 7, third_id, "dave")):
        [change] = entries[version]["changes"]
        assert (change["path"], change["before"]) == (f"approvals[{approval_id}]", None)
        assert change["after"]["id"] == approval_id
        assert (change["after"]["reviewer_id"], change["after"]["voided"]) == (reviewer, False)
        assert change["after"]["counted"] is True
    voided = entries[v + 3]["changes"]  # Dave's request for changes voided Carol's first approval
    assert {"path": f"approvals[{first_id}].voided", "before": False, "after": True} in voided
    assert last["approvalStatus"] == {"required": 2, "validCount": 2, "met": True}


def test_refusals_name_the_graphql_operation_and_the_way_forward(service: LiveService) -> None:
    pm, v = seed_draft(service)
    before = state(service, pm)
    summary = {"summary": "x"}
    refusals = {
        "approve a draft": run(service, "approvePostmortem", variables={"id": pm, "v": v}, **CAROL),
        "publish a draft": run(service, "publishPostmortem", variables={"id": pm, "v": v}, **CAROL),
        "stale version": run(
            service, "writeSummary", SUMMARY, {"id": pm, "v": v - 1, "input": summary}
        ),
        "wrong role": run(service, "approvePostmortem", variables={"id": pm, "v": v}),
        "invalid field": run(
            service, "writeSummary", SUMMARY, {"id": pm, "v": v, "input": {"summary": "x" * 20_001}}
        ),
        "not an author": run(
            service,
            "writeSummary",
            SUMMARY,
            {"id": pm, "v": v, "input": summary},
            user="mallory",
            roles=("author", "reviewer"),
        ),
    }
    assert state(service, pm) == before
    messages = {name: result["message"] for name, result in refusals.items()}
    assert messages == {
        "approve a draft": "cannot approvePostmortem: the postmortem is DRAFT; call "
        "submitForReview first",
        "publish a draft": "cannot publishPostmortem: the postmortem is DRAFT; call "
        "submitForReview first",
        "stale version": f"cannot writeSummary: the postmortem is at version {v}, not {v - 1} "
        f"(it changed since you read it); read it again, then retry with expectedVersion {v}",
        "wrong role": "cannot approvePostmortem: it needs one of the roles reviewer (yours: "
        "author); ask an administrator for one",
        "invalid field": "cannot writeSummary: validation failed: summary: must be at most "
        "20000 characters; correct the field and send it again",
        "not an author": "cannot writeSummary: only an author of this postmortem or an admin "
        "may do this; an author can add you with addAuthor",
    }
    assert (refusals["approve a draft"]["action"], refusals["approve a draft"]["fromState"]) == (
        "approvePostmortem",
        "DRAFT",
    )

    step(service, "submitForReview", pm, v, ALICE)
    step(service, "approvePostmortem", pm, v + 1, CAROL)
    short = run(service, "publishPostmortem", variables={"id": pm, "v": v + 2}, **CAROL)
    step(service, "approvePostmortem", pm, v + 2, DAVE)
    step(service, "publishPostmortem", pm, v + 3, CAROL)
    published = state(service, pm)
    edit = run(service, "writeSummary", SUMMARY, {"id": pm, "v": v + 4, "input": {"summary": "x"}})
    comment = run(service, "addReviewComment", "$input: ReviewCommentInput!",
                  {"id": pm, "v": v + 4, "input": {"text": "Late."}}, **CAROL)  # fmt: skip
    again = run(service, "submitForReview", variables={"id": pm, "v": v + 4})

    assert state(service, pm) == published
    assert short["message"] == (
        "cannot publishPostmortem: 1 of 2 required approvals for SEV2; it needs 1 more "
        "approvePostmortem by a reviewer who is not an author"
    )
    assert edit["message"] == (
        "cannot writeSummary: the postmortem is PUBLISHED; call amendPostmortem first"
    )
    assert comment["message"] == (
        "cannot addReviewComment: the postmortem is PUBLISHED and its review is closed; call "
        "amendPostmortem to reopen it"
    )
    assert again["message"] == (
        "cannot submitForReview: the postmortem is PUBLISHED; call amendPostmortem first"
    )


def test_a_request_for_changes_voids_the_round_s_approvals_as_approval_counted_describes(
    service: LiveService,
) -> None:
    pm, v = seed_draft(service)
    step(service, "submitForReview", pm, v, ALICE)
    approved = step(service, "approvePostmortem", pm, v + 1, CAROL)
    step(service, "requestChanges", pm, v + 2, DAVE, "$input: RequestChangesInput!",
         input={"comment": "Is the impact right?"})  # fmt: skip
    resubmitted = step(service, "submitForReview", pm, v + 3, ALICE)

    # Same content as Carol approved, but the round she approved in ended.
    assert resubmitted["contentHash"] == approved["contentHash"]
    [approval] = read(service, pm, **CAROL)["approvals"]
    assert (approval["reviewer"], approval["voided"], approval["counted"]) == (
        "carol",
        True,
        False,
    )
    assert resubmitted["approvalStatus"] == {"required": 2, "validCount": 0, "met": False}
    assert "APPROVE" in read(service, pm, **CAROL)["allowedTransitions"]
    before = state(service, pm)
    again = step(service, "approvePostmortem", pm, v + 4, CAROL)
    assert state(service, pm) == (before[0] + 1, before[1] + 1)
    assert [(a["voided"], a["counted"]) for a in again["approvals"]] == [
        (True, False),
        (False, True),
    ]

    descriptions = service.graphql(
        '{ __type(name: "Approval") { fields { name description } } }', **CAROL
    )["data"]["__type"]["fields"]
    described = {f["name"]: f["description"] for f in descriptions}
    assert "not voided" in described["counted"]
    assert "any edit after the approval stops it counting" in described["counted"]
    assert "requestChanges" in described["voided"]
