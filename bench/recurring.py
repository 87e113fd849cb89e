"""Benchmark of the recurring-incident queries over many postmortems.

Builds `--count` synthetic postmortems (services, teams, categories, action items, and root-cause
texts in which recurrence families share distinctive terms worded differently), turns each into
the view documents the `recurring` projection writes (the projection's own functions), inserts
them in bulk, then prints the latency of every query.

    .venv/bin/python bench/recurring.py --count 100000          # starts a local SecantusDB
    MONGODB_URI=mongodb://... .venv/bin/python bench/recurring.py --count 100000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import string
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from service.domain.document import Document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from pymongo import InsertOne, MongoClient

from bench.recurring_queries import NOW, YEARS, measure
from projections.recurring.documents import bundle_day, facts, signature
from projections.recurring.embedding_model import ModelSpec, shared_model
from projections.recurring.embeddings import (
    EMBEDDINGS,
    RecurringEmbeddingsProjection,
    encode_vector,
)
from projections.recurring.projection import (
    BUNDLES,
    CORPUS_SIZE_TERM,
    COUNTERS,
    FACTS,
    POSTMORTEMS,
    TERMS,
    RecurringProjection,
    bundle_id,
    counter_id,
    counter_keys,
    term_bucket,
    term_bucket_id,
    views_of,
)

CATEGORIES = [
    "configuration", "deployment", "code_defect", "capacity", "dependency", "process",
    "security", "infrastructure", "unknown",
]  # fmt: skip


def _words(rng: random.Random, count: int, length: tuple[int, int]) -> list[str]:
    letters = string.ascii_lowercase
    found: set[str] = set()
    while len(found) < count:
        found.add("".join(rng.choice(letters) for _ in range(rng.randint(*length))))
    return sorted(found)


DIMENSIONS = 384


def synthetic_vectors(count: int, seed: int = 7) -> Iterator[Any]:
    """Yields one unit vector per synthetic postmortem (the same families as
    `synthetic_postmortems`): a family's members have cosines around 0.5, others around 0.
    Computing 100,000 real embeddings would take about 20 CPU minutes; the query cost does not
    depend on where the vectors came from."""
    rng = random.Random(seed)
    families = max(1, count // 4)
    generator = np.random.default_rng(seed)
    centroids: dict[int, Any] = {}
    for _ in range(count):
        family = rng.randrange(families)
        if family not in centroids:
            c = generator.standard_normal(DIMENSIONS)
            centroids[family] = c / np.linalg.norm(c)
        noise = generator.standard_normal(DIMENSIONS)
        v = centroids[family] + noise / np.linalg.norm(noise)
        yield (v / np.linalg.norm(v)).astype(np.float32)


def synthetic_postmortems(count: int, seed: int = 7) -> Iterator[Document]:
    """Yields postmortem documents (the contract's shape) with recurrence families."""
    rng = random.Random(seed)
    common = _words(rng, 3_000, (4, 9))  # domain words, Zipf-distributed
    rare = _words(rng, 60_000, (6, 11))  # distinctive words: what families share
    weights = [1 / (i + 1) for i in range(len(common))]
    services = [f"svc-{i:03d}" for i in range(150)]
    teams = [f"team-{i:02d}" for i in range(30)]
    families = max(1, count // 4)
    family_terms = [rng.sample(rare, 8) for _ in range(families)]
    family_home = [rng.choice(services) for _ in range(families)]
    for _ in range(count):
        family = rng.randrange(families)
        started = NOW - timedelta(minutes=rng.randrange(YEARS * 365 * 24 * 60))
        words = rng.sample(family_terms[family], 5) + rng.choices(common, weights, k=18)
        words += rng.sample(rare, 2)
        rng.shuffle(words)
        service = family_home[family] if rng.random() < 0.6 else rng.choice(services)
        state = "PUBLISHED" if rng.random() < 0.85 else rng.choice(["DRAFT", "IN_REVIEW"])
        items = []
        for k in range(rng.randint(0, 4)):
            status = rng.choice(["open", "in_progress", "done", "done", "done", "wont_do"])
            closed = started + timedelta(days=rng.randint(1, 60))
            items.append(
                {
                    "id": str(k + 1),
                    "title": " ".join(rng.choices(common, k=5)),
                    "owner": rng.choice(teams),
                    "priority": rng.choice(["P0", "P1", "P2", "P3"]),
                    "status": status,
                    "due_date": (started + timedelta(days=30)).date().isoformat(),
                    "completed_at": closed if status in ("done", "wont_do") else None,
                }
            )
        yield {
            "id": str(uuid.UUID(int=rng.getrandbits(128))),
            "state": state,
            "title": " ".join(words[:6]),
            "severity": rng.choice(["SEV1", "SEV2", "SEV3", "SEV3", "SEV4"]),
            "services": [service] + ([rng.choice(services)] if rng.random() < 0.2 else []),
            "team": rng.choice(teams),
            "window": {"started_at": started},
            "root_cause": {
                "statement": " ".join(words[6:16]),
                "whys": [{"why": " ".join(words[16:20]), "because": " ".join(words[20:])}],
                "category": rng.choice(CATEGORIES),
            },
            "action_items": items,
            "recurrence_of": [],
            "published_revisions": [],
        }


def load(db: Any, count: int, batch: int = 2_000) -> dict[str, int]:
    """Inserts the view documents of `count` postmortems in bulk, then builds the indexes
    (once over the data, as a rebuild does); returns documents written."""
    projection = RecurringProjection()
    df: Counter[tuple[str, str]] = Counter()
    counts: dict[tuple[str, str, str], Counter[str]] = {}
    bundles: dict[str, dict[str, Document]] = {}
    written: Counter[str] = Counter()
    pending: dict[str, list[InsertOne[Document]]] = {POSTMORTEMS: [], FACTS: [], EMBEDDINGS: []}
    version = ModelSpec().version

    def flush() -> None:
        for name, ops in pending.items():
            if ops:
                db[name].bulk_write(ops, ordered=False)
                written[name] += len(ops)
                ops.clear()

    began = time.perf_counter()
    pairs = zip(synthetic_postmortems(count), synthetic_vectors(count), strict=True)
    for n, (doc, vector) in enumerate(pairs, 1):
        if n % 10_000 == 0:
            print(f"  {n}/{count} postmortems, {sum(written.values())} documents written, "
                  f"{time.perf_counter() - began:.0f} s", flush=True)  # fmt: skip
        for scope, view in views_of(doc).items():
            pending[POSTMORTEMS].append(InsertOne(view))
            pending[FACTS].extend(InsertOne(f) for f in facts(view))
            pending[EMBEDDINGS].append(
                InsertOne(
                    {
                        "_id": view["_id"], "scope": scope, "postmortem_id": view["postmortem_id"],
                        "started_at": view["started_at"], "position": n,
                        "model": ModelSpec().name, "model_version": version,
                        "text_sha256": "", "vector": encode_vector(vector),
                    }
                )
            )  # fmt: skip
            df.update((scope, t) for t in [*view["terms"], CORPUS_SIZE_TERM])
            day = bundle_day(view)
            if day is not None:
                bundles.setdefault(bundle_id(scope, day), {})[view["postmortem_id"]] = signature(
                    view
                )
            for kind, bucket, field in counter_keys(view):
                counts.setdefault((scope, kind, bucket), Counter())[field] += 1
        if len(pending[POSTMORTEMS]) >= batch:
            flush()
    flush()
    term_buckets: dict[tuple[str, int], dict[str, int]] = {}
    for (scope, term), n in df.items():
        term_buckets.setdefault((scope, term_bucket(term)), {})[term] = n
    terms = [
        {"_id": term_bucket_id(scope, b), "scope": scope, "bucket": b, "df": m, "position": 1}
        for (scope, b), m in term_buckets.items()
    ]
    counters = [
        {"_id": counter_id(*key), "scope": key[0], "kind": key[1], "bucket": key[2],
         "counts": dict(fields)}
        for key, fields in counts.items()
    ]  # fmt: skip
    days = [
        {"_id": key, "scope": key.split("|", 1)[0], "day": key.split("|", 1)[1], "entries": entries}
        for key, entries in bundles.items()
    ]
    for name, docs in ((TERMS, terms), (COUNTERS, counters), (BUNDLES, days)):
        for i in range(0, len(docs), batch):
            db[name].insert_many(docs[i : i + batch], ordered=False)
        written[name] += len(docs)
    print(f"  building indexes ({time.perf_counter() - began:.0f} s so far)", flush=True)
    embeddings = RecurringEmbeddingsProjection(shared_model(ModelSpec()))
    for name, indexes in [*projection.indexes().items(), *embeddings.indexes().items()]:
        db[name].create_indexes(indexes)
    return dict(written)


@contextmanager
def mongodb() -> Iterator[str]:
    """Yields MONGODB_URI, or the URI of a SecantusDB server started for the run."""
    if uri := os.environ.get("MONGODB_URI"):
        yield uri
        return
    from service.infrastructure.local_mongo import LocalMongo

    with tempfile.TemporaryDirectory() as tmp, LocalMongo(Path(tmp) / "mongo") as server:
        yield server.uri


def main() -> None:
    """Loads the synthetic corpus and prints the query latencies."""
    from bench.common import quiet_logs

    quiet_logs()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="postmortems to build")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--samples", type=int, default=20, help="ids for similarPostmortems")
    parser.add_argument(
        "--database", help="database to use; one already loaded (with --keep) is reused"
    )
    args = parser.parse_args()
    database = args.database or "bench_recurring_" + uuid.uuid4().hex[:8]
    with mongodb() as uri:
        client: MongoClient[Document] = MongoClient(uri, tz_aware=True)
        if client[database][POSTMORTEMS].find_one({}, {"_id": 1}) is not None:
            print(f"reusing the postmortems already loaded in {database}")
        else:
            start = time.perf_counter()
            written = load(client[database], args.count)
            elapsed = time.perf_counter() - start
            total = sum(written.values())
            print(f"loaded {args.count} postmortems: {total} view documents {written} "
                  f"in {elapsed:.0f} s ({total / elapsed:.0f} documents/s)")  # fmt: skip
        rng = random.Random(1)
        ids = [
            d["postmortem_id"]
            for d in client[database][POSTMORTEMS]
            .find({"scope": "published"}, {"postmortem_id": 1})
            .limit(2_000)
        ]
        print(f"query latency ({args.repeat} runs each, after a first warm-up query):")
        asyncio.run(
            measure(uri, database, args.repeat, rng.sample(ids, min(args.samples, len(ids))))
        )
        if not args.keep:
            client.drop_database(database)
        client.close()


if __name__ == "__main__":
    main()
