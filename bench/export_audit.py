"""Streams a large audit trail out of `GET /exports/audit.csv|ndjson` and reports rows/s and
the growth of the process's resident memory while it runs (target: under 50 MB).

The entries are synthetic but shaped like real ones (a field-level change list, hashes) and
are inserted straight into MongoDB with insert_many: the point is the export, not the
projection. The API runs in this process on real uvicorn; the client reads the body in
chunks and counts lines, so the RSS figure covers server and client together.

    .venv/bin/python bench/export_audit.py --entries 1000000
    .venv/bin/python bench/export_audit.py --entries 200000 --format ndjson

Needs the dev extra (psutil; SecantusDB unless MONGODB_URI is set):
`.venv/bin/pip install -e '.[dev]'`.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

try:
    import psutil
except ImportError:  # psutil comes with the dev extra
    raise SystemExit(
        "bench.export_audit needs the dev extra: .venv/bin/pip install -e '.[dev]'"
    ) from None
import uvicorn
from pymongo import MongoClient

from bench.cpu import Meter, mongodb_process, per_op
from service.api.app import create_app
from service.api.auth import mint_token
from service.bootstrap import build_application
from service.config import Settings
from service.infrastructure.local_mongo import LocalMongo, free_port

MB = 1024 * 1024


def entry(position: int, postmortem: str, start: datetime) -> dict[str, Any]:
    """Returns one synthetic audit entry like the projection writes."""
    return {
        "_id": position,
        "position": position,
        "postmortem_id": postmortem,
        "version": position % 40 + 1,
        "event_type": "TimelineEntryAdded",
        "topic": "service.domain.events:TimelineEntryAdded",
        "actor_id": f"user-{position % 50}",
        "actor_roles": ["author"],
        "at": start + timedelta(seconds=position),
        "correlation_id": str(uuid.UUID(int=position)),
        "reason": None,
        "title": "Checkout latency regression after cache rollout",
        "changes": [
            {
                "path": f"timeline[{position:08x}]",
                "before": None,
                "after": {
                    "id": f"{position:08x}",
                    "at": (start + timedelta(seconds=position)).isoformat(),
                    "kind": "investigation",
                    "description": "Traced the p99 latency increase to cache misses on the "
                    "product catalogue after the rollout.",
                    "source": "Grafana",
                },
            }
        ],
        "event": {"entry_id": f"{position:08x}", "kind": "investigation"},
        "event_digest": f"{position:064x}",
        "prev_hash": f"{position - 1:064x}",
        "hash": f"{position:064x}",
    }


def insert(client: MongoClient[dict[str, Any]], database: str, entries: int, batch: int) -> float:
    """Inserts the entries in batches; returns the seconds it took."""
    collection = client[database]["audit_log"]
    postmortems = [str(uuid.uuid4()) for _ in range(500)]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    began = time.perf_counter()
    for first in range(1, entries + 1, batch):
        docs = [
            entry(p, postmortems[p % len(postmortems)], start)
            for p in range(first, min(first + batch, entries + 1))
        ]
        collection.insert_many(docs, ordered=False)
        if (first // batch) % 10 == 0:
            print(f"  inserted {first + len(docs) - 1:,} entries", flush=True)
    return time.perf_counter() - began


class RssSampler(threading.Thread):
    """Samples this process's RSS every 50 ms; remembers the peak."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(os.getpid())
        self.baseline = self.process.memory_info().rss
        self.peak = self.baseline
        self.samples: list[int] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            rss = self.process.memory_info().rss
            self.samples.append(rss)
            self.peak = max(self.peak, rss)
            time.sleep(0.05)


def main() -> None:
    from bench.common import quiet_logs

    quiet_logs()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--format", choices=["csv", "ndjson"], default="csv")
    parser.add_argument("--mongodb-uri", default=os.environ.get("MONGODB_URI"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        server = None
        uri = args.mongodb_uri
        if not uri:
            server = LocalMongo(Path(tmp) / "mongo").start()
            uri = server.uri
        database = "bench_" + uuid.uuid4().hex[:8]
        settings = Settings(data_dir=Path(tmp), mongodb_uri=uri, mongodb_database=database)
        client: MongoClient[dict[str, Any]] = MongoClient(uri, tz_aware=True)
        try:
            seconds = insert(client, database, args.entries, args.batch)
            print(f"inserted {args.entries:,} entries in {seconds:.1f} s "
                  f"({args.entries / seconds:,.0f}/s)")  # fmt: skip
            meter = Meter({"ours": psutil.Process()}, {"database": mongodb_process(uri)})
            with meter.phase() as exported:
                run_export(settings, uri, args.entries, args.format)
            with meter.phase() as raw:
                read = sum(1 for _ in client[database]["audit_log"].find({}).sort("_id", 1))
            cpu_lines(exported, raw, args.entries, read)
        finally:
            client.drop_database(database)
            client.close()
            if server is not None:
                server.stop()


def cpu_lines(exported: dict[str, float], raw: dict[str, float], entries: int, read: int) -> None:
    """Prints CPU per row of this process (the service serving the export and the client
    reading it) and of the MongoDB-wire server, beside the raw PyMongo read of the entries."""
    print(
        f"CPU per row, ours (service + download): {per_op(exported['ours'], entries)}; "
        f"MongoDB-wire server {per_op(exported.get('database'), entries)}"
    )
    print(
        f"CPU per row, raw PyMongo find of the {read:,} entries: {per_op(raw['ours'], read)}; "
        f"MongoDB-wire server {per_op(raw.get('database'), read)}"
    )
    ratio = exported["ours"] / entries / max(raw["ours"] / max(read, 1), 1e-9)
    print(f"ratio ours / raw read, CPU per row: {ratio:.1f}x (issue #19 sets no target here)")


def run_export(settings: Settings, uri: str, entries: int, fmt: str) -> None:
    """Serves the API on a free port, downloads the export, prints the figures."""
    app = build_application(settings)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, app, uri), port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    token = mint_token(settings, "bench", ["compliance"])
    sampler = RssSampler()
    sampler.start()
    lines = 0
    size = 0
    began = time.perf_counter()
    with (
        httpx.Client(timeout=None) as http,
        http.stream(
            "GET",
            f"http://127.0.0.1:{port}/exports/audit.{fmt}",
            headers={"Authorization": f"Bearer {token}"},
        ) as response,
    ):
        response.raise_for_status()
        for chunk in response.iter_bytes():
            lines += chunk.count(b"\n")
            size += len(chunk)
    seconds = time.perf_counter() - began
    sampler.stopped.set()
    sampler.join()
    rows = lines - (1 if fmt == "csv" else 0)
    growth = (sampler.peak - sampler.baseline) / MB
    print(f"exported {rows:,} rows ({size / MB:,.0f} MB of {fmt}) in {seconds:.1f} s: "
          f"{rows / seconds:,.0f} rows/s")  # fmt: skip
    print(f"RSS at start {sampler.baseline / MB:,.0f} MB, peak {sampler.peak / MB:,.0f} MB, "
          f"growth {growth:,.1f} MB (target < 50 MB)")  # fmt: skip
    quarter = max(1, len(sampler.samples) // 4)
    marks = [sampler.samples[min(i * quarter, len(sampler.samples) - 1)] for i in range(5)]
    print("RSS at 0/25/50/75/100 %: " + " ".join(f"{m / MB:,.0f}" for m in marks) + " MB")
    assert rows == entries, f"exported {rows} of {entries}"
    server.should_exit = True
    thread.join(timeout=10)
    app.close()


if __name__ == "__main__":
    main()
