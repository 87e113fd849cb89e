"""Drafts filled from an incident platform (PagerDuty, Opsgenie, a generic JSON webhook).

An import carries what one delivery knows about the incident: metadata (title, severity,
services, team, incident times) and log entries that become timeline entries. Choices:

- Idempotent in the aggregate: every delivery and every log entry has a key; the keys the
  postmortem has seen are part of its state (rebuilt from its events), so a redelivery, a
  retry on another replica or a replay after a restart changes nothing. A log entry whose
  timeline entry an author removed is not added again.
- Only a draft that was never submitted takes imports; afterwards the people own it.
- An author's edit wins: a field takes the platform's value only while it still holds the
  value the last import gave it (or is empty); the last imported values are kept as the
  baseline. A delivery older than the newest one applied adds its entries, not its metadata.
- The merge always leaves a valid incident window: a platform time that would put the window
  out of order next to an author's time (a detection before the start an author set) is
  skipped and reported (`ImportReport.fields_skipped`), never a refusal on every retry.
- Timeline entries beyond the postmortem's limit, and entries an author removed, are skipped
  (and counted), not an error.
- A `fallback` entry stands for an incident time (triggered, acknowledged, resolved) when the
  delivery sent no log entry of its kind: it is not added when the timeline already has an
  entry of that kind, and the log entry that arrives later replaces it (while an author has
  not edited it), so a milestone is on the timeline once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from . import validation as v
from .base import PostmortemBase
from .checks import check_metadata, check_timeline_entry, window_dict
from .errors import InvalidTransition
from .events import PostmortemEvent
from .events.drafting import set_metadata, sorted_timeline
from .import_window import WINDOW_KEYS, merge_window
from .limits import DEFAULT_LIMITS, PostmortemLimits
from .values import (
    CommandContext,
    IncidentWindow,
    PostmortemState,
    Severity,
    TimelineEntry,
    TimelineKind,
    new_id,
)

if TYPE_CHECKING:
    from .postmortem import Postmortem

METADATA_KEYS = ("title", "severity", "services", "team", *WINDOW_KEYS)


@dataclass(frozen=True)
class ImportedEntry:
    """One log entry of the incident, as a timeline entry to add (once, by `key`); a
    `fallback` stands for an incident time when no log entry of its kind was sent."""

    key: str
    at: datetime
    kind: TimelineKind
    description: str
    source: str
    fallback: bool = False


@dataclass(frozen=True)
class ImportedIncident:
    """What one delivery from an incident platform says about an incident.

    `metadata` holds only the fields this delivery knows, among ``METADATA_KEYS``:
    title (str), severity (Severity), services (list of str), team (str or None) and the
    window times (datetime, or None to clear one, e.g. resolved_at of a reopened incident).
    `observed_at` is when the platform reported this state (orders metadata updates).
    `authors` are the responders' user ids, already mapped by the integration's settings.
    """

    provider: str
    incident_ref: str
    delivery_key: str
    observed_at: datetime
    metadata: Mapping[str, Any] = field(default_factory=dict)
    entries: Sequence[ImportedEntry] = ()
    authors: Sequence[str] = ()


class ImportOutcome(StrEnum):
    """What an import did to the postmortem."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"  # a new delivery with nothing new in it
    DUPLICATE = "duplicate"  # this delivery was imported before


@dataclass(frozen=True)
class ImportReport:
    """How an import went: the outcome, how many timeline entries it added or skipped
    (skipped: over the timeline's limit, or removed by an author), and the metadata fields it
    did not take, each with why (`window.detected_at: ...`)."""

    outcome: ImportOutcome
    added: int = 0
    skipped: int = 0
    fields_skipped: tuple[str, ...] = ()


