"""Precision and recall of lexical, semantic and hybrid root-cause similarity on the labelled
corpus (`tests/support/similarity_corpus.py`), and the CPU the embedding model costs.

    .venv/bin/python -m bench.similarity_corpus
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from projections.recurring.embedding_model import ModelSpec, shared_model
from projections.recurring.text import embedding_text
from tests.support.similarity_corpus import NEAR_MISS, PAIRS, RECURRENCE, SAME_TOPIC
from tests.support.similarity_eval import THRESHOLDS, figures, score_corpus


def main() -> None:
    """Prints the corpus figures and CPU seconds per embedded text."""
    model = shared_model(ModelSpec())
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
    texts = [embedding_text(p.first.document("x")) for p in PAIRS]
    texts += [embedding_text(p.second.document("x")) for p in PAIRS]
    started = time.process_time()
    for text in texts:
        model.embed([text])
    per_text = (time.process_time() - started) / len(texts)
    tokens = sum(len(t.split()) for t in texts) / len(texts)
    print(f"embedding: {per_text * 1000:.1f} ms CPU per text, one at a time "
          f"({len(texts)} texts, {tokens:.0f} words on average)")  # fmt: skip


if __name__ == "__main__":
    main()
