"""Opaque pagination cursors: a list's sort position, JSON in URL-safe base64."""

from __future__ import annotations

import base64
import json


class InvalidCursor(ValueError):
    """A pagination cursor that this service did not issue."""


def encode_cursor(*position: str) -> str:
    """Returns the opaque cursor of a sort position (its values as strings)."""
    return base64.urlsafe_b64encode(json.dumps(list(position)).encode()).decode()


def decode_cursor(cursor: str, size: int) -> list[str]:
    """Returns the `size` values of the sort position in a cursor, or raises InvalidCursor."""
    try:
        position = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError) as error:
        raise InvalidCursor("invalid cursor") from error
    if (
        not isinstance(position, list)
        or len(position) != size
        or not all(isinstance(value, str) for value in position)
    ):
        raise InvalidCursor("invalid cursor")
    return position
