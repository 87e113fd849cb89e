"""CPU seconds per operation: of our own processes, and separately of the database servers.

The benchmarks run on SecantusDB, a MongoDB-wire server written in Python, so wall-clock time
mostly measures it. What this project controls is the CPU its own processes spend, so every
bench reads, with psutil, the CPU time (user + system, all threads, and reaped children) of
each process that matters before and after a measured phase: the service's process, the bench
client itself (for the raw PyMongo floors), and the database servers (the MongoDB-wire server
listening on the URI's port, the PostgreSQL postmaster with its backends).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

try:
    import psutil
except ImportError:  # psutil comes with the dev extra
    raise SystemExit("benchmarks need the dev extra: .venv/bin/pip install -e '.[dev]'") from None


def own_cpu(process: psutil.Process) -> float:
    """Returns the CPU seconds a process has used itself (every thread; not its children, so
    a bench's own figure never includes a database server it started)."""
    try:
        times = process.cpu_times()
        return float(times.user + times.system)
    except psutil.Error:
        return 0.0


def tree_cpu(process: psutil.Process) -> float:
    """Returns the CPU seconds a server process and its children (live or reaped) have used
    (PostgreSQL runs a process per connection)."""
    try:
        times = process.cpu_times()
        total = times.user + times.system + times.children_user + times.children_system
        for child in process.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                child_times = child.cpu_times()
                total += child_times.user + child_times.system
        return float(total)
    except psutil.Error:
        return 0.0


def listening_on(port: int) -> psutil.Process | None:
    """Returns the local process listening on a TCP port (None: not here, or not visible)."""
    with contextlib.suppress(psutil.Error, OSError):
        for conn in psutil.net_connections(kind="tcp"):
            address = conn.laddr
            listening = conn.status == psutil.CONN_LISTEN and isinstance(address, tuple)
            if listening and address and address[1] == port and conn.pid is not None:
                return psutil.Process(conn.pid)
    return None


def mongodb_process(uri: str) -> psutil.Process | None:
    """Returns the process of the MongoDB-wire server at a URI when it runs on this machine."""
    host = urlsplit(uri).netloc.rsplit("@", 1)[-1].split(",")[0]
    _, _, port = host.partition(":")
    return listening_on(int(port or 27017))


def postgres_process(data_dir: str) -> psutil.Process | None:
    """Returns the postmaster of the PostgreSQL cluster in a data folder (its first pid line)."""
    pid_path = os.path.join(data_dir, "postmaster.pid")
    with contextlib.suppress(OSError, ValueError, psutil.Error), open(pid_path) as pid_file:
        return psutil.Process(int(pid_file.readline()))
    return None


@dataclass
class Meter:
    """Measures the CPU of named processes over phases: `with meter.phase() as used:` fills
    `used` (seconds by name, and `wall`) when the block ends. `ours` are measured alone,
    `servers` with their children; a name whose process is None (a server elsewhere) is left
    out."""

    ours: Mapping[str, psutil.Process]
    servers: Mapping[str, psutil.Process | None] = field(default_factory=dict)

    def read(self) -> dict[str, float]:
        """Returns the CPU seconds each process has used so far."""
        found = {name: own_cpu(p) for name, p in self.ours.items()}
        found.update({n: tree_cpu(p) for n, p in self.servers.items() if p is not None})
        return found

    @contextlib.contextmanager
    def phase(self) -> Iterator[dict[str, float]]:
        """Yields a dict that holds, after the block, each process's CPU seconds in it (and
        `wall`, the block's wall seconds)."""
        used: dict[str, float] = {}
        before, began = self.read(), time.perf_counter()
        try:
            yield used
        finally:
            after = self.read()
            used.update({n: after[n] - before[n] for n in after})
            used["wall"] = time.perf_counter() - began


def per_op(seconds: float | None, ops: int, unit: str = "us") -> str:
    """Returns CPU seconds per operation as text in µs or ms ('n/a' when unknown)."""
    if seconds is None or ops <= 0:
        return "n/a"
    scale = 1e6 if unit == "us" else 1e3
    return f"{seconds / ops * scale:,.{0 if unit == 'us' else 2}f} {'µs' if unit == 'us' else 'ms'}"


def verdict(ratio: float, target: float) -> str:
    """Returns 'met' or 'MISSED' for a ratio that must stay at or below the target."""
    return f"target <= {target:g}x: {'met' if ratio <= target else 'MISSED'}"


def load_average() -> str:
    """Returns the 1/5/15-minute load averages and the core count, as text."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"
