"""Field paths as the GraphQL API names them.

The domain names a problem's field after its own attributes ("window.started_at",
"root_cause.whys[0].because", "completed_at"); a client names the same field as the schema
does ("incidentWindow.startedAt", "rootCause.whys[0].because", "completedAt"), so a
ValidationError's paths are translated here: each segment in camelCase (indexes kept), and
the sections the schema names differently renamed. A path names the input field of the
mutation ("title", "services[0]", "completedAt", "itemId"), under the postmortem section it
belongs to where the domain names one ("rootCause.statement", "impact.revenueLoss.amount").
"""

from __future__ import annotations

import re

from service.domain.errors import FieldProblem

# Sections the schema names otherwise than camelCase would (Postmortem.incidentWindow).
RENAMED = {"window": "incidentWindow"}
_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")


def camel(name: str) -> str:
    """Returns a snake_case name in camelCase ("users_affected_count" → "usersAffectedCount")."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def graphql_path(path: str) -> str:
    """Returns the GraphQL name of a domain field path ("window.started_at" →
    "incidentWindow.startedAt"); a segment that is not a name is kept as it is."""
    segments = []
    for segment in path.split("."):
        found = _SEGMENT.fullmatch(segment)
        if found is None:
            segments.append(segment)
            continue
        name, indexes = found.groups()
        segments.append(RENAMED.get(name, camel(name)) + indexes)
    return ".".join(segments)


def graphql_problems(problems: list[FieldProblem]) -> list[FieldProblem]:
    """Returns the problems with their fields named as the GraphQL API names them."""
    return [FieldProblem(graphql_path(p.field), p.message) for p in problems]
