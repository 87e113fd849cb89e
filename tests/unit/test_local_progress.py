"""Mutations wait for the in-process projector's commit instead of polling MongoDB."""

from __future__ import annotations

import asyncio
import threading

from projections.tracking import LocalProgress


async def test_a_waiter_wakes_when_a_projector_thread_commits_its_position() -> None:
    progress = LocalProgress()
    progress.advanced({"postmortems": 3})
    waiting = asyncio.create_task(progress.wait(["postmortems"], 5, timeout=5))
    await asyncio.sleep(0.01)
    assert not waiting.done()
    threading.Thread(target=progress.advanced, args=({"postmortems": 5},)).start()
    assert await waiting is True


async def test_a_waiter_gives_up_after_the_timeout_and_is_forgotten() -> None:
    progress = LocalProgress()
    progress.advanced({"postmortems": 1})
    assert await progress.wait(["postmortems"], 2, timeout=0.02) is False
    progress.advanced({"postmortems": 2})  # nothing left to wake
    assert await progress.wait(["postmortems"], 2, timeout=0.02) is True


def test_projections_not_run_in_this_process_are_not_covered() -> None:
    progress = LocalProgress()
    assert not progress.covers(["postmortems"])
    progress.advanced({"postmortems": 0})
    assert progress.covers(["postmortems"])
    assert not progress.covers(["postmortems", "audit_log"])
