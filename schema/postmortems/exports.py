"""Where to download a postmortem: the links of its exports (served by the HTTP API)."""

from __future__ import annotations

import strawberry


@strawberry.type(
    description="Download links of a postmortem's exports: paths on this API's origin, to GET "
    "with the same bearer token. Each shows the postmortem as the caller may see it now "
    "(append `?version=N` for an earlier version); a published revision exports as published."
)
class PostmortemExports:
    markdown: str = strawberry.field(
        description="Markdown with YAML front matter (id, version, state, severity, dates)."
    )
    html: str = strawberry.field(description="A standalone HTML page (no scripts, loads nothing).")
    pdf: str = strawberry.field(description="PDF (A4) of the same page.")
    timeline_csv: str = strawberry.field(
        description="The timeline as CSV (at, kind, description, source, id)."
    )

    @classmethod
    def for_postmortem(cls, postmortem_id: str) -> PostmortemExports:
        """Returns the export links of a postmortem."""
        base = f"/postmortems/{postmortem_id}"
        return cls(
            markdown=f"{base}.md",
            html=f"{base}.html",
            pdf=f"{base}.pdf",
            timeline_csv=f"{base}/timeline.csv",
        )
