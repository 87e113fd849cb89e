"""CPU per rebuild stage: the thread CPU time spent reading events and replaying aggregates,
in the projections, and in the writer thread's commits, without a profiler's overhead.

`with stage_cpu() as seconds:` wraps `EventReader.read`, `project_batch` (as the pipelined
catch-up calls it) and `Committer.commit` for the block, and fills `seconds` by stage.
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import projections.pipeline as pipeline
from projections.batches import EventReader
from projections.commit import Committer


def _timed(function: Callable[..., Any], stage: str, seconds: defaultdict[str, float]) -> Any:
    def timed(*args: Any, **kwargs: Any) -> Any:
        began = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[stage] += time.thread_time() - began

    return timed


@contextlib.contextmanager
def stage_cpu() -> Iterator[defaultdict[str, float]]:
    """Yields thread CPU seconds by stage (`read + aggregates`, `projections`, `writes`),
    filled while the block runs; the wrapped functions are restored afterwards."""
    seconds: defaultdict[str, float] = defaultdict(float)
    patched = [
        (EventReader, "read", "read + aggregates"),
        (pipeline, "project_batch", "projections"),
        (Committer, "commit", "writes (writer thread)"),
    ]
    originals = [getattr(owner, name) for owner, name, _ in patched]
    for (owner, name, stage), original in zip(patched, originals, strict=True):
        setattr(owner, name, _timed(original, stage, seconds))
    try:
        yield seconds
    finally:
        for (owner, name, _), original in zip(patched, originals, strict=True):
            setattr(owner, name, original)
