"""Scores the labelled corpus with the service's own similarity code: lexical (TF-IDF over the
corpus), semantic (the embedding model on `embedding_text`) and hybrid; precision and recall.
Clusters the corpus and the demo data (`postmortems demo`) with the service's clustering."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from projections.recurring.clustering import complete_linkage_clusters
from projections.recurring.documents import postmortem_view
from projections.recurring.embedding_model import EmbeddingModel, ModelSpec, shared_model
from projections.recurring.similarity import (
    DEFAULT_THRESHOLD,
    SEMANTIC_WEIGHT,
    cosine,
    hybrid,
    tfidf_vector,
)
from projections.recurring.text import embedding_text
from service.demo.dataset import PostmortemSpec, dataset
from tests.support.similarity_corpus import PAIRS, LabelledPair, RootCause

Key = tuple[str, str]

# The thresholds each method is judged at: hybrid at the service's default; lexical at its old
# default (0.25); semantic alone at the hybrid default's floor for a pair sharing no term.
THRESHOLDS = {
    "lexical": 0.25,
    "semantic": DEFAULT_THRESHOLD / SEMANTIC_WEIGHT,
    "hybrid": DEFAULT_THRESHOLD,
}


@dataclass(frozen=True)
class Scored:
    """One labelled pair and its three scores."""

    pair: LabelledPair
    lexical: float
    semantic: float
    hybrid: float


@dataclass(frozen=True)
class Figures:
    """Precision and recall of one method at one threshold over some pairs."""

    method: str
    threshold: float
    precision: float
    recall: float
    false_positives: int
    negatives: int


def score_corpus(model: EmbeddingModel | None = None) -> list[Scored]:
    """Returns every labelled pair with its lexical, semantic and hybrid scores."""
    model = model or shared_model(ModelSpec())
    records: dict[int, tuple[str, RootCause]] = {}
    for pair in PAIRS:
        for record in (pair.first, pair.second):
            records.setdefault(id(record), (f"r{len(records)}", record))
    documents = {key: record.document(key) for key, record in records.values()}
    views = {key: postmortem_view(doc, "all") for key, doc in documents.items()}
    df: Counter[str] = Counter(t for v in views.values() for t in v["terms"])
    lexical = {key: tfidf_vector(v["tf"], df, len(views)) for key, v in views.items()}
    keys = sorted(documents)
    embedded = model.embed([embedding_text(documents[k]) for k in keys])
    vectors = dict(zip(keys, embedded, strict=True))
    scored = []
    for pair in PAIRS:
        a, b = records[id(pair.first)][0], records[id(pair.second)][0]
        lex = cosine(lexical[a], lexical[b])
        sem = float(vectors[a] @ vectors[b])
        scored.append(Scored(pair, lex, sem, hybrid(sem, lex)))
    return scored


def figures(scored: list[Scored], method: str, threshold: float, kinds: set[str]) -> Figures:
    """Returns precision and recall of `method` at `threshold` over the pairs of `kinds`."""
    chosen = [s for s in scored if s.pair.kind in kinds]
    hits = [s for s in chosen if getattr(s, method) >= threshold]
    true_positives = sum(s.pair.recurrence for s in hits)
    positives = sum(s.pair.recurrence for s in chosen)
    return Figures(
        method=method,
        threshold=threshold,
        precision=true_positives / len(hits) if hits else 1.0,
        recall=true_positives / positives if positives else 1.0,
        false_positives=len(hits) - true_positives,
        negatives=len(chosen) - positives,
    )


def pair_scores(documents: dict[str, dict[str, Any]], model: EmbeddingModel) -> dict[Key, float]:
    """Returns the hybrid score of every pair of documents (ids in order), TF-IDF over them."""
    views = {key: postmortem_view(doc, "all") for key, doc in documents.items()}
    df: Counter[str] = Counter(t for v in views.values() for t in v["terms"])
    lexical = {key: tfidf_vector(v["tf"], df, len(views)) for key, v in views.items()}
    keys = sorted(documents)
    vectors = dict(
        zip(keys, model.embed([embedding_text(documents[k]) for k in keys]), strict=True)
    )
    return {
        (a, b): hybrid(float(vectors[a] @ vectors[b]), cosine(lexical[a], lexical[b]))
        for n, a in enumerate(keys)
        for b in keys[n + 1 :]
    }


def corpus_clusters(threshold: float, model: EmbeddingModel | None = None) -> Counter[str]:
    """Clusters every text of the labelled corpus at `threshold` and returns how many labelled
    pairs of each kind ended up in one cluster."""
    model = model or shared_model(ModelSpec())
    records: dict[int, tuple[str, RootCause]] = {}
    for pair in PAIRS:
        for record in (pair.first, pair.second):
            records.setdefault(id(record), (f"r{len(records):03d}", record))
    documents = {key: record.document(key) for key, record in records.values()}
    found = complete_linkage_clusters(documents, pair_scores(documents, model), threshold)
    where = {i: n for n, members in enumerate(found) for i in members}
    together: Counter[str] = Counter()
    for pair in PAIRS:
        a, b = records[id(pair.first)][0], records[id(pair.second)][0]
        together[pair.kind] += a in where and where.get(a) == where.get(b)
    return together


@dataclass(frozen=True)
class DemoClusters:
    """Clusters of the demo data over many windows: how many span more than one scenario."""

    windows: int
    clusters: int
    mixed: list[list[str]]  # the scenarios of each cluster that mixes some
    largest: int
    largest_scenario: int  # the most postmortems of one scenario in any window


def demo_clusters(
    threshold: float, seed: int = 7, count: int = 300, model: EmbeddingModel | None = None
) -> DemoClusters:
    """Clusters `postmortems demo`'s data (`count` postmortems over 18 months) in windows of
    30, 90 and 365 days sliding by half their length, links included, and checks each cluster
    against the scenario (root-cause template) its postmortems were generated from."""
    specs, scores = _demo_scores(seed, count, model or shared_model(ModelSpec()))
    now = NOW
    scenario = {s.key: _scenario(s) for s in specs}
    links = [(s.key, other) for s in specs for other in s.recurrence_of]
    windows = total = largest = largest_scenario = 0
    mixed: list[list[str]] = []
    for days in (30, 90, 365):
        for ago in range(0, 548 - days + 1, days // 2):
            end = now - timedelta(days=ago)
            ids = [s.key for s in specs if end - timedelta(days=days) <= s.started_at < end]
            found = complete_linkage_clusters(ids, scores, threshold, links)
            windows, total = windows + 1, total + len(found)
            largest = max([largest, *map(len, found)])
            largest_scenario = max([largest_scenario, *Counter(scenario[i] for i in ids).values()])
            mixed += [
                sorted({scenario[i] for i in c}) for c in found if len({scenario[i] for i in c}) > 1
            ]
    return DemoClusters(windows, total, mixed, largest, largest_scenario)


NOW = datetime(2026, 11, 29, tzinfo=UTC)


@cache
def _demo_scores(
    seed: int, count: int, model: EmbeddingModel
) -> tuple[list[PostmortemSpec], dict[Key, float]]:
    specs = dataset(count, seed, NOW)
    return specs, pair_scores({s.key: _demo_document(s) for s in specs}, model)


def _scenario(spec: PostmortemSpec) -> str:
    statement = spec.root_cause_statement
    return "oauth key set" if "OAuth" in statement else statement.replace(spec.services[0], "{s}")


def _demo_document(spec: PostmortemSpec) -> dict[str, Any]:
    return {
        "id": spec.key,
        "title": spec.title,
        "services": list(spec.services),
        "root_cause": {
            "statement": spec.root_cause_statement,
            "whys": [{"why": why, "because": because} for why, because in spec.whys],
            "contributing_factors": list(spec.contributing_factors),
            "category": spec.root_cause_category,
        },
    }
