"""A postmortem's timeline as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from .view import iso_time, text

COLUMNS = ("at", "kind", "description", "source", "id")
# Cells starting with these run as formulas in Excel, LibreOffice and Google Sheets (OWASP
# "CSV injection"); the audit export guards the same way.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def render_timeline_csv(document: Mapping[str, Any]) -> str:
    """Returns the timeline as CSV text: a header row, then one row per entry in time order.

    Columns: ``at`` (ISO 8601 UTC), ``kind``, ``description``, ``source``, ``id``. A cell a
    spreadsheet would run as a formula is prefixed with ``'``; line ends are ``\\r\\n``
    (RFC 4180).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in document.get("timeline") or []:
        writer.writerow(
            [
                guard_cell(iso_time(entry.get("at")) or ""),
                guard_cell(text(entry.get("kind"))),
                guard_cell(text(entry.get("description"))),
                guard_cell(text(entry.get("source"))),
                guard_cell(text(entry.get("id"))),
            ]
        )
    return buffer.getvalue()


def guard_cell(value: str) -> str:
    """Returns a cell a spreadsheet shows as text: formula-like text gets a leading ``'``."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
