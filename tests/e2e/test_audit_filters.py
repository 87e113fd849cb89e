"""The audit trail's filters mean the same and refuse the same on every surface, because one
parser reads them (projections/audit_log/filters.py): GraphQL `auditTrail(filter:)`, the HTTP
export `/exports/audit.ndjson`, and `postmortems export-audit` run through its installed
entry point against the same MongoDB database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_audit_http import write_history
from tests.support.live import LiveService

CLI = str(Path(sys.executable).with_name("postmortems"))
TRAIL = """query($f: AuditTrailFilter) { auditTrail(filter: $f, first: 500, order: OLDEST_FIRST) {
  edges { node { position } } } }"""
OPTIONS = {
    "postmortemId": "--postmortem",
    "actorId": "--actor",
    "eventType": "--event-type",
    "from": "--from",
    "to": "--to",
}
OFFICER = {"user": "carl", "roles": ("compliance",)}


class Surfaces:
    """Reads the trail with one filter on each surface."""

    def __init__(self, service: LiveService, tmp_path: Path) -> None:
        self.service = service
        self.tmp_path = tmp_path
        token = service.token("carl", ["compliance"])
        self.headers = {"Authorization": f"Bearer {token}"}

    def graphql(self, filters: dict[str, str]) -> list[int] | str:
        body = self.service.graphql(TRAIL, {"f": filters}, **OFFICER)
        if "errors" in body:
            (error,) = body["errors"]
            return str(error["extensions"]["code"])
        return [e["node"]["position"] for e in body["data"]["auditTrail"]["edges"]]

    def http(self, filters: dict[str, str]) -> list[int] | str:
        answer = self.service.http.get(
            "/exports/audit.ndjson", params=filters, headers=self.headers
        )
        if answer.status_code != 200:
            return f"{answer.status_code} {answer.json()['errors'][0]['extensions']['code']}"
        return [json.loads(line)["position"] for line in answer.text.splitlines()]

    def cli(self, filters: dict[str, str]) -> list[int] | str:
        out = self.tmp_path / "trail.ndjson"
        out.unlink(missing_ok=True)
        settings = self.service.settings
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(self.tmp_path),
            "DATA_DIR": str(settings.data_dir),
            "MONGODB_URI": self.service.mongodb_uri,
            "MONGODB_DATABASE": settings.mongodb_database,
        }
        args = [a for name, value in filters.items() for a in (OPTIONS[name], value)]
        done = subprocess.run(
            [CLI, "export-audit", "--format", "ndjson", "--out", str(out), *args],
            cwd=self.tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            assert len(lines) == 1, done.stderr  # one line, no traceback
            return f"exit {done.returncode}: {lines[0]}"
        return [json.loads(line)["position"] for line in out.read_text().splitlines()]


@pytest.fixture
def surfaces(service: LiveService, tmp_path: Path) -> Surfaces:
    return Surfaces(service, tmp_path)


def test_case_spacing_and_id_form_mean_the_same_everywhere(
    service: LiveService, surfaces: Surfaces
) -> None:
    first, _ = write_history(service)
    reference = {
        "by actor": ({"actorId": "bob"}, [{"actorId": "BOB"}, {"actorId": " Bob "}]),
        "by event type": (
            {"eventType": "MetadataUpdated"},
            [{"eventType": "metadataupdated"}, {"eventType": " METADATAUPDATED "}],
        ),
        "by postmortem": ({"postmortemId": first}, [{"postmortemId": first.upper()}]),
    }
    for what, (canonical, variants) in reference.items():
        expected = surfaces.graphql(canonical)
        assert isinstance(expected, list), what
        assert expected, what
        for filters in [canonical, *variants]:
            for read in (surfaces.graphql, surfaces.http, surfaces.cli):
                assert read(filters) == expected, (what, filters, read.__name__)


def test_a_refused_filter_is_refused_on_every_surface(
    service: LiveService, surfaces: Surfaces
) -> None:
    write_history(service)
    now = datetime.now(UTC)
    refused: list[tuple[dict[str, str], str]] = [
        ({"eventType": "Nope"}, "--event-type 'Nope' is not one of"),
        ({"postmortemId": "nope"}, "--postmortem must be a postmortem id (a UUID)"),
        ({"actorId": "al\x01ice"}, "--actor must be one line"),
        (
            {"from": now.isoformat(), "to": (now - timedelta(days=1)).isoformat()},
            "--from must be before to",
        ),
        ({"from": "2026-01-01T00:00:00"}, "--from must carry a time zone"),
        ({"to": "yesterday"}, "--to must be an ISO 8601 date-time"),
    ]
    for filters, cli_message in refused:
        assert surfaces.graphql(filters) == "BAD_USER_INPUT", filters
        assert surfaces.http(filters) == "400 BAD_REQUEST", filters
        answer: Any = surfaces.cli(filters)
        assert answer.startswith("exit 2: error: "), answer
        assert cli_message in answer, answer
