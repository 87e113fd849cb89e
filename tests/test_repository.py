"""The repository's promises: exported SDL, README commands, CI script, compose file."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from schema.sdl import SDL_PATH, schema_sdl
from service.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_the_exported_sdl_matches_the_code() -> None:
    assert SDL_PATH.read_text() == schema_sdl(), (
        "schema/schema.graphql is stale: run `postmortems export-schema`"
    )


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    return re.findall(r"```sh\n(python3\.11 -m venv[^\n]+)\n```", readme)


def test_the_readme_gives_two_set_up_commands_and_ci_runs_the_test_one() -> None:
    serve, test = _readme_commands()
    assert serve.endswith("postmortems serve")
    assert test.endswith(".venv/bin/pytest")
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test in ci_lines


def test_the_readme_configuration_table_lists_every_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in Settings.model_fields:
        assert f"| `{name.upper()}` |" in readme, f"{name.upper()} missing from the README"


def test_compose_runs_mongodb_postgres_the_api_and_a_projector() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"mongodb", "postgres", "api", "projector"}
    assert services["mongodb"]["image"].startswith("mongo:8")
    assert "--replSet" in services["mongodb"]["command"]
    assert services["postgres"]["image"] == "postgres:18"
    for name in ("api", "projector"):
        service = services[name]
        assert service["build"] == "."
        env = service["environment"]
        assert env["EVENT_STORE"] == "postgres"
        assert env["POSTGRES_DSN"].startswith("postgresql://")
        assert env["MONGODB_URI"].startswith("mongodb://mongodb:27017")
        assert set(service["depends_on"]) == {"mongodb", "postgres"}
    assert services["api"]["command"] == ["postmortems", "serve", "--no-projector"]
    assert services["projector"]["command"] == ["postmortems", "project"]
    assert "8000:8000" in services["api"]["ports"]


def test_the_domain_imports_no_adapter_code() -> None:
    forbidden = re.compile(
        r"^\s*(from|import)\s+(pymongo|starlette|strawberry|uvicorn|pydantic|schema|projections"
        r"|service\.(api|application|infrastructure|bootstrap|cli|config))\b",
        re.MULTILINE,
    )
    for path in (ROOT / "service" / "domain").rglob("*.py"):
        assert not forbidden.search(path.read_text()), f"{path} imports adapter code"
