"""Reads of the recurring-incident views (async, for the API)."""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from projections.recurring.analysis import (
    Recurrence,
    TrendSeries,
    rank_groups,
    recurred_despite_fix,
    window_buckets,
)
from projections.recurring.clustering import complete_linkage_clusters
from projections.recurring.documents import (
    GROUP_DAY,
    GROUP_MONTH,
    split_group_key,
)
from projections.recurring.embedding_model import ModelSpec
from projections.recurring.embeddings import EMBEDDINGS
from projections.recurring.hybrid import hybrid_pairs
from projections.recurring.projection import (
    BUNDLES,
    CORPUS_SIZE_TERM,
    COUNTERS,
    FACTS,
    POSTMORTEMS,
    TERMS,
    bundle_id,
    counter_id,
)
from projections.recurring.similarity import (
    CANDIDATE_BUDGET,
    HYBRID_CANDIDATE_BUDGET,
    WINDOW_CANDIDATE_BUDGET,
    Pair,
    candidate_terms,
    cosine,
    hybrid,
    link_edges,
    semantic_floor,
    tfidf_vector,
)
from projections.recurring.trends import zoned_trends
from projections.recurring.vectors import SemanticIndex
from service.domain.document import Document

_SUMMARY = {"tf": 0, "terms": 0}  # what list views leave out of view documents


@dataclass(frozen=True)
class Group:
    """Incidents of one service with one root-cause category."""

    service: str
    category: str
    count: int
    first_seen: datetime
    last_seen: datetime
    postmortems: list[Document]  # the latest ones, newest first


@dataclass(frozen=True)
class Similar:
    """A postmortem similar to (or explicitly linked with) another."""

    view: Document
    score: float | None
    linked: bool
    # The score's parts (None with the score, and `semantic` while either has no embedding).
    semantic: float | None = None
    lexical: float | None = None


def _parts(
    semantic: dict[str, float | None], lexical: dict[str, float], i: str, scores: dict[str, float]
) -> tuple[float | None, float | None]:
    """Returns the semantic (negative counts as 0) and lexical parts of a ranked score."""
    if i not in scores:
        return None, None
    meaning = semantic.get(i)
    words = round(lexical.get(i, 0.0), 6)
    return (None if meaning is None else round(max(meaning, 0.0), 6)), words


@dataclass(frozen=True)
class Cluster:
    """Postmortems with similar root causes (or linked as recurrences)."""

    members: list[Document]  # oldest incident first
    services: list[str]
    categories: list[str]
    pairs: list[Pair]
    linked: list[tuple[str, str]]


@dataclass(frozen=True)
class DespiteFix:
    """A recurrence after the earlier postmortem's action items were all closed."""

    recurrence: Recurrence
    earlier: Document
    later: Document


class _DocumentFrequencies:
    """Document frequencies per scope, cached and refreshed by the buckets that moved since the
    last read; reloaded whole now and then (a rebuilt read model starts its positions again)."""

    FULL_RELOAD_SECONDS = 60.0

    def __init__(self) -> None:
        self.df: dict[str, dict[str, int]] = {}
        self.position = -1
        self.loaded_at = -math.inf

    async def refresh(self, terms: Any) -> None:
        if time.monotonic() - self.loaded_at > self.FULL_RELOAD_SECONDS:
            self.df, self.position, self.loaded_at = {}, -1, time.monotonic()
        # `$gte position + 1`, not `$gt`: some MongoDB-wire servers walk equal keys for `$gt`.
        cursor = terms.find({"position": {"$gte": self.position + 1}})
        async for doc in cursor:
            self.df.setdefault(doc["scope"], {}).update(doc.get("df") or {})
            self.position = max(self.position, int(doc["position"]))

    def of(self, scope: str) -> tuple[dict[str, int], int]:
        df = self.df.get(scope, {})
        return df, df.get(CORPUS_SIZE_TERM, 0)


