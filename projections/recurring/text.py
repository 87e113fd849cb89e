"""Text normalisation for root-cause similarity: tokens, stop words, the Snowball stemmer."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import snowballstemmer

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

_STEMMER = snowballstemmer.stemmer("english")  # Porter2; uses PyStemmer's C code if installed


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """Returns the English Snowball (Porter2) stem of a lower-case word (`deployed`: `deploy`,
    `processes`: `process`); the algorithm is snowballstemmer's, not ours."""
    return str(_STEMMER.stemWord(word))


def fold(text: str) -> str:
    """Returns the text case-folded, in one Unicode form (NFKD), without accents."""
    if text.isascii():  # NFKD leaves ASCII as it is, casefold is lower, nothing combines
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Returns the normalised terms of a text, in order (stop words and numbers dropped)."""
    return [stem(t) for t in _TOKEN.findall(fold(text)) if t not in STOP_WORDS]


def root_cause_text(doc: Mapping[str, Any]) -> str:
    """Returns the text compared lexically: title, root-cause statement, whys and contributing
    factors."""
    return "\n".join(p for p in [str(doc.get("title") or ""), embedding_text(doc)] if p)


def embedding_text(doc: Mapping[str, Any]) -> str:
    """Returns the text the sentence-embedding model reads: the root-cause statement, each why
    with its answer, and the contributing factors (no title: it names the symptom); empty when
    the postmortem has no root cause yet."""
    root = doc.get("root_cause") or {}
    parts: list[str] = [str(root.get("statement") or "").strip()]
    for why in root.get("whys") or []:
        parts.append(f"{why.get('why') or ''} {why.get('because') or ''}".strip())
    factors = [str(f).strip() for f in root.get("contributing_factors") or [] if str(f).strip()]
    parts.append("; ".join(factors))
    return "\n".join(p for p in parts if p)


def term_frequencies(texts: Iterable[str] | str) -> dict[str, int]:
    """Returns how often each normalised term occurs, sorted by term (deterministic)."""
    if isinstance(texts, str):
        texts = [texts]
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(tokens(text))
    return dict(sorted(counts.items()))
