"""What every Relay-style list of the schema does alike: bound `first`, turn a foreign cursor
into a client error, and say where the page ends."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

from graphql import GraphQLError

from projections.cursors import InvalidCursor
from schema.postmortems.types import PageInfo


def check_first(first: int, maximum: int) -> None:
    """Raises a client error unless 1 <= first <= maximum."""
    if not 1 <= first <= maximum:
        raise GraphQLError(f"first must be between 1 and {maximum}")


@contextlib.contextmanager
def cursor_errors() -> Iterator[None]:
    """Turns an InvalidCursor raised inside into a client error."""
    try:
        yield
    except InvalidCursor:
        raise GraphQLError("invalid cursor: pass an endCursor from a previous page") from None


def page_info(cursors: Sequence[str], has_next_page: bool) -> PageInfo:
    """Returns the page info of a page whose edges have these cursors."""
    return PageInfo(has_next_page=has_next_page, end_cursor=cursors[-1] if cursors else None)
