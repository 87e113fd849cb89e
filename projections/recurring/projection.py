"""Keeps the recurring-incident views: per-postmortem term vectors and action-item state,
per-service incident facts, document frequencies, and counters: incidents per month by
service, category, severity and team (trends; per quarter hour on a month's first and last
UTC day, so that months of any time zone can be counted), and per day and month by (service,
category) (recurrence groups over any window without scanning the facts).

Everything is derived from the postmortem's documents before and after each event, so the
projection carries no state between changes; counters move by the difference (the runner's
transaction makes each `$inc` happen exactly once).
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pymongo import ASCENDING, DESCENDING, DeleteOne, IndexModel, ReplaceOne, UpdateOne

from projections.base import ProjectedEvent, Projection, WriteOp
from projections.recurring.documents import (
    SCOPES,
    bundle_day,
    edge_counter_keys,
    encode_key,
    facts,
    group_counter_keys,
    postmortem_view,
    scoped_documents,
    signature,
    trend_keys,
)
from service.domain.document import Document

POSTMORTEMS = "recurring_postmortems"
FACTS = "recurring_facts"
TERMS = "recurring_terms"
COUNTERS = "recurring_counters"
BUNDLES = "recurring_day_bundles"
CORPUS_SIZE_TERM = "_n"  # the df entry counting the documents of a scope (terms are [a-z0-9])
# Document frequencies live in this many documents per scope (maps of term -> df), so that a
# reader loads them all in a few hundred reads and then re-reads only the buckets that moved.
TERM_BUCKETS = 256


def views_of(doc: Mapping[str, Any] | None) -> dict[str, Document]:
    """Returns the postmortem's view document in each scope it is visible in."""
    return {scope: postmortem_view(d, scope) for scope, d in scoped_documents(doc).items()}


class IdentityMemo:
    """Remembers a pure function's result for the last few thousand objects it was given, by
    identity: the projector hands a postmortem's document after one event as its document
    before the next, so what was derived from it need not be derived again. Each entry keeps
    its object alive, so an id is never reused while remembered; the memo is emptied when full
    (dict operations are atomic, so threads sharing it see a result or recompute)."""

    def __init__(self, function: Callable[[Any], Any], max_size: int = 4_096) -> None:
        self._function = function
        self._max_size = max_size
        self._entries: dict[int, tuple[object, Any]] = {}

    def __call__(self, value: Any) -> Any:
        """Returns function(value), computed once per object while remembered."""
        entry = self._entries.get(id(value))
        if entry is not None and entry[0] is value:
            return entry[1]
        result = self._function(value)
        if len(self._entries) >= self._max_size:
            self._entries.clear()
        self._entries[id(value)] = (value, result)
        return result


def term_bucket(term: str) -> int:
    """Returns the document-frequency bucket a term's count lives in (stable across runs)."""
    return zlib.crc32(term.encode()) % TERM_BUCKETS


def term_bucket_id(scope: str, bucket: int) -> str:
    """Returns the id of a bucket of document frequencies."""
    return f"{scope}|{bucket:03d}"


def view_writes(
    before: Mapping[str, Document],
    after: Mapping[str, Document],
    position: int,
    keys: Callable[[Mapping[str, Any]], list[tuple[str, str, str]]] | None = None,
) -> Iterable[tuple[str, WriteOp]]:
    """Returns the writes that turn the views of `before` into those of `after` (`keys`:
    `counter_keys`, or a memo of it)."""
    for scope in SCOPES:
        old, new = before.get(scope), after.get(scope)
        if old == new:
            continue  # every write below is of a difference
        if new is None and old is not None:
            yield POSTMORTEMS, DeleteOne({"_id": old["_id"]})
        elif new is not None and new != old:
            yield POSTMORTEMS, ReplaceOne({"_id": new["_id"]}, new, upsert=True)
        old_facts = {f["_id"]: f for f in facts(old)} if old else {}
        new_facts = {f["_id"]: f for f in facts(new)} if new else {}
        for fact_id in sorted(old_facts.keys() - new_facts.keys()):
            yield FACTS, DeleteOne({"_id": fact_id})
        for fact_id, fact in sorted(new_facts.items()):
            if old_facts.get(fact_id) != fact:
                yield FACTS, ReplaceOne({"_id": fact_id}, fact, upsert=True)
        yield from _bundle_writes(scope, old, new)
        yield from _term_writes(scope, old, new, position)
        yield from _counter_writes(scope, old, new, keys or counter_keys)


def bundle_id(scope: str, day: str) -> str:
    """Returns the id of the day bundle of signatures of one scope."""
    return f"{scope}|{day}"


