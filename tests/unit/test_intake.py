"""The domain's value boundary (intake.py, text.py): every text and time of a command in the one
form the domain keeps, every problem reported at once and named like the field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from uuid import uuid4

import pytest

from service.application import commands as c
from service.domain import (
    Actor,
    Impact,
    IncidentWindow,
    Money,
    RootCauseAnalysis,
    Severity,
    ValidationFailed,
    Why,
)
from service.domain.incident_ref import IncidentRefReservation
from service.domain.intake import admit
from service.domain.text import TextKind, caseless_key, normalise, problem

TARGET = {"postmortem_id": uuid4(), "expected_version": 3}


def test_texts_are_normalised_by_the_kind_of_their_field() -> None:
    plus_one = timezone(timedelta(hours=1))
    window = IncidentWindow(datetime(2026, 11, 27, 11, 0, 0, 999_999, tzinfo=plus_one))
    command = c.CreatePostmortem(
        title="  Cafe\u0301 outage \n", severity=Severity.SEV2, window=window,
        services=[" auth "], tags=["Dns"], team=" SRE ", incident_ref=" INC-1 ",
    )  # fmt: skip

    admitted = admit(command)

    assert admitted.title == "Caf\u00e9 outage"
    assert (admitted.services, admitted.tags, admitted.team) == (["auth"], ["Dns"], "SRE")
    assert admitted.incident_ref == "INC-1"
    assert admitted.window.started_at == datetime(2026, 11, 27, 10, 0, 0, 999_000, tzinfo=UTC)
    assert admitted.window.started_at.tzinfo is UTC


def test_prose_keeps_its_spaces_and_line_breaks_become_newlines() -> None:
    admitted = admit(c.WriteSummary(**TARGET, summary="  Line one\r\nline two\rthree\t"))
    assert admitted.summary == "  Line one\nline two\nthree\t"


def test_user_ids_are_canonical_so_an_owner_and_a_token_subject_name_one_user() -> None:
    item = admit(c.AddActionItem(**TARGET, title="Fix", owner=" Carol "))
    author = admit(c.AddAuthor(**TARGET, user_id="\uff24\uff21\uff36\uff25"))  # full-width DAVE
    assert (item.owner, author.user_id) == ("carol", "dave")
    assert Actor(" Carol ").user_id == "carol"


def test_every_problem_of_every_nested_field_is_reported_at_once() -> None:
    analysis = RootCauseAnalysis(
        whys=(Why("ok", "bad \ud800"),), statement="a\x07b", contributing_factors=("x\x00",)
    )
    impact = Impact(notes="\x1b[31m", revenue_loss=Money(amount=Decimal(1), currency="US\x00"))

    with pytest.raises(ValidationFailed) as analysis_refused:
        admit(c.WriteRootCauseAnalysis(**TARGET, analysis=analysis))
    with pytest.raises(ValidationFailed) as impact_refused:
        admit(c.AssessImpact(**TARGET, impact=impact))

    assert [p.field for p in analysis_refused.value.problems] == [
        "root_cause.whys[0].because",
        "root_cause.statement",
        "root_cause.contributing_factors[0]",
    ]
    assert [p.field for p in impact_refused.value.problems] == [
        "impact.revenue_loss.currency",
        "impact.notes",
    ]


CONTROL = "must not contain control characters other than newline and tab"
ONE_LINE = "must be one line without control characters"
INVISIBLE = "must not contain invisible characters"


@pytest.mark.parametrize(
    ("value", "kind", "message"),
    [
        ("tab\tand\nnewline", TextKind.PROSE, None),
        ("a\x00b", TextKind.PROSE, f"{CONTROL} (U+0000 at character 2)"),
        ("two\nlines", TextKind.LINE, f"{ONE_LINE} (U+000A at character 4)"),
        ("INC\u200b-1", TextKind.KEY, f"{INVISIBLE} (U+200B at character 4)"),
        ("team\u2060sre", TextKind.LABEL, f"{INVISIBLE} (U+2060 at character 5)"),
        ("\U0001f3f3\ufe0f\u200d\U0001f308 pride", TextKind.LINE, None),  # emoji in a title
        ("x \udc00", TextKind.PROSE, "must be valid Unicode text (a lone surrogate U+DC00 at "
         "character 3)"),
    ],
)  # fmt: skip
def test_what_each_kind_of_text_may_hold(value: str, kind: TextKind, message: str | None) -> None:
    assert problem(normalise(value, kind), kind) == message


def test_trimming_never_drops_a_control_character_silently() -> None:
    assert normalise("carol\x1f", TextKind.USER) == "carol\x1f"
    assert problem("carol\x1f", TextKind.USER) is not None
    assert normalise("\u00a0Carol\u3000", TextKind.USER) == "carol"


def test_incident_refs_are_one_ref_whatever_their_case_or_width() -> None:
    assert caseless_key("INC-42") == caseless_key("inc-42") == caseless_key("\uff29\uff2e\uff23-42")
    assert IncidentRefReservation.id_for(" INC-42 ") == IncidentRefReservation.id_for("inc-42")


def test_a_command_already_in_form_is_returned_as_it_is() -> None:
    command = c.WriteSummary(**TARGET, summary="Fine.")
    assert admit(command) is command
