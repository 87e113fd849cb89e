"""Proves what the Docker image would run, without a Docker engine.

Installs requirements.lock into a fresh venv exactly as the Dockerfile does (hash-checked
wheels only, then the project without dependencies, not editable), and runs that venv's
`postmortems` in production mode against a real PostgreSQL event store and MongoDB-wire
server: `serve --no-projector` and `project` as separate processes, the image's HEALTHCHECK
command, `status` (the projector's compose healthcheck), `token`, a mutation and a query over
HTTP, and /metrics behind METRICS_TOKEN. Also checks that psycopg uses its bundled libpq and
that the locked environment holds no development extra (SecantusDB).

Run from the repository root with the development venv (it starts the servers the tests use,
unless MONGODB_URI / POSTGRES_DSN are set):

    .venv/bin/python scripts/check_image_env.py

Not proven here: the image build itself, `python:3.11-slim`'s contents, the non-root user,
MongoDB 8 and PostgreSQL 18 images, and compose's healthchecks and restart policies.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.infrastructure.local_mongo import free_port  # noqa: E402
from tests.support.servers import (  # noqa: E402
    fresh_postgres_database,
    mongodb_server,
    postgres_server,
)

SECRET = "image-check-" + "x" * 40
METRICS_TOKEN = "metrics-" + "y" * 32


def step(message: str) -> None:
    """Prints what is being checked."""
    print(f"- {message}", flush=True)


def install(venv: Path) -> None:
    """Installs the locked environment and the project, as the Dockerfile's build stage."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-cache-dir"]
    subprocess.run(
        [*pip, "--require-hashes", "--only-binary=:all:", "-r", str(ROOT / "requirements.lock")],
        check=True,
    )
    with tempfile.TemporaryDirectory() as build:
        # The build context of the image: what .dockerignore leaves of these.
        for name in ("pyproject.toml", "README.md", "service", "schema", "projections"):
            subprocess.run(["cp", "-r", str(ROOT / name), build], check=True)
        subprocess.run([*pip, "--no-deps", build], check=True)


def run_checks(venv: Path, env: dict[str, str]) -> None:
    """Starts the installed service and checks it; raises AssertionError on a failure."""
    bin_dir = venv / "bin"
    python = str(bin_dir / "python")
    impl = subprocess.run(
        [python, "-c", "import psycopg; print(psycopg.pq.__impl__)"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    step(f"psycopg backend in the locked environment: {impl}")
    assert impl in {"binary", "c"}, "psycopg would need the system's libpq"
    frozen = subprocess.run(
        [python, "-m", "pip", "freeze"], check=True, capture_output=True, text=True
    ).stdout
    assert not re.search(r"(?im)^secantusdb", frozen), "a development extra is installed"
    step(f"{len(frozen.splitlines())} packages installed, no development extra")
    cli = str(bin_dir / "postmortems")
    api = subprocess.Popen([cli, "serve", "--no-projector"], env=env)
    projector = subprocess.Popen([cli, "project"], env=env)
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        with httpx.Client(base_url=base, timeout=10) as http:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if http.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert api.poll() is None, "serve exited"
                assert time.monotonic() < deadline, "serve did not answer in 60s"
                time.sleep(0.5)
            step("serve --no-projector answers /healthz")
            healthcheck = subprocess.run(
                [python, "-c", "import os, urllib.request; urllib.request.urlopen("
                 "'http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', timeout=4)"],
                env=env, check=False,
            )  # fmt: skip
            assert healthcheck.returncode == 0, "the image's HEALTHCHECK command failed"
            step("the Dockerfile's HEALTHCHECK command exits 0")
            token = subprocess.run(
                [cli, "token", "--user", "alice", "--roles", "author"],
                env=env, check=True, capture_output=True, text=True,
            ).stdout.strip()  # fmt: skip
            auth = {"Authorization": f"Bearer {token}"}
            created = http.post("/graphql", headers=auth, json={"query": (
                'mutation { createPostmortem(input: {title: "Image check", severity: SEV3, '
                'incidentWindow: {startedAt: "2026-11-01T10:00:00Z"}}) '
                "{ __typename ... on Postmortem { id } } }"
            )}).json()  # fmt: skip
            assert created["data"]["createPostmortem"]["__typename"] == "Postmortem", created
            listed = http.post("/graphql", headers=auth, json={
                "query": "{ postmortems(first: 5) { totalCount } }"
            }).json()  # fmt: skip
            assert listed["data"]["postmortems"]["totalCount"] == 1, listed
            step("a token from `postmortems token`, a mutation and a query (read your writes)")
            ready = http.get("/readyz")
            assert ready.status_code == 200, ready.text
            step("/readyz: event store (PostgreSQL) and MongoDB reachable, projections current")
            assert http.get("/metrics").status_code == 401
            metrics = http.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
            assert metrics.status_code == 200
            assert "postmortems_" in metrics.text
            step("/metrics refuses a request without METRICS_TOKEN and answers with it")
            assert http.get("/graphql", headers={"Accept": "text/html"}).status_code != 200
            step("no GraphiQL in production")
        status = subprocess.run([cli, "status"], env=env, check=False, capture_output=True)
        assert status.returncode == 0, status.stdout + status.stderr
        step("`postmortems status` (the projector's healthcheck) exits 0")
    finally:
        for process in (projector, api):
            process.terminate()
            process.wait(timeout=30)


def main() -> int:
    """Installs the locked environment and checks it against real servers."""
    with tempfile.TemporaryDirectory(prefix="image-env-") as tmp:
        venv = Path(tmp) / "venv"
        started = time.monotonic()
        install(venv)
        step(f"installed requirements.lock and the project in {time.monotonic() - started:.0f}s")
        with mongodb_server(Path(tmp)) as (mongodb_uri, _), postgres_server(Path(tmp)) as dsn:
            env = {
                "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
                "HOME": tmp,
                "ENVIRONMENT": "production",
                "EVENT_STORE": "postgres",
                "POSTGRES_DSN": fresh_postgres_database(dsn),
                "MONGODB_URI": mongodb_uri,
                "MONGODB_DATABASE": "image_check_" + os.urandom(4).hex(),
                "JWT_SECRET": SECRET,
                "METRICS_TOKEN": METRICS_TOKEN,
                "HOST": "127.0.0.1",
                "PORT": str(free_port()),
                "LOG_LEVEL": "WARNING",
            }
            run_checks(venv, env)
    print("OK: the image's locked environment runs the service in production mode")
    return 0


if __name__ == "__main__":
    sys.exit(main())
