"""Complete-linkage clustering of similar root causes: no chains through unlike members."""

from __future__ import annotations

from projections.recurring.clustering import complete_linkage_clusters


def test_a_chain_of_similar_pairs_does_not_join_its_unlike_ends() -> None:
    # a~b and b~c, but a and c are unlike (no known pair): single linkage gave {a, b, c}.
    scores = {("a", "b"): 0.6, ("b", "c"): 0.5}
    assert complete_linkage_clusters("abc", scores, 0.3) == [["a", "b"]]


def test_the_most_similar_pairs_merge_first_and_every_member_pair_reaches_the_threshold() -> None:
    scores = {
        ("a", "b"): 0.9, ("a", "c"): 0.8, ("b", "c"): 0.85,  # one failure
        ("d", "e"): 0.7,  # another
        ("c", "d"): 0.45, ("b", "d"): 0.4,  # a bridge that must not join them
    }  # fmt: skip
    found = complete_linkage_clusters("abcde", scores, 0.3)
    assert found == [["a", "b", "c"], ["d", "e"]]
    for cluster in found:
        for i, x in enumerate(cluster):
            for y in cluster[i + 1 :]:
                assert scores.get((x, y), 0.0) >= 0.3


def test_clusters_merge_when_every_cross_pair_is_similar() -> None:
    scores = {("a", "b"): 0.9, ("c", "d"): 0.9, ("a", "c"): 0.5, ("a", "d"): 0.4}
    scores |= {("b", "c"): 0.35, ("b", "d"): 0.31}
    assert complete_linkage_clusters("abcd", scores, 0.3) == [["a", "b", "c", "d"]]
    assert complete_linkage_clusters("abcd", scores, 0.32) == [["a", "b"], ["c", "d"]]


def test_pairs_below_the_threshold_and_unknown_ids_are_ignored() -> None:
    scores = {("a", "b"): 0.29, ("a", "zz"): 0.9}
    assert complete_linkage_clusters("ab", scores, 0.3) == []


def test_linked_postmortems_share_a_cluster_even_through_a_chain_of_links() -> None:
    # c recurs b, b recurs a: reviewers' verdicts are transitive, and one unit; d is like c,
    # so like the unit.
    links = [("b", "a"), ("c", "b")]
    assert complete_linkage_clusters("abcd", {}, 0.3, links) == [["a", "b", "c"]]
    scores = {("c", "d"): 0.9}
    assert complete_linkage_clusters("abcd", scores, 0.3, links) == [["a", "b", "c", "d"]]
    # e is more like d than the unit is, and not like the unit: d goes with e, most similar
    # first, and the two clusters stay apart.
    scores |= {("d", "e"): 0.95}
    assert complete_linkage_clusters("abcde", scores, 0.3, links) == [["a", "b", "c"], ["d", "e"]]


def test_the_result_does_not_depend_on_the_input_order() -> None:
    scores = {("a", "b"): 0.5, ("c", "d"): 0.5, ("b", "c"): 0.5, ("a", "c"): 0.5}
    reversed_scores = {(b, a): s for (a, b), s in reversed(scores.items())}
    assert complete_linkage_clusters("abcd", scores, 0.3) == complete_linkage_clusters(
        "dcba", reversed_scores, 0.3
    )
    assert complete_linkage_clusters("abcd", scores, 0.3) == [["a", "b", "c"]]
