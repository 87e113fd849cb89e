"""The rebuild bar shows the true replay rate (events replayed / seconds since the start)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from service.cli import rebuild_progress
from service.cli.rebuild_progress import RebuildBar


def test_the_bar_shows_events_per_second_since_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([100.0, 102.0, 104.0])
    monkeypatch.setattr(rebuild_progress.time, "perf_counter", lambda: next(clock))
    out = io.StringIO()
    bar = RebuildBar(4_000, Console(file=out, width=120, force_terminal=False))
    bar.show(1_000, 4_000)
    assert bar.rate == 500.0
    bar.show(3_000, 4_000)
    assert bar.rate == 750.0
    with bar:
        pass
    assert "750 events/s" in out.getvalue()
