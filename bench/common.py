"""What the benchmarks share: a MongoDB-wire server (own SecantusDB unless MONGODB_URI is
set), a scratch folder, and percentiles."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from service.infrastructure.local_mongo import LocalMongo


@contextlib.contextmanager
def mongodb(scratch: Path) -> Iterator[str]:
    """Yields a MongoDB URI: MONGODB_URI, or a SecantusDB process started for the bench."""
    uri = os.environ.get("MONGODB_URI")
    if uri:
        yield uri
        return
    with LocalMongo(scratch / "mongo") as server:
        yield server.uri


@contextlib.contextmanager
def scratch_dir() -> Iterator[Path]:
    """Yields a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="postmortems-bench-") as path:
        yield Path(path)


def percentile(values: Sequence[float], q: float) -> float:
    """Returns the q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]
