"""Read-your-writes latency through the real HTTP API at a steady command rate.

Runs `postmortems serve` (API + embedded projector) as a subprocess on its own SQLite event
store and MongoDB-wire server, sends commands at a steady rate (default 100/s) from `--lanes`
clients, each editing its own postmortem, and after each command reads the postmortem back.
Prints the read-your-writes lag (from a command's event to the commit that made it visible,
p50/p99 interpolated from the server's `postmortems_projection_delay_seconds` histogram), p50/p99
of the mutation round trip (it answers once its event is projected) and of mutation plus
read-back, how many read-backs did not show the write, and the CPU each process used.

    .venv/bin/python -m bench.read_your_writes --rate 100 --seconds 20

Needs the dev extra (psutil; SecantusDB unless MONGODB_URI is set):
`.venv/bin/pip install -e '.[dev]'`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

try:
    import psutil
except ImportError:  # psutil comes with the dev extra
    raise SystemExit(
        "bench.read_your_writes needs the dev extra: .venv/bin/pip install -e '.[dev]'"
    ) from None
from prometheus_client.parser import text_string_to_metric_families

from bench.common import mongodb, percentile, scratch_dir
from service.api.auth import mint_token
from service.config import Settings
from service.infrastructure.local_mongo import free_port

RESULT = "{ ... on Postmortem { id version } ... on Error { message } }"
CREATE = (
    "mutation($t: String!) { createPostmortem(input: {title: $t, severity: SEV3, "
    'incidentWindow: {startedAt: "2025-07-15T17:42:00Z"}}) ' + RESULT + " }"
)
RENAME = (
    "mutation($id: ID!, $v: Int!, $t: String!) { updatePostmortemMetadata(id: $id, "
    "expectedVersion: $v, input: {title: $t, severity: SEV3, incidentWindow: {startedAt: "
    '"2025-07-15T17:42:00Z"}}) ' + RESULT + " }"
)
GET = "query($id: ID!) { postmortem(id: $id) { version } }"
DELAY = "postmortems_projection_delay_seconds"


def delay_buckets(url: str) -> list[tuple[float, float]]:
    """Returns the server's projection-delay histogram as (upper bound, cumulative count)."""
    text = httpx.get(url + "/metrics").text
    return [
        (float(sample.labels["le"]), sample.value)
        for family in text_string_to_metric_families(text)
        if family.name == DELAY
        for sample in family.samples
        if sample.name == DELAY + "_bucket"
    ]


def histogram_quantile(
    q: float, before: list[tuple[float, float]], after: list[tuple[float, float]]
) -> float:
    """Returns the q-quantile (0-1) of the observations between two scrapes, interpolated
    linearly within its bucket (as Prometheus's histogram_quantile does)."""
    counts = [(bound, a - b) for (bound, a), (_, b) in zip(after, before, strict=True)]
    total = counts[-1][1]
    rank = q * total
    lower, below = 0.0, 0.0
    for bound, cumulative in counts:
        if cumulative >= rank:
            if bound == float("inf"):
                return lower
            share = (rank - below) / (cumulative - below) if cumulative > below else 1.0
            return lower + (bound - lower) * share
        lower, below = bound, cumulative
    return lower


def start_server(scratch: Path, uri: str, port: int) -> subprocess.Popen[bytes]:
    """Starts `postmortems serve` and waits until it answers."""
    env = {
        **os.environ,
        "DATA_DIR": str(scratch),
        "MONGODB_URI": uri,
        "MONGODB_DATABASE": "bench_ryw",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("postmortems")), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


