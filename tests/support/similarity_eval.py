"""Scores the labelled corpus with the service's own similarity code: lexical (TF-IDF over the
corpus), semantic (the embedding model on `embedding_text`) and hybrid; precision and recall."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

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
from tests.support.similarity_corpus import PAIRS, LabelledPair, RootCause

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
