"""Prints what one postmortem export costs: wall and CPU milliseconds per Markdown, HTML, PDF
and timeline CSV export of the seed postmortem (pure rendering, no database).

    .venv/bin/python -m bench.exports [--rounds 20]

The PDF figure is what `GET /postmortems/{id}.pdf` adds to a request on top of the read;
the API runs at most two PDF renders at once per process (service/api/postmortem_exports.py).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Mapping
from typing import Any

from service.rendering import render_html, render_markdown, render_pdf, render_timeline_csv
from tests.unit import factories

FORMATS: tuple[tuple[str, Callable[[Mapping[str, Any]], str | bytes], int], ...] = (
    ("markdown", render_markdown, 10),
    ("html", render_html, 10),
    ("pdf", render_pdf, 1),
    ("timeline csv", render_timeline_csv, 10),
)


def main() -> None:
    """Renders the seed postmortem in every format and prints the cost per export."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="PDF renders (others: 10x)")
    rounds = parser.parse_args().rounds
    document = factories.published().to_document(factories.POLICY)
    render_pdf(document)  # the first render loads fonts
    print(f"seed postmortem, published; {rounds} PDF renders, {rounds * 10} of the others")
    print("CPU is this process's alone: rendering reads no database (no server CPU to show)")
    print(f"{'format':<14}{'wall ms':>10}{'CPU ms':>10}{'bytes':>10}")
    for name, render, factor in FORMATS:
        count = rounds * factor
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(count):
            output = render(document)
        wall_ms = (time.perf_counter() - wall) / count * 1000
        cpu_ms = (time.process_time() - cpu) / count * 1000
        print(f"{name:<14}{wall_ms:>10.1f}{cpu_ms:>10.1f}{len(output):>10,}")


if __name__ == "__main__":
    main()
