"""The review policy: approvals per severity, SLA days, completeness rules."""

from __future__ import annotations

from service.domain import RequiredSection, ReviewPolicy, Severity
from tests.unit.factories import new_draft, oauth_token_outage


def test_default_policy_needs_two_approvals_for_sev1_and_sev2_and_one_otherwise() -> None:
    policy = ReviewPolicy()
    assert policy.version == "2026-11-1"
    assert [policy.required_approvals(s) for s in Severity] == [2, 2, 1, 1]


def test_default_publication_sla_has_no_deadline_for_sev4() -> None:
    policy = ReviewPolicy()
    assert [policy.publication_sla(s) for s in Severity] == [5, 10, 20, None]


def test_a_complete_postmortem_has_no_completeness_problems() -> None:
    assert ReviewPolicy().completeness_problems(oauth_token_outage().content_document()) == []


def test_completeness_reports_every_missing_section() -> None:
    doc = new_draft(severity=Severity.SEV1).content_document()
    doc["window"]["resolved_at"] = None
    fields = [p.field for p in ReviewPolicy().completeness_problems(doc)]
    assert fields == [
        "summary",
        "timeline",
        "root_cause.statement",
        "root_cause.category",
        "root_cause.whys",
        "impact",
        "window.resolved_at",
        "action_items",
    ]


def test_sev3_does_not_need_action_items() -> None:
    doc = new_draft(severity=Severity.SEV3).content_document()
    fields = [p.field for p in ReviewPolicy().completeness_problems(doc)]
    assert "action_items" not in fields


def test_a_policy_can_require_fewer_sections() -> None:
    policy = ReviewPolicy(
        required_sections=frozenset({RequiredSection.SUMMARY}),
        action_items_required_for=frozenset(),
    )
    fields = [p.field for p in policy.completeness_problems(new_draft().content_document())]
    assert fields == ["summary"]
