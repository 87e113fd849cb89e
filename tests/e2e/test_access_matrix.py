"""Who may do what, through real HTTP: every query and mutation, called by every role and
with every kind of bad token. A refused call changes nothing: not the event store, not the
read model. Adding an operation is one `Row` in `ROWS`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from service.application.permissions import can_view
from service.domain.values import Actor, CommandContext
from tests.support.live import LiveService
from tests.support.security import bad_tokens, live_service, snapshot
from tests.unit import factories

# Who calls: user id and roles. "owner" wrote the draft under test.
CALLERS: dict[str, tuple[str, frozenset[str]]] = {
    "owner": ("alice", frozenset({"author"})),
    "other author": ("bob", frozenset({"author"})),
    "reviewer": ("rita", frozenset({"reviewer"})),
    "compliance": ("carl", frozenset({"compliance"})),
    "admin": ("ada", frozenset({"admin"})),
    "no role": ("nina", frozenset()),
}
EVERYONE = frozenset(CALLERS)

CREATE = """
mutation Create($input: CreatePostmortemInput!) {
  createPostmortem(input: $input) { __typename ... on Postmortem { id } ... on Error { message } }
}"""
UPDATE_METADATA = """
mutation Update($id: ID!, $v: Int!) {
  updatePostmortemMetadata(id: $id, expectedVersion: $v, input: {
    title: "Renamed", severity: SEV2, incidentWindow: {startedAt: "2025-07-15T17:42:00Z"}
  }) { __typename ... on Postmortem { id title } ... on Error { message } }
}"""
GET = "query Get($id: ID!) { postmortem(id: $id) { id title state } }"
LIST = "{ postmortems(first: 100) { totalCount edges { node { id } } } }"
NEW_DRAFT = {
    "title": "Queue backlog",
    "severity": "SEV3",
    "incidentWindow": {"startedAt": "2025-07-15T17:42:00Z"},
}


@dataclass(frozen=True)
class Draft:
    """The postmortem each case acts on: a fresh draft written by the owner."""

    id: str
    version: int


def _mutated(field: str) -> Callable[[dict[str, Any], Draft], bool]:
    return lambda data, _: data[field]["__typename"] == "Postmortem"


def _listed(data: dict[str, Any], draft: Draft) -> bool:
    return draft.id in {edge["node"]["id"] for edge in data["postmortems"]["edges"]}


@dataclass(frozen=True)
class Row:
    """One operation: how to call it on a draft, who may, and how success looks."""

    operation: str
    document: str
    variables: Callable[[Draft], dict[str, Any]]
    allowed: frozenset[str]
    succeeded: Callable[[dict[str, Any], Draft], bool]


ROWS = [
    Row(
        "postmortem(id) of a draft",
        GET,
        lambda d: {"id": d.id},
        frozenset({"owner", "reviewer", "admin"}),
        lambda data, _: data["postmortem"] is not None,
    ),
    Row(
        "postmortems listing a draft",
        LIST,
        lambda d: {},
        frozenset({"owner", "reviewer", "admin"}),
        _listed,
    ),
    Row(
        "createPostmortem",
        CREATE,
        lambda d: {"input": NEW_DRAFT},
        frozenset({"owner", "other author", "admin"}),
        _mutated("createPostmortem"),
    ),
    Row(
        "updatePostmortemMetadata of a draft",
        UPDATE_METADATA,
        lambda d: {"id": d.id, "v": d.version},
        frozenset({"owner", "admin"}),
        _mutated("updatePostmortemMetadata"),
    ),
]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    """One service for the whole matrix (each case acts on its own fresh draft)."""
    with live_service(tmp_path_factory.mktemp("matrix"), mongodb_uri) as live:
        yield live


def _draft(service: LiveService) -> Draft:
    created = service.graphql(CREATE, {"input": NEW_DRAFT}, user="alice", roles=["author"])
    result = created["data"]["createPostmortem"]
    assert result["__typename"] == "Postmortem", result
    return Draft(id=result["id"], version=1)


@pytest.mark.parametrize("caller", sorted(CALLERS))
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.operation)
def test_each_role_may_do_exactly_what_the_rules_allow(
    shared: LiveService, row: Row, caller: str
) -> None:
    draft = _draft(shared)
    before = snapshot(shared)
    user, roles = CALLERS[caller]
    body = shared.graphql(row.document, row.variables(draft), user=user, roles=roles)
    assert "errors" not in body, body
    allowed = row.succeeded(body["data"], draft)
    assert allowed == (caller in row.allowed), body
    if not allowed:
        assert snapshot(shared) == before
        if row.document.lstrip().startswith("mutation"):
            result = next(iter(body["data"].values()))
            assert result["__typename"] in {"NotPermitted", "NotFound"}, result


BAD_TOKEN_PROBLEMS = [
    "no token",
    "not a JWT",
    "expired",
    "wrongly signed",
    "wrong audience",
    "wrong issuer",
    "not yet valid",
    "unsigned (alg none)",
    "without subject",
]


@pytest.mark.parametrize("problem", BAD_TOKEN_PROBLEMS)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.operation)
def test_a_missing_or_invalid_token_is_refused_and_changes_nothing(
    shared: LiveService, row: Row, problem: str
) -> None:
    draft = _draft(shared)
    before = snapshot(shared)
    token = bad_tokens(shared.settings)[problem]
    response = shared.post_graphql(row.document, row.variables(draft), token=token)
    assert response.status_code == 401, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert error["extensions"]["correlationId"] == response.headers["x-request-id"]
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert snapshot(shared) == before


def test_every_bad_token_kind_is_in_the_matrix(shared: LiveService) -> None:
    assert sorted(bad_tokens(shared.settings)) == sorted(BAD_TOKEN_PROBLEMS)


def test_the_total_count_counts_only_what_the_caller_may_see(shared: LiveService) -> None:
    _draft(shared)
    shared.graphql(CREATE, {"input": NEW_DRAFT}, user="bob", roles=["author"])
    documents = list(shared.db["postmortems"].find({}))
    for user, roles in CALLERS.values():
        listed = shared.graphql(LIST, user=user, roles=roles)["data"]["postmortems"]
        visible = {d["_id"] for d in documents if can_view(Actor(user, roles), {**d})}
        assert {edge["node"]["id"] for edge in listed["edges"]} == visible
        assert listed["totalCount"] == len(visible)


def test_a_draft_the_caller_may_not_see_reads_as_absent_not_forbidden(
    shared: LiveService,
) -> None:
    draft = _draft(shared)
    hidden = shared.graphql(GET, {"id": draft.id}, user="bob", roles=["author"])
    missing = shared.graphql(GET, {"id": "00000000-0000-4000-8000-000000000000"})
    assert hidden == missing == {"data": {"postmortem": None}}
    renamed = shared.graphql(
        UPDATE_METADATA, {"id": draft.id, "v": 1}, user="bob", roles=["author"]
    )
    assert renamed["data"]["updatePostmortemMetadata"]["__typename"] == "NotFound"


def test_a_reviewer_who_can_see_a_draft_may_still_not_edit_it(shared: LiveService) -> None:
    draft = _draft(shared)
    renamed = shared.graphql(
        UPDATE_METADATA, {"id": draft.id, "v": 1}, user="rita", roles=["reviewer"]
    )
    assert renamed["data"]["updatePostmortemMetadata"]["__typename"] == "NotPermitted"


def test_unknown_roles_in_a_token_grant_nothing(shared: LiveService) -> None:
    draft = _draft(shared)
    body = shared.graphql(GET, {"id": draft.id}, user="eve", roles=["superuser", "root"])
    assert body == {"data": {"postmortem": None}}


def _wait_for_version(service: LiveService, postmortem_id: str, version: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        doc = service.db["postmortems"].find_one({"_id": postmortem_id})
        if doc is not None and doc["version"] >= version:
            return
        time.sleep(0.02)
    raise AssertionError(f"postmortem {postmortem_id} never reached version {version}")


def test_a_published_postmortem_is_read_by_everyone_and_its_amendment_only_by_its_editors(
    shared: LiveService,
) -> None:
    postmortem = factories.published(factories.oauth_token_outage(incident_ref=None))
    shared.app.save(postmortem)
    pm_id = str(postmortem.id)
    _wait_for_version(shared, pm_id, postmortem.version)
    for caller, (user, roles) in CALLERS.items():
        read = shared.graphql(GET, {"id": pm_id}, user=user, roles=roles)["data"]["postmortem"]
        assert read == {"id": pm_id, "title": "OAuth token outage", "state": "PUBLISHED"}, caller
        listed = shared.graphql(LIST, user=user, roles=roles)["data"]
        assert _listed(listed, Draft(pm_id, 0)), caller

    alice = CommandContext(Actor("alice", frozenset({"author"})), "req-amend")
    amended = shared.app.amend(
        ctx=alice, postmortem_id=postmortem.id, expected_version=postmortem.version, reason="typo"
    )
    updated = shared.graphql(UPDATE_METADATA, {"id": pm_id, "v": amended.version})
    assert updated["data"]["updatePostmortemMetadata"]["title"] == "Renamed"
    seen = {
        caller: shared.graphql(GET, {"id": pm_id}, user=user, roles=roles)["data"]["postmortem"]
        for caller, (user, roles) in CALLERS.items()
    }
    editors = {"owner", "reviewer", "admin"}
    for caller, read in seen.items():
        if caller in editors:
            assert (read["title"], read["state"]) == ("Renamed", "DRAFT"), caller
        else:
            assert (read["title"], read["state"]) == ("OAuth token outage", "PUBLISHED"), caller
