"""A postmortem as PDF: the HTML export laid out for print by WeasyPrint.

WeasyPrint (BSD, maintained by CourtBouillon) turns HTML and CSS into paginated PDF with
real tables, repeated table headers, page numbers and any Unicode text the system fonts
cover; rendering the same page as the HTML export keeps the two identical in content. It
needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0) and fonts (fonts-dejavu-core).
It is imported on first use, so the service runs without them; PDF export then raises
``PdfUnavailable``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .html import render_html


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) are not installed."""


def render_pdf(document: Mapping[str, Any]) -> bytes:
    """Returns the postmortem as a PDF (A4, bytes starting with ``%PDF-``).

    `document`: a postmortem document (see ``service.rendering.view``). Nothing is fetched
    while rendering (no URL, no file: the page has none, and the fetcher refuses any).
    Takes about 0.4 s of CPU for a 3-page postmortem (bench/exports.py); callers on an
    event loop should run it in a worker thread. Raises PdfUnavailable when WeasyPrint
    cannot be loaded.
    """
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:  # OSError: Pango missing
        raise PdfUnavailable(f"PDF rendering is not available here: {error}") from error

    class _NoFetching(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"exports load no resources (refused {url[:80]!r})")

    page = HTML(string=render_html(document), url_fetcher=_NoFetching(), media_type="print")
    pdf: bytes = page.write_pdf()
    return pdf
