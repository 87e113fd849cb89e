"""The rebuild command's progress bar: position of the replay, true events/s and ETA."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


class RebuildBar:
    """Shows how far a rebuild replayed the log; the rate is the events replayed since the
    start divided by the seconds since then (the figure the summary line reports too)."""

    def __init__(self, head: int, console: Console | None = None) -> None:
        self._started = time.perf_counter()
        self.rate = 0.0
        self._progress = Progress(
            TextColumn("[bold]rebuilding"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>10,.0f} events/s"),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
        )
        self._task = self._progress.add_task("rebuild", total=max(head, 1), rate=0.0)

    def show(self, position: int, head: int) -> None:
        """Moves the bar to `position` of `head` (the replay starts at position 0)."""
        elapsed = time.perf_counter() - self._started
        self.rate = position / elapsed if elapsed > 0 else 0.0
        self._progress.update(self._task, completed=position, total=max(head, 1), rate=self.rate)

    def __enter__(self) -> RebuildBar:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()
