"""The command line refuses a bad notification routing file before starting anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app


@pytest.mark.parametrize("command", ["serve", "project"])
def test_a_bad_routing_file_stops_start_up_with_its_problem(tmp_path: Path, command: str) -> None:
    routing = tmp_path / "notifications.toml"
    routing.write_text('[teams."Identity Platform"]\nreviewers = ["carol"]\n')
    result = CliRunner().invoke(
        app,
        [command],
        env={
            "DATA_DIR": str(tmp_path),
            "NOTIFICATIONS_CONFIG": str(routing),
            "MONGODB_URI": "mongodb://127.0.0.1:1",
        },
    )
    assert result.exit_code == 2
    assert "NOTIFICATIONS_CONFIG" in result.output
    assert "[smtp] is missing" in result.output
    assert not (tmp_path / "events.sqlite").exists()  # nothing was started or written
