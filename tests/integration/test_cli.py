"""The `postmortems` command line: help, configuration errors, and demo data."""

from __future__ import annotations

import inspect
import uuid
from pathlib import Path
from typing import Any

import pytest
from pymongo import MongoClient
from typer.main import get_command_name
from typer.testing import CliRunner

from service.cli import app
from service.config import ConfigurationError, load_settings

runner = CliRunner()


def _commands() -> dict[str, str]:
    """Returns every registered command's name and docstring."""
    return {
        command.name or get_command_name(command.callback.__name__): inspect.getdoc(
            command.callback
        )
        or ""
        for command in app.registered_commands
        if command.callback is not None
    }


def test_help_lists_every_command_with_a_one_line_explanation() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    commands = _commands()
    assert {"serve", "project", "token", "export-schema", "demo"} <= set(commands)
    for name, doc in commands.items():
        assert doc, f"{name} needs a docstring"
        assert "\n" not in doc, f"{name} needs a one-line docstring"
        assert f" {name} " in result.output
        assert doc.rstrip(".")[:40] in result.output


@pytest.mark.parametrize(
    ("command", "variable", "value"),
    [
        ("serve", "PORT", "abc"),
        ("project", "EVENT_STORE", "oracle"),
        ("serve", "LOG_LEVEL", "loud"),
    ],
)
def test_a_bad_setting_stops_start_up_with_a_message_naming_the_variable(
    command: str, variable: str, value: str
) -> None:
    result = runner.invoke(app, [command], env={variable: value})
    assert result.exit_code == 2
    assert "invalid configuration" in result.output
    assert f"{variable}: " in result.output
    assert repr(value).lower() in result.output.lower()


def test_a_bad_value_in_the_env_file_stops_start_up_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("PORT=99999\n")
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "PORT: Input should be less than or equal to 65535" in result.output


def test_settings_are_read_from_the_env_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "ENVIRONMENT=production\nJWT_SECRET=" + "s" * 40 + "\nMONGODB_DATABASE=from_env_file\n"
    )
    settings = load_settings()
    assert settings.mongodb_database == "from_env_file"
    assert settings.resolved_log_format == "json"


def test_postgres_without_a_dsn_is_refused_naming_both_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EVENT_STORE", "postgres")
    monkeypatch.delenv("POSTGRES_DSN", raising=False)
    with pytest.raises(ConfigurationError, match="EVENT_STORE=postgres needs POSTGRES_DSN"):
        load_settings()


def test_secrets_are_not_echoed_in_configuration_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTGRES_DSN", "mysql://root:hunter2@db/x")
    with pytest.raises(ConfigurationError, match="POSTGRES_DSN") as error:
        load_settings()
    assert "hunter2" not in str(error.value)


def test_demo_loads_postmortems_through_the_application_into_the_read_model(
    tmp_path: Path, mongodb_uri: str
) -> None:
    database = "t_" + uuid.uuid4().hex[:12]
    env = {"DATA_DIR": str(tmp_path), "MONGODB_URI": mongodb_uri, "MONGODB_DATABASE": database}
    result = runner.invoke(app, ["demo", "--count", "12", "--seed", "3"], env=env)
    assert result.exit_code == 0, result.output
    assert "loaded 12 postmortems" in result.output

    client: MongoClient[dict[str, Any]] = MongoClient(mongodb_uri, tz_aware=True)
    try:
        postmortems = client[database]["postmortems"]
        assert postmortems.count_documents({}) == 12
        oauth = postmortems.find_one({"title": {"$regex": "^OAuth token outage"}})
        assert oauth is not None
        assert (oauth["severity"], oauth["state"]) == ("SEV2", "PUBLISHED")
        assert oauth["window"]["started_at"].isoformat() == "2025-07-15T17:42:00+00:00"
        assert oauth["window"]["resolved_at"].isoformat() == "2025-07-15T18:27:00+00:00"
        impact = oauth["impact"]
        assert (impact["users_affected_count"], impact["users_affected_percent"]) == (1300, 12)
        assert (impact["support_tickets"], impact["revenue_loss"]["amount"]) == (427, "120000")
        assert (impact["responders"]["engineers"], impact["responders"]["hours"]) == (3, 3)
        assert (len(oauth["timeline"]), len(oauth["root_cause"]["whys"])) == (7, 4)
        assert len(oauth["action_items"]) == 3
        assert oauth["approval_status"]["met"] is True
        states = {doc["state"] for doc in postmortems.find({}, {"state": 1})}
        assert len(states) >= 3, states

        # Business times are the history's (backfilled), not the loading time.
        assert oauth["first_published_at"].isoformat() == "2025-07-21T15:30:00+00:00"
        assert oauth["created_at"].isoformat() == "2025-07-15T19:05:00+00:00"

        events = client[database]["audit_log"].count_documents({})
        again = runner.invoke(app, ["demo", "--count", "12", "--seed", "3"], env=env)
        assert again.exit_code == 0, again.output
        assert "loaded 0 postmortems, 12 already there" in again.output
        other = runner.invoke(app, ["demo", "--count", "12", "--seed", "4"], env=env)
        assert other.exit_code == 2, other.output
        assert other.output.strip().splitlines()[-1].startswith("error: the event store already")
        assert "--append" in other.output
        assert postmortems.count_documents({}) == 12
        assert client[database]["audit_log"].count_documents({}) == events
    finally:
        client.close()
