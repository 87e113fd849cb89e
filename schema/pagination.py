"""What every Relay-style list of the schema does alike: the paging arguments (`first` and
`after` forwards, `last` and `before` backwards, with the same cursors), their bounds, a
foreign cursor turned into a client error, and `PageInfo`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError

from projections.cursors import InvalidCursor
from projections.paging import Count, Flag, PageRequest
from schema.error_codes import ErrorCode

BAD_INPUT = {"code": ErrorCode.BAD_USER_INPUT}


@strawberry.type(
    description="Where a page of a Relay connection lies in the whole list, and the cursors "
    "to page on (Relay cursor connections specification)."
)
class PageInfo:
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first edge (pass it as `before` to read the "
        "page before this one); null when the page is empty."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last edge (pass it as `after` to read the next "
        "page); null when the page is empty."
    )
    next_flag: strawberry.Private[Flag]
    previous_flag: strawberry.Private[Flag]

    @strawberry.field(
        description="Whether edges follow this page in the list's order (paging forwards: "
        "read with the page; paging backwards: whether the `before` edge or any after it "
        "still exists, checked only when asked for)."
    )
    async def has_next_page(self) -> bool:
        return await self.next_flag.get()

    @strawberry.field(
        description="Whether edges come before this page in the list's order (paging "
        "backwards: read with the page; paging forwards: whether the `after` edge or any "
        "before it still exists, checked only when asked for; false without `after`)."
    )
    async def has_previous_page(self) -> bool:
        return await self.previous_flag.get()


def page_info(cursors: Sequence[str], has_next_page: Flag, has_previous_page: Flag) -> PageInfo:
    """Returns the page info of a page whose edges have these cursors."""
    return PageInfo(
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
        next_flag=has_next_page,
        previous_flag=has_previous_page,
    )


async def _total_count(root: Any) -> int:
    count: Count = root.count
    return await count.get()


def total_count_field(what: str) -> Any:
    """Returns a connection's `totalCount` field: how many `what` the whole list holds,
    counted (one more query) only when the client selects it."""
    return strawberry.field(
        resolver=_total_count,
        description=f"How many {what} the whole list holds now, across every page (the "
        "same whichever page is read). Costs a count of every match, run only when selected.",
    )


def first_argument(default: int, maximum: int) -> object:
    """Returns the `first` argument's GraphQL description for a list."""
    return strawberry.argument(
        description=f"Page forwards: at most this many edges (1 to {maximum}) after `after`. "
        f"Default {default} when neither `first` nor `last` is given; not with `last`."
    )


After = Annotated[
    str | None,
    strawberry.argument(
        description="Page forwards from this cursor (an `endCursor` or edge `cursor` this list "
        "issued): the edges after it. Another list's cursor is refused."
    ),
]
Before = Annotated[
    str | None,
    strawberry.argument(
        description="Page backwards from this cursor (a `startCursor` or edge `cursor` this "
        "list issued): the edges before it. Another list's cursor is refused."
    ),
]


def last_argument(maximum: int) -> object:
    """Returns the `last` argument's GraphQL description for a list."""
    return strawberry.argument(
        description=f"Page backwards: at most this many edges (1 to {maximum}) before `before` "
        "(or at the end of the list without it), in the list's order; not with `first`."
    )


def page_request(
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    default: int,
    maximum: int,
) -> PageRequest:
    """Returns the page a list's arguments ask for (`first` defaults to `default` when
    neither `first` nor `last` is given), or raises a client error naming the problem."""
    if first is not None and last is not None:
        raise GraphQLError(
            "pass first (with after) or last (with before), not both", extensions=BAD_INPUT
        )
    if last is not None:
        check_size("last", last, maximum)
        return PageRequest(last=last, after=after, before=before)
    first = default if first is None else first
    check_size("first", first, maximum)
    return PageRequest(first=first, after=after, before=before)


def check_size(name: str, value: int, maximum: int) -> None:
    """Raises a client error unless 1 <= value <= maximum."""
    if not 1 <= value <= maximum:
        raise GraphQLError(f"{name} must be between 1 and {maximum}", extensions=BAD_INPUT)


@contextlib.contextmanager
def cursor_errors() -> Iterator[None]:
    """Turns an InvalidCursor raised inside into a client error."""
    try:
        yield
    except InvalidCursor as error:
        detail = str(error).removeprefix("invalid cursor").lstrip(": ")
        raise GraphQLError(
            "invalid cursor: pass a cursor this list issued (an endCursor, startCursor or edge "
            "cursor of the same list and order)" + (f"; {detail}" if detail else ""),
            extensions=BAD_INPUT,
        ) from None