def _bundle_writes(
    scope: str, old: Document | None, new: Document | None
) -> Iterable[tuple[str, WriteOp]]:
    old_day = bundle_day(old) if old else None
    new_day = bundle_day(new) if new else None
    pm = (new or old or {}).get("postmortem_id")
    if old_day is not None and old_day != new_day:
        yield (
            BUNDLES,
            UpdateOne({"_id": bundle_id(scope, old_day)}, {"$unset": {f"entries.{pm}": ""}}),
        )
    if new is not None and new_day is not None:
        entry = signature(new)
        if old_day != new_day or old is None or signature(old) != entry:
            yield (
                BUNDLES,
                UpdateOne(
                    {"_id": bundle_id(scope, new_day)},
                    {
                        "$set": {f"entries.{pm}": entry},
                        "$setOnInsert": {"scope": scope, "day": new_day},
                    },
                    upsert=True,
                ),
            )


def _term_writes(
    scope: str, old: Document | None, new: Document | None, position: int
) -> Iterable[tuple[str, WriteOp]]:
    delta: Counter[str] = Counter()
    for term in old["terms"] if old else []:
        delta[term] -= 1
    for term in new["terms"] if new else []:
        delta[term] += 1
    delta[CORPUS_SIZE_TERM] = (new is not None) - (old is not None)
    by_bucket: dict[int, dict[str, int]] = defaultdict(dict)
    for term, event in sorted(delta.items()):
        if event:
            by_bucket[term_bucket(term)][f"df.{term}"] = event
    for bucket, increments in sorted(by_bucket.items()):
        yield (
            TERMS,
            UpdateOne(
                {"_id": term_bucket_id(scope, bucket)},
                {
                    "$inc": increments,
                    "$max": {"position": position},
                    "$setOnInsert": {"scope": scope, "bucket": bucket},
                },
                upsert=True,
            ),
        )


def counter_keys(view: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """Returns every (kind, bucket, field) counter a view adds one to: trends per dimension
    and UTC month (and per quarter hour on a month's first and last day, for other zones),
    (service, category) groups per day and month."""
    trends = [(dimension, month, encode_key(key)) for dimension, key, month in trend_keys(view)]
    return trends + edge_counter_keys(view) + group_counter_keys(view)


def counter_id(scope: str, kind: str, bucket: str) -> str:
    """Returns the id of the counter document of one kind, scope and bucket (month or day)."""
    return f"{scope}|{kind}|{bucket}"


def _counter_writes(
    scope: str,
    old: Document | None,
    new: Document | None,
    keys: Callable[[Mapping[str, Any]], list[tuple[str, str, str]]],
) -> Iterable[tuple[str, WriteOp]]:
    delta: Counter[tuple[str, str, str]] = Counter()
    for key in keys(old) if old else []:
        delta[key] -= 1
    for key in keys(new) if new else []:
        delta[key] += 1
    by_document: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for (kind, bucket, field), event in sorted(delta.items()):
        if event:
            by_document[(kind, bucket)][f"counts.{field}"] = event
    for (kind, bucket), increments in sorted(by_document.items()):
        yield (
            COUNTERS,
            UpdateOne(
                {"_id": counter_id(scope, kind, bucket)},
                {
                    "$inc": increments,
                    "$setOnInsert": {"scope": scope, "kind": kind, "bucket": bucket},
                },
                upsert=True,
            ),
        )


class RecurringProjection(Projection):
    """The recurring-incident views (SPEC section 7)."""

    name = "recurring"
    collections = (POSTMORTEMS, FACTS, TERMS, COUNTERS, BUNDLES)

    def indexes(self) -> Mapping[str, list[IndexModel]]:
        """Returns the indexes the recurring-incident queries use."""
        return {
            POSTMORTEMS: [
                IndexModel([("scope", ASCENDING), ("started_at", DESCENDING)]),
                IndexModel([("scope", ASCENDING), ("terms", ASCENDING)]),
                IndexModel([("scope", ASCENDING), ("recurrence_of", ASCENDING)]),
            ],
            FACTS: [
                IndexModel([("scope", ASCENDING), ("started_at", ASCENDING)]),
                IndexModel(
                    [
                        ("scope", ASCENDING),
                        ("service", ASCENDING),
                        ("category", ASCENDING),
                        ("started_at", ASCENDING),
                    ]
                ),
            ],
            TERMS: [IndexModel([("position", ASCENDING)])],
        }

    def __init__(self) -> None:
        # The document after one event is the one before the next (projections/aggregates.py):
        # its views and their counter keys are derived once.
        self._views = IdentityMemo(views_of)
        self._keys = IdentityMemo(counter_keys)

    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        """Returns the writes that move the views from the state before to after the event."""
        before, after = self._views(event.before), self._views(event.after)
        return list(view_writes(before, after, event.position, self._keys))
