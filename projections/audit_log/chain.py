"""The audit hash chain: one function, used by the projection that records it and by the
verifier that recomputes it from the event store alone.

Each link hashes what the event store holds for one event (position, originator id,
originator version, topic and the stored state bytes) together with the previous link's
hash, in notification order. Editing, deleting or reordering a stored event changes the
recomputed chain from that position on.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from service.domain.canonical import canonical_json

GENESIS = "0" * 64  # the "previous hash" of the first entry


def decode_state(state: bytes) -> str:
    """Returns the stored state bytes as text (UTF-8 JSON; base64 if not UTF-8, e.g. encrypted)."""
    try:
        return state.decode("utf-8")
    except UnicodeDecodeError:
        return "base64:" + base64.b64encode(state).decode()


@dataclass(frozen=True)
class Link:
    """One link of the chain: the digest of an event's stored content and the chained hash."""

    event_digest: str
    prev_hash: str
    hash: str


def link(
    *,
    position: int,
    originator_id: str,
    originator_version: int,
    topic: str,
    state: bytes,
    prev_hash: str,
) -> Link:
    """Returns the chain link of one stored event following `prev_hash`."""
    content = {
        "position": position,
        "originator_id": originator_id,
        "originator_version": originator_version,
        "topic": topic,
        "state": decode_state(state),
    }
    digest = hashlib.sha256(canonical_json(content)).hexdigest()
    chained = hashlib.sha256(canonical_json({**content, "prev_hash": prev_hash}))
    return Link(event_digest=digest, prev_hash=prev_hash, hash=chained.hexdigest())
