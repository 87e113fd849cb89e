"""The breaking-change check (scripts/check_breaking_changes.py) on copies of the exported SDL:
a removed field fails it unless declared; additions and deprecations pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from schema.sdl import SDL_PATH

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_breaking_changes.py"
FIELD = '  """The question of this step (why did this happen?)."""\n  why: String!\n'


def check(
    tmp_path: Path, new_sdl: str, declared: str | None = None
) -> subprocess.CompletedProcess[str]:
    old, new = tmp_path / "old.graphql", tmp_path / "new.graphql"
    old.write_text(SDL_PATH.read_text())
    new.write_text(new_sdl)
    args = [sys.executable, str(SCRIPT), "--old", str(old), "--new", str(new)]
    if declared is not None:
        (tmp_path / "CHANGELOG.md").write_text(declared)
        args += ["--declared-in", str(tmp_path / "CHANGELOG.md")]
    return subprocess.run(args, capture_output=True, text=True, check=False)


def test_removing_a_field_fails_the_check(tmp_path: Path) -> None:
    sdl = SDL_PATH.read_text()
    assert FIELD in sdl
    result = check(tmp_path, sdl.replace(FIELD, "", 1))
    assert result.returncode == 1, result.stdout
    assert "breaking (UNDECLARED): Field Why.why was removed." in result.stdout
    assert "undeclared breaking change" in result.stderr


def test_a_declared_removal_passes(tmp_path: Path) -> None:
    removed = SDL_PATH.read_text().replace(FIELD, "", 1)
    result = check(tmp_path, removed, declared="## Breaking changes\n- `Why.why` is gone.\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "breaking (declared): Field Why.why was removed." in result.stdout
    # Naming another element declares nothing.
    other = check(tmp_path, removed, declared="## Breaking changes\n- `Why.because` is gone.\n")
    assert other.returncode == 1


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  why: String!\n", '  why: String! @deprecated(reason: "Use because.")\n'),
        ("  why: String!\n", "  why: String!\n  whyNot: String\n"),
    ],
)
def test_a_deprecation_or_an_addition_passes(tmp_path: Path, old: str, new: str) -> None:
    result = check(tmp_path, SDL_PATH.read_text().replace(old, new, 1))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "schema: 0 breaking change(s)" in result.stdout


def test_a_changed_type_of_a_field_fails(tmp_path: Path) -> None:
    sdl = SDL_PATH.read_text().replace("  why: String!\n", "  why: Int!\n", 1)
    result = check(tmp_path, sdl)
    assert result.returncode == 1
    assert "Why.why changed type from String! to Int!" in result.stdout
