"""The largest postmortem (service/domain/limits.py): a command past a limit is refused with a
ValidationFailed naming the limit, and the aggregate is left as it was."""

from __future__ import annotations

import pytest

from service.domain import Postmortem, Section, Severity, TimelineKind, ValidationFailed
from service.domain.document import content_bytes
from service.domain.limits import DEFAULT_LIMITS, PostmortemLimits, parse_overrides
from tests.unit.factories import (
    ALICE,
    CAROL,
    ERIN,
    OUTAGE_WINDOW,
    POLICY,
    approved,
    ctx,
    new_draft,
    oauth_token_outage,
    published,
    utc,
)


def refused(error: pytest.ExceptionInfo[ValidationFailed], limit: str) -> str:
    (problem,) = error.value.problems
    assert limit in problem.message
    return problem.field


def unchanged(pm: Postmortem, run: object) -> None:
    """Asserts that a refused command leaves no event and no state change behind."""
    before = (pm.version, pm.to_document(), len(pm.pending_events))
    assert callable(run)
    with pytest.raises(ValidationFailed):
        run()
    assert (pm.version, pm.to_document(), len(pm.pending_events)) == before


def test_the_stated_limits_are_the_defaults() -> None:
    assert PostmortemLimits(
        content_bytes=1_048_576, timeline_entries=200, action_items=100, review_comments=1_000,
        authors=50, recurrence_links=100, approvals_per_revision=100, published_revisions=100,
    ) == DEFAULT_LIMITS  # fmt: skip


def test_content_past_the_byte_limit_is_refused_naming_the_limit_and_changes_nothing() -> None:
    pm = new_draft()
    size = content_bytes(pm)
    limits = DEFAULT_LIMITS.lowered({"content_bytes": size + 1_000})
    pm.write_summary(ctx=ctx(ALICE), summary="x" * 900, limits=limits)  # fits
    with pytest.raises(ValidationFailed) as error:
        pm.write_summary(ctx=ctx(ALICE), summary="x" * 1_100, limits=limits)
    assert refused(error, "content_bytes") == "content"
    assert pm.summary == "x" * 900
    unchanged(
        pm,
        lambda: pm.add_timeline_entry(
            ctx=ctx(ALICE), at=utc(18, 0), kind=TimelineKind.OTHER, description="y" * 200,
            limits=limits,
        ),
    )  # fmt: skip


def test_the_byte_limit_counts_utf8_bytes_not_characters() -> None:
    pm = new_draft()
    limits = DEFAULT_LIMITS.lowered({"content_bytes": content_bytes(pm) + 1_000})
    pm.write_summary(ctx=ctx(ALICE), summary="é" * 400, limits=limits)  # 800 bytes
    with pytest.raises(ValidationFailed) as error:
        pm.write_summary(ctx=ctx(ALICE), summary="é" * 600, limits=limits)  # 1,200 bytes
    refused(error, "content_bytes")


def test_creation_past_the_byte_limit_is_refused() -> None:
    with pytest.raises(ValidationFailed) as error:
        Postmortem.create(
            ctx=ctx(ALICE), title="t" * 200, severity=Severity.SEV3, window=OUTAGE_WINDOW,
            limits=DEFAULT_LIMITS.lowered({"content_bytes": 100}),
        )  # fmt: skip
    refused(error, "content_bytes")


@pytest.mark.parametrize(
    ("limit", "field"),
    [("timeline_entries", "timeline"), ("action_items", "action_items"), ("authors", "authors")],
)
def test_lists_stop_at_their_limit(limit: str, field: str) -> None:
    pm = oauth_token_outage()
    present = {
        "timeline_entries": len(pm.timeline),
        "action_items": len(pm.action_items),
        "authors": len(pm.authors),
    }[limit]
    limits = DEFAULT_LIMITS.lowered({limit: present})
    run = {
        "timeline_entries": lambda: pm.add_timeline_entry(
            ctx=ctx(ALICE), at=utc(18, 0), kind=TimelineKind.OTHER, description="more",
            limits=limits,
        ),
        "action_items": lambda: pm.add_action_item(ctx=ctx(ALICE), title="more", limits=limits),
        "authors": lambda: pm.add_author(ctx=ctx(ALICE), user_id="zoe", limits=limits),
    }[limit]  # fmt: skip
    with pytest.raises(ValidationFailed) as error:
        run()
    assert refused(error, limit) == field
    unchanged(pm, run)


def test_review_comments_stop_at_their_limit_over_the_whole_life() -> None:
    pm = new_draft()
    limits = DEFAULT_LIMITS.lowered({"review_comments": 2})
    for n in range(2):
        pm.add_review_comment(ctx=ctx(CAROL), section=Section.SUMMARY, text=f"c{n}", limits=limits)
    with pytest.raises(ValidationFailed) as error:
        pm.add_review_comment(ctx=ctx(CAROL), section=Section.SUMMARY, text="c3", limits=limits)
    assert refused(error, "review_comments") == "review_comments"


def test_approvals_stop_at_their_limit_per_revision() -> None:
    pm = approved()  # carol and dave approved revision 1
    limits = DEFAULT_LIMITS.lowered({"approvals_per_revision": 2})
    with pytest.raises(ValidationFailed) as error:
        pm.approve(ctx=ctx(ERIN), policy=POLICY, limits=limits)
    assert refused(error, "approvals_per_revision") == "approvals"


def test_amending_stops_when_no_further_revision_could_be_published() -> None:
    pm = published()
    limits = DEFAULT_LIMITS.lowered({"published_revisions": 1})
    with pytest.raises(ValidationFailed) as error:
        pm.amend(ctx=ctx(ALICE), reason="fix", limits=limits)
    assert refused(error, "published_revisions") == "revision"
    pm.amend(ctx=ctx(ALICE), reason="fix")  # the stated limit is 100


def test_overrides_may_only_lower_known_limits() -> None:
    assert parse_overrides("content_bytes=2000, timeline_entries=3") == {
        "content_bytes": 2000,
        "timeline_entries": 3,
    }
    assert parse_overrides("") == {}
    for bad, message in (
        ("content_bytes=2000000", "between 1 and 1048576"),
        ("pages=3", "unknown limit 'pages'"),
        ("content_bytes=0", "between 1 and"),
        ("content_bytes", "expected name=whole number"),
    ):
        with pytest.raises(ValueError, match=message):
            parse_overrides(bad)
