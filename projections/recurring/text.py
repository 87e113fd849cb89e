"""Text normalisation for root-cause similarity: tokens, stop words, a light stemmer."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

_TOKEN = re.compile(r"[a-z][a-z0-9]+")

# English function words plus words every postmortem uses (they say nothing about the cause).
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our out over own same she should
    so some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    yours its into onto via per within without across among ago since still yet again
    incident incidents outage outages postmortem issue issues problem problems caused cause causes
    causing root happened happen happens occur occurred result resulted resulting due led lead
    leads time times during after before because why which made make makes get got gets went
    one two three first second new old many much several some
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# Suffixes stripped longest first, keeping a stem of at least three letters.
_SUFFIXES = (
    "ational",
    "ations",
    "ation",
    "ments",
    "ment",
    "ness",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "s",
    "y",
)


def stem(word: str) -> str:
    """Returns a crude stem: the word without its longest known suffix (`expired`: `expir`)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    # "expire"/"expir", "cache"/"cach": drop a trailing e so both forms meet.
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Returns the normalised terms of a text, in order (stop words and numbers dropped)."""
    return [stem(t) for t in _TOKEN.findall(text.lower()) if t not in STOP_WORDS]


def root_cause_text(doc: Mapping[str, Any]) -> str:
    """Returns the text compared between postmortems: title, root-cause statement and whys."""
    root = doc.get("root_cause") or {}
    parts: list[str] = [str(doc.get("title") or ""), str(root.get("statement") or "")]
    for why in root.get("whys") or []:
        parts.append(str(why.get("why") or ""))
        parts.append(str(why.get("because") or ""))
    return "\n".join(p for p in parts if p)


def term_frequencies(texts: Iterable[str] | str) -> dict[str, int]:
    """Returns how often each normalised term occurs, sorted by term (deterministic)."""
    if isinstance(texts, str):
        texts = [texts]
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(tokens(text))
    return dict(sorted(counts.items()))
