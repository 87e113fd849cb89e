"""The review policy comes from settings: approvals per severity, whether blameless warnings
block submission, and the policy version recorded with submissions and approvals."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from service.config import Settings
from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, run, write_seed_content

CAROL = {"user": "carol", "roles": ("reviewer",)}


@pytest.fixture
def settings(tmp_path: Path, mongodb_uri: str) -> Settings:
    """One approval for SEV2, and blameless warnings block submission."""
    return Settings(
        data_dir=tmp_path,
        mongodb_uri=mongodb_uri,
        mongodb_database="t_" + uuid.uuid4().hex[:12],
        projection_poll_interval=0.05,
        review_approvals="SEV1=3,SEV2=1,SEV3=1,SEV4=1",
        block_on_blameless_warnings=True,
        review_policy_version="strict-7",
    )


def test_a_configured_policy_blocks_blaming_text_and_publishes_sev2_on_one_approval(
    service: LiveService,
) -> None:
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": create_input()}, with_id=False)  # fmt: skip
    pm_id = created["id"]
    assert created["approvalStatus"] == {"required": 1, "validCount": 0, "met": False}
    write_seed_content(service, pm_id, version=1)
    blaming = "The outage was human error by the on-call engineer."
    draft = run(service, "writeSummary", "$input: SummaryInput!",
                {"id": pm_id, "v": 15, "input": {"summary": blaming}})  # fmt: skip
    assert draft["blamelessWarnings"] == [
        {"field": "summary", "start": 15, "end": 26, "phrase": "human error",
         "message": draft["blamelessWarnings"][0]["message"]}
    ]  # fmt: skip

    blocked = run(service, "submitForReview", variables={"id": pm_id, "v": 16})
    assert blocked["__typename"] == "ValidationError"
    assert [problem["field"] for problem in blocked["fields"]] == ["summary"]

    fixed = "Sign-in tokens were rejected for 45 minutes after a signing key rotation."
    run(service, "writeSummary", "$input: SummaryInput!",
        {"id": pm_id, "v": 16, "input": {"summary": fixed}})  # fmt: skip
    submitted = run(service, "submitForReview", variables={"id": pm_id, "v": 17})
    assert (submitted["state"], submitted["policyVersion"]) == ("IN_REVIEW", "strict-7")
    approved = run(service, "approvePostmortem", variables={"id": pm_id, "v": 18}, **CAROL)
    assert approved["approvals"][0]["policyVersion"] == "strict-7"
    assert approved["approvalStatus"] == {"required": 1, "validCount": 1, "met": True}
    published = run(service, "publishPostmortem", variables={"id": pm_id, "v": 19}, **CAROL)
    assert published["state"] == "PUBLISHED"
