"""Graceful stop on SIGTERM (what `docker stop` and Kubernetes send) as on Ctrl-C.

While a command runs inside `graceful_stop()`, the first SIGTERM or SIGINT calls the stop
callback the command set (the projector then ends its current batch cleanly; uvicorn has its
own handler while it serves, and stops the same way); with no callback set yet (still starting)
it interrupts at once. A second signal always interrupts at once. The previous handlers are
restored afterwards.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class GracefulStop:
    """What a signal does while a command runs."""

    def __init__(self) -> None:
        self.stop: Callable[[], None] | None = None
        self.received: list[int] = []

    def handle(self, signum: int, _frame: FrameType | None) -> None:
        """Calls the stop callback on the first signal; interrupts otherwise."""
        self.received.append(signum)
        if self.stop is None or len(self.received) > 1:
            raise KeyboardInterrupt
        self.stop()


@contextlib.contextmanager
def graceful_stop() -> Iterator[GracefulStop]:
    """Routes SIGTERM and SIGINT to a `GracefulStop` (main thread only) while the block runs."""
    state = GracefulStop()
    if threading.current_thread() is not threading.main_thread():
        yield state
        return
    previous = {sig: signal.signal(sig, state.handle) for sig in SIGNALS}
    try:
        yield state
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
