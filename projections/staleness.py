"""Whether a postmortem's read models are behind for a reason that will not pass by itself:
parked postmortems and halted projections (projections/parks.py), as the API asks it.

With the projector in this process (`LocalProgress`) the answer comes from memory; otherwise
from one query of `projection_parks` for the postmortems a request reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from projections.parks import Park, ReadModelNote, ReadModelState, parks_of
from projections.tracking import LocalProgress
from service.domain.document import Document


class Staleness:
    """Parks of the postmortems a request reads."""

    def __init__(
        self,
        db: AsyncDatabase[Document],
        names: Sequence[str],
        progress: LocalProgress | None = None,
    ) -> None:
        self.db = db
        self.names = tuple(names)
        self.progress = progress

    async def parks_of(self, postmortem_ids: Sequence[str]) -> dict[str, list[Park]]:
        """Returns each postmortem's parks (empty lists for most)."""
        if self.progress is not None and self.progress.covers(self.names):
            known = self.progress.parks_of(self.names, postmortem_ids)
            if known is not None:
                return known
        found = await parks_of(self.db, postmortem_ids)
        return {pid: [p for p in found.get(pid, []) if p.tracking_id in self.names]
                for pid in postmortem_ids}  # fmt: skip

    async def notes_of(self, postmortem_ids: Sequence[str]) -> dict[str, ReadModelNote]:
        """Returns, for each postmortem, CURRENT or STALE with the reason."""
        parks = await self.parks_of(postmortem_ids)
        return {pid: ReadModelNote.of_parks(parks.get(pid, [])) for pid in postmortem_ids}


def halted_note(halted: Mapping[str, Mapping[str, Any]]) -> ReadModelNote | None:
    """Returns STALE naming halted projections (nothing of theirs is current), or None."""
    if not halted:
        return None
    reasons = [
        f"{name} halted at position {halt.get('position')} ({halt.get('event_type')} of "
        f"postmortem {halt.get('postmortem_id')}): {halt.get('error')}"
        for name, halt in sorted(halted.items())
    ]
    return ReadModelNote(ReadModelState.STALE, "; ".join(reasons)[:1_000], tuple(sorted(halted)))


def combined(*notes: ReadModelNote | None) -> ReadModelNote:
    """Returns the worst of several notes (STALE before PENDING before CURRENT), reasons and
    projections joined."""
    present = [n for n in notes if n is not None and n.state is not ReadModelState.CURRENT]
    if not present:
        return ReadModelNote(ReadModelState.CURRENT)
    order = {ReadModelState.STALE: 0, ReadModelState.PENDING: 1}
    worst = min(present, key=lambda n: order[n.state]).state
    reasons = "; ".join(n.reason for n in present if n.reason)
    projections = tuple(sorted({p for n in present for p in n.projections}))
    return ReadModelNote(worst, reasons[:1_000] or None, projections)
