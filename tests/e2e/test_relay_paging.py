"""Every list pages the same way (Relay cursor connections), through GraphQL over HTTP on the
real servers: `first`/`after` forwards and `last`/`before` backwards read the same rows in the
same order, `pageInfo` says where a page lies (`hasPreviousPage`, `startCursor`), and bad
paging arguments are refused with a typed error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.live import LiveService
from tests.support.publishing import CAROL, create_seed, submit
from tests.support.security import live_service

PAGE_INFO = "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
LISTS: dict[str, tuple[str, str, dict[str, Any]]] = {
    # list field: (extra arguments, node selection, caller)
    "postmortems": ("", "id", {"user": "alice", "roles": ("author",)}),
    "actionItems": ("", "item { id }", {"user": "alice", "roles": ("author",)}),
    "auditTrail": ("", "position", {"user": "carl", "roles": ("compliance",)}),
    "reviewQueueConnection": ("", "postmortemId", CAROL),
}


def query(field: str) -> str:
    _, node, _ = LISTS[field]
    return f"""query($first: Int, $after: String, $last: Int, $before: String) {{
      {field}(first: $first, after: $after, last: $last, before: $before) {{
        {PAGE_INFO} edges {{ cursor node {{ {node} }} }}
      }}
    }}"""


def read(service: LiveService, field: str, **arguments: Any) -> dict[str, Any]:
    body = service.graphql(query(field), arguments, **LISTS[field][2])
    assert "errors" not in body, body
    page: dict[str, Any] = body["data"][field]
    return page


def keys(page: dict[str, Any]) -> list[str]:
    return [str(sorted(edge["node"].values())) for edge in page["edges"]]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("paging"), mongodb_uri) as live:
        yield live


@pytest.fixture(scope="module")
def three_in_review(shared: LiveService) -> LiveService:
    for _ in range(3):
        pm, version = create_seed(shared, incidentRef=None)
        submit(shared, pm, version)
    return shared


@pytest.mark.parametrize("field", list(LISTS))
def test_backward_pages_read_the_same_rows_as_forward_pages(
    three_in_review: LiveService, field: str
) -> None:
    service = three_in_review
    whole = read(service, field, first=100)
    expected = keys(whole)
    assert len(expected) >= 3
    assert whole["totalCount"] == len(expected)
    assert whole["pageInfo"]["hasPreviousPage"] is False
    assert whole["pageInfo"]["startCursor"] == whole["edges"][0]["cursor"]

    forward, after, pages = [], None, 0
    while True:
        page = read(service, field, first=2, after=after)
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        assert page["totalCount"] == len(expected)
        forward += keys(page)
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert forward == expected
    assert pages == (len(expected) + 1) // 2

    backward: list[str] = []
    before = None
    while True:
        page = read(service, field, last=2, before=before)
        assert page["pageInfo"]["hasNextPage"] is (before is not None)
        backward = keys(page) + backward
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert backward == expected

    # Both bounds: the rows strictly between two cursors.
    cursors = [edge["cursor"] for edge in whole["edges"]]
    between = read(service, field, first=100, after=cursors[0], before=cursors[-1])
    assert keys(between) == expected[1:-1]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"first": 1, "last": 1}, "not both"),
        ({"last": 0}, "last must be between 1 and"),
        ({"first": 101}, "first must be between 1 and 100"),
        ({"last": 1, "before": "not-a-cursor"}, "invalid cursor"),
    ],
)
def test_bad_paging_arguments_are_refused_with_a_typed_error(
    three_in_review: LiveService, arguments: dict[str, Any], message: str
) -> None:
    body = three_in_review.graphql(query("postmortems"), arguments)
    assert body["data"] is None
    assert message in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_cursor_of_another_list_is_refused(three_in_review: LiveService) -> None:
    audit = read(three_in_review, "auditTrail", first=1)
    body = three_in_review.graphql(
        query("actionItems"), {"first": 1, "after": audit["pageInfo"]["endCursor"]}
    )
    assert body["data"] is None
    assert body["errors"][0]["message"].startswith("invalid cursor")
