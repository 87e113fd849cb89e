"""Fewer writes with the same effect: folds a batch's operations on each document together.

Used where nobody watches the intermediate versions (a rebuild's private collections): a full
replacement or a delete of a document makes its earlier writes in the batch pointless, and
consecutive `$set`/`$inc`/`$max`/`$min`/`$unset`/`$setOnInsert` updates of one document become
one update.
A write that is not addressed to a single `_id` may touch any document, so nothing is folded
across it.
"""

from __future__ import annotations

from typing import Any

from pymongo.operations import DeleteOne, InsertOne, ReplaceOne, UpdateOne

from projections.base import WriteOp

MERGEABLE = frozenset({"$set", "$inc", "$max", "$min", "$unset", "$setOnInsert"})
_BARRIER = object()


def coalesced(ops: list[WriteOp]) -> list[WriteOp]:
    """Returns writes with the same final effect as `ops` applied in order (usually fewer)."""
    out: list[WriteOp | None] = []
    by_id: dict[Any, list[int]] = {}  # document -> indexes of its writes in `out`
    open_update: dict[Any, int] = {}  # document -> index of the update later ones fold into
    for op in ops:
        key = _document_of(op)
        if key is _BARRIER:
            by_id.clear()
            open_update.clear()
            out.append(op)
            continue
        if key is None:  # an insert without an _id: a new document, independent of the rest
            out.append(op)
            continue
        if isinstance(op, DeleteOne) or (isinstance(op, ReplaceOne) and op._upsert):
            for index in by_id.pop(key, []):
                out[index] = None
            open_update.pop(key, None)
        elif isinstance(op, UpdateOne) and _mergeable(op):
            at = open_update.get(key)
            earlier = out[at] if at is not None else None
            if at is not None and isinstance(earlier, UpdateOne):
                merged = _merge(earlier, op)
                if merged is not None:
                    out[at] = merged
                    continue
            open_update[key] = len(out)
        else:
            open_update.pop(key, None)
        by_id.setdefault(key, []).append(len(out))
        out.append(op)
    return [op for op in out if op is not None]


def _document_of(op: WriteOp) -> Any:
    """Returns the `_id` a write is confined to, None for a fresh insert, or `_BARRIER`."""
    if isinstance(op, InsertOne):
        return op._doc.get("_id")
    if isinstance(op, ReplaceOne | UpdateOne | DeleteOne):
        value = op._filter.get("_id")
        if set(op._filter) == {"_id"} and not isinstance(value, dict | list):
            return value
    return _BARRIER


def _mergeable(op: UpdateOne) -> bool:
    doc = op._doc
    return (
        isinstance(doc, dict)
        and set(doc) <= MERGEABLE
        and op._array_filters is None
        and op._collation is None
        and op._hint is None
    )


def _merge(first: UpdateOne, second: UpdateOne) -> UpdateOne | None:
    """Returns one update doing both, or None when their paths overlap in a way that the
    server would refuse in one update (or that changes the outcome)."""
    a, b = first._doc, second._doc
    if first._upsert != second._upsert or not isinstance(a, dict) or not isinstance(b, dict):
        return None
    merged: dict[str, dict[str, Any]] = {name: dict(fields) for name, fields in a.items()}
    for operator, fields in b.items():
        if operator == "$setOnInsert":
            continue  # after the first update the document exists: the second inserts nothing
        for path, value in fields.items():
            mine = merged.setdefault(operator, {})
            if path in mine:
                if operator == "$inc":
                    mine[path] = mine[path] + value
                elif operator == "$set":
                    mine[path] = value
                elif operator == "$max":
                    mine[path] = max(mine[path], value)
                elif operator == "$min":
                    mine[path] = min(mine[path], value)
                continue  # $unset: already unset
            if any(_overlap(path, other) for fields_ in merged.values() for other in fields_):
                return None
            mine[path] = value
    return UpdateOne(first._filter, merged, upsert=first._upsert)


def _overlap(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")
