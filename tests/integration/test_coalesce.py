"""Folding a rebuild batch's writes (projections.coalesce) leaves MongoDB exactly as the
original writes would: checked on random write sequences against the real server."""

from __future__ import annotations

import random
import uuid
from typing import Any

from pymongo import MongoClient
from pymongo.operations import DeleteOne, InsertOne, ReplaceOne, UpdateMany, UpdateOne

from projections.base import WriteOp
from projections.coalesce import coalesced

IDS = ["a", "b", "c"]
PATHS = ["n", "m", "entries.x", "entries.y", "entries"]


def random_op(rng: random.Random, serial: int) -> WriteOp:
    doc_id = rng.choice(IDS)
    roll = rng.random()
    if roll < 0.1:
        return ReplaceOne({"_id": doc_id}, {"n": serial, "entries": {"x": serial}}, upsert=True)
    if roll < 0.15:
        return DeleteOne({"_id": doc_id})
    if roll < 0.2:
        return InsertOne({"serial": serial})  # no _id: always a new document
    if roll < 0.25:
        return UpdateMany({"n": {"$gte": 0}}, {"$inc": {"m": 1}})  # touches any document
    update: dict[str, dict[str, Any]] = {}
    for _ in range(rng.randint(1, 2)):
        operator = rng.choice(["$set", "$inc", "$max", "$min", "$unset", "$setOnInsert"])
        path = rng.choice(["n", "m"] if operator in {"$inc", "$max", "$min"} else PATHS)
        if any(p == path or p.startswith(path + ".") or path.startswith(p + ".")
               for fields in update.values() for p in fields):  # fmt: skip
            continue  # the server refuses overlapping paths in one update
        numbers = {
            "$inc": rng.randint(1, 3),
            "$max": rng.randint(0, 30),
            "$min": rng.randint(0, 30),
        }
        value: Any = {**numbers, "$unset": ""}.get(operator, serial)
        if path == "entries" and operator != "$unset":
            value = {"x": serial}  # stays a document, so entries.x can still be set
        update.setdefault(operator, {})[path] = value
    return UpdateOne({"_id": doc_id}, update, upsert=rng.random() < 0.8)


def contents(client: MongoClient[dict[str, Any]], db: str, name: str) -> list[dict[str, Any]]:
    docs = client[db][name].find({}, {"_id": 0} if name.startswith("x") else None)
    return sorted((d for d in docs), key=repr)


def test_coalesced_writes_leave_the_same_documents_as_the_original_ones(
    mongodb_uri: str,
) -> None:
    client: MongoClient[dict[str, Any]] = MongoClient(mongodb_uri)
    database = "coalesce_" + uuid.uuid4().hex[:8]
    db = client[database]
    rng = random.Random(20261127)
    folded_total = original_total = 0
    for case in range(100):
        ops = [random_op(rng, serial) for serial in range(rng.randint(1, 25))]
        folded = coalesced(ops)
        original_total += len(ops)
        folded_total += len(folded)
        outcomes = []
        for name, writes in ((f"original{case}", ops), (f"folded{case}", folded)):
            db[name].bulk_write(writes, ordered=True)
            # Inserted documents get fresh ids: compare them without the id.
            outcomes.append(
                sorted(
                    (d if d["_id"] in IDS else {k: v for k, v in d.items() if k != "_id"}
                     for d in db[name].find({})),
                    key=repr,
                )
            )  # fmt: skip
        assert outcomes[0] == outcomes[1], (case, ops, folded)
    assert folded_total < original_total * 0.8  # it does fold something
    client.drop_database(database)
    client.close()
