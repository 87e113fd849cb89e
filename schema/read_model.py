"""What a response says about the read model behind the postmortems it shows.

Each `Postmortem` answers `readModel { state reason projections }`; a response in which any
postmortem is not CURRENT also carries `extensions.readModel`: "PENDING" (a mutation's change is
not readable yet: read again shortly) or "STALE" (a projection parked the postmortem or halted:
an operator must act), the worse of the two when both occur. Nothing old is ever shown silently.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import SchemaExtension

from projections.parks import ReadModelNote
from projections.parks import ReadModelState as State
from projections.staleness import combined

ReadModelState = strawberry.enum(
    State,
    name="ReadModelState",
    description="CURRENT: the read model shows this version. PENDING: a mutation succeeded but "
    "the read model did not show it within READ_YOUR_WRITES_TIMEOUT (or MongoDB did not answer); "
    "this answer comes from the event store, and a query may read the older version (or null) "
    "until it catches up: read again shortly. STALE: a projection could not apply this "
    "postmortem's events (it is parked) or halted; lists and views may show an older version "
    "until an operator runs `postmortems projection retry`.",
)


@strawberry.type(description="Whether what you read is what the event store holds.")
class ReadModelStatus:
    state: ReadModelState  # type: ignore[valid-type]
    reason: str | None = strawberry.field(description="Why it is not CURRENT.")
    projections: list[str] = strawberry.field(description="The read models that lag for it.")

    @classmethod
    def from_note(cls, note: ReadModelNote) -> ReadModelStatus:
        """Returns the GraphQL view of a note."""
        return cls(state=note.state, reason=note.reason, projections=list(note.projections))


class ReadModelExtension(SchemaExtension):
    """Adds `extensions.readModel` to a response that showed a postmortem not CURRENT."""

    def get_results(self) -> dict[str, Any]:
        """Returns the extension entry (none when everything shown was current)."""
        notes = getattr(self.execution_context.context, "read_model_notes", None) or []
        worst = combined(*notes)
        if worst.state is State.CURRENT:
            return {}
        return {"readModel": worst.state.value}
