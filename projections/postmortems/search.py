"""Text search over a postmortem: one normalised search field kept by the projection, matched
with escaped regular expressions.

Why not a text index: SecantusDB (the embedded server) has none, and MongoDB's own text index
matches whole stemmed words (no part of a word, no CJK without spaces), so both servers run the
same query: every word of the search text must occur somewhere in the document's `search`
field (a substring: `log` finds `login`). MongoDB scans the postmortems that the other
conditions leave; an organisation writes thousands, not millions (SPEC §9). Atlas Search would
be the next step beyond that.

Normalisation (the same for documents and queries), with the standard library's Unicode
database: compatibility decomposition (NFKD: full-width letters, ligatures, NFC and NFD alike),
case folding (`ß` = `ss`), combining diacritical marks removed (`Échec` = `echec`; only marks
of the Latin/Greek/Cyrillic diacritic blocks, so that Indic vowel signs and Japanese voicing
marks stay), a few letters without a decomposition folded (`ø`, `ł`, `đ`, `æ`, ...), emoji
variation selectors and invisible format characters dropped, control characters and runs of
white space turned into one space, and NFC again (Hangul syllables recomposed).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

MAX_TERMS = 16
FIELD_SEPARATOR = "\n"  # never inside a normalised field, so no match spans two fields

_DIACRITIC_BLOCKS = (
    (0x0300, 0x036F),  # combining diacritical marks
    (0x1AB0, 0x1AFF),  # ... extended
    (0x1DC0, 0x1DFF),  # ... supplement
    (0x20D0, 0x20FF),  # ... for symbols
    (0xFE20, 0xFE2F),  # combining half marks
)
_DROPPED = {0x00AD, 0x200B, 0x2060, 0xFEFF, *range(0xFE00, 0xFE10)}  # soft hyphen, ZW space, VS
_FOLDED = {"ø": "o", "đ": "d", "ð": "d", "ł": "l", "ħ": "h", "\u0131": "i", "ŧ": "t", "þ": "th",
           "æ": "ae", "œ": "oe"}  # fmt: skip
# One translation (C code, one pass) for what is dropped, the control characters (category Cc:
# U+0000-U+001F, U+007F-U+009F) that become a space, and the folded letters.
_TABLE: dict[int, str | None] = {
    **dict.fromkeys(_DROPPED),
    **{code: None for low, high in _DIACRITIC_BLOCKS for code in range(low, high + 1)},
    **{code: " " for code in (*range(0x20), *range(0x7F, 0xA0))},
    **{ord(char): folded for char, folded in _FOLDED.items()},
}


def search_form(text: str) -> str:
    """Returns text as the search compares it: case-, accent- and Unicode-form-insensitive,
    white space collapsed (see the module docstring)."""
    if text.isascii():  # NFKD and NFC leave ASCII as it is; casefold is lower
        return " ".join(text.lower().translate(_TABLE).split())
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return " ".join(unicodedata.normalize("NFC", decomposed.translate(_TABLE)).split())


def searchable_parts(content: Mapping[str, Any]) -> list[str]:
    """Returns the texts of a postmortem's content that search covers: title, summary,
    timeline descriptions, root cause (statement, whys and becauses, contributing factors),
    what went well and badly, and action items (title, description)."""
    root = content.get("root_cause") or {}
    parts: list[Any] = [content.get("title"), content.get("summary")]
    parts += [entry.get("description") for entry in content.get("timeline") or []]
    parts.append(root.get("statement"))
    for step in root.get("whys") or []:
        parts += [step.get("why"), step.get("because")]
    parts += list(root.get("contributing_factors") or [])
    parts += list(content.get("went_well") or []) + list(content.get("went_badly") or [])
    for item in content.get("action_items") or []:
        parts += [item.get("title"), item.get("description")]
    return [part for part in parts if isinstance(part, str) and part]


def search_text(content: Mapping[str, Any]) -> str:
    """Returns the normalised search field of a postmortem's content."""
    return FIELD_SEPARATOR.join(
        form for part in searchable_parts(content) if (form := search_form(part))
    )


def search_terms(query: str) -> list[str]:
    """Returns the distinct normalised words of a search (at most MAX_TERMS, in order)."""
    return list(dict.fromkeys(search_form(query).split()))[:MAX_TERMS]


def text_conditions(query: str, field: str) -> list[dict[str, Any]]:
    """Returns one MongoDB condition per word: the field contains it (regex, escaped)."""
    return [{field: {"$regex": re.escape(term)}} for term in search_terms(query)]
