"""The audit commands of the command line, on a real event store and MongoDB-wire server."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from pymongo import MongoClient
from typer.testing import CliRunner

from service.application.commands import CreatePostmortem, WriteSummary
from service.bootstrap import build_application, build_projector, mongo_client
from service.cli import app as cli
from service.config import Settings
from service.domain import Actor, CommandContext, IncidentWindow, Severity

STARTED = datetime(2025, 7, 15, 17, 42, tzinfo=UTC)


def write_history(settings: Settings) -> None:
    """Three postmortems, two events each, projected."""
    app = build_application(settings)
    client: MongoClient[dict[str, object]] = mongo_client(settings.mongodb_uri or "")
    for n, user in enumerate(("alice", "bob", "alice")):
        ctx = CommandContext(Actor(user, frozenset({"author"})), f"req-{n}")
        created = app.handle(
            CreatePostmortem(
                title=f"Incident {n}",
                severity=Severity.SEV3,
                window=IncidentWindow(started_at=STARTED),
            ),
            ctx,
        )
        app.handle(
            WriteSummary(
                postmortem_id=created.postmortem_id, expected_version=1, summary=f"=cmd|{n}"
            ),
            ctx,
        )
    build_projector(settings, app, client).catch_up()
    client.close()
    app.close()


def env(settings: Settings) -> dict[str, str]:
    return {
        "DATA_DIR": str(settings.data_dir),
        "MONGODB_URI": settings.mongodb_uri or "",
        "MONGODB_DATABASE": settings.mongodb_database,
    }


def test_export_audit_writes_the_filtered_trail_to_a_file(
    settings: Settings, tmp_path: Path
) -> None:
    write_history(settings)
    out = tmp_path / "alice.ndjson"
    result = CliRunner().invoke(
        cli,
        ["export-audit", "--format", "ndjson", "--out", str(out), "--actor", "alice"],
        env=env(settings),
    )
    assert result.exit_code == 0, result.output
    assert "wrote 4 entries" in result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(e["position"], e["actor_id"], e["event_type"]) for e in lines] == [
        (1, "alice", "Created"),
        (2, "alice", "SummaryWritten"),
        (5, "alice", "Created"),
        (6, "alice", "SummaryWritten"),
    ]


def test_export_audit_as_csv_writes_each_change_as_json(settings: Settings, tmp_path: Path) -> None:
    write_history(settings)
    out = tmp_path / "all.csv"
    result = CliRunner().invoke(
        cli,
        ["export-audit", "--out", str(out), "--event-type", "SummaryWritten"],
        env=env(settings),
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 3
    changes = json.loads(rows[0]["changes"])
    assert changes == [{"path": "summary", "before": "", "after": "=cmd|0"}]


def test_export_audit_refuses_a_bad_format_or_time(settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    for args in (["--format", "xml"], ["--from", "last tuesday"]):
        result = CliRunner().invoke(
            cli, ["export-audit", "--out", str(out), *args], env=env(settings)
        )
        assert result.exit_code == 2, result.output
    assert not out.exists()


def test_verify_audit_says_ok_then_names_the_first_broken_link(settings: Settings) -> None:
    write_history(settings)
    ok = CliRunner().invoke(cli, ["verify-audit"], env=env(settings))
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("OK: 6 entries verified through position 6")

    with sqlite3.connect(settings.resolved_sqlite_path) as conn:
        conn.execute("DELETE FROM stored_events WHERE rowid = 4")
    broken = CliRunner().invoke(cli, ["verify-audit"], env=env(settings))
    assert broken.exit_code == 1
    assert broken.output.startswith("BROKEN at position 4 (deleted)")
    assert "3 entries verified before it" in broken.output


def test_verify_audit_says_how_many_events_the_trail_lacks_and_can_require_all(
    settings: Settings,
) -> None:
    app = build_application(settings)
    ctx = CommandContext(Actor("alice", frozenset({"author"})), "req")
    for n in range(4):
        app.handle(
            CreatePostmortem(
                title=f"Unprojected {n}", severity=Severity.SEV3,
                window=IncidentWindow(started_at=STARTED),
            ),
            ctx,
        )  # fmt: skip
    # The audit projection has not run: nothing to contradict, but nothing verified either.
    lagging = CliRunner().invoke(cli, ["verify-audit"], env=env(settings))
    assert lagging.exit_code == 0, lagging.output
    assert lagging.output.startswith("OK: 0 entries verified through position 0")
    assert "INCOMPLETE: 4 events of the event store are not in the audit trail yet" in (
        lagging.output
    )
    required = CliRunner().invoke(cli, ["verify-audit", "--require-complete"], env=env(settings))
    assert required.exit_code == 1
    assert "INCOMPLETE: 4 events" in required.output

    client: MongoClient[dict[str, object]] = mongo_client(settings.mongodb_uri or "")
    build_projector(settings, app, client).catch_up()
    complete = CliRunner().invoke(cli, ["verify-audit", "--require-complete"], env=env(settings))
    assert complete.exit_code == 0, complete.output
    assert complete.output.startswith("OK: 4 entries verified through position 4")
    assert "INCOMPLETE" not in complete.output
    client.close()
    app.close()
