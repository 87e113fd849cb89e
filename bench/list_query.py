"""`postmortems(first: 50)` over many postmortems: GraphQL over HTTP next to the raw PyMongo query.

    python -m bench.list_query [--count 100000] [--iterations 30]

Read-model documents (the shape the postmortems projection writes) are bulk-inserted straight
into MongoDB (SecantusDB started here unless MONGODB_URI is set), then the service runs on that
database. One client sends queries one after the other; the raw side issues the same find + sort
(newest incident first, the list's default) + limit and count through PyMongo's async client.
It also reads, with psutil, the CPU per query of the service process and of the raw client
(this process), and separately of the MongoDB-wire server, in the same run.
Targets: GraphQL p50 <= 2 x raw p50; service CPU per query <= 1.5 x the raw client's (#19).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psutil
from pymongo import DESCENDING, AsyncMongoClient, MongoClient

from bench.common import BENCH_JWT_SECRET, mongodb, percentile, scratch, served
from bench.cpu import Meter, mongodb_process, per_op, verdict
from bench.documents import draft_document
from projections.postmortems.projection import COLLECTION, PostmortemsProjection, with_list_fields
from service.api.auth import mint_token
from service.config import Settings

SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")
STATES = ("DRAFT", "IN_REVIEW", "CHANGES_REQUESTED", "PUBLISHED", "WITHDRAWN")
SERVICES = ("auth", "payments", "search", "checkout", "billing", "storage", "web", "messaging")
# (label, GraphQL arguments, the MongoDB filter they mean)
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("newest 50", "first: 50", {}),
    (
        "severity SEV1/SEV2, state DRAFT",
        "first: 50, filter: {severities: [SEV1, SEV2], states: [DRAFT]}",
        {"$and": [{"state": {"$in": ["DRAFT"]}}, {"severity": {"$in": ["SEV1", "SEV2"]}}]},
    ),
    ("service payments", 'first: 50, filter: {service: "payments"}', {"services": "payments"}),
    (
        "service auth, team Identity, 2023",
        'first: 50, filter: {service: "auth", team: "Identity", '
        'startedFrom: "2023-01-01T00:00:00Z", startedTo: "2024-01-01T00:00:00Z"}',
        {
            "$and": [
                {"services": "auth"},
                {"team": "Identity"},
                {
                    "window.started_at": {
                        "$gte": datetime(2023, 1, 1, tzinfo=UTC),
                        "$lt": datetime(2024, 1, 1, tzinfo=UTC),
                    }
                },
            ]
        },
    ),
]
FIELDS = "totalCount edges { cursor node { id title state severity createdAt } }"


def _document(rng: random.Random, i: int, start: datetime) -> dict[str, Any]:
    created = start + timedelta(seconds=i * 30)
    service = rng.choice(SERVICES)
    return with_list_fields(draft_document(
        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        version=rng.randint(1, 12),
        state=rng.choice(STATES),
        title=f"Incident {i} in {service}",
        severity=rng.choice(SEVERITIES),
        services=[service],
        team=rng.choice(("Identity", "Payments", "Platform", "Growth")),
        window={"started_at": created - timedelta(hours=2), "detected_at": None,
                "mitigated_at": None, "resolved_at": None},
        authors=[rng.choice(("alice", "bob", "carol"))],
        created_at=created,
        updated_at=created,
        position=i + 1,
    ))  # fmt: skip


def load(uri: str, database: str, count: int, seed: int = 1) -> float:
    """Bulk-inserts `count` read-model documents and the projection's indexes; returns seconds."""
    rng = random.Random(seed)
    start = datetime(2023, 1, 1, tzinfo=UTC)
    client: MongoClient[dict[str, Any]] = MongoClient(uri, tz_aware=True)
    collection = client[database][COLLECTION]
    began = time.perf_counter()
    for index_models in PostmortemsProjection().indexes().values():
        collection.create_indexes(index_models)
    batch: list[dict[str, Any]] = []
    for i in range(count):
        batch.append(_document(rng, i, start))
        if len(batch) == 2_000:
            collection.insert_many(batch, ordered=False)
            batch = []
            print(f"\r  inserted {i + 1}/{count}", end="", flush=True)
    if batch:
        collection.insert_many(batch, ordered=False)
    print(f"\r  inserted {count}/{count}")
    client.close()
    return time.perf_counter() - began


