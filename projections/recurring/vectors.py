"""Semantic candidate search over the stored embeddings (async, for the API).

Two ways, chosen at run time (checked again every `RECHECK_SECONDS`):
- **MongoDB vector search** (`$vectorSearch`), where the server has it (Atlas, or MongoDB 8.2+
  Community with a search node, `mongot`): the index `VECTOR_INDEX` is created if missing, and
  used once queryable. Approximate (HNSW), nothing held in the API's memory.
- **Exact scan in process** everywhere else (the embedded SecantusDB, a plain `mongod`): each
  API process keeps each scope's vectors as a float32 matrix (1.5 KB per postmortem; about
  150 MB for 100,000, loaded on the scope's first query) and brings it up to date before every
  query by reading only the documents written since (by `position`), so every replica answers
  from what MongoDB holds. A rebuild swaps in a collection of another generation: the matrix is
  then reloaded.
Only vectors of the configured model version are compared.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import OperationFailure, PyMongoError

from projections.recurring.embeddings import GENERATION_ID, decode_vector

log = logging.getLogger(__name__)
Document = dict[str, Any]
Matrix = npt.NDArray[np.float32]
VECTOR_INDEX = "recurring_embeddings_vector"
RECHECK_SECONDS = 300.0
_FIELDS = {"postmortem_id": 1, "vector": 1, "model_version": 1, "position": 1}


@dataclass
class ScopeMatrix:
    """One scope's vectors: a row per postmortem (rows of removed ones are marked invalid)."""

    vectors: Matrix = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    valid: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    ids: list[str] = field(default_factory=list)
    row_of: dict[str, int] = field(default_factory=dict)
    position: int = -1

    def apply(self, doc: Document, model_version: str) -> None:
        """Puts a stored embedding document into the matrix (or marks its row invalid)."""
        self.position = max(self.position, int(doc.get("position") or 0))
        pid, raw = doc["postmortem_id"], doc.get("vector")
        row = self.row_of.get(pid)
        if raw is None or doc.get("model_version") != model_version:
            if row is not None:
                self.valid[row] = False
            return
        vector = decode_vector(raw)
        if row is None:
            row = len(self.ids)
            self._grow(row + 1, vector.shape[0])
            self.ids.append(pid)
            self.row_of[pid] = row
        if vector.shape[0] != self.vectors.shape[1]:
            self.valid[row] = False  # another dimension than the rest: not comparable
            return
        self.vectors[row] = vector
        self.valid[row] = True

    def _grow(self, rows: int, dimension: int) -> None:
        if self.vectors.shape[1] == 0:
            self.vectors = np.zeros((0, dimension), dtype=np.float32)
        if rows > self.vectors.shape[0]:
            capacity = max(rows, int(self.vectors.shape[0] * 1.5) + 1024)
            grown = np.zeros((capacity, self.vectors.shape[1]), dtype=np.float32)
            grown[: self.vectors.shape[0]] = self.vectors
            self.vectors = grown
            valid = np.zeros(capacity, dtype=bool)
            valid[: self.valid.shape[0]] = self.valid
            self.valid = valid

    def vector(self, pid: str) -> npt.NDArray[np.float32] | None:
        """Returns a copy of a postmortem's vector (a later refresh may overwrite its row), or
        None."""
        row = self.row_of.get(pid)
        return None if row is None or not self.valid[row] else self.vectors[row].copy()

    def nearest(
        self, target: npt.NDArray[np.float32], floor: float, limit: int
    ) -> list[tuple[str, float]]:
        """Returns up to `limit` postmortems whose cosine with `target` is at least `floor`,
        most similar first (an exact scan: one matrix-vector product)."""
        count = len(self.ids)
        if count == 0:
            return []
        scores = self.vectors[:count] @ target
        hits = np.flatnonzero((scores >= floor) & self.valid[:count])
        if hits.size > limit:
            hits = hits[np.argpartition(-scores[hits], limit - 1)[:limit]]
        ranked = sorted(((self.ids[i], float(scores[i])) for i in hits), key=lambda x: -x[1])
        return ranked


