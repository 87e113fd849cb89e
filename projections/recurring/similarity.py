"""Root-cause similarity (pure): lexical TF-IDF cosine, its hybrid with the semantic cosine,
and candidate selection (clustering: `clustering.py`).

Lexical: a postmortem's text (title, root-cause statement, whys, contributing factors) becomes
a bag of normalised terms (`text.term_frequencies`). Weights are sublinear term frequency times
smoothed inverse document frequency over the whole corpus; the score is the cosine of the
weight vectors. Semantic: the cosine of the two sentence embeddings (`embedding_model`).
Hybrid: `SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * lexical`, or the lexical score
alone when either postmortem has no embedding yet. The weight and `DEFAULT_THRESHOLD` were
chosen on the labelled corpus in `tests/support/similarity_corpus.py` (figures in the README).
Everything here is deterministic: equal inputs give equal outputs, in a stable order.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

DEFAULT_THRESHOLD = 0.3  # on the hybrid score
SEMANTIC_WEIGHT = 0.8

# How many documents a "similar to this one" query compares at most (see `candidate_terms`),
# and the smaller budget per document when comparing every incident of a window.
CANDIDATE_BUDGET = 300
# The same when the postmortem has an embedding: semantic search finds the reworded ones, and
# the lexical part (at most 0.2 of the hybrid score) needs fewer documents read.
HYBRID_CANDIDATE_BUDGET = 150
WINDOW_CANDIDATE_BUDGET = 100

Vector = dict[str, float]


def idf(df: int, n: int) -> float:
    """Returns the smoothed inverse document frequency of a term in `df` of `n` documents."""
    return math.log((1 + n) / (1 + max(df, 0))) + 1.0


def tfidf_vector(tf: Mapping[str, int], df: Mapping[str, int], n: int) -> Vector:
    """Returns the L2-normalised TF-IDF vector of a document's term frequencies."""
    raw = {t: (1.0 + math.log(c)) * idf(df.get(t, 1), n) for t, c in tf.items() if c > 0}
    norm = math.sqrt(sum(w * w for w in raw.values()))
    return {t: w / norm for t, w in raw.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Returns the dot product of two normalised vectors (their cosine)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def hybrid(semantic: float | None, lexical: float) -> float:
    """Returns the hybrid score (0..1, rounded to 6 places) of a semantic cosine (None: one of
    the two has no embedding) and a lexical cosine."""
    if semantic is None:
        return round(lexical, 6)
    score = SEMANTIC_WEIGHT * max(semantic, 0.0) + (1 - SEMANTIC_WEIGHT) * lexical
    return round(min(score, 1.0), 6)


def semantic_floor(threshold: float) -> float:
    """Returns the semantic cosine a pair sharing no term (lexical 0) needs to reach
    `threshold`: the bound semantic candidates are searched with."""
    return threshold / SEMANTIC_WEIGHT


@dataclass(frozen=True, order=True)
class Pair:
    """Two similar documents (ids in order) and their similarity."""

    first: str
    second: str
    score: float


def candidate_pairs(
    vectors: Mapping[str, Mapping[str, float]],
    candidates: Mapping[str, Iterable[str]] | None = None,
) -> set[tuple[str, str]]:
    """Returns the pairs of documents to compare (an inverted index): every pair sharing a
    term, or, given each document's `candidates` terms, the pairs sharing one of those."""
    postings: dict[str, list[str]] = defaultdict(list)
    for doc_id in sorted(vectors):
        for term in vectors[doc_id]:
            postings[term].append(doc_id)
    pairs: set[tuple[str, str]] = set()
    for a in sorted(vectors):
        terms = vectors[a].keys() if candidates is None else candidates.get(a, ())
        for term in terms:
            for b in postings.get(term, ()):
                if b != a:
                    pairs.add((a, b) if a < b else (b, a))
    return pairs


def similar_pairs(
    vectors: Mapping[str, Mapping[str, float]],
    threshold: float,
    candidates: Mapping[str, Iterable[str]] | None = None,
) -> list[Pair]:
    """Returns every candidate pair whose cosine is at least `threshold`, sorted."""
    found = []
    for a, b in candidate_pairs(vectors, candidates):
        score = cosine(vectors[a], vectors[b])
        if score >= threshold:
            found.append(Pair(a, b, round(score, 6)))
    return sorted(found)


def candidate_terms(
    terms: Iterable[str], df: Mapping[str, int], budget: int = CANDIDATE_BUDGET
) -> list[str]:
    """Returns the terms to look candidates up by: the document's rarest terms that some other
    document shares (df >= 2), rarest first, while their document frequencies add up to at
    most `budget` (and at least one term). Rare shared terms are what recurrences have in
    common; a similar document sharing none of them is missed (approximate, bounded)."""
    shared = sorted((t for t in set(terms) if df.get(t, 0) >= 2), key=lambda t: (df[t], t))
    chosen: list[str] = []
    total = 0
    for term in shared:
        if chosen and total + df[term] > budget:
            break
        chosen.append(term)
        total += df[term]
    return chosen


def rank_similar(
    target: Mapping[str, float],
    candidates: Mapping[str, Mapping[str, float]],
    threshold: float,
) -> list[tuple[str, float]]:
    """Returns the candidates at least `threshold` similar to `target`, most similar first."""
    scored = [(doc_id, round(cosine(target, vec), 6)) for doc_id, vec in candidates.items()]
    return sorted(
        ((d, s) for d, s in scored if s >= threshold), key=lambda item: (-item[1], item[0])
    )


def link_edges(links: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """Returns the explicit "recurrence of" links as undirected edges."""
    return sorted(
        {(min(a, b), max(a, b)) for a, targets in links.items() for b in targets if a != b}
    )
