"""Imports point one way: core (domain, application, ...) ← projections ← schema ← entry points.

A module's layer follows from its name, so new packages fall into place without editing a
list: `service.api`, `service.cli`, `service.bootstrap`, `service.demo` and
`service.audit_commands` are the entry points; every other `service.*` module is core (e.g. a
new `service.rendering`); `projections.*` and `schema.*` are their own layers. The domain
imports nothing but the standard library, `eventsourcing` and `snowballstemmer` (a pure
algorithm, no I/O: the blameless check's word stems). Every import counts, including
imports inside functions and under `TYPE_CHECKING`.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("service", "schema", "projections")
ENTRY_POINTS = (
    "service.api",
    "service.cli",
    "service.bootstrap",
    "service.demo",
    "service.audit_commands",
)
LAYERS = {"core": 0, "projections": 1, "schema": 2, "entry points": 3}
DOMAIN_MAY_IMPORT = frozenset(sys.stdlib_module_names) | {"eventsourcing", "snowballstemmer"}
DOMAIN_RULE = "the domain imports only stdlib, eventsourcing and snowballstemmer"


def layer(module: str) -> str | None:
    """Returns the layer of one of our modules (None: not ours)."""
    top = module.split(".")[0]
    if top not in PACKAGES:
        return None
    if any(module == e or module.startswith(e + ".") for e in ENTRY_POINTS):
        return "entry points"
    return "core" if top == "service" else top


def imports(path: Path, module: str) -> Iterator[tuple[int, str]]:
    """Yields (line, imported module) for every import in a source file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            yield node.lineno, base


def violations(sources: Iterable[tuple[Path, str]]) -> list[str]:
    """Returns every import that points the wrong way, as 'module:line imports target (why)'."""
    found = []
    for path, module in sources:
        source_layer = layer(module)
        for line, target in imports(path, module):
            where = f"{module}:{line} imports {target}"
            in_domain = module.startswith("service.domain")
            if in_domain and target.split(".")[0] not in DOMAIN_MAY_IMPORT | {"service"}:
                found.append(f"{where} ({DOMAIN_RULE})")
                continue
            if in_domain and target.startswith("service.") and layer(target) == "core":
                if not target.startswith("service.domain"):
                    found.append(f"{where} ({DOMAIN_RULE})")
                continue
            target_layer = layer(target)
            if source_layer and target_layer and LAYERS[target_layer] > LAYERS[source_layer]:
                found.append(f"{where} ({source_layer} may not import {target_layer})")
    return found


def our_sources() -> list[tuple[Path, str]]:
    """Returns every module of the service's packages with its dotted name."""
    sources = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            sources.append((path, module))
    return sources


def test_imports_point_from_the_entry_points_inward() -> None:
    assert violations(our_sources()) == []


@pytest.mark.parametrize(
    ("module", "source", "why"),
    [
        ("service.domain.extra", "import pymongo\n", "the domain imports only stdlib"),
        ("service.domain.extra", "from schema import errors\n", "the domain imports only"),
        ("service.application.extra", "from projections import base\n", "core may not import"),
        ("service.rendering.markdown", "from schema.errors import Error\n", "core may not"),
        ("projections.extra", "from schema.context import Context\n", "projections may not"),
        ("projections.outbound.git", "from service.cli import app\n", "projections may not"),
        ("schema.extra", "def f():\n    from service.api.app import create_app\n", "schema may"),
    ],
)
def test_an_import_pointing_outward_is_reported(
    tmp_path: Path, module: str, source: str, why: str
) -> None:
    path = tmp_path / "extra.py"
    path.write_text(source, encoding="utf-8")
    (found,) = violations([(path, module)])
    assert why in found


def test_entry_points_may_import_every_layer(tmp_path: Path) -> None:
    path = tmp_path / "extra.py"
    path.write_text("import schema.schema\nimport projections.runner\nimport service.domain\n")
    assert violations([(path, "service.api.extra")]) == []