async def _graphql(url: str, token: str, arguments: str, iterations: int) -> list[float]:
    query = f"query List {{ postmortems({arguments}) {{ {FIELDS} }} }}"
    latencies = []
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as http:
        for i in range(iterations + 5):
            began = time.perf_counter()
            response = await http.post("/graphql", json={"query": query})
            elapsed = time.perf_counter() - began
            body = response.json()
            if "errors" in body:
                raise RuntimeError(body["errors"])
            if len(body["data"]["postmortems"]["edges"]) != 50:
                raise RuntimeError("expected 50 postmortems")
            if i >= 5:  # warm-up
                latencies.append(elapsed)
    return latencies


async def _raw(uri: str, database: str, query: dict[str, Any], iterations: int) -> list[float]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(uri, tz_aware=True)
    collection = client[database][COLLECTION]
    latencies = []
    for i in range(iterations + 5):
        began = time.perf_counter()
        # The list's default order for a reviewer: newest incident first.
        cursor = collection.find(query).sort([("sort.started_at", DESCENDING), ("_id", DESCENDING)])
        items = await cursor.limit(51).to_list()
        await collection.count_documents(query)
        elapsed = time.perf_counter() - began
        if len(items) != 51:
            raise RuntimeError("expected 51 documents")
        if i >= 5:
            latencies.append(elapsed)
    await client.close()
    return latencies


def _line(label: str, latencies: list[float]) -> float:
    p50, p99 = percentile(latencies, 50) * 1000, percentile(latencies, 99) * 1000
    print(f"  {label:<34} p50 {p50:8.2f} ms   p99 {p99:8.2f} ms")
    return p50


def main() -> None:
    """Loads the documents, then measures each case through GraphQL and through PyMongo."""
    from bench.common import quiet_logs

    quiet_logs()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--iterations", type=int, default=30)
    args = parser.parse_args()
    database = "bench_list_" + uuid.uuid4().hex[:8]
    with scratch() as tmp, mongodb(tmp) as uri:
        seconds = load(uri, database, args.count)
        print(f"loaded {args.count} postmortems in {seconds:.1f} s ({args.count / seconds:.0f}/s)")
        token = mint_token(Settings(jwt_secret=BENCH_JWT_SECRET), "alice", ["reviewer"])
        (tmp / "service").mkdir()
        with served("service", uri, database, tmp / "service") as (url, pid):
            database_process = {"database": mongodb_process(uri)}
            service_meter = Meter({"ours": psutil.Process(pid)}, database_process)
            raw_meter = Meter({"ours": psutil.Process()}, database_process)
            queries = args.iterations + 5  # with the warm-up
            for label, arguments, query in CASES:
                print(f"{label}: postmortems({arguments})")
                with service_meter.phase() as service_cpu:
                    latencies = asyncio.run(_graphql(url, token, arguments, args.iterations))
                graphql = _line("GraphQL over HTTP", latencies)
                with raw_meter.phase() as raw_cpu:
                    latencies = asyncio.run(_raw(uri, database, query, args.iterations))
                raw = _line("raw PyMongo (find + count)", latencies)
                ratio = graphql / raw
                print(
                    f"  ratio GraphQL/raw p50 {ratio:5.2f} (target <= 2.00"
                    f"{'' if ratio <= 2 else ', MISSED'})"
                )
                _cpu_lines(service_cpu, raw_cpu, queries)


def _cpu_lines(service: dict[str, float], raw: dict[str, float], queries: int) -> None:
    """Prints CPU per query of the service and the raw client, of the database for each, and
    the target ratio."""
    for label, used in (("service", service), ("raw client", raw)):
        print(
            f"  CPU per query, {label}: {per_op(used['ours'], queries, 'ms')}; MongoDB-wire "
            f"server {per_op(used.get('database'), queries, 'ms')}"
        )
    ratio = service["ours"] / max(raw["ours"], 1e-9)
    print(f"  ratio CPU per query service/raw client {ratio:5.2f}x ({verdict(ratio, 1.5)})")


if __name__ == "__main__":
    main()
