"""Precision and recall of lexical, semantic and hybrid root-cause similarity on the labelled
corpus (`tests/support/similarity_corpus.py`), clusters of the corpus and of the demo data
(`postmortems demo`, 300 postmortems) at several thresholds, and the CPU the embedding model
costs.

    .venv/bin/python -m bench.similarity_corpus
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from datetime import UTC, datetime
from typing import Any

from projections.base import ProjectedEvent
from projections.recurring.clustering import DEFAULT_CLUSTER_THRESHOLD
from projections.recurring.embedding_model import EmbeddingModel, ModelSpec, shared_model
from projections.recurring.embeddings import RecurringEmbeddingsProjection
from projections.recurring.text import embedding_text
from tests.support.similarity_corpus import (
    NEAR_MISS,
    PAIRS,
    RECURRENCE,
    SAME_TOPIC,
    RootCause,
)
from tests.support.similarity_eval import (
    THRESHOLDS,
    corpus_clusters,
    demo_clusters,
    figures,
    score_corpus,
)


def main() -> None:
    """Prints the corpus figures and CPU seconds per embedded text."""
    model = shared_model(ModelSpec())
    print("CPU is this process's alone: embedding and scoring read no database")
    started = time.process_time()
    model.load()
    print(f"model load and sha256 checks: {time.process_time() - started:.2f} s CPU")
    scored = score_corpus(model)
    kinds = {k: sum(p.kind == k for p in PAIRS) for k in (RECURRENCE, NEAR_MISS, SAME_TOPIC)}
    print(f"{len(PAIRS)} labelled pairs: {kinds}")
    print(
        f"{'method':<9} {'threshold':>9} {'precision':>9} {'recall':>7}   same-topic pairs flagged"
    )
    for method, threshold in THRESHOLDS.items():
        judged = figures(scored, method, threshold, {RECURRENCE, NEAR_MISS})
        same = figures(scored, method, threshold, {SAME_TOPIC})
        print(
            f"{method:<9} {threshold:>9.3f} {judged.precision:>9.3f} {judged.recall:>7.3f}   "
            f"{same.false_positives}/{same.negatives}"
        )
    cluster_figures(model)
    texts = [embedding_text(p.first.document("x")) for p in PAIRS]
    texts += [embedding_text(p.second.document("x")) for p in PAIRS]
    started = time.process_time()
    for text in texts:
        model.embed([text])
    per_text = (time.process_time() - started) / len(texts)
    tokens = sum(len(t.split()) for t in texts) / len(texts)
    print(f"embedding: {per_text * 1000:.1f} ms CPU per text, one at a time "
          f"({len(texts)} texts, {tokens:.0f} words on average)")  # fmt: skip
    projection_cost(model)


def cluster_figures(model: EmbeddingModel) -> None:
    """Prints, per threshold, the labelled corpus pairs that share a cluster (of 216 texts
    clustered together) and the demo data's clusters over 48 windows that mix root causes."""
    kinds = {k: sum(p.kind == k for p in PAIRS) for k in (RECURRENCE, NEAR_MISS, SAME_TOPIC)}
    print(f"clusters (complete linkage; default {DEFAULT_CLUSTER_THRESHOLD}):")
    print(f"{'threshold':>9}  corpus pairs in one cluster: recurrence / near miss / same topic"
          f"   demo: clusters mixing root causes, largest")  # fmt: skip
    for threshold in (0.3, 0.35, 0.4, 0.45):
        together = corpus_clusters(threshold, model)
        demo = demo_clusters(threshold, model=model)
        print(
            f"{threshold:>9.2f}  {together[RECURRENCE]}/{kinds[RECURRENCE]} / "
            f"{together[NEAR_MISS]}/{kinds[NEAR_MISS]} / {together[SAME_TOPIC]}/{kinds[SAME_TOPIC]}"
            f"{'':>36}{len(demo.mixed)}/{demo.clusters} ({demo.windows} windows), {demo.largest}"
        )


def projection_cost(model: EmbeddingModel) -> None:
    """Prints the embeddings projection's CPU per event: one writing a root cause of a
    published postmortem (two scopes, one text: one inference), and one changing anything else
    (no inference)."""
    projection = RecurringEmbeddingsProjection(model)
    records = [p.first for p in PAIRS] + [p.second for p in PAIRS]
    now = datetime.now(UTC)

    def event(n: int, before: dict[str, Any], after: dict[str, Any]) -> ProjectedEvent:
        return ProjectedEvent(n, "E", f"pm{n}", 2, now, "bench", (), "c", None, {}, before, after)

    def published(record: RootCause | None, n: int) -> dict[str, Any]:
        doc = (record or records[0]).document(f"pm{n}")
        doc |= {"state": "PUBLISHED", "window": {"started_at": now}}
        if record is None:
            doc["root_cause"] = {}
        return doc

    rewrites = [event(n, published(None, n), published(r, n)) for n, r in enumerate(records)]
    others = [event(n, published(r, n), published(r, n) | {"summary": "x"}) for n, r in
              enumerate(records)]  # fmt: skip
    for label, events in (("root cause written", rewrites), ("any other event", others)):
        started = time.process_time()
        for e in events:
            projection.project(e)
        per_event = (time.process_time() - started) / len(events)
        print(f"embeddings projection, {label}: {per_event * 1000:.2f} ms CPU per event")


if __name__ == "__main__":
    main()
