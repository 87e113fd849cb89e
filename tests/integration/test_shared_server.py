"""The embedded default as a newcomer uses it: `serve` in one terminal, every other command in
another, on the same DATA_DIR and its one shared MongoDB-wire server (no MONGODB_URI)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.infrastructure.local_mongo import free_port
from service.infrastructure.shared_mongo import process_alive

CLI = str(Path(sys.executable).with_name("postmortems"))


def environment(tmp_path: Path, port: int) -> dict[str, str]:
    """The embedded default: only DATA_DIR and PORT set (no MONGODB_URI, no .env)."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DATA_DIR": str(tmp_path / "data"),
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
        "PROJECTION_POLL_INTERVAL": "0.1",
    }


class Serving:
    """`postmortems serve` as a subprocess, and an HTTP client for it."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.env = environment(tmp_path, free_port())
        self.process = subprocess.Popen(
            [CLI, "serve"], cwd=tmp_path, env=self.env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{self.env['PORT']}", timeout=30)
        deadline = time.monotonic() + 90
        while not self.answers():
            assert self.process.poll() is None, self.process.communicate()[0]
            assert time.monotonic() < deadline, "serve did not answer in 90s"
            time.sleep(0.3)

    def answers(self) -> bool:
        """Returns whether /healthz answers 200."""
        try:
            return self.http.get("/healthz").status_code == 200
        except httpx.TransportError:
            return False

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """Runs another command on the same DATA_DIR; asserts the service still answers."""
        result = subprocess.run(
            [CLI, *args], cwd=self.tmp_path, env=self.env, capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip
        assert self.answers(), f"the service stopped answering during {args}"
        return result

    def graphql(self, token: str, query: str) -> dict[str, Any]:
        """Returns the data of a query (asserting no errors)."""
        body = self.http.post(
            "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
        ).json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    def stop(self) -> None:
        """Stops serve as a terminal's Ctrl-C would."""
        self.http.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[Serving]:
    """`postmortems serve` on the embedded default in a fresh DATA_DIR."""
    live = Serving(tmp_path)
    yield live
    live.stop()


def record(data_dir: Path) -> dict[str, Any]:
    """Returns the shared server's address record."""
    loaded: dict[str, Any] = json.loads((data_dir / "mongo.json").read_text())
    return loaded


def test_every_command_works_beside_a_running_serve(serving: Serving, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    owner = record(data_dir)
    assert owner["started_by"] == "postmortems serve"

    demo = serving.run("demo", "--count", "40")
    assert demo.returncode == 0, demo.stderr
    assert "loaded 40 postmortems" in demo.stdout
    assert f"using (started by `postmortems serve`, pid {owner['started_by_pid']})" in demo.stderr
    again = serving.run("demo", "--count", "40")
    assert again.returncode == 0, again.stderr
    assert "loaded 0 postmortems, 40 already there" in again.stdout

    verified = serving.run("verify-audit")
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("OK: ")
    out = tmp_path / "audit.ndjson"
    exported = serving.run("export-audit", "--format", "ndjson", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    entries = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(entries) > 400
    backfilled = [e for e in entries if e["event_type"] == "Published"]
    assert all(e["backfilled_by"] == "postmortems demo" for e in backfilled)
    assert all(e["occurred_at"] < e["at"] for e in backfilled)  # history, recorded now

    rebuilt = serving.run("rebuild", "--projection", "audit_log")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "rebuilt audit_log" in rebuilt.stdout
    rates = [float(r.replace(",", "")) for r in _rates(rebuilt.stderr)]
    assert rates, rebuilt.stderr
    assert rates[-1] > 0  # the bar shows the real rate, not 0 events/s

    projector = subprocess.Popen(
        [CLI, "project"], cwd=tmp_path, env=serving.env, stdout=subprocess.PIPE, text=True
    )
    assert projector.stdout is not None
    # Stop it only once it runs (a loaded machine may take seconds to import the CLI).
    assert projector.stdout.readline().startswith("projecting")
    time.sleep(1)
    assert serving.answers()
    projector.send_signal(signal.SIGINT)
    assert projector.wait(timeout=30) == 0
    assert "stopped" in projector.stdout.read()
    status = serving.run("status")
    assert status.returncode == 0, status.stdout + status.stderr
    assert record(data_dir)["owner_pid"] == owner["owner_pid"]  # one server throughout

    _demo_data_looks_like_a_live_organisation(serving)


def _rates(progress: str) -> list[str]:
    import re

    return re.findall(r"([\d,]+) events/s", progress)


def _demo_data_looks_like_a_live_organisation(serving: Serving) -> None:
    token = _token(serving, "zoe", "author")  # sees published postmortems only
    views = serving.graphql(
        token,
        "{ recurringIncidents { service postmortems { id } }"
        "  similarRootCauseClusters { size services }"
        "  recurredDespiteActionItems { later { title } } }",
    )
    assert views["recurringIncidents"], "no recurring group in the last 365 days"
    assert views["similarRootCauseClusters"], "no cluster in the last 90 days"
    assert views["recurredDespiteActionItems"], "no recurrence despite fixes in the last 90 days"
    now = datetime.now(UTC)
    start = (now - timedelta(days=365)).isoformat()
    report = serving.graphql(
        _token(serving, "cora", "compliance"),
        f'{{ complianceReport(from: "{start}", to: "{now.isoformat()}") {{ postmortems '
        "publicationSla { met breached pendingBreached shareMet } "
        "actionItems { open overdue doneOnTime doneLate } } }",
    )["complianceReport"]
    sla = report["publicationSla"]
    assert sla["shareMet"] >= 0.6, sla  # most within the SLA...
    assert sla["breached"] + sla["pendingBreached"] > 0, sla  # ...but not all
    items = report["actionItems"]
    assert items["open"] > 0, items
    assert items["overdue"] > 0, items
    assert items["doneOnTime"] > 0, items


def _token(serving: Serving, user: str, roles: str) -> str:
    result = serving.run("token", "--user", user, "--roles", roles)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_shared_server_stops_with_its_last_user_and_a_dead_owner_is_replaced(
    tmp_path: Path,
) -> None:
    env = environment(tmp_path, free_port())
    data_dir = tmp_path / "data"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [CLI, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
            check=False,
        )  # fmt: skip

    first = run("status")
    assert first.returncode == 0, first.stderr
    assert "started the local MongoDB-wire server" in first.stderr
    owner = record(data_dir)
    # Nobody uses it any more: the keeper stops it after a short linger.
    deadline = time.monotonic() + 30
    while process_alive(owner["server_pid"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not process_alive(owner["server_pid"])
    assert not (data_dir / "mongo.json").exists()

    # A keeper killed outright leaves a stale record; the next command starts a new server.
    second = run("status")
    assert second.returncode == 0, second.stderr
    stale = record(data_dir)
    os.kill(stale["owner_pid"], signal.SIGKILL)
    time.sleep(0.5)
    third = run("status")
    assert third.returncode == 0, third.stderr
    assert "started the local MongoDB-wire server" in third.stderr
    assert record(data_dir)["owner_pid"] != stale["owner_pid"]
