"""The one canonical JSON encoding for hashes: the content hash approvals are bound to, and the
audit hash chain.

Sorted keys, no spaces, UTF-8 without escaping non-ASCII, datetimes as ISO 8601 strings. For
what the audit chain hashes (ASCII keys, strings, integers below 2**53) these bytes are exactly
RFC 8785's (JSON Canonicalization Scheme; tests/unit/test_canonical.py checks it against the
`rfc8785` package), so an outside verifier can recompute the chain with any RFC 8785
implementation. Content documents may hold floats, which RFC 8785 writes differently (2.0 as
"2"): approvals record content hashes, so changing the form would need a versioned hash.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any


def canonical_json(value: Any) -> bytes:
    """Returns the canonical UTF-8 bytes of plain data (dicts, lists, strings, numbers,
    booleans, None and datetimes); raises TypeError for anything else."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_value
    ).encode("utf-8")


def _json_value(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    msg = f"not a plain JSON value: {value!r}"
    raise TypeError(msg)
