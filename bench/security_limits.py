"""Prints how fast the API refuses hostile requests and what authentication costs.

    PYTHONPATH=. .venv/bin/python bench/security_limits.py   # uses tests/support to start servers

Starts the service (SecantusDB + SQLite, like the tests) and times, over real HTTP:
a plain query, query bombs (aliases, tokens, depth, fragment cycle), an oversized string
variable, an oversized body, and a request with an invalid token.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import psutil

from bench.cpu import Meter, mongodb_process, per_op
from service.config import Settings
from tests.support.live import LiveService
from tests.support.servers import mongodb_server

ROUNDS = 30
LIST = "{ postmortems(first: 5) { totalCount } }"
BOMBS = {
    "aliases (100)": "{ "
    + " ".join(f"a{i}: postmortems {{ totalCount }}" for i in range(100))
    + " }",
    "tokens (1 MB of fields)": "{ postmortems { " + "totalCount " * 90_000 + "} }",
    "depth (40)": "{ " + "postmortems { edges { node { " * 40 + "id" + " } } }" * 40 + " }",
    "fragment cycle": "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
    "introspection depth (50)": "{ __schema { queryType { fields { type { "
    + "ofType { " * 50
    + "kind"
    + " }" * 54
    + " }",
}


def _time(
    call: Callable[[], httpx.Response], expect: int, meter: Meter
) -> tuple[float, float, dict[str, float]]:
    """Returns the median and p90 ms of a case, and the CPU seconds it used by process."""
    samples = []
    with meter.phase() as used:
        for _ in range(ROUNDS):
            started = time.perf_counter()
            response = call()
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == expect, response.text[:200]
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1], used


def main() -> None:
    """Runs the measurements and prints one line per case."""
    from bench.common import quiet_logs

    quiet_logs()
    with tempfile.TemporaryDirectory() as tmp, mongodb_server(Path(tmp)) as (uri, _):
        settings = Settings(
            data_dir=Path(tmp), mongodb_uri=uri, mongodb_database="b_" + uuid.uuid4().hex[:8]
        )
        service = LiveService(settings, uri).start()
        try:
            token = service.token("bench", ["reviewer"])
            auth = {"Authorization": f"Bearer {token}"}

            def post(query: str, variables: dict[str, object] | None = None) -> httpx.Response:
                return service.http.post(
                    "/graphql", json={"query": query, "variables": variables or {}}, headers=auth
                )

            cases: dict[str, tuple[Callable[[], httpx.Response], int]] = {
                "plain query (baseline)": (lambda: post(LIST), 200),
                **{f"bomb: {name}": ((lambda q=q: post(q)), 200) for name, q in BOMBS.items()},
                "string variable 200 KB": (
                    lambda: post("query($s: String) { postmortems(after: $s) { totalCount } }",
                                 {"s": "x" * 200_000}),
                    200,
                ),
                "body 2 MB (413)": (
                    lambda: service.http.post(
                        "/graphql", content=b"x" * 2_000_000,
                        headers={**auth, "Content-Type": "application/json"},
                    ),
                    413,
                ),
                "invalid token (401)": (
                    lambda: service.http.post(
                        "/graphql", json={"query": LIST},
                        headers={"Authorization": "Bearer not-a-jwt"},
                    ),
                    401,
                ),
            }  # fmt: skip
            # The service runs in this process (a thread), so `ours` is service + client.
            meter = Meter({"ours": psutil.Process()}, {"database": mongodb_process(uri)})
            print(
                f"{'case':32} {'median ms':>10} {'p90 ms':>8} {'CPU ours':>10} {'CPU db':>9}"
                f"   (per request; {ROUNDS} rounds each; ours: service and client)"
            )
            for name, (call, expect) in cases.items():
                median, p90, used = _time(call, expect, meter)
                ours = per_op(used["ours"], ROUNDS, "ms")
                database = per_op(used.get("database"), ROUNDS, "ms")
                print(f"{name:32} {median:10.2f} {p90:8.2f} {ours:>10} {database:>9}")
        finally:
            service.stop()


if __name__ == "__main__":
    main()
