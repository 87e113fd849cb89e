"""Rebuild throughput: N events in a SQLite event store, replayed into MongoDB by `rebuild`,
next to the raw PyMongo bulk-upsert rate of the same documents on the same server.

    .venv/bin/python -m bench.rebuild --events 100000
"""

from __future__ import annotations

import argparse
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from pymongo import ReplaceOne

from bench.common import mongodb, scratch_dir
from projections.rebuild import rebuild
from service.bootstrap import all_projections, build_application, mongo_client
from service.config import Settings
from service.domain import Actor, CommandContext, IncidentWindow, Postmortem, Severity

CTX = CommandContext(Actor("bench", frozenset({"author"})), "bench")
EVENTS_PER_POSTMORTEM = 10
ACTIVE = 50  # postmortems being written at the same time
ACTION_ITEM_ROUNDS = {3, 6}  # the other events write the summary
DUE = date(2025, 8, 1)


def load_events(settings: Settings, events: int) -> int:
    """Writes about `events` events through the application's own `save`, in bulk.

    Like a real history, events of different postmortems interleave: postmortems are written
    `ACTIVE` at a time, one event of each per round.
    """
    app = build_application(settings)
    # Incidents start 2 hours apart (a dozen a day), as in a large organisation: the recurring
    # views keep one document per incident day.
    first_incident = datetime(2020, 1, 1, tzinfo=UTC)
    postmortems = max(1, events // EVENTS_PER_POSTMORTEM)
    for first in range(0, postmortems, ACTIVE):
        active = [
            Postmortem.create(
                ctx=CTX,
                title=f"Incident {n}",
                severity=Severity.SEV2,
                window=IncidentWindow(started_at=first_incident + timedelta(hours=2 * n)),
                services=["auth"],
                team="identity",
            )
            for n in range(first, min(first + ACTIVE, postmortems))
        ]
        app.save(*active)
        for r in range(EVENTS_PER_POSTMORTEM - 1):
            for postmortem in active:
                if r in ACTION_ITEM_ROUNDS:
                    postmortem.add_action_item(
                        ctx=CTX, title=f"Follow-up {r}", owner="team-sre", due_date=DUE
                    )
                else:
                    postmortem.write_summary(ctx=CTX, summary=f"What happened, draft {r}. " * 5)
            app.save(*active)
    head = app.head_position()
    app.close()
    return head


def raw_upserts(uri: str, database: str, collections: list[str]) -> tuple[int, float, float]:
    """Upserts every document of the rebuilt collections again, into fresh collections, with
    plain PyMongo bulk writes of 500; returns (documents, seconds, client CPU seconds)."""
    client = mongo_client(uri)
    db = client[database]
    batches = []
    for name in collections:
        docs = list(db[name].find({}))
        ops = [ReplaceOne({"_id": d["_id"]}, d, upsert=True) for d in docs]
        batches += [("raw_" + name, ops[i : i + 500]) for i in range(0, len(ops), 500)]
    count = sum(len(ops) for _, ops in batches)
    began, cpu = time.perf_counter(), time.process_time()
    for name, ops in batches:
        db[name].bulk_write(ops, ordered=True)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    for name in collections:
        db.drop_collection("raw_" + name)
    client.close()
    return count, seconds, cpu


def main() -> None:
    """Loads events, rebuilds, and prints the figures."""
    from bench.common import quiet_logs

    quiet_logs()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=5_000)
    args = parser.parse_args()
    with scratch_dir() as scratch, mongodb(scratch) as uri:
        database = "bench_" + uuid.uuid4().hex[:8]
        settings = Settings(data_dir=scratch, mongodb_uri=uri, mongodb_database=database)
        began = time.perf_counter()
        head = load_events(settings, args.events)
        print(f"loaded {head} events in {time.perf_counter() - began:.1f}s")

        app = build_application(settings)
        client = mongo_client(uri)
        cpu = time.process_time()
        result = rebuild(app, client, database, all_projections(), batch_size=args.batch_size)
        cpu = time.process_time() - cpu
        rate = result.applied / result.seconds
        names = [c for p in all_projections() for c in p.collections]
        written = sum(client[database][c].count_documents({}) for c in names)
        raw_docs, raw_seconds, raw_cpu = raw_upserts(uri, database, names)
        raw_rate = raw_docs / raw_seconds
        print(
            f"rebuild: {result.applied} events in {result.seconds:.1f}s = {rate:,.0f} events/s; "
            f"{written} documents in {len(names)} collections = "
            f"{written / result.seconds:,.0f} docs/s; client CPU {cpu:.1f}s "
            f"({cpu / result.applied * 1e6:.0f} us/event)"
        )
        print(
            f"raw PyMongo bulk upserts of the same {raw_docs} documents: {raw_rate:,.0f} docs/s, "
            f"client CPU {raw_cpu / raw_docs * 1e6:.0f} us/doc"
        )
        print(
            f"ratio for the same documents, rebuild docs/s : raw upserts/s = "
            f"{written / result.seconds / raw_rate:.2f} (target >= 0.5)"
        )
        print(
            f"ratio rebuild events/s : raw upserts/s = {rate / raw_rate:.2f} (mixed units: the "
            f"rebuild leaves {written / result.applied:.2f} documents per event)"
        )
        client.drop_database(database)
        client.close()
        app.close()


if __name__ == "__main__":
    main()
