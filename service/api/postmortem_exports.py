"""Exports of one postmortem over HTTP: Markdown, HTML, PDF and the timeline as CSV.

`GET /postmortems/{id}.md|.html|.pdf` and `GET /postmortems/{id}/timeline.csv`, optionally
`?version=N`. The bearer token and the read rules of `service.application.read_rules` apply: a
postmortem the caller may not see is 404, exactly like one that does not exist; a reader
who may not see an amendment in progress gets the last published revision.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from anyio import CapacityLimiter, to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from projections.dependencies import Dependencies
from schema.error_codes import ErrorCode
from service.api.auth import AuthenticationFailed
from service.api.errors import error_response
from service.api.exports import caller
from service.application.read_rules import as_seen_at, can_view
from service.domain import PostmortemNotFound
from service.domain.document import Document
from service.domain.values import Actor
from service.rendering import (
    PdfUnavailable,
    render_html,
    render_markdown,
    render_pdf,
    render_timeline_csv,
)

# The exported page loads nothing and runs nothing; its stylesheet is inline.
HTML_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
# PDF rendering takes CPU seconds: at most this many at once per process.
PDF_RENDERS_AT_ONCE = 2


@dataclass(frozen=True)
class ExportFormat:
    """One export: how it renders, its media type and how browsers should treat it."""

    extension: str
    render: Callable[[Mapping[str, Any]], str | bytes]
    media_type: str
    disposition: str  # "inline" (view) or "attachment" (download)
    in_thread: bool = False


FORMATS = (
    ExportFormat("md", render_markdown, "text/markdown; charset=utf-8", "attachment"),
    ExportFormat("html", render_html, "text/html; charset=utf-8", "inline"),
    ExportFormat("pdf", render_pdf, "application/pdf", "inline", in_thread=True),
    ExportFormat("csv", render_timeline_csv, "text/csv; charset=utf-8", "attachment"),
)


class _NotFound(LookupError):
    """Absent, hidden, or no such version (all answered the same way)."""


class _BadRequest(ValueError):
    """A query parameter is invalid."""


def postmortem_export_routes(deps: Dependencies) -> list[Route]:
    """Returns the routes of the postmortem exports."""
    limiter: list[CapacityLimiter] = []  # made on first use, inside the event loop

    def endpoint(fmt: ExportFormat) -> Callable[[Request], Awaitable[Response]]:
        async def export(request: Request) -> Response:
            try:
                actor = caller(deps, request)
                version = _version(request)
                postmortem_id: UUID = request.path_params["postmortem_id"]
                doc = await visible_document(deps, actor, postmortem_id, version)
                if fmt.in_thread:
                    if not limiter:
                        limiter.append(CapacityLimiter(PDF_RENDERS_AT_ONCE))
                    body = await to_thread.run_sync(fmt.render, doc, limiter=limiter[0])
                else:
                    body = fmt.render(doc)
            except AuthenticationFailed as error:
                return _error(request, 401, ErrorCode.UNAUTHENTICATED, str(error))
            except _BadRequest as error:
                return _error(request, 400, ErrorCode.BAD_REQUEST, str(error))
            except _NotFound as error:
                return _error(request, 404, ErrorCode.NOT_FOUND, str(error))
            except PdfUnavailable as error:
                return _error(request, 503, ErrorCode.UNAVAILABLE, str(error))
            name = f"postmortem-{postmortem_id}-v{doc['version']}"
            filename = (
                f"{name}-timeline.csv" if fmt.extension == "csv" else f"{name}.{fmt.extension}"
            )
            headers = {"Content-Disposition": f'{fmt.disposition}; filename="{filename}"'}
            if fmt.extension == "html":
                headers["Content-Security-Policy"] = HTML_CSP
            return Response(body, media_type=fmt.media_type, headers=headers)

        return export

    routes = [
        Route(f"/postmortems/{{postmortem_id:uuid}}.{fmt.extension}", endpoint(fmt))
        for fmt in FORMATS
        if fmt.extension != "csv"
    ]
    csv_format = next(fmt for fmt in FORMATS if fmt.extension == "csv")
    routes.append(Route("/postmortems/{postmortem_id:uuid}/timeline.csv", endpoint(csv_format)))
    return routes


async def visible_document(
    deps: Dependencies, actor: Actor, postmortem_id: UUID, version: int | None
) -> Document:
    """Returns the postmortem as the actor may see it (at `version`, if given), or raises
    _NotFound: absent and hidden read the same; readers who may not see drafts get the last
    published revision, and only published versions of the past."""
    if version is None:
        doc = await deps.postmortems.get(str(postmortem_id), actor=actor)
        if doc is None:
            raise _NotFound(f"no postmortem {postmortem_id}")
        return doc
    current = await deps.postmortems.get_unfiltered(str(postmortem_id))
    if current is None or not can_view(actor, current):
        raise _NotFound(f"no postmortem {postmortem_id}")
    app = deps.app

    def read() -> Document | None:
        latest = app.current_version(postmortem_id)
        if version > latest:
            return None
        return app.document(postmortem_id, version=version)

    try:
        past = await to_thread.run_sync(read)
    except PostmortemNotFound:
        past = None
    doc = as_seen_at(actor, current, past)
    if doc is None:
        raise _NotFound(f"postmortem {postmortem_id} has no version {version} you may see")
    return doc


def _version(request: Request) -> int | None:
    unknown = set(request.query_params) - {"version"}
    if unknown:
        raise _BadRequest(f"unknown query parameters: {', '.join(sorted(unknown))}")
    raw = request.query_params.get("version")
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise _BadRequest(f"version must be a whole number from 1, got {raw[:20]!r}")
    return int(raw)


def _error(request: Request, status: int, code: ErrorCode, message: str) -> Response:
    return error_response(status, code, message, scope=request.scope)
