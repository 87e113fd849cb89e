"""Who sees unpublished postmortems in the recurring-incident views."""

from __future__ import annotations

import pytest

from service.application.read_rules import recurring_scope
from service.domain.errors import NotPermitted
from service.domain.values import Actor


@pytest.mark.parametrize("role", ["author", "reviewer", "compliance", "admin"])
def test_everyone_signed_in_sees_published_postmortems(role: str) -> None:
    assert recurring_scope(Actor("u", frozenset({role})), include_unpublished=False) == "published"


@pytest.mark.parametrize("role", ["reviewer", "compliance", "admin"])
def test_those_who_read_every_draft_may_include_unpublished_ones(role: str) -> None:
    assert recurring_scope(Actor("u", frozenset({role})), include_unpublished=True) == "all"


@pytest.mark.parametrize("role", ["author", "integration"])
def test_others_asking_for_unpublished_ones_are_refused(role: str) -> None:
    with pytest.raises(NotPermitted, match="includeUnpublished"):
        recurring_scope(Actor("u", frozenset({role})), include_unpublished=True)


def test_anonymous_callers_see_nothing() -> None:
    with pytest.raises(NotPermitted, match="authentication"):
        recurring_scope(None, include_unpublished=False)
