"""Finding 4 (fresh2): at the default threshold, similar-root-cause clusters of the demo data
never join different root causes (the connected components of before chained all 300 of them
into one), scored by the service's similarity code and the real model (300 short texts)."""

from __future__ import annotations

from projections.recurring.clustering import DEFAULT_CLUSTER_THRESHOLD
from projections.recurring.similarity import DEFAULT_THRESHOLD
from tests.support.similarity_corpus import NEAR_MISS
from tests.support.similarity_eval import corpus_clusters, demo_clusters


def test_no_default_cluster_of_the_demo_data_spans_two_root_causes() -> None:
    found = demo_clusters(DEFAULT_CLUSTER_THRESHOLD)
    assert found.windows == 48
    assert found.clusters >= 200
    assert found.mixed == []
    assert found.largest <= found.largest_scenario


def test_the_pair_threshold_would_mix_root_causes_so_clusters_default_higher() -> None:
    assert DEFAULT_THRESHOLD < DEFAULT_CLUSTER_THRESHOLD
    assert demo_clusters(DEFAULT_THRESHOLD).mixed != []


def test_corpus_clusters_keep_near_misses_apart() -> None:
    together = corpus_clusters(DEFAULT_CLUSTER_THRESHOLD)
    assert together[NEAR_MISS] <= 1
