"""Issue #17: a recurrence worded differently is found by meaning, over HTTP, with the real
model, the real servers and default settings; embeddings follow root-cause changes only."""

from __future__ import annotations

from typing import Any

import pytest

from projections.recurring.embeddings import EMBEDDINGS
from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, run
from tests.support.similarity_corpus import OAUTH_REWORDED, OAUTH_SEED, RootCause

REVIEWER: dict[str, Any] = {"user": "carol", "roles": ["reviewer"]}
SIMILAR = """query($id: ID!) { similarPostmortems(id: $id, includeUnpublished: true) {
  postmortem { id } similarity linked semanticSimilarity lexicalSimilarity } }"""
UNRELATED = RootCause(
    "logging",
    "Disk full on logging hosts",
    "Log rotation was misconfigured after a package upgrade and the volume filled up.",
    ("The logrotate config was overwritten.",),
    ("no disk usage alert",),
)


def root_cause(record: RootCause) -> dict[str, Any]:
    return {
        "whys": [{"why": "Why?", "because": b} for b in record.whys],
        "statement": record.statement,
        "category": "CONFIGURATION",
        "contributingFactors": list(record.factors),
    }


def draft(service: LiveService, record: RootCause) -> tuple[str, int]:
    """Creates a draft with the record's title, service and root cause (over HTTP)."""
    created = run(
        service,
        "createPostmortem",
        "$input: CreatePostmortemInput!",
        {"input": create_input(title=record.title, services=[record.service], incidentRef=None)},
        with_id=False,
    )
    written = run(
        service,
        "writeRootCauseAnalysis",
        "$input: RootCauseAnalysisInput!",
        {"id": created["id"], "v": created["version"], "input": root_cause(record)},
    )
    assert written["__typename"] == "Postmortem", written
    return str(created["id"]), int(written["version"])


def similar(service: LiveService, postmortem_id: str) -> dict[str, float]:
    body = service.graphql(SIMILAR, {"id": postmortem_id}, **REVIEWER)
    assert "errors" not in body, body
    return {s["postmortem"]["id"]: s["similarity"] for s in body["data"]["similarPostmortems"]}


def test_the_reworded_recurrence_is_similar_both_ways_and_the_unrelated_one_is_not(
    service: LiveService,
) -> None:
    seed, _ = draft(service, OAUTH_SEED)
    reworded, _ = draft(service, OAUTH_REWORDED)
    unrelated, _ = draft(service, UNRELATED)

    from_seed, from_reworded = similar(service, seed), similar(service, reworded)
    assert list(from_seed) == [reworded]
    assert list(from_reworded) == [seed]
    assert from_seed[reworded] == from_reworded[seed] >= 0.3
    assert similar(service, unrelated) == {}

    # The score explains itself: 0.8 x meaning + 0.2 x shared words. Reworded, the two share
    # few words, so the meaning carries it.
    body = service.graphql(SIMILAR, {"id": seed}, **REVIEWER)
    [found] = body["data"]["similarPostmortems"]
    meaning, words = found["semanticSimilarity"], found["lexicalSimilarity"]
    assert found["similarity"] == pytest.approx(0.8 * meaning + 0.2 * words, abs=2e-6)
    assert 0 <= words < meaning <= 1


def test_a_new_root_cause_is_embedded_again_and_other_edits_embed_nothing(
    service: LiveService,
) -> None:
    seed, _ = draft(service, OAUTH_SEED)
    reworded, version = draft(service, OAUTH_REWORDED)
    stored = service.db[EMBEDDINGS].find_one({"_id": f"all:{reworded}"})
    assert stored is not None
    assert (stored["model"], len(stored["vector"])) == ("all-MiniLM-L6-v2-int8", 2 + 384 * 4)

    edit = {"id": reworded, "v": version, "input": {"summary": "Payouts stalled."}}
    summary = run(service, "writeSummary", "$input: SummaryInput!", edit)
    assert service.db[EMBEDDINGS].find_one({"_id": f"all:{reworded}"}) == stored

    rca = {"id": reworded, "v": summary["version"], "input": root_cause(UNRELATED)}
    rewritten = run(service, "writeRootCauseAnalysis", "$input: RootCauseAnalysisInput!", rca)
    assert rewritten["__typename"] == "Postmortem"
    moved = service.db[EMBEDDINGS].find_one({"_id": f"all:{reworded}"})
    assert moved is not None
    assert moved["vector"] != stored["vector"]
    assert moved["position"] > stored["position"]
    assert similar(service, seed) == {}
