"""The seed postmortem's way through review, over GraphQL: submit, send back, approve, publish,
amend. Each step returns the postmortem's new version."""

from __future__ import annotations

from typing import Any

from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, run, write_seed_content

ALICE: dict[str, Any] = {"user": "alice", "roles": ("author",)}
CAROL: dict[str, Any] = {"user": "carol", "roles": ("reviewer",)}
DAVE: dict[str, Any] = {"user": "dave", "roles": ("reviewer",)}


def _ok(result: dict[str, Any]) -> int:
    assert result["__typename"] == "Postmortem", result
    return int(result["version"])


def create_seed(service: LiveService, **overrides: Any) -> tuple[str, int]:
    """Creates the seed postmortem with every section written; returns (id, version)."""
    created = run(
        service,
        "createPostmortem",
        "$input: CreatePostmortemInput!",
        {"input": create_input(**overrides)},
        with_id=False,
        **ALICE,
    )
    pm_id = str(created["id"])
    return pm_id, _ok(write_seed_content(service, pm_id, version=_ok(created)))


def submit(service: LiveService, pm_id: str, version: int) -> int:
    """Alice submits it for review."""
    return _ok(run(service, "submitForReview", variables={"id": pm_id, "v": version}, **ALICE))


def request_changes(service: LiveService, pm_id: str, version: int, comment: str) -> int:
    """Dave sends it back to its authors."""
    return _ok(
        run(
            service,
            "requestChanges",
            "$input: RequestChangesInput!",
            {"id": pm_id, "v": version, "input": {"section": "SUMMARY", "comment": comment}},
            **DAVE,
        )
    )


def rewrite_summary(service: LiveService, pm_id: str, version: int, summary: str) -> int:
    """Alice rewrites the summary."""
    return _ok(
        run(
            service,
            "writeSummary",
            "$input: SummaryInput!",
            {"id": pm_id, "v": version, "input": {"summary": summary}},
            **ALICE,
        )
    )


def approve_and_publish(service: LiveService, pm_id: str, version: int) -> int:
    """Carol and Dave approve (SEV2 needs two), then Dave publishes."""
    version = _ok(run(service, "approvePostmortem", variables={"id": pm_id, "v": version}, **CAROL))
    version = _ok(run(service, "approvePostmortem", variables={"id": pm_id, "v": version}, **DAVE))
    return _ok(run(service, "publishPostmortem", variables={"id": pm_id, "v": version}, **DAVE))


def amend(service: LiveService, pm_id: str, version: int, reason: str) -> int:
    """Alice reopens the published postmortem as a new revision."""
    return _ok(
        run(
            service,
            "amendPostmortem",
            "$input: AmendInput!",
            {"id": pm_id, "v": version, "input": {"reason": reason}},
            **ALICE,
        )
    )
