"""The normalised search text: the same words match whatever their Unicode form, case or
accents; CJK and emoji as written; and a search is a set of escaped substrings."""

from __future__ import annotations

import re
import unicodedata

import pytest

from projections.postmortems.search import search_form, search_terms, search_text, text_conditions


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("Échec du déploiement", "echec"),
        (unicodedata.normalize("NFD", "Échec du déploiement"), "ÉCHEC"),
        ("Échec du déploiement", unicodedata.normalize("NFD", "échec")),
        ("Straße gesperrt", "STRASSE"),
        ("Łódź datacenter", "lodz"),
        ("\uff26\uff35\uff2c\uff2c width", "full"),  # full-width letters
        ("ﬁle system", "file"),
        ("東京リージョンの障害", "リージョン"),
        ("ｶﾞｲﾄﾞ half-width", "ガイド"),
        ("데이터베이스 장애", "데이터"),
        ("Deploy 🔥 rollback", "🔥"),
        ("Heart ❤️ with selector", "❤"),
        ("Dev 👩🏽‍💻 on call", "👩🏽‍💻"),
        ("ΟΔΥΣΣΕΥΣ", "οδυσσευς"),
        ("क्षति की समीक्षा", "समीक्षा"),
    ],
)
def test_a_word_is_found_in_any_unicode_form_case_or_accent(written: str, searched: str) -> None:
    terms = search_terms(searched)
    assert terms
    assert all(term in search_form(written) for term in terms)


def test_different_words_stay_different() -> None:
    assert "が" not in search_form("か")  # Japanese voicing marks are not accents
    assert search_form("समीक्षा") != search_form("समक्ष")  # nor are Indic vowel signs
    assert "echec" not in search_form("check")


def test_the_search_text_covers_every_narrative_section_and_no_match_spans_two() -> None:
    content = {
        "title": "Login outage",
        "summary": "Users could not sign in.",
        "timeline": [{"description": "Pager fired"}],
        "root_cause": {
            "statement": "Expired certificate",
            "whys": [{"why": "Why did TLS fail?", "because": "Renewal job was disabled"}],
            "contributing_factors": ["No expiry alert"],
        },
        "went_well": ["Fast rollback"],
        "went_badly": ["Status page late"],
        "action_items": [{"title": "Automate renewal", "description": "Use ACME"}],
        "tags": ["not-searched"],
    }
    text = search_text(content)
    for word in ("login", "sign in", "pager", "certificate", "tls", "disabled", "expiry",
                 "rollback", "status page", "automate", "acme"):  # fmt: skip
        assert word in text, word
    assert "not-searched" not in text
    assert "outage users" not in text  # title and summary are separate fields


def test_a_search_is_every_word_as_an_escaped_substring() -> None:
    assert search_terms("  Redis  TIMEOUT redis ") == ["redis", "timeout"]
    assert text_conditions("log.n (x)", "search") == [
        {"search": {"$regex": re.escape("log.n")}},
        {"search": {"$regex": re.escape("(x)")}},
    ]
    assert search_terms("\u0301\ufe0f") == []  # nothing searchable
    assert search_form("a\x00b\u200bc") == "a bc"  # controls become spaces, ZW space goes
