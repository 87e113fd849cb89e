"""The repository's promises: exported SDL, README commands, CI script, compose file."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from schema.sdl import SDL_PATH, schema_sdl
from service.config import Settings
from service.integrations.settings import SECRET_FIELDS as IMPORT_SECRET_FIELDS

ROOT = Path(__file__).resolve().parents[1]


def test_the_exported_sdl_matches_the_code() -> None:
    assert SDL_PATH.read_text() == schema_sdl(), (
        "schema/schema.graphql is stale: run `postmortems export-schema`"
    )


def _readme_commands() -> list[str]:
    """The commands under "**(a)" and "**(b)" in the README's "Two commands" section."""
    readme = (ROOT / "README.md").read_text()
    commands = []
    for step in ("a", "b"):
        found = re.search(rf"\*\*\({step}\).*?```sh\n([^\n]+)\n```", readme, re.DOTALL)
        assert found, f"README: no command under **({step})"
        commands.append(found.group(1))
    return commands


def test_the_readme_gives_two_set_up_commands_and_ci_runs_the_test_one() -> None:
    serve, test = _readme_commands()
    assert serve.startswith("python3.11 -m venv .venv")
    assert serve.endswith("postmortems serve")
    assert test == "scripts/test"
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test in ci_lines
    script = (ROOT / "scripts" / "test").read_text()
    assert 'python3.11 -m venv .venv\n.venv/bin/pip install -e ".[dev]"' in script
    assert "scripts/install-system-packages" in script
    assert "scripts/check-web" in script
    assert 'exec .venv/bin/pytest "$@"' in script
    check_web = (ROOT / "scripts" / "check-web").read_text()
    assert "npm ci" in check_web
    assert "npm test" in check_web
    assert "npm run build" in check_web
    assert "diff -r" in check_web


def test_the_readme_configuration_table_lists_every_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in Settings.model_fields:
        assert f"| `{name.upper()}` |" in readme, f"{name.upper()} missing from the README"


def _bounds(name: str) -> str | None:
    """Returns how the README states a setting's enforced bounds (None: it has none)."""
    found: dict[str, float] = {}
    for rule in Settings.model_fields[name].metadata:
        for kind in ("ge", "gt", "le", "lt", "min_length", "max_length"):
            if hasattr(rule, kind):
                found[kind] = getattr(rule, kind)
    if not found:
        return None

    def n(value: float) -> str:
        return f"{int(value):,}" if value == int(value) else str(value)

    if "min_length" in found:
        return f"{n(found['min_length'])} to {n(found['max_length'])} characters"
    low = f"at least {n(found['ge'])}" if "ge" in found else f"more than {n(found['gt'])}"
    if "le" not in found:
        return low
    if "ge" in found:
        return f"{n(found['ge'])} to {n(found['le'])}"
    return f"{low}, at most {n(found['le'])}"


def test_the_readme_configuration_table_states_every_bound_start_up_enforces() -> None:
    """A value outside a setting's bounds stops start-up, so its row says what they are
    (phrased "1,024 to 10,000,000", "more than 0, at most 3,600", "at least 1")."""
    rows = {
        line.split("|")[1].strip(" `"): line
        for line in (ROOT / "README.md").read_text().splitlines()
        if line.startswith("| `")
    }
    for name in Settings.model_fields:
        stated = _bounds(name)
        if stated is not None:
            row = rows[name.upper()]
            assert stated in row or stated.replace(",", "") in row, (name.upper(), stated)
    for name in IMPORT_SECRET_FIELDS:
        assert "each at least 16 characters" in rows[name.upper()], name.upper()


def test_the_readme_names_who_may_include_unpublished_postmortems_as_the_code_allows() -> None:
    """Each README sentence that says who may pass `includeUnpublished` names every role that
    reads every draft (fresh2 #20: one of them had fallen behind the code)."""
    from service.application.permissions import ROLES_FOR, Action

    allowed = set(ROLES_FOR[Action.READ_ALL_DRAFTS])
    readme = " ".join((ROOT / "README.md").read_text().split())
    sentences = [
        readme[found.start() :].split(". ", 1)[0]
        for found in re.finditer(r"`includeUnpublished", readme)
    ]
    saying_who = [s for s in sentences if re.search(r"reviewer|admin", s)]
    assert len(saying_who) >= 2, sentences
    for sentence in saying_who:
        assert all(role in sentence for role in allowed), sentence


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
