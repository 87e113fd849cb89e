"""Hybrid (semantic + lexical) similarity over many postmortems at once (pure, numpy).

A pair is scored by `similarity.hybrid`. Pairs sharing a rare term come from the lexical
inverted index (`similarity.candidate_pairs`); pairs sharing none have a lexical score of 0, so
they can reach the threshold only with a semantic cosine of at least
`similarity.semantic_floor(threshold)`, and those are found by blocked matrix products.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt

from projections.recurring.similarity import (
    Pair,
    candidate_pairs,
    cosine,
    hybrid,
    semantic_floor,
)

Vector = npt.NDArray[np.float32]
BLOCK_ROWS = 1024  # rows per matrix product: 1024 x n float32 scores at a time


def semantic_pairs(
    ids: list[str], vectors: Mapping[str, Vector], floor: float
) -> dict[tuple[str, str], float]:
    """Returns every pair (ids in order) of postmortems with vectors whose cosine is at least
    `floor`."""
    have = sorted(i for i in ids if i in vectors)
    if len(have) < 2:
        return {}
    matrix = np.stack([vectors[i] for i in have]).astype(np.float32, copy=False)
    found: dict[tuple[str, str], float] = {}
    for start in range(0, len(have), BLOCK_ROWS):
        block = matrix[start : start + BLOCK_ROWS] @ matrix.T
        rows, cols = np.nonzero(block >= floor)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            a = start + r
            if a < c:
                found[(have[a], have[c])] = float(block[r, c])
    return found


def hybrid_pairs(
    lexical: Mapping[str, Mapping[str, float]],
    vectors: Mapping[str, Vector],
    threshold: float,
    candidates: Mapping[str, Iterable[str]] | None = None,
) -> list[Pair]:
    """Returns every pair whose hybrid score is at least `threshold`, sorted.

    `lexical`: each postmortem's TF-IDF vector; `vectors`: the embeddings of those that have
    one; `candidates`: the terms each postmortem looks lexical candidates up by (None: all)."""
    ids = sorted(lexical)
    semantic = semantic_pairs(ids, vectors, semantic_floor(threshold))
    found = []
    for a, b in sorted(candidate_pairs(lexical, candidates) | set(semantic)):
        if a in vectors and b in vectors:
            sem: float | None = semantic.get((a, b))
            if sem is None:
                sem = float(vectors[a] @ vectors[b])
        else:
            sem = None
        score = hybrid(sem, cosine(lexical[a], lexical[b]))
        if score >= threshold:
            found.append(Pair(a, b, score))
    return found