class IncidentImported(PostmortemEvent):
    """A delivery from an incident platform filled in the draft (see incident_import.py).

    ``metadata``: the title, severity, window, services, tags and team after the merge
    (MetadataUpdated's shape), or None when they did not change; ``entries``: timeline
    entries added (a fallback's dict also has ``"fallback": true``); ``authors``: responders
    added as authors; ``keys``: the delivery's key, then each added entry's, in the order of
    ``entries``; ``baseline``: the values this and earlier imports gave each field (an
    author's later edit of a field is kept); ``replaced``: ids of fallback entries that the
    log entries of their kind replace (version 2; none in version 1).
    """

    class_version: ClassVar[int] = 2

    provider: str
    delivery_key: str
    keys: list[str]
    metadata: dict[str, Any] | None
    baseline: dict[str, Any]
    entries: list[dict[str, Any]]
    authors: list[str]
    replaced: list[str]

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Version 1 replaced no fallback entry."""
        state["replaced"] = []

    def apply(self, aggregate: Postmortem) -> None:
        if self.metadata is not None:
            set_metadata(aggregate, self.metadata)
        if self.entries or self.replaced:
            kept = [e for e in aggregate.timeline if e.id not in self.replaced]
            added = [TimelineEntry.from_dict(entry) for entry in self.entries]
            aggregate.timeline = sorted_timeline([*kept, *added])
        aggregate.authors = (*aggregate.authors, *self.authors)
        aggregate.import_keys = aggregate.import_keys | frozenset(self.keys)
        aggregate.import_baseline = dict(self.baseline)
        # Which timeline entry each log entry became (replaced fallbacks are gone), and the
        # fallback entries as imported, by kind.
        gone = set(self.replaced)
        entry_ids = {k: i for k, i in aggregate.import_entry_ids.items() if i not in gone}
        fallbacks = {k: e for k, e in aggregate.import_fallbacks.items() if e["id"] not in gone}
        for key, entry in zip(self.keys[1:], self.entries, strict=False):
            entry_ids[key] = entry["id"]
            if entry.get("fallback"):
                fallbacks[entry["kind"]] = entry
        aggregate.import_entry_ids = entry_ids
        aggregate.import_fallbacks = fallbacks


class IncidentImports(PostmortemBase):
    """The import command of the Postmortem aggregate (see the module docstring)."""

    # Rebuilt from IncidentImported events; class-level defaults for postmortems without any.
    import_keys: frozenset[str] = frozenset()
    import_baseline: Mapping[str, Any] = {}  # never mutated, only replaced
    import_entry_ids: Mapping[str, str] = {}  # log entry key -> timeline entry id
    import_fallbacks: Mapping[str, Mapping[str, Any]] = {}  # kind -> fallback entry as imported

    @staticmethod
    def start_from_incident(
        *,
        ctx: CommandContext,
        incident: ImportedIncident,
        default_severity: Severity,
        postmortem_id: UUID | None = None,
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> tuple[Postmortem, ImportReport]:
        """Returns a new DRAFT made from the incident (the integration is its creator), with
        the delivery imported; fields the platform did not give get defaults."""
        meta = incident.metadata
        window = IncidentWindow(
            started_at=meta.get("started_at") or incident.observed_at,
            detected_at=meta.get("detected_at"),
            mitigated_at=meta.get("mitigated_at"),
            resolved_at=meta.get("resolved_at"),
        )
        from .postmortem import Postmortem  # the aggregate this class is a part of

        postmortem = Postmortem.create(
            ctx=ctx,
            title=meta.get("title") or f"Incident {incident.incident_ref}",
            severity=meta.get("severity") or default_severity,
            window=window,
            services=meta.get("services") or (),
            team=meta.get("team"),
            incident_ref=incident.incident_ref,
            postmortem_id=postmortem_id,
            limits=limits,
        )
        report = postmortem.import_incident(ctx=ctx, incident=incident, limits=limits)
        return postmortem, ImportReport(
            ImportOutcome.CREATED, report.added, report.skipped, report.fields_skipped
        )

    def import_incident(
        self,
        *,
        ctx: CommandContext,
        incident: ImportedIncident,
        limits: PostmortemLimits = DEFAULT_LIMITS,
    ) -> ImportReport:
        """Applies one delivery (at most one event); see the module docstring for the rules.

        Raises InvalidTransition once the postmortem was submitted (or withdrawn), and
        ValidationFailed when the merged metadata or an entry is invalid.
        """
        if incident.delivery_key in self.import_keys:
            return ImportReport(ImportOutcome.DUPLICATE)
        if (
            self.state is not PostmortemState.DRAFT
            or self.submitted_at is not None
            or self.published_revisions
        ):
            raise InvalidTransition(
                self.state, "import_incident",
                "the postmortem was submitted for review: imports only fill new drafts",
            )  # fmt: skip
        problems = v.Problems()
        entries, replaced, skipped = self._new_entries(incident.entries, problems, limits)
        metadata, fields_skipped = self._merged_metadata(incident, problems)
        problems.raise_if_any()
        authors = [a for a in dict.fromkeys(incident.authors) if a and a not in self.authors][
            : max(0, limits.authors - len(self.authors))
        ]
        not_taken = {field.split(":", 1)[0].removeprefix("window.") for field in fields_skipped}
        baseline = _baseline_after(self.import_baseline, incident, not_taken)
        keys = [incident.delivery_key, *(key for key, _, _ in entries)]
        changed = bool(entries or metadata or authors) or _values(baseline) != _values(
            self.import_baseline
        )
        if not changed:
            return ImportReport(ImportOutcome.UNCHANGED, 0, skipped, fields_skipped)
        self._trigger(
            IncidentImported, ctx, provider=incident.provider,
            delivery_key=incident.delivery_key, keys=keys, metadata=metadata,
            baseline=baseline, authors=authors, replaced=replaced, limits=limits,
            entries=[entry.to_dict() | ({"fallback": True} if fallback else {})
                     for _, entry, fallback in entries],
        )  # fmt: skip
        return ImportReport(ImportOutcome.UPDATED, len(entries), skipped, fields_skipped)

    def _new_entries(
        self, imported: Sequence[ImportedEntry], problems: v.Problems, limits: PostmortemLimits
    ) -> tuple[list[tuple[str, TimelineEntry, bool]], list[str], int]:
        """Returns the entries to add (key, entry, fallback; the earliest that fit), the ids of
        fallback entries they replace (still as imported: an author's edit makes one theirs),
        and how many entries were skipped: over the limit (their keys are not recorded, so a
        later delivery may add them) or removed by an author. A fallback is left out when
        the timeline has an entry of its kind."""
        present = {entry.id for entry in self.timeline}
        removed = [
            e for e in imported
            if e.key in self.import_entry_ids and self.import_entry_ids[e.key] not in present
        ]  # fmt: skip
        fresh = {entry.key: entry for entry in imported if entry.key not in self.import_keys}
        kinds = {entry.kind for entry in self.timeline}
        fresh = {k: e for k, e in fresh.items() if not (e.fallback and e.kind in kinds)}
        arriving = {e.kind.value for e in fresh.values() if not e.fallback}
        replaced = [
            str(fallback["id"])
            for kind, fallback in self.import_fallbacks.items()
            if kind in arriving and TimelineEntry.from_dict(fallback) in self.timeline
        ]
        room = max(0, limits.timeline_entries - len(self.timeline) + len(replaced))
        entries: list[tuple[str, TimelineEntry, bool]] = []
        now = v.utc_now()
        for index, entry in enumerate(sorted(fresh.values(), key=lambda x: x.at)[:room]):
            nested = v.Problems()
            check_timeline_entry(
                nested, at=entry.at, kind=entry.kind, description=entry.description,
                source=entry.source, now=now,
            )  # fmt: skip
            for problem in nested.items:
                problems.add(f"entries[{index}].{problem.field}", problem.message)
            if isinstance(entry.at, datetime) and entry.at.tzinfo is not None:
                at = v.to_utc(entry.at)
                added = TimelineEntry(new_id(), at, entry.kind, entry.description, entry.source)
                entries.append((entry.key, added, entry.fallback))
        return entries, replaced, max(0, len(fresh) - room) + len(removed)

    def _merged_metadata(
        self, incident: ImportedIncident, problems: v.Problems
    ) -> tuple[dict[str, Any] | None, tuple[str, ...]]:
        """Returns the MetadataUpdated-shaped payload after the merge (None: unchanged) and
        the window fields not taken, each with why (see `merge_window`)."""
        last_observed = self.import_baseline.get("observed_at")
        if last_observed is not None and incident.observed_at < last_observed:
            return None, ()
        current = _current_values(self)
        merged = dict(current)
        for key, incoming in _values(dict(incident.metadata)).items():
            if key not in METADATA_KEYS:
                continue
            mine = current[key]
            if mine in (None, "", []) or self.import_baseline.get(key, _UNSET) == mine:
                merged[key] = incoming
        window, skipped = merge_window(current, merged, self.import_baseline)
        merged.update(window)
        if merged == current:
            return None, skipped
        window_value = IncidentWindow(*(merged[key] for key in WINDOW_KEYS))
        severity = Severity(merged["severity"])
        check_metadata(
            problems, title=merged["title"], severity=severity, window=window_value,
            services=merged["services"], tags=list(self.tags), team=merged["team"],
            now=v.utc_now(),
        )  # fmt: skip
        return {
            "title": merged["title"],
            "severity": severity.value,
            "window": window_dict(window_value),
            "services": list(merged["services"]),
            "tags": list(self.tags),
            "team": merged["team"],
        }, skipped


_UNSET: Any = object()


def _values(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """Returns metadata as comparable plain values (severity as its name, lists as lists)."""
    plain: dict[str, Any] = {}
    for key, value in metadata.items():
        if key == "observed_at":
            continue
        if isinstance(value, Severity):
            value = value.value
        elif isinstance(value, tuple):
            value = list(value)
        plain[key] = value
    return plain


def _current_values(pm: PostmortemBase) -> dict[str, Any]:
    window = pm.window.to_dict()
    return {
        "title": pm.title,
        "severity": pm.severity.value,
        "services": list(pm.services),
        "team": pm.team,
        **{key: window[key] for key in WINDOW_KEYS},
    }


def _baseline_after(
    baseline: Mapping[str, Any], incident: ImportedIncident, not_taken: set[str]
) -> dict[str, Any]:
    """Returns the last imported values after this delivery (an older delivery's metadata
    was not applied, so it leaves the baseline as it was; a field not taken keeps its)."""
    last = baseline.get("observed_at")
    if last is not None and incident.observed_at < last:
        return dict(baseline)
    given = {k: val for k, val in _values(dict(incident.metadata)).items() if k not in not_taken}
    return {**baseline, **given, "observed_at": incident.observed_at}
