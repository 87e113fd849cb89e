"""Keeps one sentence embedding per postmortem and scope (`recurring_embeddings`).

The model runs only when the embedded text (root-cause statement, whys, contributing factors,
`text.embedding_text`) of a scope changes, never for other events. Each document records the
model's name and version and the notification position that wrote it, so API processes keep an
in-memory copy up to date by reading only what moved (`vectors.py`). A postmortem leaving a
scope (withdrawn, unpublished) keeps a document without a vector, so readers see it go. A new
model is applied to every postmortem by `postmortems rebuild --projection recurring_embeddings`.

A document `_generation` holds a random id set when the collection is first written, so
readers notice a rebuilt collection swapped in.

    {_id: "<scope>:<postmortem id>", scope, postmortem_id, started_at, position,
     model, model_version, text_sha256, vector: BinData(subtype 9, float32) | null}
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from bson.binary import Binary
from pymongo import ASCENDING, IndexModel, ReplaceOne, UpdateOne

from projections.base import ProjectedEvent, Projection, WriteOp
from projections.recurring.documents import SCOPES, scoped_documents
from projections.recurring.embedding_model import EmbeddingModel
from projections.recurring.text import embedding_text

EMBEDDINGS = "recurring_embeddings"
GENERATION_ID = "_generation"  # a random id set when the collection is first written
VECTOR_HEADER = b"\x27\x00"  # BSON binary vector subtype 9: float32, no padding


def encode_vector(vector: np.ndarray) -> Binary:
    """Returns a float32 vector as a BSON binary vector (subtype 9), which MongoDB's vector
    search indexes read."""
    return Binary(VECTOR_HEADER + np.asarray(vector, dtype="<f4").tobytes(), 9)


def decode_vector(value: bytes) -> np.ndarray:
    """Returns the float32 vector of a BSON binary vector (subtype 9, float32)."""
    if bytes(value[:2]) != VECTOR_HEADER:
        raise ValueError("not a float32 binary vector")
    return np.frombuffer(bytes(value), dtype="<f4", offset=2)


def text_hash(text: str) -> str:
    """Returns the sha256 of an embedded text (hex)."""
    return hashlib.sha256(text.encode()).hexdigest()


class RecurringEmbeddingsProjection(Projection):
    """Sentence embeddings of root causes, for semantic similarity (issue #17)."""

    name = "recurring_embeddings"
    collections = (EMBEDDINGS,)

    def __init__(self, model: EmbeddingModel) -> None:
        self.model = model

    def indexes(self) -> Mapping[str, list[IndexModel]]:
        """Returns the index readers refresh by (scope, position)."""
        return {EMBEDDINGS: [IndexModel([("scope", ASCENDING), ("position", ASCENDING)])]}

    def project(self, change: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        """Returns the writes of the scopes whose embedded text, start or visibility changed."""
        before, after = scoped_documents(change.before), scoped_documents(change.after)
        embedded: dict[str, Binary] = {}  # one inference per distinct text in this change
        writes: list[tuple[str, WriteOp]] = []
        for scope in SCOPES:
            old, new = before.get(scope), after.get(scope)
            doc_id = f"{scope}:{change.postmortem_id}"
            if new is None:
                if old is not None:
                    writes.append((EMBEDDINGS, self._gone(doc_id, scope, change)))
                continue
            text = embedding_text(new)
            if old is not None and embedding_text(old) == text:
                started = _started(new)
                if started != _started(old):
                    update = {"$set": {"started_at": started, "position": change.position}}
                    writes.append((EMBEDDINGS, UpdateOne({"_id": doc_id}, update)))
                continue
            if text and text not in embedded:
                embedded[text] = encode_vector(self.model.embed([text])[0])
            document = {
                "_id": doc_id,
                "scope": scope,
                "postmortem_id": change.postmortem_id,
                "started_at": _started(new),
                "position": change.position,
                "model": self.model.name,
                "model_version": self.model.version,
                "text_sha256": text_hash(text),
                "vector": embedded.get(text),
            }
            writes.append((EMBEDDINGS, ReplaceOne({"_id": doc_id}, document, upsert=True)))
        if writes:
            # A rebuilt collection gets a new generation: readers then reload everything.
            generation = {"$setOnInsert": {"generation": uuid.uuid4().hex}}
            writes.append((EMBEDDINGS, UpdateOne({"_id": GENERATION_ID}, generation, upsert=True)))
        return writes

    @staticmethod
    def _gone(doc_id: str, scope: str, change: ProjectedEvent) -> WriteOp:
        return ReplaceOne(
            {"_id": doc_id},
            {
                "_id": doc_id,
                "scope": scope,
                "postmortem_id": change.postmortem_id,
                "started_at": None,
                "position": change.position,
                "vector": None,
            },
            upsert=True,
        )


def _started(doc: Mapping[str, Any]) -> Any:
    return (doc.get("window") or {}).get("started_at")
