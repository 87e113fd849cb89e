"""Every command-line failure is one line on stderr naming the problem and the fix, with the
exit code the README documents (2 usage or configuration, 3 infrastructure unavailable, 1 a
finding); `--debug` adds the traceback. Run through the installed entry point, as a user does."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from service.config import Settings
from service.infrastructure.local_mongo import free_port

CLI = str(Path(sys.executable).with_name("postmortems"))


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs `postmortems ARGS` in an empty folder (no .env) with only the given settings."""
    base = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DATA_DIR": str(tmp_path / "d")}
    return subprocess.run(
        [CLI, *args], cwd=tmp_path, env={**base, **env}, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """Returns the only line of stderr, asserting there is exactly one and no traceback."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("error: "), lines[0]
    return lines[0]


def test_serve_on_a_taken_port_says_so_before_starting_anything(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(["serve"], tmp_path, PORT=str(port))
    assert result.returncode == 3
    line = one_line(result)
    assert f"cannot listen on 127.0.0.1:{port}" in line
    assert "--port" in line
    assert "GraphQL at" not in result.stdout
    assert not (tmp_path / "d" / "mongo.json").exists()  # no embedded server was started


@pytest.mark.parametrize("command", [["serve"], ["verify-audit"]])
def test_an_unreachable_mongodb_is_one_line_and_exit_3(tmp_path: Path, command: list[str]) -> None:
    uri = f"mongodb://127.0.0.1:{free_port()}/"
    result = run(command, tmp_path, MONGODB_URI=uri, PORT=str(free_port()))
    assert result.returncode == 3  # not 1: a script can tell a failure from a broken chain
    line = one_line(result)
    assert f"MongoDB at {uri} is unreachable" in line
    assert "MONGODB_URI" in line


def test_an_unreachable_event_store_is_one_line_exit_3_without_the_password(
    tmp_path: Path, mongodb_uri: str
) -> None:
    dsn = f"postgresql://someone:hunter2@127.0.0.1:{free_port()}/events"
    result = run(
        ["verify-audit"], tmp_path, MONGODB_URI=mongodb_uri, EVENT_STORE="postgres",
        POSTGRES_DSN=dsn, POSTGRES_CONNECT_TIMEOUT="2",
    )  # fmt: skip
    assert result.returncode == 3
    line = one_line(result)
    assert "the event store (PostgreSQL at postgresql://127.0.0.1:" in line
    assert "hunter2" not in result.stderr + result.stdout


@pytest.mark.parametrize("out", ["missing-folder/audit.csv", "."])
def test_export_audit_to_an_unwritable_path_is_refused_up_front(tmp_path: Path, out: str) -> None:
    target = tmp_path / out
    result = run(["export-audit", "--out", str(target)], tmp_path, MONGODB_URI="mongodb://x:1/")
    assert result.returncode == 2
    line = one_line(result)
    assert f"cannot write {target}" in line
    assert "choose a writable --out path" in line


def test_an_unknown_event_type_is_refused_and_help_lists_the_known_ones(tmp_path: Path) -> None:
    result = run(["export-audit", "--out", "x.csv", "--event-type", "Nope"], tmp_path)
    assert result.returncode == 2
    line = one_line(result)
    assert "'Nope' is not one of" in line
    assert "'Published'" in line
    assert not (tmp_path / "x.csv").exists()
    shown = run(["export-audit", "--help"], tmp_path, COLUMNS="400").stdout
    for event_type in ("Created", "Approved", "Published", "ActionItemStatusChanged"):
        assert event_type in shown


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["token", "--user", "u", "--roles", ""], "--roles needs at least one role; choose from"),
        (["token", "--user", "u", "--roles", " , "], "--roles needs at least one role"),
        (["token", "--user", "u", "--roles", "author,boss"], "unknown role(s) boss; choose from"),
        # Subjects the API would refuse, or reserved for the incident webhooks: no token.
        (["token", "--user", "a\x01b", "--roles", "author"], "--user must be one line"),
        (
            ["token", "--user", "integration:pagerduty", "--roles", "author"],
            "--user must not start with 'integration:'",
        ),
        (["token", "--user", " Integration:X ", "--roles", "admin"], "reserved"),
        (["export-audit", "--out", "x", "--format", "xml"], "'xml' is not one of 'csv', 'ndjson'"),
        (["export-audit", "--out", "x", "--from", "yesterday"], "invalid time"),
        (["rebuild", "--projection", "nope"], "unknown nope; choose from postmortems, audit_log"),
        (["projection", "retry", "--postmortem", "nope"], "--postmortem must be a postmortem id"),
        (["projection", "retry", "--projection", "nope"], "--projection: unknown nope"),
        (["export-audit", "--out", "x", "--postmortem", "not-a-uuid"], "must be a postmortem id"),
        (
            [
                "export-audit",
                "--out",
                "x",
                "--from",
                "2026-12-01T00:00:00Z",
                "--to",
                "2026-11-01T00:00:00Z",
            ],
            "--from must be before to",
        ),
        (["export-audit", "--out", "x", "--event-type", "Bogus"], "'Bogus' is not one of"),
        (["demo", "--count", "0"], "--count"),
        (["serve", "--port", "70000"], "--port"),
        (["no-such-command"], "No such command"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    result = run(args, tmp_path)
    assert result.returncode == 2, result.stderr
    assert expected in one_line(result)


def test_a_bad_setting_is_one_line_naming_the_variable(tmp_path: Path) -> None:
    result = run(["status"], tmp_path, PORT="abc", LOG_LEVEL="loud")
    assert result.returncode == 2
    line = one_line(result)
    assert "PORT: " in line
    assert "LOG_LEVEL: " in line


@pytest.mark.parametrize(
    "variable", ["PAGERDUTY_WEBHOOK_SECRETS", "OPSGENIE_WEBHOOK_TOKENS", "GENERIC_WEBHOOK_SECRETS"]
)
def test_a_webhook_secret_under_16_characters_stops_start_up_without_echoing_it(
    tmp_path: Path, variable: str
) -> None:
    """The README's configuration table says so for each of the three (fresh2 #10)."""
    result = run(["serve"], tmp_path, PORT=str(free_port()), **{variable: "og-token-123"})
    assert result.returncode == 2
    line = one_line(result)
    assert f"{variable}: each secret must be at least 16 characters" in line
    assert "og-token-123" not in result.stderr + result.stdout


def test_help_lists_the_valid_values_and_the_exit_codes(tmp_path: Path) -> None:
    main = run(["--help"], tmp_path, COLUMNS="400").stdout
    assert "Exit codes: 0 ok; 1 a finding" in main
    assert "--debug" in main
    token = run(["token", "--help"], tmp_path, COLUMNS="400").stdout
    assert "admin, author, compliance, reviewer" in token
    rebuild = " ".join(run(["rebuild", "--help"], tmp_path, COLUMNS="400").stdout.split())
    from service.bootstrap import projection_names

    for name in projection_names():
        assert name in rebuild
    export = run(["export-audit", "--help"], tmp_path, COLUMNS="400").stdout
    assert "csv" in export
    assert "ndjson" in export


def test_debug_adds_the_traceback_anywhere_on_the_command_line(tmp_path: Path) -> None:
    target = str(tmp_path / "missing" / "a.csv")
    for args in (["--debug", "export-audit", "--out", target],
                 ["export-audit", "--out", target, "--debug"]):  # fmt: skip
        result = run(args, tmp_path)
        assert result.returncode == 2
        assert "Traceback" in result.stderr
        assert result.stderr.strip().splitlines()[-1].startswith("error: cannot write")


@pytest.mark.parametrize("data_dir", ["/proc/nope", "a-file"])
def test_a_data_dir_that_cannot_be_a_folder_is_a_configuration_error(
    tmp_path: Path, mongodb_uri: str, data_dir: str
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    for command in (["status"], ["verify-audit"]):
        result = run(command, tmp_path, DATA_DIR=data_dir, MONGODB_URI=mongodb_uri)
        assert result.returncode == 2, result.stderr
        line = one_line(result)
        assert "DATA_DIR: " in line
        assert data_dir in line
        assert "unexpected" not in line


def test_a_sqlite_path_in_a_missing_folder_is_refused_not_created(
    tmp_path: Path, mongodb_uri: str
) -> None:
    mistyped = tmp_path / "evnets" / "events.sqlite"
    result = run(["status"], tmp_path, SQLITE_PATH=str(mistyped), MONGODB_URI=mongodb_uri)
    assert result.returncode == 2, result.stderr
    line = one_line(result)
    assert f"SQLITE_PATH: the folder {mistyped.parent} does not exist" in line
    assert not mistyped.parent.exists()
    folder = run(["status"], tmp_path, SQLITE_PATH=str(tmp_path), MONGODB_URI=mongodb_uri)
    assert folder.returncode == 2
    assert f"SQLITE_PATH: {tmp_path} is a folder" in one_line(folder)


def test_status_flags_read_models_ahead_of_the_event_store(
    tmp_path: Path, settings: Settings
) -> None:
    """Read models projected from one store, status run against another (a new, empty
    SQLITE_PATH): a mismatch (exit 1), never "lag 0 ok"."""
    from tests.integration.test_audit_cli import write_history

    write_history(settings)  # six events, projected
    env = {"MONGODB_URI": settings.mongodb_uri or "", "MONGODB_DATABASE": settings.mongodb_database}
    same = run(["status"], tmp_path, DATA_DIR=str(settings.data_dir), **env)
    assert same.returncode == 0, same.stderr
    assert "event store head 6" in same.stdout
    other = run(["status"], tmp_path, SQLITE_PATH=str(tmp_path / "other.sqlite"), **env)
    assert other.returncode == 1, other.stderr
    assert "event store head 0" in other.stdout
    assert "AHEAD of the event store" in other.stdout
    assert "ok" not in other.stdout.split("\n", 1)[1]
    line = one_line(other)
    assert "ahead of the event store (position 6, head 0)" in line
    assert "SQLITE_PATH" in line
