"""The labelled root-cause corpus, scored by the service's similarity code and the real model
(about 250 short texts embedded: a few seconds of CPU)."""

from __future__ import annotations

import pytest

from projections.recurring.similarity import DEFAULT_THRESHOLD
from tests.support.similarity_corpus import (
    NEAR_MISS,
    OAUTH_REWORDED,
    OAUTH_SEED,
    PAIRS,
    RECURRENCE,
)
from tests.support.similarity_eval import THRESHOLDS, Scored, figures, score_corpus

JUDGED = {RECURRENCE, NEAR_MISS}  # the issue's target: reworded recurrences vs near misses


@pytest.fixture(scope="module")
def scored() -> list[Scored]:
    return score_corpus()


def test_the_corpus_has_at_least_60_labelled_pairs_of_each_kind_it_claims() -> None:
    kinds = [p.kind for p in PAIRS]
    assert len(PAIRS) >= 60
    assert kinds.count(RECURRENCE) >= 30
    assert kinds.count(NEAR_MISS) >= 25
    assert all(p.first.service != p.second.service for p in PAIRS if not p.recurrence)


def test_hybrid_meets_the_target_at_the_default_threshold(scored: list[Scored]) -> None:
    hybrid = figures(scored, "hybrid", DEFAULT_THRESHOLD, JUDGED)
    assert hybrid.recall >= 0.9
    assert hybrid.precision >= 0.9


def test_hybrid_finds_reworded_recurrences_the_lexical_score_misses(
    scored: list[Scored],
) -> None:
    lexical = figures(scored, "lexical", THRESHOLDS["lexical"], JUDGED)
    hybrid = figures(scored, "hybrid", DEFAULT_THRESHOLD, JUDGED)
    assert lexical.recall < 0.5 < 0.9 <= hybrid.recall


def test_the_issues_reworded_pair_scores_above_the_default_and_unrelated_causes_below(
    scored: list[Scored],
) -> None:
    [issue_pair] = [
        s for s in scored if (s.pair.first, s.pair.second) == (OAUTH_SEED, OAUTH_REWORDED)
    ]
    assert issue_pair.lexical < 0.25 <= DEFAULT_THRESHOLD <= issue_pair.hybrid
    unrelated = [s.hybrid for s in scored if s.pair.kind == NEAR_MISS]
    assert sum(h >= DEFAULT_THRESHOLD for h in unrelated) <= 2
