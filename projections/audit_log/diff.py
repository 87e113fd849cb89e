"""Field-level changes between two postmortem documents, for the audit trail."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

# Bookkeeping and derived keys: they change with every event and say nothing an auditor
# cannot read from the other fields (the event's version and time are on the entry itself).
SKIPPED_KEYS = frozenset(
    {"id", "version", "updated_at", "approval_status", "blameless_warnings", "content_hash"}
)
# Published revisions embed a frozen copy of the whole document; the trail shows the
# revision's metadata, the content's fields are already in the trail where they changed.
SKIPPED_NESTED = frozenset({"content"})

FieldChange = dict[str, Any]


def plain(value: Any) -> Any:
    """Returns the value as JSON-safe data (datetimes as ISO 8601, Decimals as strings)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items() if k not in SKIPPED_NESTED}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def field_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[FieldChange]:
    """Returns [{path, before, after}] for every field that differs, in a stable order."""
    changes: list[FieldChange] = []
    keys = sorted((set(before or {}) | set(after)) - SKIPPED_KEYS)
    for key in keys:
        new = after.get(key)
        old = (before or {}).get(key, _empty_like(new))
        _diff(key, old, new, changes)
    return changes


def _empty_like(value: Any) -> Any:
    """Returns the empty value a field had before it existed (so new sections diff per field)."""
    if isinstance(value, Mapping):
        return {}
    if isinstance(value, list):
        return []
    return None


def _keyed(items: list[Any]) -> dict[str, Any] | None:
    """Returns list items by their id (or revision number), or None if they have none."""
    if not items or not all(isinstance(i, Mapping) for i in items):
        return None
    for key in ("id", "revision"):
        if all(key in i for i in items):
            return {str(i[key]): i for i in items}
    return None


def _diff(path: str, old: Any, new: Any, out: list[FieldChange]) -> None:
    if old == new:
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in sorted(set(old) | set(new)):
            if key not in SKIPPED_NESTED:
                _diff(f"{path}.{key}", old.get(key), new.get(key), out)
        return
    if isinstance(old, list) and isinstance(new, list):
        old_items, new_items = _keyed(old), _keyed(new)
        if (old_items is not None or not old) and (new_items is not None or not new):
            old_items, new_items = old_items or {}, new_items or {}
            order = list(new_items) + [k for k in old_items if k not in new_items]
            for key in order:
                _diff(f"{path}[{key}]", old_items.get(key), new_items.get(key), out)
            return
    out.append({"path": path, "before": plain(old), "after": plain(new)})
