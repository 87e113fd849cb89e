"""Which plan the server picks for each order of the postmortem list (`explain`).

    python -m bench.list_explain [--count 2000]

Loads read-model documents (as bench.list_query does) with the projection's indexes into
SecantusDB (or MONGODB_URI), then prints the winning plan's stages for every order and
direction, for a reviewer (no visibility filter, `sort` keys) and for a reader (the visibility
`$or`, `public_sort` keys), first 21 as the list asks.
"""

from __future__ import annotations

import argparse
import random
import uuid
from datetime import UTC, datetime
from typing import Any

from pymongo import MongoClient

from bench.common import mongodb, scratch
from bench.list_query import _document
from projections.postmortems.filters import PostmortemFilter, visible_matching
from projections.postmortems.ordering import Order, OrderField, sort_prefix
from projections.postmortems.projection import COLLECTION, PostmortemsProjection
from service.domain.values import Actor

READERS = (("reviewer", Actor("rita", frozenset({"reviewer"}))),
           ("reader", Actor("nina", frozenset({"author"}))))  # fmt: skip


def stages(plan: dict[str, Any]) -> str:
    """Returns a plan's stages, outermost first (index names for index scans)."""
    name = str(plan.get("stage"))
    if name == "IXSCAN":
        name += f"({plan.get('indexName')}, {plan.get('direction', 'forward')})"
    inner = [stages(p) for p in plan.get("inputStages", [])]
    if "inputStage" in plan:
        inner.append(stages(plan["inputStage"]))
    return name + (" <- " + " | ".join(inner) if inner else "")


def main() -> None:
    """Loads the documents and prints each order's plan."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2_000)
    args = parser.parse_args()
    rng = random.Random(1)
    with scratch() as tmp, mongodb(tmp) as uri:
        client: MongoClient[dict[str, Any]] = MongoClient(uri, tz_aware=True)
        database = client["bench_explain_" + uuid.uuid4().hex[:8]]
        collection = database[COLLECTION]
        for indexes in PostmortemsProjection().indexes().values():
            collection.create_indexes(indexes)
        start = datetime(2023, 1, 1, tzinfo=UTC)
        collection.insert_many([_document(rng, i, start) for i in range(args.count)])
        print(f"server {client.server_info()['version']}, {args.count} postmortems")
        for field in OrderField:
            for descending in (True, False):
                order = Order(field=field, descending=descending)
                for label, actor in READERS:
                    query = visible_matching(actor, PostmortemFilter())
                    plan = (
                        collection.find(query)
                        .sort(order.sort(sort_prefix(actor)))
                        .limit(21)
                        .explain()["queryPlanner"]["winningPlan"]
                    )
                    direction = "DESC" if descending else "ASC"
                    print(f"{field.value:<15}{direction:<5}{label:<9}{stages(plan)}")
        client.drop_database(database.name)
        client.close()


if __name__ == "__main__":
    main()
