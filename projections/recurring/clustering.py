"""Clusters of similar root causes (pure): agglomerative clustering that does not chain.

Connected components over "similar" pairs chain: A is like B, B like C, ..., so one cluster
ends up holding failures that have nothing in common (a full disk next to an expired
certificate). Here a cluster is built the other way round:

1. Explicit "recurrence of" links are reviewers' verdicts that two incidents are the same
   failure; the postmortems they connect (transitively) form one unit, which starts as a
   cluster. A unit is as similar to another as their most similar members are (one write-up
   of the failure may be worded closer than another).
2. Clusters are merged, most similar first, by **complete linkage** over units: two clusters
   merge only when every pair of units across them is at least `threshold` similar; their
   linkage is the lowest such score. So every two members of a cluster are similar to each
   other (or linked), never only through a chain of others.

The input is sparse (only the pairs at least `threshold` similar are known, as the window
queries find them), and that is all complete linkage needs: a missing pair forbids the merge.
scipy's `linkage` would need the dense distance matrix of the whole window (n² / 2 floats:
1.6 GB for 20,000 incidents). Each merge visits the merged clusters' neighbours only.
Deterministic: equal inputs give equal clusters whatever the input order (ties go to the
smaller ids).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping

# The default threshold of clusters (on the hybrid score). Chosen on the demo data and the
# labelled corpus (`python -m bench.similarity_corpus`, figures in the README): the demo's
# seven root-cause scenarios stay apart in every window from 0.35 up, while 0.3 still merges
# a few small clusters across scenarios ("key rotation" next to "log rotation").
DEFAULT_CLUSTER_THRESHOLD = 0.35


class _Clusters:
    """Disjoint clusters of units with, for each pair of clusters joined by at least one
    known pair of units, how many of their cross pairs are known and the lowest known score."""

    def __init__(self, groups: list[list[str]]) -> None:
        self.members: dict[int, list[str]] = dict(enumerate(groups))
        self.units: dict[int, int] = dict.fromkeys(self.members, 1)
        self.cross: dict[int, dict[int, tuple[int, float]]] = {n: {} for n in self.members}
        self.version: dict[int, int] = dict.fromkeys(self.members, 0)

    def add_pair(self, a: int, b: int, score: float) -> None:
        count, low = self.cross[a].get(b, (0, 1.0))
        self.cross[a][b] = self.cross[b][a] = (count + 1, min(low, score))

    def linkage(self, a: int, b: int) -> float | None:
        """Returns the complete linkage of two clusters, or None when a cross pair is unknown
        (below the threshold)."""
        count, low = self.cross[a].get(b, (0, 0.0))
        return low if count == self.units[a] * self.units[b] else None

    def merge(self, a: int, b: int) -> int:
        """Merges `b` into `a` and returns `a` (members sorted at the end)."""
        self.members[a] += self.members.pop(b)
        self.units[a] += self.units.pop(b)
        self.version[a] += 1
        for other, (count, low) in self.cross.pop(b).items():
            del self.cross[other][b]
            if other == a:
                continue
            known, lowest = self.cross[a].get(other, (0, 1.0))
            self.cross[a][other] = self.cross[other][a] = (known + count, min(lowest, low))
        return a


def _link_groups(ids: list[str], links: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Returns the groups of ids connected by links (union-find), singletons included."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return sorted(sorted(g) for g in groups.values())


def complete_linkage_clusters(
    ids: Iterable[str],
    scores: Mapping[tuple[str, str], float],
    threshold: float,
    links: Iterable[tuple[str, str]] = (),
) -> list[list[str]]:
    """Returns the clusters (at least two members, each sorted; largest first, then by first
    id) of complete-linkage agglomerative clustering at `threshold`.

    `scores`: the similarity (0..1) of each known pair (ids in either order); pairs below
    `threshold` are ignored, pairs not given count as below it. `links`: explicitly linked
    pairs; postmortems connected by links always share a cluster."""
    groups = _link_groups(sorted(set(ids)), links)
    state = _Clusters(groups)
    where = {i: n for n, g in enumerate(groups) for i in g}
    between: dict[tuple[int, int], float] = {}  # units' similarity: their best member pair
    for (x, y), score in scores.items():
        if score >= threshold and x in where and y in where and where[x] != where[y]:
            key = (min(where[x], where[y]), max(where[x], where[y]))
            between[key] = max(between.get(key, 0.0), score)
    for (u, v), score in sorted(between.items()):
        state.add_pair(u, v, score)
    # Max-heap of candidate merges: (-linkage, the two cluster numbers (smaller first), their
    # versions when pushed: an entry is stale once either cluster has merged since). Clusters
    # are numbered in the order of their smallest ids and a merge keeps the smaller number, so
    # ties go to the smaller ids.
    heap = [
        (-value, u, v, 0, 0)
        for u in state.cross
        for v in state.cross[u]
        if u < v and (value := state.linkage(u, v)) is not None
    ]
    heapq.heapify(heap)
    while heap:
        _, u, v, version_u, version_v = heapq.heappop(heap)
        if u not in state.members or v not in state.members:
            continue
        if state.version[u] != version_u or state.version[v] != version_v:
            continue  # stale: one of the two has merged since
        merged = state.merge(u, v)
        version = state.version[merged]
        for other in state.cross[merged]:
            value = state.linkage(merged, other)
            if value is None:
                continue
            if merged < other:
                heapq.heappush(heap, (-value, merged, other, version, state.version[other]))
            else:
                heapq.heappush(heap, (-value, other, merged, state.version[other], version))
    found = [sorted(m) for m in state.members.values() if len(m) > 1]
    return sorted(found, key=lambda g: (-len(g), g[0]))
