"""Field-level changes between two postmortem documents, for the audit trail.

A change is {path, before, after}. Paths are dotted (`window.resolved_at`); an item of a list
of records is addressed by its identity, never by its position: `timeline[<id>]`,
`action_items[<id>].status`, `review_comments[<id>]`, `approvals[<id>]` and
`published_revisions[<revision>]`. An added item is `null → {…}`, a removed one `{…} → null`;
when the items' order changed other than by adding at the end or removing (a timeline entry
moved by its new time), `<list>[*]` holds the ids before and after. Lists of plain values
(services, tags, authors, lessons, contributing factors, recurrence links) and the why-because
chain, which their commands replace whole, change whole.

`apply_changes(before, changes)` gives the after-document back (tests/unit/
test_audit_diff_property.py checks it over random command sequences), so an entry's changes
say exactly what its event did.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from service.domain.instants import format_instant

# Bookkeeping and derived keys: they change with every event and say nothing an auditor
# cannot read from the other fields (the event's version and time are on the entry itself).
SKIPPED_KEYS = frozenset(
    {
        "id",
        "version",
        "updated_at",
        "approval_status",
        "blameless_warnings",
        "blameless_warning_count",
        "content_hash",
    }
)
# Published revisions embed a frozen copy of the whole document; the trail shows the
# revision's metadata, the content's fields are already in the trail where they changed.
SKIPPED_NESTED = frozenset({"content"})
# The identity of a list's items, by the list's name: "id" unless named here.
IDENTITY = {"published_revisions": "revision"}
ORDER = "*"

FieldChange = dict[str, Any]
_STEP = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")


_SCALARS = frozenset({str, int, bool, float, type(None)})


def plain(value: Any) -> Any:
    """Returns the value as JSON-safe data (datetimes as ISO 8601, Decimals as strings)."""
    if type(value) in _SCALARS:  # most values: no isinstance chain (ABC checks are slow)
        return value
    if isinstance(value, datetime):
        return format_instant(value)
    if isinstance(value, date):
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
    earlier = before or {}
    keys = sorted((set(earlier) | set(after)) - SKIPPED_KEYS)
    for key in keys:
        new = after.get(key)
        old = earlier[key] if key in earlier else _empty_like(new)
        _diff(key, key, old, new, changes)
    return changes


def _empty_like(value: Any) -> Any:
    """Returns the empty value a field had before it existed (so new sections diff per field)."""
    if isinstance(value, Mapping):
        return {}
    if isinstance(value, list):
        return []
    return None


def _keyed(items: list[Any], key: str) -> dict[str, Any] | None:
    """Returns list items by their identity, or None if they have none (or share one)."""
    if not items or not all(isinstance(i, Mapping) and key in i for i in items):
        return None
    keyed = {str(i[key]): i for i in items}
    return keyed if len(keyed) == len(items) else None


def _diff(path: str, name: str, old: Any, new: Any, out: list[FieldChange]) -> None:
    if old == new:
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in sorted(set(old) | set(new)):
            if key not in SKIPPED_NESTED:
                _diff(f"{path}.{key}", key, old.get(key), new.get(key), out)
        return
    if isinstance(old, list) and isinstance(new, list):
        identity = IDENTITY.get(name, "id")
        old_items, new_items = _keyed(old, identity), _keyed(new, identity)
        if (old_items is not None or not old) and (new_items is not None or not new):
            old_items, new_items = old_items or {}, new_items or {}
            for key in [*new_items, *(k for k in old_items if k not in new_items)]:
                _diff(f"{path}[{key}]", name, old_items.get(key), new_items.get(key), out)
            kept = [k for k in old_items if k in new_items]
            if kept + [k for k in new_items if k not in old_items] != list(new_items):
                out.append({"path": f"{path}[{ORDER}]", "before": kept, "after": list(new_items)})
            return
    out.append({"path": path, "before": plain(old), "after": plain(new)})


def apply_changes(document: Mapping[str, Any], changes: list[FieldChange]) -> dict[str, Any]:
    """Returns a plain copy of `document` with `changes` applied (each change's `after` set at
    its path; an item whose `after` is null removed; `[*]` reordering a list's items)."""
    result: dict[str, Any] = plain(document)
    for change in changes:
        _apply(result, "", _STEP.findall(change["path"]), change["after"])
    return result


def _apply(container: Any, name: str, steps: list[tuple[str, str]], value: Any) -> None:
    """Sets `value` at `steps` below `container` (`name`: the field holding `container`)."""
    (key, item), rest = steps[0], steps[1:]
    if key:  # a field of a record
        if not rest:
            container[key] = plain(value)
            return
        if container.get(key) is None:
            container[key] = [] if rest[0][1] else {}
        _apply(container[key], key, rest, value)
        return
    identity = IDENTITY.get(name, "id")
    if item == ORDER:
        by_id = {str(i[identity]): i for i in container}
        container[:] = [by_id[str(i)] for i in value]
        return
    index = next((n for n, i in enumerate(container) if str(i[identity]) == item), None)
    if rest:
        _apply(container[index], name, rest, value)
    elif value is None:
        del container[index]
    elif index is None:
        container.append(plain(value))
    else:
        container[index] = plain(value)
