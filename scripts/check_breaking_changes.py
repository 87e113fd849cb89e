"""Fails on a GraphQL schema change that breaks existing clients unless it is declared.

Compares the exported SDL (the schema built from the code now, as `postmortems export-schema`
writes it) with `schema/schema.graphql` as it was on a base commit (default: the previous
commit of main, `HEAD^`), using graphql-core's `find_breaking_changes` (removed types, fields,
arguments and enum values; changed types; new required arguments or input fields).

A breaking change is declared when every element it names (e.g. `Query.reviewQueue`) appears
  - in a commit message of base..HEAD that says `BREAKING CHANGE` (Conventional Commits), or
  - in a line added to CHANGELOG.md since the base, under a heading containing "Breaking".
Dangerous changes (e.g. a new enum value, a changed default) are printed, never fatal.
Deprecate first (`@deprecated(reason:)`), remove in a later release, and declare the removal.

Usage:
  .venv/bin/python scripts/check_breaking_changes.py [--base REV]
  .venv/bin/python scripts/check_breaking_changes.py --old OLD.graphql --new NEW.graphql \
      [--declared-in FILE]   # compare two files; FILE's text holds the declarations
Exit status: 0 no undeclared breaking change, 1 undeclared ones (listed), 2 usage error.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from graphql import build_schema, find_breaking_changes, find_dangerous_changes

ROOT = Path(__file__).resolve().parent.parent
SDL = "schema/schema.graphql"
CHANGELOG = "CHANGELOG.md"


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def element(description: str) -> str:
    """Returns the schema element a graphql-core change description names: `Type.field`
    (for an argument too), `InputType.field`, or `Type`."""
    found = re.match(r"A required field (\w+) on input type (\w+)", description)
    if found:
        return f"{found[2]}.{found[1]}"
    dotted = re.search(r"\b[A-Za-z_]\w*\.[A-Za-z_]\w*", description)
    return dotted[0] if dotted else description.split()[0].rstrip(".")


def changes(old_sdl: str, new_sdl: str) -> tuple[list[str], list[str]]:
    """Returns the (breaking, dangerous) change descriptions from `old_sdl` to `new_sdl`."""
    old, new = build_schema(old_sdl), build_schema(new_sdl)
    return (
        [c.description for c in find_breaking_changes(old, new)],
        [c.description for c in find_dangerous_changes(old, new)],
    )


def declared_in_changelog(added_lines: list[str]) -> str:
    """Returns the added CHANGELOG lines that sit under a "Breaking" heading."""
    kept, breaking = [], False
    for line in added_lines:
        if line.startswith("#"):
            breaking = "breaking" in line.lower()
        elif breaking:
            kept.append(line)
    return "\n".join(kept)


def undeclared(breaking: list[str], declarations: str) -> list[str]:
    """Returns the breaking changes whose element the declarations do not name."""
    named = set(re.findall(r"[A-Za-z_][\w.]*", declarations))
    return [d for d in breaking if element(d) not in named]


def _declarations_since(base: str) -> str:
    messages = _git("log", "--format=%B%x00", f"{base}..HEAD").split("\x00")
    declared = [m for m in messages if "BREAKING CHANGE" in m]
    try:
        before = set(_git("show", f"{base}:{CHANGELOG}").splitlines())
    except subprocess.CalledProcessError:
        before = set()  # no changelog on the base
    # The file as it is now (committed or not): its lines under a "Breaking" heading that the
    # base did not have.
    changelog = ROOT / CHANGELOG
    lines = changelog.read_text().splitlines() if changelog.exists() else []
    added = [line for line in declared_in_changelog(lines).splitlines() if line not in before]
    return "\n".join([*declared, *added])


def _base_sdl(base: str) -> str | None:
    """Returns the SDL on `base`, or None when there is nothing to compare with: the base has no
    exported SDL, HEAD is the first commit, or the checkout has no history to reach the base
    (not a git work tree, or a shallow clone that cannot be deepened). The last case is said on
    stderr: the check did not run, which a CI log must show, but a copy without history is no
    reason to refuse the tests' verdict."""
    try:
        if _git("rev-parse", "--is-shallow-repository").strip() == "true":
            subprocess.run(["git", "fetch", "--quiet", "--deepen=1"], cwd=ROOT, check=False)
    except (OSError, subprocess.CalledProcessError):
        print("warning: not a git work tree: breaking changes NOT checked", file=sys.stderr)
        return None
    try:
        _git("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except subprocess.CalledProcessError:
        if base == "HEAD^" and _git("rev-list", "--count", "HEAD").strip() == "1":
            return None  # the first commit: nothing to break
        print(
            f"warning: base commit {base} is not available (fetch more history): "
            "breaking changes NOT checked",
            file=sys.stderr,
        )
        return None
    try:
        return _git("show", f"{base}:{SDL}")
    except subprocess.CalledProcessError:
        return None


def report(breaking: list[str], dangerous: list[str], declarations: str) -> int:
    """Prints the changes and returns the exit status."""
    for d in dangerous:
        print(f"dangerous (allowed): {d}")
    missing = undeclared(breaking, declarations)
    for d in breaking:
        print(f"breaking ({'UNDECLARED' if d in missing else 'declared'}): {d}")
    if missing:
        print(
            f"{len(missing)} undeclared breaking change(s). Existing clients would fail. "
            "Deprecate with @deprecated(reason:) instead, or declare it: name each element in "
            f"a '## Breaking changes' entry of {CHANGELOG} or in a commit message with "
            "'BREAKING CHANGE:'.",
            file=sys.stderr,
        )
        return 1
    print(f"schema: {len(breaking)} breaking change(s), all declared; {len(dangerous)} dangerous")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Runs the check; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD^", help="git revision to compare with")
    parser.add_argument("--old", type=Path, help="compare this SDL file ...")
    parser.add_argument("--new", type=Path, help="... with this one (instead of git)")
    parser.add_argument("--declared-in", type=Path, help="text holding the declarations")
    args = parser.parse_args(argv)
    if (args.old is None) != (args.new is None):
        parser.error("--old and --new go together")
    if args.old is not None:
        declarations = args.declared_in.read_text() if args.declared_in else ""
        return report(*changes(args.old.read_text(), args.new.read_text()), declarations)
    old_sdl = _base_sdl(args.base)
    if old_sdl is None:
        print(f"schema: no {SDL} on {args.base}: nothing to compare")
        return 0
    sys.path.insert(0, str(ROOT))
    from schema.sdl import schema_sdl

    return report(*changes(old_sdl, schema_sdl()), _declarations_since(args.base))


if __name__ == "__main__":
    sys.exit(main())