async def lane(
    client: httpx.AsyncClient, index: int, interval: float, until: float, out: dict[str, list[Any]]
) -> None:
    """Creates a postmortem, then renames it every `interval` seconds until `until`."""
    postmortem_id: str | None = None
    version = 0
    tick = time.monotonic() + interval * index / 100
    n = 0
    while tick < until:
        await asyncio.sleep(max(0.0, tick - time.monotonic()))
        tick += interval
        began = time.perf_counter()
        if postmortem_id is None:
            body = {"query": CREATE, "variables": {"t": f"Lane {index}"}}
            key = "createPostmortem"
        else:
            n += 1
            body = {
                "query": RENAME,
                "variables": {"id": postmortem_id, "v": version, "t": f"Lane {index} edit {n}"},
            }
            key = "updatePostmortemMetadata"
        answer = (await client.post("/graphql", json=body)).json()["data"][key]
        mutated = time.perf_counter()
        if "id" not in answer:
            out["errors"].append(answer)
            continue
        postmortem_id, version = answer["id"], answer["version"]
        read = (
            await client.post("/graphql", json={"query": GET, "variables": {"id": postmortem_id}})
        ).json()
        done = time.perf_counter()
        out["mutation"].append(mutated - began)
        out["read_back"].append(done - began)
        if read["data"]["postmortem"]["version"] < version:
            out["stale"].append(postmortem_id)


async def drive(
    url: str, token: str, rate: float, seconds: float, lanes: int
) -> dict[str, list[Any]]:
    """Runs the lanes and returns the measurements."""
    out: dict[str, list[Any]] = {"mutation": [], "read_back": [], "stale": [], "errors": []}
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=lanes)
    async with httpx.AsyncClient(
        base_url=url, headers=headers, limits=limits, timeout=30
    ) as client:
        until = time.monotonic() + seconds
        await asyncio.gather(*(lane(client, i, lanes / rate, until, out) for i in range(lanes)))
    return out


def main() -> None:
    """Starts the servers, drives the load, prints the figures."""
    from bench.common import quiet_logs

    quiet_logs()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=100.0, help="commands per second")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--lanes", type=int, default=20, help="concurrent clients")
    args = parser.parse_args()
    with scratch_dir() as scratch, mongodb(scratch) as uri:
        port = free_port()
        server = start_server(scratch, uri, port)
        try:
            token = mint_token(Settings(), "bench", ["author"])
            url = f"http://127.0.0.1:{port}"
            processes = _processes(server.pid)
            cpu_before = {name: _cpu(p) for name, p in processes.items()}
            buckets_before = delay_buckets(url)
            out = asyncio.run(drive(url, token, args.rate, args.seconds, args.lanes))
            buckets_after = delay_buckets(url)
            cpu = {name: _cpu(p) - cpu_before[name] for name, p in processes.items()}
        finally:
            server.terminate()
            server.wait(timeout=30)
    count = len(out["mutation"])
    print(
        f"{count} commands in {args.seconds:.0f}s ({count / args.seconds:.0f}/s), "
        f"{args.lanes} lanes"
    )
    print(
        f"read-your-writes lag (event recorded -> projected): "
        f"p50 {histogram_quantile(0.5, buckets_before, buckets_after) * 1000:6.1f} ms   "
        f"p99 {histogram_quantile(0.99, buckets_before, buckets_after) * 1000:6.1f} ms"
    )
    for name in ("mutation", "read_back"):
        values = out[name]
        print(
            f"{name:>9}: p50 {percentile(values, 50) * 1000:6.1f} ms   "
            f"p99 {percentile(values, 99) * 1000:6.1f} ms   max {max(values) * 1000:6.1f} ms"
        )
    print(f"read-backs not showing the write: {len(out['stale'])}; errors: {len(out['errors'])}")
    print(
        "CPU used: "
        + ", ".join(
            f"{name} {seconds / args.seconds:.0%} ({seconds / count * 1000:.1f} ms/command)"
            for name, seconds in cpu.items()
        )
        + f"; 100% is one core of {os.cpu_count()}; a command here is a mutation and a read-back"
    )
    print("target: read-your-writes lag p99 <= 50 ms")


def _processes(server_pid: int) -> dict[str, psutil.Process]:
    """Returns the processes whose CPU the run reports: server, MongoDB-wire server, client."""
    found = {"service": psutil.Process(server_pid), "bench client": psutil.Process()}
    for process in psutil.Process().children(recursive=True):
        if any("secantusd" in part for part in process.cmdline()):
            found["MongoDB-wire server"] = process
    return found


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


if __name__ == "__main__":
    main()
