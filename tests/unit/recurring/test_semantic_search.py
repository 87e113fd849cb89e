"""The in-process vector matrix, hybrid pairs over a window, and the vector-search pipeline."""

from __future__ import annotations

import numpy as np
import pytest

from projections.recurring.embeddings import decode_vector, encode_vector
from projections.recurring.hybrid import hybrid_pairs, semantic_pairs
from projections.recurring.similarity import Pair, hybrid
from projections.recurring.vectors import ScopeMatrix, vector_search_pipeline


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def stored(pid: str, vector: np.ndarray | None, position: int, version: str = "v1") -> dict:
    return {
        "postmortem_id": pid,
        "vector": None if vector is None else encode_vector(vector),
        "model_version": version,
        "position": position,
    }


def test_vectors_round_trip_as_bson_float32_binary_vectors() -> None:
    vector = unit(1, 2, 3)
    encoded = encode_vector(vector)
    assert encoded.subtype == 9
    assert bytes(encoded[:2]) == b"\x27\x00"
    assert np.array_equal(decode_vector(encoded), vector)
    with pytest.raises(ValueError, match="float32"):
        decode_vector(b"\x03\x00abcd")


def test_the_matrix_follows_updates_removals_and_skips_other_model_versions() -> None:
    matrix = ScopeMatrix()
    matrix.apply(stored("a", unit(1, 0, 0), 1), "v1")
    matrix.apply(stored("b", unit(0.9, 0.1, 0), 2), "v1")
    matrix.apply(stored("c", unit(0, 1, 0), 3), "v1")
    matrix.apply(stored("d", unit(1, 0, 0), 4, version="v0"), "v1")
    assert [pid for pid, _ in matrix.nearest(unit(1, 0, 0), 0.5, 10)] == ["a", "b"]
    matrix.apply(stored("b", unit(0, 0, 1), 5), "v1")  # its root cause changed
    matrix.apply(stored("a", None, 6), "v1")  # withdrawn
    assert matrix.nearest(unit(1, 0, 0), 0.5, 10) == []
    assert matrix.vector("a") is None
    assert matrix.vector("d") is None
    assert matrix.position == 6
    assert [pid for pid, _ in matrix.nearest(unit(0, 0, 1), 0.5, 10)] == ["b"]


def test_the_matrix_grows_and_returns_only_the_best_up_to_the_limit() -> None:
    matrix = ScopeMatrix()
    rng = np.random.default_rng(1)
    for i in range(3000):
        matrix.apply(stored(f"p{i}", unit(*rng.standard_normal(8)), i), "v1")
    target = matrix.vector("p7")
    assert target is not None
    best = matrix.nearest(target, -1.0, 5)
    scores = sorted(float(matrix.vectors[matrix.row_of[f"p{i}"]] @ target) for i in range(3000))
    assert [s for _, s in best] == pytest.approx(scores[::-1][:5])
    assert best[0][0] == "p7"


def test_hybrid_pairs_find_reworded_pairs_sharing_no_term_and_keep_lexical_ones() -> None:
    lexical = {"a": {"pool": 1.0}, "b": {"connect": 1.0}, "c": {"pool": 1.0}, "d": {"disk": 1.0}}
    vectors = {"a": unit(1, 0), "b": unit(1, 0.1), "d": unit(0, 1)}  # c has no embedding yet
    pairs = hybrid_pairs(lexical, vectors, 0.3)
    semantic_ab = float(vectors["a"] @ vectors["b"])
    assert pairs == [Pair("a", "b", hybrid(semantic_ab, 0.0)), Pair("a", "c", 1.0)]
    assert semantic_pairs(sorted(lexical), vectors, 0.99) == {
        ("a", "b"): pytest.approx(semantic_ab)
    }


def test_the_vector_search_pipeline_filters_by_scope_and_model_version() -> None:
    [stage, project] = vector_search_pipeline("published", "v1", unit(1, 0), 21)
    search = stage["$vectorSearch"]
    assert search["filter"] == {"scope": "published", "model_version": "v1"}
    assert (search["limit"], search["numCandidates"]) == (21, 210)
    assert search["queryVector"] == pytest.approx([1.0, 0.0])
    assert project["$project"]["score"] == {"$meta": "vectorSearchScore"}
