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


def test_blame_words_match_in_every_form_by_their_stem() -> None:
    for text, phrase in (
        ("He carelessly restarted it.", "carelessly"),
        ("It was done negligently.", "negligently"),
        ("Sheer recklessness.", "recklessness"),
        ("It was sloppily reviewed.", "sloppily"),
        ("The team acted irresponsibly.", "irresponsibly"),
        ("Nobody is blaming anyone.", "blaming"),
        ("Two human errors compounded.", "human errors"),
        ("She kept failing to notice the page.", "failing to notice"),
    ):
        assert [p for _, _, p in _spans(text)] == [phrase], text


def test_look_alike_words_are_not_blame() -> None:
    for text in (
        "The impact was negligible.",
        "A blameless review.",
        "We burned our error budget.",
        "A fault of the power supply tripped the breaker.",
        "Root cause: the lock was never released.",
        "The coffee break ended when paging started.",
    ):
        assert _spans(text) == [], text


def test_a_person_before_a_failure_verb_is_flagged_past_adverbs_and_auxiliaries() -> None:
    assert _spans("Bob carelessly deleted the table") == [
        (0, 22, "Bob carelessly deleted"),
        (4, 14, "carelessly"),
    ]
    assert _spans("Then Alice had accidentally wiped the disk.") == [
        (5, 33, "Alice had accidentally wiped")
    ]
    assert _spans("Mary-Jane O'Brien misconfigured DNS.") == [
        (0, 31, "Mary-Jane O'Brien misconfigured")
    ]
    assert _spans("Bob was at fault.") == [(0, 16, "Bob was at fault")]
    assert _spans("The alert was ignored by Carol.") == [(14, 30, "ignored by Carol")]


def test_a_person_owning_the_fault_is_flagged() -> None:
    assert _spans("It was Bob's fault.") == [(7, 18, "Bob's fault")]
    assert _spans("It was the fault of John Smith.") == [(11, 30, "fault of John Smith")]
    assert _spans("It was the on-call engineer's mistake.") == [(19, 37, "engineer's mistake")]
    assert _spans("The load balancer's fault, not ours.") == []


def test_blameless_sentences_with_failure_verbs_give_no_warning() -> None:
    for text in (
        "The deploy tool deleted the wrong volume.",
        "Bob's script deleted the wrong volume.",
        "Bob did not break anything.",
        "Alice restored the table at 10:02.",
        "Stripe Webhooks Broke Checkout",  # Title Case: capitals are no sign of a name
        "The volume was deleted by The cleanup job.",
    ):
        assert _spans(text) == [], text


def test_the_title_and_action_items_are_checked_with_their_paths() -> None:
    doc = {
        "title": "Bob broke prod",
        "summary": "",
        "action_items": [{"title": "Stop sloppy reviews", "description": "Careless merges"}],
    }
    found = [(w.field, w.start, w.end, w.phrase) for w in check_postmortem(doc)]
    assert found == [
        ("title", 0, 9, "Bob broke"),
        ("action_items[0].title", 5, 11, "sloppy"),
        ("action_items[0].description", 0, 8, "Careless"),
    ]
