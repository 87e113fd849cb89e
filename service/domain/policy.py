"""The review policy: approvals per severity, publication SLA and completeness rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice
from typing import Any

from .errors import FieldProblem
from .values import Severity

# How many blameless-language warnings a document or a refusal lists (a text full of blame
# words would otherwise give one per word); the count of them all is given beside.
MAX_WARNINGS_SHOWN = 200


class RequiredSection(StrEnum):
    """A section the policy requires before a postmortem can be submitted."""

    SUMMARY = "summary"
    TIMELINE = "timeline"
    ROOT_CAUSE = "root_cause"
    IMPACT = "impact"
    RESOLVED_AT = "resolved_at"


def _default_approvals() -> dict[Severity, int]:
    return {Severity.SEV1: 2, Severity.SEV2: 2, Severity.SEV3: 1, Severity.SEV4: 1}


def _default_sla_days() -> dict[Severity, int | None]:
    return {Severity.SEV1: 5, Severity.SEV2: 10, Severity.SEV3: 20, Severity.SEV4: None}


@dataclass(frozen=True)
class ReviewPolicy:
    """Which sections are required, and how many approvals publish a postmortem."""

    version: str = "2026-11-1"
    approvals_by_severity: dict[Severity, int] = field(default_factory=_default_approvals)
    block_on_blameless_warnings: bool = False
    publication_sla_days: dict[Severity, int | None] = field(default_factory=_default_sla_days)
    required_sections: frozenset[RequiredSection] = frozenset(RequiredSection)
    action_items_required_for: frozenset[Severity] = frozenset({Severity.SEV1, Severity.SEV2})

    def required_approvals(self, severity: Severity) -> int:
        """Returns how many valid approvals a postmortem of ``severity`` needs."""
        return self.approvals_by_severity.get(severity, 1)

    def publication_sla(self, severity: Severity) -> int | None:
        """Returns the days after resolution within which to publish, or None."""
        return self.publication_sla_days.get(severity)

    def completeness_problems(self, doc: Mapping[str, Any]) -> list[FieldProblem]:
        """Returns every missing piece of a content document, all at once."""
        problems: list[FieldProblem] = []
        required = self.required_sections
        if RequiredSection.SUMMARY in required and not (doc.get("summary") or "").strip():
            problems.append(FieldProblem("summary", "a summary is required"))
        if RequiredSection.TIMELINE in required and not doc.get("timeline"):
            problems.append(FieldProblem("timeline", "at least one timeline entry is required"))
        if RequiredSection.ROOT_CAUSE in required:
            problems.extend(_root_cause_problems(doc.get("root_cause") or {}))
        if RequiredSection.IMPACT in required and not _impact_assessed(doc.get("impact")):
            problems.append(FieldProblem("impact", "the impact must be assessed"))
        window = doc.get("window") or {}
        if RequiredSection.RESOLVED_AT in required and window.get("resolved_at") is None:
            problems.append(FieldProblem("window.resolved_at", "the resolution time is required"))
        severity = Severity(doc["severity"])
        if severity in self.action_items_required_for and not any(
            item.get("owner") and item.get("due_date") for item in doc.get("action_items") or []
        ):
            problems.append(
                FieldProblem(
                    "action_items",
                    f"a {severity.value} postmortem needs at least one action item "
                    "with an owner and a due date",
                )
            )
        return problems

    def submission_problems(
        self,
        doc: Mapping[str, Any],
        blameless_warnings: Iterable[Mapping[str, Any]],
        warning_count: int | None = None,
    ) -> list[FieldProblem]:
        """Returns everything that stops a content document from being submitted for review:
        the missing pieces, and the blameless-language warnings when the policy blocks on
        them (each warning a mapping with `field`, `start`, `phrase`, `message`): the first
        `MAX_WARNINGS_SHOWN`, then one problem counting the rest (`warning_count`: how many
        there are in all, when `blameless_warnings` lists only the first ones)."""
        problems = self.completeness_problems(doc)
        if self.block_on_blameless_warnings:
            shown = list(islice(blameless_warnings, MAX_WARNINGS_SHOWN))
            problems.extend(
                FieldProblem(w["field"], f"{w['message']} ({w['phrase']!r} at {w['start']})")
                for w in shown
            )
            more = (len(shown) if warning_count is None else warning_count) - len(shown)
            if more > 0:
                problems.append(FieldProblem("blameless_warnings", f"and {more} more warnings"))
        return problems


def _root_cause_problems(root_cause: Mapping[str, Any]) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not (root_cause.get("statement") or "").strip():
        problems.append(FieldProblem("root_cause.statement", "a root cause statement is required"))
    if root_cause.get("category") is None:
        problems.append(FieldProblem("root_cause.category", "a root cause category is required"))
    if not root_cause.get("whys"):
        problems.append(FieldProblem("root_cause.whys", "at least one why is required"))
    return problems


def _impact_assessed(impact: Mapping[str, Any] | None) -> bool:
    if not impact:
        return False
    if "assessed" in impact:  # a read-model document says so (its downtime may be derived)
        return bool(impact["assessed"])
    return any(value not in (None, "") for key, value in impact.items() if key != "notes") or bool(
        (impact.get("notes") or "").strip()
    )
