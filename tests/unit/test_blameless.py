"""The blameless-language check: what it flags, where, and what it leaves alone."""

from __future__ import annotations

from service.domain import check_postmortem, check_text
from tests.unit.factories import oauth_token_outage


def _spans(text: str) -> list[tuple[int, int, str]]:
    return [(w.start, w.end, w.phrase) for w in check_text("summary", text)]


def test_blame_phrases_are_flagged_with_their_positions() -> None:
    text = "Root cause: human error. The on-call was careless."
    assert _spans(text) == [(12, 23, "human error"), (41, 49, "careless")]


def test_phrases_match_case_insensitively_on_word_boundaries() -> None:
    assert _spans("BLAME nobody") == [(0, 5, "BLAME")]
    assert _spans("a blameless review, blamed on nothing") == [(20, 26, "blamed")]
    assert _spans("Carelessness") == [(0, 12, "Carelessness")]


def test_multi_word_phrases_are_found() -> None:
    text = "It was his fault; he dropped the ball and failed to notice the alert."
    phrases = [phrase for _, _, phrase in _spans(text)]
    assert phrases == ["his fault", "dropped the ball", "failed to notice"]


def test_a_person_named_as_the_cause_is_flagged() -> None:
    assert _spans("Yesterday John Smith broke the deploy.") == [(10, 26, "John Smith broke")]
    assert _spans("This was caused by Alice.") == [(9, 24, "caused by Alice")]
    assert _spans("Bob forgot to renew the certificate.") == [(0, 10, "Bob forgot")]


def test_sentence_starters_days_months_and_services_are_not_people() -> None:
    for text in (
        "The deploy broke the login flow.",
        "We missed the alert because it was muted.",
        "On Monday Redis failed to start.",
        "In July the config deleted stale keys.",
        "This was caused by The load balancer.",
    ):
        assert _spans(text) == [], text


def test_warnings_name_the_field() -> None:
    (warning,) = check_text("went_badly[2]", "It was sloppy.")
    assert warning.field == "went_badly[2]"
    assert warning.to_dict()["phrase"] == "sloppy"


def test_the_seed_postmortem_is_blameless() -> None:
    assert check_postmortem(oauth_token_outage().content_document()) == []


def test_the_postmortem_check_walks_every_narrative_field() -> None:
    doc = {
        "summary": "negligence",
        "timeline": [{"description": "lazy"}],
        "root_cause": {
            "whys": [{"why": "blame", "because": "incompetent"}],
            "statement": "human error",
            "contributing_factors": ["sloppy"],
        },
        "went_well": ["nothing careless"],
        "went_badly": ["screwed up"],
        "impact": {"notes": "her fault"},
    }
    fields = [w.field for w in check_postmortem(doc)]
    assert fields == [
        "summary",
        "timeline[0].description",
        "root_cause.whys[0].why",
        "root_cause.whys[0].because",
        "root_cause.statement",
        "root_cause.contributing_factors[0]",
        "went_well[0]",
        "went_badly[0]",
        "impact.notes",
    ]
