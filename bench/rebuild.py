"""Rebuild: N events in an event store, replayed into MongoDB by `rebuild`, next to the raw
write floor: plain PyMongo bulk upserts of the same documents on the same server.

    .venv/bin/python -m bench.rebuild --events 100000 [--event-store postgres]

Prints the CPU per event of this process (reading the event store, the projections, the
writes) and, separately, of the MongoDB-wire server (and of PostgreSQL), beside the raw
client's CPU per document times the documents a rebuilt event leaves. Target: ours <= 3x the
raw write floor per event.
"""

from __future__ import annotations

import argparse
import time
import uuid
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import psutil
from pymongo import ReplaceOne

from bench.common import event_store, mongodb, scratch_dir
from bench.cpu import Meter, load_average, mongodb_process, per_op, postgres_process, verdict
from bench.stages import stage_cpu
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


def raw_upserts(uri: str, database: str, collections: list[str], meter: Meter) -> RawFloor:
    """Upserts every document of the rebuilt collections again, into fresh collections, with
    plain PyMongo bulk writes of 500 (the raw write floor), measuring the CPU of this client
    and of the database server."""
    client = mongo_client(uri)
    db = client[database]
    batches = []
    for name in collections:
        docs = list(db[name].find({}))
        ops = [ReplaceOne({"_id": d["_id"]}, d, upsert=True) for d in docs]
        batches += [("raw_" + name, ops[i : i + 500]) for i in range(0, len(ops), 500)]
    count = sum(len(ops) for _, ops in batches)
    with meter.phase() as used:
        for name, ops in batches:
            db[name].bulk_write(ops, ordered=True)
    for name in collections:
        db.drop_collection("raw_" + name)
    client.close()
    return RawFloor(count, used)


@dataclass(frozen=True)
class RawFloor:
    """The raw write floor: how many documents, and the CPU seconds (and `wall`) by process."""

    documents: int
    used: dict[str, float]


def main() -> None:
    """Loads events, rebuilds, and prints the figures."""
    from bench.common import quiet_logs

    quiet_logs()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--event-store", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--stages", action="store_true", help="also print CPU per stage")
    args = parser.parse_args()
    with (
        scratch_dir() as scratch,
        mongodb(scratch) as uri,
        event_store(args.event_store, scratch) as (store, pg_dir),
    ):
        database = "bench_" + uuid.uuid4().hex[:8]
        settings = Settings(
            data_dir=scratch,
            mongodb_uri=uri,
            mongodb_database=database,
            **store,  # type: ignore[arg-type]
        )
        began = time.perf_counter()
        head = load_events(settings, args.events)
        print(f"loaded {head} events in {time.perf_counter() - began:.1f}s ({args.event_store})")
        meter = Meter(
            ours={"ours": psutil.Process()},
            servers={
                "MongoDB-wire server": mongodb_process(uri),
                "PostgreSQL": postgres_process(pg_dir) if pg_dir else None,
            },
        )
        app = build_application(settings)
        client = mongo_client(uri)
        with meter.phase() as used, stage_cpu() if args.stages else nullcontext() as stages:
            result = rebuild(app, client, database, all_projections(), batch_size=args.batch_size)
        for stage, seconds in (stages or {}).items():
            print(f"  CPU per event, ours, {stage}: {per_op(seconds, result.applied)}")
        names = [c for p in all_projections() for c in p.collections]
        written = sum(client[database][c].count_documents({}) for c in names)
        raw = raw_upserts(uri, database, names, meter)
        report(result.applied, written, result.seconds, used, raw)
        client.drop_database(database)
        client.close()
        app.close()


def report(
    events: int, written: int, seconds: float, used: dict[str, float], raw: RawFloor
) -> None:
    """Prints the rebuild's figures beside the raw write floor's, and the target ratio."""
    per_event = written / events
    raw_per_doc = raw.used["ours"] / raw.documents
    floor = raw_per_doc * per_event  # the raw client's CPU to write one event's documents
    ours = used["ours"] / events
    print(
        f"rebuild: {events} events in {seconds:.1f}s = {events / seconds:,.0f} events/s; "
        f"{written} documents ({per_event:.2f} per event); {load_average()}"
    )
    print(f"  CPU per event, ours (event store read, projections, writes): {per_op(ours, 1)}")
    for name in used.keys() - {"ours", "wall"}:
        print(f"  CPU per event, {name}: {per_op(used[name], events)}")
    print(
        f"raw PyMongo bulk upserts of the same {raw.documents} documents: "
        f"{raw.documents / raw.used['wall']:,.0f} docs/s"
    )
    print(
        f"  CPU per document, raw client: {per_op(raw_per_doc, 1)} = {per_op(floor, 1)} per event "
        f"(the raw write floor: {per_event:.2f} documents per event)"
    )
    if "MongoDB-wire server" in raw.used:
        server = raw.used["MongoDB-wire server"] / raw.documents
        print(
            f"  CPU per document, MongoDB-wire server: {per_op(server, 1)} = "
            f"{per_op(server * per_event, 1)} per event"
        )
    ratio = ours / floor
    print(f"ratio ours / raw write floor, CPU per event: {ratio:.1f}x ({verdict(ratio, 3)})")


if __name__ == "__main__":
    main()
