"""The semantic index on the real MongoDB-wire server: which search runs, refresh by position,
and a rebuilt (swapped-in) collection reloaded."""

from __future__ import annotations

import uuid

import numpy as np
from pymongo import AsyncMongoClient

from projections.recurring.embeddings import EMBEDDINGS, GENERATION_ID, encode_vector
from projections.recurring.vectors import SemanticIndex


def embedding(pid: str, vector: list[float], position: int) -> dict[str, object]:
    v = np.array(vector, dtype=np.float32)
    return {
        "_id": f"published:{pid}",
        "scope": "published",
        "postmortem_id": pid,
        "position": position,
        "model_version": "v1",
        "vector": encode_vector(v / np.linalg.norm(v)),
    }


async def test_the_embedded_server_scans_exactly_and_sees_new_and_rebuilt_vectors(
    mongodb_uri: str,
) -> None:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongodb_uri, tz_aware=True)
    db = client["t_" + uuid.uuid4().hex[:12]]
    collection = db[EMBEDDINGS]
    await collection.insert_many(
        [embedding("a", [1, 0], 1), embedding("b", [1, 0.2], 2),
         {"_id": GENERATION_ID, "generation": "one"}]
    )  # fmt: skip
    index = SemanticIndex(collection, "v1")
    assert await index.mode() == "exact"  # SecantusDB has no $vectorSearch

    view = await index.view("published")
    assert [pid for pid, _ in await view.nearest(np.array([1, 0], np.float32), 0.9, 5)] == [
        "a",
        "b",
    ]
    await collection.insert_one(embedding("c", [1, 0.1], 3))
    view = await index.view("published")
    assert [pid for pid, _ in await view.nearest(np.array([1, 0], np.float32), 0.9, 5)] == [
        "a",
        "c",
        "b",
    ]
    # A rebuild swaps in a collection whose documents may carry lower positions.
    await collection.delete_many({})
    await collection.insert_many(
        [embedding("a", [0, 1], 1), {"_id": GENERATION_ID, "generation": "two"}]
    )
    view = await index.view("published")
    assert await view.nearest(np.array([1, 0], np.float32), 0.9, 5) == []
    assert list(await view.vectors(["a", "b"])) == ["a"]
    await client.drop_database(db.name)
    await client.close()
