"""Text at the domain's boundary: what a string may hold, and the one form it is kept in.

Every text a command carries is valid Unicode (no lone surrogates, which UTF-8 cannot encode),
NFC-normalised (so "é" typed precomposed or decomposed is one text), and free of control
characters other than newline and tab. On top of that, by kind of field:

- PROSE (summary, descriptions, comments, reasons, notes, whys, lessons): CRLF and CR line
  breaks become LF (what browsers send from a text area); not trimmed.
- LINE (title, timeline source, tracker): trimmed, one line (no control character at all,
  no line or paragraph separator).
- LABEL (services, tags, team) and KEY (incident ref; timeline entry, action item and comment
  ids): a LINE without invisible characters (format characters such as a zero-width space,
  and the other default-ignorable code points), so two that look alike are alike.
- USER (user ids: action item owners, added authors, the actor from the token): a LABEL in
  canonical form, `user_key`: NFKC and case-folded, so " Carol " typed as an owner is the
  user `carol`.

`caseless_key` (NFKC, case-folded, trimmed) is also the uniqueness key of incident refs, which
are stored as typed (trimmed, NFC). Rules from Unicode: UAX #15 (normalisation forms), the
Default_Ignorable_Code_Point property (DerivedCoreProperties.txt, Unicode 15.1) and
UTS #39 / RFC 8264 (identifiers compared after NFKC and case folding).
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class TextKind(StrEnum):
    """How a field's text is normalised and what it may hold (see the module docstring)."""

    PROSE = "prose"
    LINE = "line"
    LABEL = "label"
    KEY = "key"
    USER = "user"


_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls (category Cc) but tab and newline; all of them for one-line kinds.
_PROSE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Default_Ignorable_Code_Point (Unicode 15.1) plus the format characters (Cf) outside it.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
    "\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f]"
)
_LINE_BREAKS = re.compile("\r\n?")
# What trimming removes: white space, but not the separators (U+001C to U+001F, U+0085) that
# Python also counts as space: those are control characters, reported rather than dropped.
_TRIM = "".join(
    char
    for char in map(chr, range(0x3001))
    if char.isspace() and char not in "\x1c\x1d\x1e\x1f\x85"
)
_ONE_LINE = frozenset({TextKind.LINE, TextKind.LABEL, TextKind.KEY, TextKind.USER})
_VISIBLE = frozenset({TextKind.LABEL, TextKind.KEY, TextKind.USER})


def caseless_key(value: str) -> str:
    """Returns the form two texts are compared in when case and width do not matter:
    NFKC, case-folded, NFKC again (Unicode's NFKC_Casefold, near enough), trimmed."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    return folded.strip(_TRIM)


def user_key(value: str) -> str:
    """Returns a user id in canonical form (`caseless_key`)."""
    return caseless_key(value)


def normalise(value: str, kind: TextKind) -> str:
    """Returns `value` in the form its kind keeps (NFC; line breaks, trimming, user ids in
    canonical form); a text with a lone surrogate is returned as it is (`problem` reports it)."""
    if _SURROGATE.search(value):
        return value
    if kind is TextKind.USER:
        return user_key(value)
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    if kind is TextKind.PROSE:
        return _LINE_BREAKS.sub("\n", value) if "\r" in value else value
    return value.strip(_TRIM)


def without_problems(value: str, kind: TextKind) -> str:
    """Returns `value` normalised without what `problem` reports (lone surrogates, control
    characters, invisible characters by kind): what the other rules check while the text's
    own problem is reported beside theirs."""
    value = _SURROGATE.sub("", value)
    value = (_LINE_CONTROL if kind in _ONE_LINE else _PROSE_CONTROL).sub("", value)
    if kind in _VISIBLE:
        value = _INVISIBLE.sub("", value)
    return normalise(value, kind)


def problem(value: str, kind: TextKind = TextKind.PROSE) -> str | None:
    """Returns what is wrong with a (normalised) text of this kind, or None if nothing is."""
    if found := _SURROGATE.search(value):
        return f"must be valid Unicode text (a lone surrogate {_at(value, found.start())})"
    control = _LINE_CONTROL if kind in _ONE_LINE else _PROSE_CONTROL
    if found := control.search(value):
        what = "must be one line without control characters" if kind in _ONE_LINE else (
            "must not contain control characters other than newline and tab"
        )  # fmt: skip
        return f"{what} ({_at(value, found.start())})"
    if kind in _VISIBLE and (found := _INVISIBLE.search(value)):
        return f"must not contain invisible characters ({_at(value, found.start())})"
    return None


def _at(value: str, index: int) -> str:
    return f"U+{ord(value[index]):04X} at character {index + 1}"
