"""Root-cause similarity and clustering as pure functions, on the hand-built corpus."""

from __future__ import annotations

from collections import Counter
from typing import Any

from projections.recurring.clustering import complete_linkage_clusters
from projections.recurring.documents import ALL, PUBLISHED, postmortem_view, scoped_documents
from projections.recurring.similarity import (
    DEFAULT_THRESHOLD,
    candidate_terms,
    cosine,
    link_edges,
    similar_pairs,
    tfidf_vector,
)
from projections.recurring.text import stem, tokens
from tests.support.recurring_corpus import corpus

FAMILIES = [{"a1", "a2", "a3"}, {"b1", "b2", "b3"}, {"c1", "c2", "c3"}]


def views(scope: str) -> dict[str, dict[str, Any]]:
    return {
        d["id"]: postmortem_view(s[scope], scope)
        for d in corpus()
        if scope in (s := scoped_documents(d))
    }


def vectors(scope: str) -> dict[str, dict[str, float]]:
    found = views(scope)
    df: Counter[str] = Counter(t for v in found.values() for t in v["terms"])
    return {k: tfidf_vector(v["tf"], df, len(found)) for k, v in found.items()}


def found_clusters(scope: str, threshold: float = DEFAULT_THRESHOLD) -> list[set[str]]:
    vecs = vectors(scope)
    pairs = similar_pairs(vecs, threshold)
    links = link_edges({k: v["recurrence_of"] for k, v in views(scope).items()})
    scores = {(p.first, p.second): p.score for p in pairs}
    return [set(c) for c in complete_linkage_clusters(vecs, scores, threshold, links)]


def pairwise_precision_recall(found: list[set[str]], truth: list[set[str]]) -> tuple[float, ...]:
    def pairs(groups: list[set[str]]) -> set[frozenset[str]]:
        return {frozenset((a, b)) for g in groups for a in g for b in g if a < b}

    got, want = pairs(found), pairs(truth)
    return len(got & want) / len(got), len(got & want) / len(want)


def test_normalisation_folds_case_plurals_and_tenses_and_drops_filler_words() -> None:
    assert tokens("The Certificates EXPIRED because renewal was manual") == [
        "certif",
        "expir",
        "renew",
        "manual",
    ]
    assert stem("connections") == stem("connection")
    assert stem("expired") == stem("expires") == stem("expiring")


def test_the_snowball_stemmer_meets_the_forms_the_old_suffix_stripper_split() -> None:
    # Issue #17: the hand-written stripper gave deploy -> deplo but deployed -> deploy, and
    # process != processes.
    assert stem("deploy") == stem("deployed") == stem("deploying") == stem("deploys")
    assert stem("process") == stem("processes") == stem("processing")
    assert stem("rotation") == stem("rotations")


def test_accents_and_unicode_forms_fold_to_the_same_terms() -> None:
    composed, decomposed = "Échec du déploiement", "E\u0301chec du de\u0301ploiement"
    assert tokens(composed) == tokens(decomposed) == tokens("echec du deploiement")


def test_identical_texts_are_fully_similar_and_disjoint_ones_not_at_all() -> None:
    df = {"pool": 1, "exhaust": 1, "dns": 1}
    a = tfidf_vector({"pool": 2, "exhaust": 1}, df, 3)
    assert round(cosine(a, a), 9) == 1.0
    assert cosine(a, tfidf_vector({"dns": 1}, df, 3)) == 0.0


def test_the_three_recurrence_families_are_found_exactly_at_the_default_threshold() -> None:
    found = found_clusters(PUBLISHED)
    assert sorted(map(sorted, found)) == sorted(map(sorted, FAMILIES))
    assert pairwise_precision_recall(found, FAMILIES) == (1.0, 1.0)


def test_an_explicit_recurrence_link_joins_a_cluster_its_wording_would_not() -> None:
    vecs = vectors(PUBLISHED)
    assert cosine(vecs["c3"], vecs["c2"]) < DEFAULT_THRESHOLD
    scores = {(p.first, p.second): p.score for p in similar_pairs(vecs, DEFAULT_THRESHOLD)}
    without_links = complete_linkage_clusters(vecs, scores, DEFAULT_THRESHOLD)
    assert ["c1", "c2"] in without_links
    assert {"c1", "c2", "c3"} in found_clusters(PUBLISHED)


def test_drafts_join_their_family_only_in_the_unpublished_scope() -> None:
    assert "d1" not in views(PUBLISHED)
    assert {"a1", "a2", "a3", "d1"} in found_clusters(ALL)


def test_clusters_are_the_same_whatever_the_input_order() -> None:
    vecs = vectors(PUBLISHED)
    pairs = similar_pairs(vecs, DEFAULT_THRESHOLD)
    forward = {(p.first, p.second): p.score for p in pairs}
    backward = {(p.second, p.first): p.score for p in reversed(pairs)}
    assert complete_linkage_clusters(sorted(vecs), forward, DEFAULT_THRESHOLD) == (
        complete_linkage_clusters(sorted(vecs, reverse=True), backward, DEFAULT_THRESHOLD)
    )


def test_candidates_are_looked_up_by_the_rarest_shared_terms_within_a_budget() -> None:
    df = {"deploy": 900, "pool": 40, "exhaust": 25, "checkout": 300, "unique": 1}
    assert candidate_terms(["deploy", "pool", "exhaust", "checkout", "unique"], df, 100) == [
        "exhaust",
        "pool",
    ]
    assert candidate_terms(["deploy", "checkout"], df, 100) == ["checkout"]  # at least one


def test_pairs_sharing_only_terms_outside_the_candidates_are_not_compared() -> None:
    common = {f"d{i}": {"deploy": 1.0} for i in range(5)}
    assert similar_pairs(common, 0.5, {d: [] for d in common}) == []
    assert len(similar_pairs(common, 0.5)) == 10
    assert len(similar_pairs(common, 0.5, {"d0": ["deploy"]})) == 4
