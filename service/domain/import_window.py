"""The incident window an import leaves: the platform's times merged with an author's, always
in order (started ≤ detected ≤ mitigated ≤ resolved).

An import takes a platform time only for a field an author did not change (incident_import.py).
When such a time would put the window out of order next to an author's time (the platform's
detection before the start an author set), the import skips that field, keeps the
postmortem's value, and says so; the rest of the delivery is imported. A refusal would be
repeated on every retry of the delivery, for ever.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from itertools import combinations
from typing import Any

from . import validation as v
from .instants import format_instant

WINDOW_KEYS = ("started_at", "detected_at", "mitigated_at", "resolved_at")


def merge_window(
    current: Mapping[str, Any], merged: Mapping[str, Any], baseline: Mapping[str, Any]
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Returns the window times to keep (`WINDOW_KEYS` to datetime or None) and the fields
    skipped, each as "window.<field>: why".

    `current` holds the postmortem's times, `merged` the times after taking the platform's
    where allowed, `baseline` the times imports gave (a current time that is not the
    baseline's is an author's). Of the platform's changes, the most that leave every author's
    time in order with the rest are kept (earlier fields first among as many). Times that
    only the platform gave and that contradict each other are left for the caller's checks
    to refuse: the platform's data is wrong, not a person's edit."""
    changed = [key for key in WINDOW_KEYS if merged.get(key) != current.get(key)]
    authors = {
        key for key in WINDOW_KEYS
        if key not in changed and current.get(key) is not None
        and baseline.get(key, _UNSET) != current.get(key)
    }  # fmt: skip
    for size in range(len(changed), -1, -1):
        for taken in combinations(changed, size):
            window = {k: merged[k] if k in taken else current.get(k) for k in WINDOW_KEYS}
            if _in_order_with(window, authors):
                skipped = [k for k in changed if k not in taken]
                return window, tuple(_why(k, merged, window, authors) for k in skipped)
    return {k: current.get(k) for k in WINDOW_KEYS}, ()  # unreachable: current is in order


_UNSET: Any = object()


def _in_order_with(window: Mapping[str, Any], fixed: set[str]) -> bool:
    """Tells whether each time in `fixed` is in order with every other time of the window."""
    for i, first in enumerate(WINDOW_KEYS):
        for second in WINDOW_KEYS[i + 1 :]:
            if first not in fixed and second not in fixed:
                continue
            a, b = window[first], window[second]
            if isinstance(a, datetime) and isinstance(b, datetime) and b < a:
                return False
    return True


def _why(key: str, merged: Mapping[str, Any], kept: Mapping[str, Any], fixed: set[str]) -> str:
    incoming = merged[key]
    index = WINDOW_KEYS.index(key)
    for other in (k for k in WINDOW_KEYS if k in fixed):
        theirs = kept[other]
        if not isinstance(theirs, datetime) or not isinstance(incoming, datetime):
            continue
        before = WINDOW_KEYS.index(other) < index and incoming < theirs
        after = WINDOW_KEYS.index(other) > index and incoming > theirs
        if before or after:
            relation = "before" if before else "after"
            return (
                f"window.{key}: the platform's {_iso(incoming)} would be {relation} "
                f"{other} {_iso(theirs)}, which an author set; kept {_iso(kept[key])}"
            )
    return f"window.{key}: the platform's {_iso(incoming)} would leave the window out of order"


def _iso(value: Any) -> str:
    return format_instant(v.to_utc(value)) if isinstance(value, datetime) else "none"