class RecurringQueries:
    """Queries over the recurring-incident view collections."""

    def __init__(self, db: AsyncDatabase[Document], model_version: str | None = None) -> None:
        """`model_version`: the embedding model version whose vectors are compared (default:
        the pinned model's)."""
        self.semantic = SemanticIndex(db[EMBEDDINGS], model_version or ModelSpec().version)
        self._views = db[POSTMORTEMS]
        self._facts = db[FACTS]
        self._terms = db[TERMS]
        self._counters = db[COUNTERS]
        self._bundles = db[BUNDLES]
        self._frequencies = _DocumentFrequencies()

    async def _df(self, scope: str) -> tuple[dict[str, int], int]:
        await self._frequencies.refresh(self._terms)
        return self._frequencies.of(scope)

    async def _views_by_id(self, scope: str, ids: list[str]) -> dict[str, Document]:
        cursor = self._views.find({"_id": {"$in": [f"{scope}:{i}" for i in ids]}}, _SUMMARY)
        return {doc["postmortem_id"]: doc async for doc in cursor}

    async def view(self, scope: str, postmortem_id: str) -> Document | None:
        """Returns one postmortem's view in a scope, or None."""
        return await self._views.find_one({"_id": f"{scope}:{postmortem_id}"})

    async def _group_counts(
        self, scope: str, start: datetime, end: datetime
    ) -> Counter[tuple[str, str]]:
        """Returns incidents per (service, category) that started in [start, end): whole months
        and days from the counters, the partial days at the edges from the facts."""
        buckets = window_buckets(start, end)
        ids = [counter_id(scope, GROUP_MONTH, m) for m in buckets.months]
        ids += [counter_id(scope, GROUP_DAY, d) for d in buckets.days]
        counts: Counter[tuple[str, str]] = Counter()
        if ids:
            async for doc in self._counters.find({"_id": {"$in": ids}}):
                for field, n in (doc.get("counts") or {}).items():
                    if n:
                        counts[split_group_key(field)] += int(n)
        for low, high in buckets.partial:
            pipeline: list[Document] = [
                {"$match": {"scope": scope, "started_at": {"$gte": low, "$lt": high}}},
                {"$group": {"_id": {"s": "$service", "c": "$category"}, "n": {"$sum": 1}}},
            ]
            async for row in await self._facts.aggregate(pipeline):
                counts[(row["_id"]["s"], row["_id"]["c"])] += int(row["n"])
        return counts

    async def recurring_incidents(
        self,
        scope: str,
        start: datetime,
        end: datetime,
        *,
        min_occurrences: int,
        service: str | None,
        category: str | None,
        first: int,
        per_group: int,
    ) -> list[Group]:
        """Returns the (service, category) groups with at least `min_occurrences` incidents that
        started in [start, end), most incidents first."""
        ranked = rank_groups(
            await self._group_counts(scope, start, end),
            min_occurrences=min_occurrences,
            service=service,
            category=category,
        )
        groups = []
        for group_service, group_category, count in ranked[:first]:
            match = {
                "scope": scope,
                "service": group_service,
                "category": group_category,
                "started_at": {"$gte": start, "$lt": end},
            }
            latest = await (
                self._facts.find(match, {"postmortem_id": 1, "started_at": 1})
                .sort([("started_at", DESCENDING), ("postmortem_id", DESCENDING)])
                .limit(per_group)
                .to_list()
            )
            earliest = (
                await self._facts.find(match, {"started_at": 1})
                .sort([("started_at", ASCENDING)])
                .limit(1)
                .to_list()
            )
            if not latest or not earliest:
                continue  # changed between the two reads; it will be there next time
            ids = [f["postmortem_id"] for f in latest]
            views = await self._views_by_id(scope, ids)
            groups.append(
                Group(
                    service=group_service,
                    category=group_category,
                    count=count,
                    first_seen=earliest[0]["started_at"],
                    last_seen=latest[0]["started_at"],
                    postmortems=[views[i] for i in ids if i in views],
                )
            )
        return groups

    async def similar_postmortems(
        self, scope: str, postmortem_id: str, threshold: float, first: int
    ) -> list[Similar] | None:
        """Returns the postmortems most similar to one (explicit links always included), or
        None when that postmortem is not visible in the scope."""
        target = await self.view(scope, postmortem_id)
        if target is None:
            return None
        view = await self.semantic.view(scope)
        mine = (await view.vectors([postmortem_id])).get(postmortem_id)
        budget = CANDIDATE_BUDGET if mine is None else HYBRID_CANDIDATE_BUDGET
        lexical = await self._lexical_scores(scope, target, budget)
        semantic: dict[str, float | None] = dict.fromkeys(lexical)
        if mine is not None:
            # Lexical candidates' cosines, then those sharing no rare term (lexical 0) that
            # can reach the threshold on their own.
            for other, vector in (await view.vectors(list(lexical))).items():
                semantic[other] = float(vector @ mine)
            for other, score in await view.nearest(mine, semantic_floor(threshold), first + 1):
                semantic[other] = score
        semantic.pop(postmortem_id, None)
        scored = [(i, hybrid(s, lexical.get(i, 0.0))) for i, s in semantic.items()]
        ranked = sorted(
            ((i, s) for i, s in scored if s >= threshold), key=lambda item: (-item[1], item[0])
        )
        scores = dict(ranked)
        linking = self._views.find(
            {"scope": scope, "recurrence_of": postmortem_id}, {"postmortem_id": 1}
        )
        linked = set(target["recurrence_of"]) | {d["postmortem_id"] async for d in linking}
        linked.discard(postmortem_id)
        ids = [i for i, _ in ranked[:first]] + sorted(linked - {i for i, _ in ranked[:first]})
        views = await self._views_by_id(scope, ids)
        return [
            Similar(views[i], scores.get(i), i in linked, *_parts(semantic, lexical, i, scores))
            for i in ids
            if i in views
        ]

    async def _lexical_scores(self, scope: str, target: Document, budget: int) -> dict[str, float]:
        """Returns the TF-IDF cosine of the target with each lexical candidate (at most
        `budget` postmortems sharing its rarest terms)."""
        df, n = await self._df(scope)
        query_terms = candidate_terms(target["terms"], df, budget)
        mine = tfidf_vector(target["tf"], df, n)
        scores: dict[str, float] = {}
        if query_terms:
            cursor = self._views.find(
                {"scope": scope, "terms": {"$in": query_terms}}, {"postmortem_id": 1, "tf": 1}
            ).limit(budget)
            async for doc in cursor:
                if doc["postmortem_id"] != target["postmortem_id"]:
                    scores[doc["postmortem_id"]] = cosine(mine, tfidf_vector(doc["tf"], df, n))
        return scores

    async def _window_signatures(
        self, scope: str, start: datetime, end: datetime
    ) -> list[Document]:
        """Returns the signatures of incidents that started in [start, end), from one bundle
        document per day."""
        first_day = start.astimezone(UTC).date()
        days = (end.astimezone(UTC).date() - first_day).days + 1
        ids = [bundle_id(scope, (first_day + timedelta(days=i)).isoformat()) for i in range(days)]
        found = []
        async for bundle in self._bundles.find({"_id": {"$in": ids}}):
            for entry in (bundle.get("entries") or {}).values():
                if start <= entry["started_at"] < end:
                    found.append(entry)
        return sorted(found, key=lambda e: e["postmortem_id"])

    async def _window_pairs(
        self, scope: str, views: list[Document], threshold: float
    ) -> tuple[list[Pair], list[tuple[str, str]]]:
        df, n = await self._df(scope)
        vectors = {v["postmortem_id"]: tfidf_vector(v["tf"], df, n) for v in views}
        candidates = {
            v["postmortem_id"]: candidate_terms(v["tf"], df, WINDOW_CANDIDATE_BUDGET) for v in views
        }
        view = await self.semantic.view(scope)
        embeddings = await view.vectors(list(vectors))
        pairs = hybrid_pairs(vectors, embeddings, threshold, candidates)
        links = link_edges({v["postmortem_id"]: v["recurrence_of"] for v in views})
        return pairs, links

    async def similar_root_cause_clusters(
        self,
        scope: str,
        start: datetime,
        end: datetime,
        *,
        threshold: float,
        across_services_only: bool,
        first: int,
    ) -> list[Cluster]:
        """Returns clusters of postmortems with similar root causes among incidents that
        started in [start, end), largest first: complete linkage at `threshold`, so every two
        members are at least `threshold` similar or joined by "recurrence of" links
        (`projections.recurring.clustering`)."""
        signatures = await self._window_signatures(scope, start, end)
        by_id = {v["postmortem_id"]: v for v in signatures}
        pairs, links = await self._window_pairs(scope, signatures, threshold)
        scores = {(p.first, p.second): p.score for p in pairs}
        chosen = []
        for members in complete_linkage_clusters(by_id, scores, threshold, links):
            services = sorted({s for m in members for s in by_id[m]["services"]})
            if not across_services_only or len(services) > 1:
                chosen.append((members, services))
        chosen = chosen[:first]
        views = await self._views_by_id(scope, [m for members, _ in chosen for m in members])
        found = []
        for members, services in chosen:
            member_set = set(members)
            ordered = sorted(
                (views[m] for m in members if m in views),
                key=lambda v: (v["started_at"], v["postmortem_id"]),
            )
            found.append(
                Cluster(
                    members=ordered,
                    services=services,
                    categories=sorted({by_id[m]["category"] for m in members}),
                    pairs=[p for p in pairs if {p.first, p.second} <= member_set],
                    linked=[(a, b) for a, b in links if a in member_set and b in member_set],
                )
            )
        return found

    async def recurred_despite_action_items(
        self, scope: str, start: datetime, end: datetime, *, threshold: float, first: int
    ) -> list[DespiteFix]:
        """Returns recurrences in [start, end) of an incident whose fix was complete before the
        recurrence started; explicitly linked earlier postmortems count even before `start`."""
        signatures = await self._window_signatures(scope, start, end)
        by_id = {v["postmortem_id"]: v for v in signatures}
        outside = sorted({t for v in signatures for t in v["recurrence_of"]} - by_id.keys())
        if outside:
            by_id.update(await self._views_by_id(scope, outside))
        pairs, _ = await self._window_pairs(scope, signatures, threshold)
        links = link_edges({i: v.get("recurrence_of") or [] for i, v in by_id.items()})
        found = recurred_despite_fix(by_id, pairs, links)[:first]
        views = await self._views_by_id(scope, [i for r in found for i in (r.earlier, r.later)])
        return [
            DespiteFix(r, views[r.earlier], views[r.later])
            for r in found
            if r.earlier in views and r.later in views
        ]

    async def incident_trends(
        self, scope: str, start: date, end: date, dimension: str, zone: tzinfo = UTC
    ) -> tuple[list[str], list[TrendSeries]]:
        """Returns the months of [start, end] and each key's incident count per month, months
        being calendar months in `zone` (see `projections.recurring.trends`)."""
        return await zoned_trends(self._counters, self._views, scope, start, end, dimension, zone)
