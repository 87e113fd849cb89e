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
    semantic: dict[tuple[str, str], float | None] = dict(
        semantic_pairs(ids, vectors, semantic_floor(threshold))
    )
    lexical_pairs = sorted(candidate_pairs(lexical, candidates) - semantic.keys())
    semantic.update(pair_cosines(lexical_pairs, vectors))
    found = []
    for (a, b), sem in sorted(semantic.items()):
        score = hybrid(sem, cosine(lexical[a], lexical[b]))
        if score >= threshold:
            found.append(Pair(a, b, score))
    return found


def pair_cosines(
    pairs: list[tuple[str, str]], vectors: Mapping[str, Vector], chunk: int = 16_384
) -> dict[tuple[str, str], float | None]:
    """Returns the cosine of each pair's vectors (None where either has none), computed in
    vectorised chunks."""
    found: dict[tuple[str, str], float | None] = {}
    both = [(a, b) for a, b in pairs if a in vectors and b in vectors]
    found.update({p: None for p in pairs if p[0] not in vectors or p[1] not in vectors})
    if not both:
        return found
    ids = sorted({i for pair in both for i in pair})
    row = {i: n for n, i in enumerate(ids)}
    matrix = np.stack([vectors[i] for i in ids]).astype(np.float32, copy=False)
    left = np.fromiter((row[a] for a, _ in both), dtype=np.int64, count=len(both))
    right = np.fromiter((row[b] for _, b in both), dtype=np.int64, count=len(both))
    for start in range(0, len(both), chunk):
        a, b = left[start : start + chunk], right[start : start + chunk]
        scores = np.einsum("ij,ij->i", matrix[a], matrix[b])
        found.update(zip(both[start : start + chunk], scores.tolist(), strict=True))
    return found
