"""Mutations over HTTP: the service next to the framework floor and a plain CRUD service.

    python -m bench.mutations [--clients 8] [--requests 100] [--rounds 3]

Each server runs in its own process (uvicorn, one worker), all on the same MongoDB server
(SecantusDB started here unless MONGODB_URI is set). Only one server is under load at a time:
`clients` concurrent httpx clients each send `requests` createPostmortem mutations, then
update the metadata of each postmortem they created once. Rounds interleave the servers
(service, floor, CRUD, service, ...) so that load from elsewhere on the machine hits all three
alike; medians are reported.
Besides throughput and latency it reads, with psutil, the CPU each server process spends per
mutation, and separately the MongoDB-wire server's.
Targets: service >= 0.7 x floor, service >= 0.8 x plain CRUD (throughput); service CPU per
mutation <= 2 x plain CRUD's (issue #19).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psutil

from bench.common import BENCH_JWT_SECRET, mongodb, scratch, served, summary
from bench.cpu import Meter, mongodb_process, verdict
from service.api.auth import mint_token
from service.config import Settings

CREATE = """mutation Create($input: CreatePostmortemInput!) {
  createPostmortem(input: $input) { __typename ... on Postmortem { id version title } }
}"""
UPDATE = """mutation Update($id: ID!, $v: Int!, $input: MetadataInput!) {
  updatePostmortemMetadata(id: $id, expectedVersion: $v, input: $input) {
    __typename ... on Postmortem { id version title }
  }
}"""
WINDOW = {"startedAt": "2025-07-15T17:42:00Z", "detectedAt": "2025-07-15T17:47:00Z"}
KINDS = ("service", "floor", "crud")
# Incidents start 7 hours apart (a few a day, as in a real organisation), not all at once:
# the recurring-incident views keep one document per incident day.
FIRST_INCIDENT = datetime(2020, 1, 1, tzinfo=UTC)
_incidents = itertools.count()


def next_window() -> dict[str, str]:
    """Returns the incident window of the next created postmortem."""
    started = FIRST_INCIDENT + timedelta(hours=7 * next(_incidents))
    detected = started + timedelta(minutes=5)
    return {
        "startedAt": started.isoformat().replace("+00:00", "Z"),
        "detectedAt": detected.isoformat().replace("+00:00", "Z"),
    }


async def _client(
    http: httpx.AsyncClient, requests: list[tuple[str, dict[str, Any]]], latencies: list[float]
) -> list[dict[str, Any]]:
    results = []
    for query, variables in requests:
        started = time.perf_counter()
        response = await http.post("/graphql", json={"query": query, "variables": variables})
        latencies.append(time.perf_counter() - started)
        body = response.json()
        if response.status_code != 200 or "errors" in body:
            raise RuntimeError(f"request failed: {response.status_code} {body}")
        results.append(next(iter(body["data"].values())))
    return results


async def _phase(
    url: str, token: str, work: list[list[tuple[str, dict[str, Any]]]]
) -> tuple[list[float], float, list[list[dict[str, Any]]]]:
    latencies: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=len(work), max_keepalive_connections=len(work))
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=60) as http:
        started = time.perf_counter()
        results = await asyncio.gather(*(_client(http, w, latencies) for w in work))
        elapsed = time.perf_counter() - started
    return latencies, elapsed, list(results)


def _creates(clients: int, n: int, tag: str) -> list[list[tuple[str, dict[str, Any]]]]:
    return [
        [
            (
                CREATE,
                {
                    "input": {
                        "title": f"{tag} incident {c}-{i}",
                        "severity": "SEV3",
                        "incidentWindow": next_window(),
                        "services": ["auth"],
                        "team": "Identity",
                    }
                },
            )
            for i in range(n)
        ]
        for c in range(clients)
    ]


def _updates(
    created: list[list[dict[str, Any]]], creates: list[list[tuple[str, dict[str, Any]]]]
) -> list[list[tuple[str, dict[str, Any]]]]:
    def update(p: dict[str, Any], create: tuple[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
        metadata = {
            "title": p["title"] + " (edited)",
            "severity": "SEV2",
            "incidentWindow": create[1]["input"]["incidentWindow"],
            "services": ["auth", "api-gateway"],
            "team": "Identity",
        }
        return UPDATE, {"id": p["id"], "v": p["version"], "input": metadata}

    return [
        [update(p, c) for p, c in zip(mine, asked, strict=True)]
        for mine, asked in zip(created, creates, strict=True)
    ]


async def _bench(
    url: str, token: str, clients: int, n: int, label: str, meter: Meter
) -> dict[str, Any]:
    await _phase(url, token, _creates(clients, 2, "warm-up"))
    creates = _creates(clients, n, "bench")
    with meter.phase() as used:
        latencies, elapsed, created = await _phase(url, token, creates)
    figures = {"createPostmortem": summary(f"{label} createPostmortem", latencies, elapsed)}
    figures["createPostmortem"].update(_cpu_ms(used, len(latencies)))
    with meter.phase() as used:
        latencies, elapsed, _ = await _phase(url, token, _updates(created, creates))
    figures["updatePostmortemMetadata"] = summary(
        f"{label} updatePostmortemMetadata", latencies, elapsed
    )
    figures["updatePostmortemMetadata"].update(_cpu_ms(used, len(latencies)))
    return figures


def _cpu_ms(used: dict[str, float], requests: int) -> dict[str, float]:
    """Returns ms of CPU per request of the server (`cpu`) and of the database (`db_cpu`)."""
    figures = {"cpu": used["server"] / requests * 1000}
    if "database" in used:
        figures["db_cpu"] = used["database"] / requests * 1000
    print(
        f"  {'':<34} CPU per request: server {figures['cpu']:.2f} ms, MongoDB-wire server "
        f"{figures.get('db_cpu', float('nan')):.2f} ms"
    )
    return figures


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    """Runs the three servers, interleaving rounds, and prints figures and ratios."""
    from bench.common import quiet_logs

    quiet_logs()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=100, help="per client, mutation, round")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved; medians reported")
    args = parser.parse_args()
    token = mint_token(Settings(jwt_secret=BENCH_JWT_SECRET), "alice", ["author"])
    runs: dict[str, dict[str, list[dict[str, float]]]] = {
        kind: {"createPostmortem": [], "updatePostmortemMetadata": []} for kind in KINDS
    }
    print(f"{args.clients} clients x {args.requests} requests per mutation, {args.rounds} rounds")
    with scratch() as tmp, mongodb(tmp) as uri, contextlib.ExitStack() as stack:
        urls, meters = {}, {}
        database_process = mongodb_process(uri)
        for kind in KINDS:
            (tmp / kind).mkdir()
            database = "bench_" + uuid.uuid4().hex[:8]
            urls[kind], pid = stack.enter_context(served(kind, uri, database, tmp / kind))
            meters[kind] = Meter({"server": psutil.Process(pid)}, {"database": database_process})
        for round_ in range(args.rounds):
            print(f"round {round_ + 1}")
            for kind in KINDS:
                figures = asyncio.run(
                    _bench(urls[kind], token, args.clients, args.requests, kind, meters[kind])
                )
                for mutation, values in figures.items():
                    runs[kind][mutation].append(values)
    print("medians over rounds:")
    medians = {k: {m: _median(r) for m, r in by.items()} for k, by in runs.items()}
    for mutation in ("createPostmortem", "updatePostmortemMetadata"):
        for kind in KINDS:
            f = medians[kind][mutation]
            print(
                f"  {mutation:<17} {kind:<8} {f['rps']:8.1f} req/s   p50 {f['p50']:7.2f} ms"
                f"   p99 {f['p99']:7.2f} ms   CPU/request: server {f['cpu']:5.2f} ms, "
                f"MongoDB-wire server {f.get('db_cpu', float('nan')):5.2f} ms"
            )
        service = medians["service"][mutation]["rps"]
        floor = service / medians["floor"][mutation]["rps"]
        crud = service / medians["crud"][mutation]["rps"]
        print(
            f"  {mutation:<17} service/floor {floor:5.2f} (target >= 0.70"
            f"{'' if floor >= 0.7 else ', MISSED'})   service/crud {crud:5.2f} "
            f"(target >= 0.80{'' if crud >= 0.8 else ', MISSED'})"
        )
        cpu = {kind: medians[kind][mutation]["cpu"] for kind in KINDS}
        ratio = cpu["service"] / cpu["crud"]
        print(
            f"  {mutation:<17} CPU per mutation, service/crud {ratio:5.2f}x "
            f"({verdict(ratio, 2)}); service/floor {cpu['service'] / cpu['floor']:5.2f}x"
        )


if __name__ == "__main__":
    main()
