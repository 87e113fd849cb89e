"""The query half of bench/recurring.py: the latency, and the CPU per query of this process
(the API's query code runs here) and of the MongoDB-wire server, of every recurring-incident
query over the loaded views."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psutil
from pymongo import AsyncMongoClient

from bench.cpu import Meter, mongodb_process, per_op
from projections.recurring.clustering import DEFAULT_CLUSTER_THRESHOLD
from projections.recurring.queries import RecurringQueries
from projections.recurring.similarity import DEFAULT_THRESHOLD
from service.domain.document import Document

NOW = datetime.now(UTC)
YEARS = 5
_meters: list[Meter] = []  # the run's meter (set by `measure`)


def _cpu(used: dict[str, float], queries: int) -> str:
    """Returns CPU per query of ours and of the database server, as text."""
    return (
        f"CPU/query ours {per_op(used['ours'], queries, 'ms')}, "
        f"db {per_op(used.get('database'), queries, 'ms')}"
    )


async def timed(
    label: str, run: Callable[[], Awaitable[Any]], repeat: int, describe: Callable[[Any], str]
) -> None:
    """Runs a query `repeat` times and prints the median and worst latency."""
    times = []
    result: Any = None
    with _meters[0].phase() as used:
        for _ in range(repeat):
            start = time.perf_counter()
            result = await run()
            times.append((time.perf_counter() - start) * 1000)
    print(
        f"  {label:<58} median {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms"
        f"   ({describe(result)}; {_cpu(used, repeat)})"
    )


async def measure(uri: str, database: str, repeat: int, sample_ids: list[str]) -> None:
    """Prints the latency of each recurring-incident query."""
    client: AsyncMongoClient[Document] = AsyncMongoClient(uri, tz_aware=True)
    _meters[:] = [Meter({"ours": psutil.Process()}, {"database": mongodb_process(uri)})]
    q = RecurringQueries(client[database])
    start, cpu = time.perf_counter(), time.process_time()
    await q.similar_postmortems("published", sample_ids[0], DEFAULT_THRESHOLD, 20)
    view = await q.semantic.view("published")
    rows = 0 if view.matrix is None else len(view.matrix.ids)
    megabytes = 0 if view.matrix is None else view.matrix.vectors.nbytes / 1e6
    print(f"  first query (loads document frequencies and {rows} vectors, {megabytes:.0f} MB, "
          f"into the API process): {(time.perf_counter() - start) * 1000:.0f} ms, "
          f"{time.process_time() - cpu:.1f} s CPU; semantic search: {view.mode}")  # fmt: skip

    def window(days: int) -> tuple[datetime, datetime]:
        return NOW - timedelta(days=days), NOW

    def n(result: Any) -> str:
        return f"{len(result)} results"

    for days in (90, 365):
        await timed(
            f"recurringIncidents(last {days} days, minOccurrences 3)",
            lambda d=days: q.recurring_incidents(  # type: ignore[misc]
                "published", *window(d), min_occurrences=3, service=None, category=None,
                first=20, per_group=10,
            ),
            repeat, n,
        )  # fmt: skip
    await timed(
        "recurringIncidents(all 5 years, service svc-001)",
        lambda: q.recurring_incidents(
            "published", *window(YEARS * 366), min_occurrences=2, service="svc-001",
            category=None, first=20, per_group=10,
        ),
        repeat, n,
    )  # fmt: skip
    # The same ids through the lexical path alone (a model version no vector has): the
    # similarity of before issue #17, measured in the same run for a like-with-like ratio.
    lexical_only = RecurringQueries(client[database], model_version="lexical-only")
    await lexical_only.similar_postmortems("published", sample_ids[0], 0.25, 20)
    hybrid_p95 = lexical_p95 = 0.0
    for label, queries, threshold in (
        ("similarPostmortems(id), hybrid", q, DEFAULT_THRESHOLD),
        ("similarPostmortems(id), lexical only (as before)", lexical_only, 0.25),
    ):
        times, found = [], 0
        with _meters[0].phase() as used:
            for pid in sample_ids:
                start = time.perf_counter()
                similar = await queries.similar_postmortems("published", pid, threshold, 20)
                times.append((time.perf_counter() - start) * 1000)
                found += len(similar or [])
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        hybrid_p95, lexical_p95 = (p95, lexical_p95) if queries is q else (hybrid_p95, p95)
        print(
            f"  {label + ' x' + str(len(sample_ids)):<58} median "
            f"{statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms"
            f"   ({found / len(sample_ids):.1f} similar on average; "
            f"{_cpu(used, len(sample_ids))})"
        )
    semantic_times = []
    for pid in sample_ids:
        start = time.perf_counter()
        view = await q.semantic.view("published")
        mine = (await view.vectors([pid])).get(pid)
        if mine is not None:
            await view.nearest(mine, 0.375, 21)
        semantic_times.append((time.perf_counter() - start) * 1000)
    semantic_times.sort()
    print(
        f"  {'semantic search alone (refresh + exact scan)':<58} median "
        f"{statistics.median(semantic_times):7.1f} ms   p95 "
        f"{semantic_times[int(0.95 * (len(semantic_times) - 1))]:7.1f} ms"
    )
    print(f"  ratio similarPostmortems p95 hybrid : lexical only = {hybrid_p95 / lexical_p95:.2f}")
    await timed(
        "similarRootCauseClusters(last 90 days), lexical only",
        lambda: lexical_only.similar_root_cause_clusters(
            "published", *window(90), threshold=0.25, across_services_only=False, first=20
        ),
        repeat, n,
    )  # fmt: skip
    for days in (30, 90, 365):
        await timed(
            f"similarRootCauseClusters(last {days} days)",
            lambda d=days: q.similar_root_cause_clusters(  # type: ignore[misc]
                "published", *window(d), threshold=DEFAULT_CLUSTER_THRESHOLD,
                across_services_only=False, first=20,
            ),
            repeat, n,
        )  # fmt: skip
        await timed(
            f"recurredDespiteActionItems(last {days} days)",
            lambda d=days: q.recurred_despite_action_items(  # type: ignore[misc]
                "published", *window(d), threshold=DEFAULT_THRESHOLD, first=20
            ),
            repeat, n,
        )  # fmt: skip
    start_month = date(NOW.year - 2, NOW.month, 1)
    for dimension in ("SERVICE", "CATEGORY"):
        await timed(
            f"incidentTrends(24 months, groupBy {dimension})",
            lambda d=dimension: q.incident_trends(  # type: ignore[misc]
                "published", start_month, NOW.date(), d
            ),
            repeat, lambda r: f"{len(r[1])} series x {len(r[0])} months",
        )  # fmt: skip
    await client.close()
