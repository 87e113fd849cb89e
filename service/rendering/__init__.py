"""Exports of one postmortem, as pure functions of its document (no I/O, no clock).

``render_markdown``, ``render_html`` and ``render_pdf`` show every section;
``render_timeline_csv`` the timeline alone. They take the document the domain, the read
model or a published view gives (see ``view.py``) and depend on nothing but the domain's
plain values, so the API, the Git sync and notifications share them.
"""

from __future__ import annotations

from .html import render_html
from .markdown import render_markdown
from .pdf import PdfUnavailable, render_pdf
from .timeline_csv import render_timeline_csv

__all__ = [
    "PdfUnavailable",
    "render_html",
    "render_markdown",
    "render_pdf",
    "render_timeline_csv",
]
