"""A rebuild's catch-up: each batch prepared while the one before is written.

Only without transactions (a rebuild into its private collections): a failure can leave
written batches behind the recorded position, which only a replay that starts afresh
tolerates. A write refused for good (`PoisonedWrite`) may have left part of its batch written,
so the rebuild starts again knowing that poison (projections/rebuild.py).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from projections.batches import Target, Writes, project_batch
from projections.faults import Poison
from projections.parks import Park
from projections.runner import Projector, known_in


@dataclass
class _Prepared:
    targets: list[Target]  # the targets the batch was prepared for
    writes: Writes
    end: int
    poisons: list[Poison]


def catch_up_pipelined(projector: Projector, stop: int, after_batch: Callable[[], None]) -> int:
    """Applies batches up to `stop`, preparing each while the one before is written (the
    client's work overlaps the server's); returns how many events it read. `after_batch` is
    called after each batch is written."""
    if projector.transactional:
        raise ValueError("pipelined catch-up is for non-transactional projectors only")
    projector.refresh()
    active = [t for t in projector.targets if t.running]
    positions = {t.tracking_id: t.position for t in active}
    pending: queue.Queue[_Prepared | None] = queue.Queue(maxsize=2)
    failures: list[BaseException] = []

    def write() -> None:
        while (batch := pending.get()) is not None:
            if failures:
                continue  # drain, so the preparing side never blocks
            try:
                projector.committer.commit(batch.targets, batch.writes, batch.end, batch.poisons)
                after_batch()
            except BaseException as error:  # handed to the preparing thread
                failures.append(error)

    writer = threading.Thread(target=write, name="projector-writer", daemon=True)
    writer.start()
    read = 0
    try:
        while active and not failures and min(positions.values()) < stop:
            events = projector.events.read(min(positions.values()), projector.batch_size, stop)
            if events is None:
                break
            poisons = known_in(projector.known_poisons, positions, events.end)
            writes = project_batch(
                active, events, positions, poisons,
                max_document_bytes=projector.max_document_bytes,
            )  # fmt: skip
            if projector.coalesce:
                writes.coalesce()
            # Parks and halts found here are recorded with this batch; from the next one on,
            # a halted target is left alone and a parked postmortem's events are skipped.
            _carry(active, poisons)
            halted = {p.tracking_id for p in poisons if p.halts}
            positions = {
                name: p if name in halted else max(p, events.end) for name, p in positions.items()
            }
            pending.put(_Prepared(list(active), writes, events.end, poisons))
            active = [t for t in active if t.tracking_id not in halted]
            positions = {name: p for name, p in positions.items() if name not in halted}
            read += events.read
    except BaseException:
        failures.append(RuntimeError("preparing a batch failed"))
        raise
    finally:
        pending.put(None)
        writer.join()
        if failures:
            projector.forget()
    if failures:
        raise failures[0]
    return read


def _carry(active: Sequence[Target], poisons: Sequence[Poison]) -> None:
    """Makes the next batches skip the poisoned postmortems (their park is in this batch)."""
    for poison in poisons:
        for target in active:
            if (
                not poison.halts
                and target.tracking_id == poison.tracking_id
                and poison.postmortem_id not in target.parked
            ):
                target.parked[poison.postmortem_id] = Park(
                    poison.tracking_id, poison.postmortem_id, poison.position, poison.version,
                    poison.event_type, poison.error, datetime.now(UTC),
                )  # fmt: skip
