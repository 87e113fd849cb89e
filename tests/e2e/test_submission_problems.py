"""`Postmortem.submissionProblems`: the completeness checklist a client shows before submitting
is exactly what `submitForReview` would refuse with, for every missing piece at once, each
field named as the GraphQL inputs and `blamelessWarnings` name it."""

from __future__ import annotations

from pathlib import Path

from tests.support.live import LiveService
from tests.support.postmortem_graphql import (
    create_input,
    root_cause_input,
    run,
    write_seed_content,
)
from tests.support.security import live_service

PROBLEMS = (
    "query P($id: ID!) { postmortem(id: $id) { version submissionProblems { field message } } }"
)


def problems(service: LiveService, postmortem_id: str) -> tuple[int, list[dict[str, str]]]:
    body = service.graphql(PROBLEMS, {"id": postmortem_id})
    assert "errors" not in body, body
    found = body["data"]["postmortem"]
    return found["version"], found["submissionProblems"]


def test_a_new_draft_lists_what_submission_would_refuse(service: LiveService) -> None:
    draft = create_input()
    draft["incidentWindow"]["resolvedAt"] = None
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": draft}, with_id=False)  # fmt: skip
    version, listed = problems(service, created["id"])
    assert {p["field"] for p in listed} == {
        "summary",
        "timeline",
        "rootCause.statement",
        "rootCause.category",
        "rootCause.whys",
        "impact",
        "incidentWindow.resolvedAt",
        "actionItems",
    }
    refused = run(service, "submitForReview", variables={"id": created["id"], "v": version})
    assert refused["__typename"] == "ValidationError"
    # The same problems, each field named the same way in both (as the GraphQL inputs do).
    assert refused["fields"] == listed
    assert problems(service, created["id"])[0] == version  # nothing changed


def test_a_complete_draft_has_none_and_submits(service: LiveService) -> None:
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": create_input()}, with_id=False)  # fmt: skip
    written = write_seed_content(service, created["id"], created["version"])
    version, listed = problems(service, created["id"])
    assert listed == []
    assert version == written["version"]
    submitted = run(service, "submitForReview", variables={"id": created["id"], "v": version})
    assert submitted["state"] == "IN_REVIEW"


def test_blocking_blameless_warnings_are_listed_too(tmp_path: Path, mongodb_uri: str) -> None:
    with live_service(tmp_path, mongodb_uri, block_on_blameless_warnings=True) as service:
        created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                      {"input": create_input()}, with_id=False)  # fmt: skip
        written = write_seed_content(service, created["id"], created["version"])
        rca = root_cause_input()
        rca["whys"][1]["because"] = "It was human error."
        blamed = run(service, "writeRootCauseAnalysis", "$input: RootCauseAnalysisInput!",
                     {"id": created["id"], "v": written["version"], "input": rca})  # fmt: skip
        # Named as the input that holds the text (RootCauseAnalysisInput.whys[1].because).
        warned = [w["field"] for w in blamed["blamelessWarnings"]]
        assert warned == ["rootCause.whys[1].because"]
        version, listed = problems(service, created["id"])
        assert [p["field"] for p in listed] == warned
        assert "'human error' at 7" in listed[0]["message"]
        refused = run(service, "submitForReview", variables={"id": created["id"], "v": version})
        assert refused["fields"] == listed
        assert version == blamed["version"]