class SemanticIndex:
    """Finds semantically similar postmortems: `$vectorSearch` or an exact in-process scan."""

    def __init__(self, collection: AsyncCollection[Document], model_version: str) -> None:
        self.collection = collection
        self.model_version = model_version
        self._scopes: dict[str, ScopeMatrix] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._generation: Any = None
        self._vector_search: bool | None = None
        self._checked_at = -RECHECK_SECONDS

    async def mode(self) -> str:
        """Returns `vector_search` when the server's vector index is queryable, else `exact`."""
        if time.monotonic() - self._checked_at > RECHECK_SECONDS:
            self._checked_at = time.monotonic()
            self._vector_search = await self._vector_index_ready()
        return "vector_search" if self._vector_search else "exact"

    async def _vector_index_ready(self) -> bool:
        try:
            indexes = await (await self.collection.list_search_indexes(VECTOR_INDEX)).to_list()
        except OperationFailure:
            return False  # no search on this server (SecantusDB, plain mongod)
        if not indexes:
            sample = await self.collection.find_one({"vector": {"$ne": None}}, {"vector": 1})
            if sample is None:
                return False
            dimensions = int(decode_vector(sample["vector"]).shape[0])
            try:
                await self.collection.create_search_index(vector_index_model(dimensions))
            except OperationFailure as error:  # e.g. another API replica created it first
                log.info("vector search index %s not created: %s", VECTOR_INDEX, error)
            else:
                log.info("created vector search index %s (%d dims)", VECTOR_INDEX, dimensions)
            return False  # queryable once the search node has built it
        return bool(indexes[0].get("queryable"))

    async def warm(self, scope: str) -> None:
        """Loads a scope's matrix ahead of the first query (exact mode; errors are logged)."""
        try:
            if await self.mode() == "exact":
                await self._matrix(scope)
        except PyMongoError as error:
            log.warning("could not preload the %s embeddings: %s", scope, error)

    async def _matrix(self, scope: str) -> ScopeMatrix:
        """Returns the scope's matrix, brought up to date with the collection (one refresh of
        a scope at a time: a query arriving during the first load waits for it)."""
        async with self._locks.setdefault(scope, asyncio.Lock()):
            return await self._refresh(scope)

    async def _refresh(self, scope: str) -> ScopeMatrix:
        marker = await self.collection.find_one({"_id": GENERATION_ID})
        generation = None if marker is None else marker.get("generation")
        if generation != self._generation:
            self._scopes.clear()  # rebuilt (swapped in): read everything again
            self._generation = generation
        matrix = self._scopes.setdefault(scope, ScopeMatrix())
        # `$gte position + 1`, not `$gt`: some MongoDB-wire servers walk equal keys for `$gt`.
        cursor = self.collection.find(
            {"scope": scope, "position": {"$gte": matrix.position + 1}}, _FIELDS
        ).sort([("scope", 1), ("position", 1)])
        async for doc in cursor:
            matrix.apply(doc, self.model_version)
        return matrix

    async def view(self, scope: str) -> SemanticView:
        """Returns what one query reads the scope's vectors through (the matrix brought up to
        date once per query, in exact mode)."""
        if await self.mode() == "exact":
            return SemanticView(self, scope, await self._matrix(scope))
        return SemanticView(self, scope, None)


class SemanticView:
    """One query's access to a scope's vectors."""

    def __init__(self, index: SemanticIndex, scope: str, matrix: ScopeMatrix | None) -> None:
        self._index = index
        self.scope = scope
        self.matrix = matrix

    @property
    def mode(self) -> str:
        """Returns `exact` or `vector_search`."""
        return "exact" if self.matrix is not None else "vector_search"

    async def vectors(self, ids: list[str]) -> dict[str, npt.NDArray[np.float32]]:
        """Returns the vectors of those postmortems that have one (of the model version)."""
        if self.matrix is not None:
            return {i: v for i in ids if (v := self.matrix.vector(i)) is not None}
        found = {}
        version = self._index.model_version
        cursor = self._index.collection.find(
            {"_id": {"$in": [f"{self.scope}:{i}" for i in ids]}}, _FIELDS
        )
        async for doc in cursor:
            if doc.get("vector") is not None and doc.get("model_version") == version:
                found[doc["postmortem_id"]] = decode_vector(doc["vector"])
        return found

    async def nearest(
        self, target: npt.NDArray[np.float32], floor: float, limit: int
    ) -> list[tuple[str, float]]:
        """Returns up to `limit` postmortems with cosine >= `floor` to `target`, most similar
        first (the target itself included)."""
        if self.matrix is not None:
            return self.matrix.nearest(target, floor, limit)
        pipeline = vector_search_pipeline(self.scope, self._index.model_version, target, limit)
        found = []
        async for doc in await self._index.collection.aggregate(pipeline):
            cosine = 2.0 * float(doc["score"]) - 1.0  # the index scores (1 + cosine) / 2
            if cosine >= floor:
                found.append((str(doc["postmortem_id"]), cosine))
        return found


def vector_index_model(dimensions: int) -> Any:
    """Returns the vector search index definition (cosine, filterable by scope and model)."""
    from pymongo.operations import SearchIndexModel

    return SearchIndexModel(
        name=VECTOR_INDEX,
        type="vectorSearch",
        definition={
            "fields": [
                {
                    "type": "vector",
                    "path": "vector",
                    "numDimensions": dimensions,
                    "similarity": "cosine",
                },
                {"type": "filter", "path": "scope"},
                {"type": "filter", "path": "model_version"},
            ]
        },
    )


def vector_search_pipeline(
    scope: str, model_version: str, target: npt.NDArray[np.float32], limit: int
) -> list[Document]:
    """Returns the `$vectorSearch` aggregation for the nearest postmortems of a scope."""
    return [
        {
            "$vectorSearch": {
                "index": VECTOR_INDEX,
                "path": "vector",
                "queryVector": [float(x) for x in target],
                "numCandidates": max(10 * limit, 100),
                "limit": limit,
                "filter": {"scope": scope, "model_version": model_version},
            }
        },
        {"$project": {"_id": 0, "postmortem_id": 1, "score": {"$meta": "vectorSearchScore"}}},
    ]
