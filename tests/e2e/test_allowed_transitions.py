"""`allowedTransitions` is decided on the read-model document: a list of postmortems asks the
event store nothing, and answers what the aggregate itself would allow."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

import pytest

from service.application.transitions import permitted_transitions
from service.domain import Actor, Postmortem
from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, run, write_seed_content

LIST = "{ postmortems(first: 50) { edges { node { id allowedTransitions } } } }"
AUTHOR = {"user": "alice", "roles": ("author",)}
REVIEWER = {"user": "carol", "roles": ("reviewer",)}
ADMIN = {"user": "ada", "roles": ("admin",)}


@pytest.fixture
def event_store_reads(service: LiveService) -> Iterator[list[str]]:
    """Records every read of stored events (aggregate loads) while the test runs."""
    recorder: Any = service.app.recorder
    reads: list[str] = []
    select_events: Callable[..., Any] = recorder.select_events

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(str(args[0] if args else kwargs.get("originator_id")))
        return select_events(*args, **kwargs)

    recorder.select_events = counted
    yield reads
    recorder.select_events = select_events


def _postmortems(service: LiveService) -> list[str]:
    """A draft, a postmortem in review and one approved once: different transitions each."""
    ids = []
    for title in ("Draft only", "In review", "Approved once"):
        data = create_input(title=title, severity="SEV3", incidentRef=None)
        created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                      {"input": data}, with_id=False)  # fmt: skip
        ids.append(str(created["id"]))
    for pm in ids[1:]:
        version = write_seed_content(service, pm, 1)["version"]
        version = run(service, "submitForReview", "", {"id": pm, "v": version})["version"]
        if pm == ids[2]:
            run(service, "approvePostmortem", "", {"id": pm, "v": version}, **REVIEWER)
    return ids


def _listed(service: LiveService, who: dict[str, Any]) -> dict[str, list[str]]:
    body = service.graphql(LIST, **who)
    assert "errors" not in body, body
    edges = body["data"]["postmortems"]["edges"]
    return {edge["node"]["id"]: edge["node"]["allowedTransitions"] for edge in edges}


def test_a_list_of_allowed_transitions_reads_nothing_from_the_event_store(
    service: LiveService, event_store_reads: list[str]
) -> None:
    ids = _postmortems(service)
    event_store_reads.clear()
    answers = {who["user"]: _listed(service, who) for who in (AUTHOR, REVIEWER, ADMIN)}
    assert event_store_reads == []
    # Withdrawing is for admins (role rule), whatever the state allows.
    assert answers["alice"][ids[0]] == [
        "EDIT", "SUBMIT_FOR_REVIEW", "COMMENT", "CHANGE_ACTION_ITEM_STATUS",
    ]  # fmt: skip
    assert "WITHDRAW" in answers["ada"][ids[0]]
    assert answers["carol"][ids[1]] == ["APPROVE", "REQUEST_CHANGES", "COMMENT"]
    # carol's approval counts: she may not approve again; one approval meets SEV3's policy.
    assert answers["carol"][ids[2]] == ["REQUEST_CHANGES", "PUBLISH", "COMMENT"]
    # The counter does see reads: a point-in-time read replays events.
    service.graphql(f'{{ postmortem(id: "{ids[0]}", asOfVersion: 1) {{ id }} }}', **AUTHOR)
    assert event_store_reads != []


def test_the_read_model_answer_is_what_the_aggregate_allows(service: LiveService) -> None:
    ids = _postmortems(service)
    for who in (AUTHOR, REVIEWER, ADMIN):
        actor = Actor(who["user"], frozenset(who["roles"]))
        listed = _listed(service, who)
        for pm in ids:
            aggregate = service.app.repository.get(UUID(pm))
            assert isinstance(aggregate, Postmortem)
            expected = permitted_transitions(
                actor, aggregate.allowed_transitions(actor, service.app.policy)
            )
            assert listed[pm] == [t.name for t in expected], (who, pm)


ITEM = """query($id: ID!) { postmortem(id: $id) { version allowedTransitions
  actionItems { id owner } } }"""


@pytest.mark.parametrize("roles", [("author",), ("reviewer",)])
def test_an_action_item_owner_is_offered_the_status_change_and_it_succeeds(
    service: LiveService, roles: tuple[str, ...]
) -> None:
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": create_input(incidentRef=None)}, with_id=False)  # fmt: skip
    pm = str(created["id"])
    item = {"title": "Rotate the signing keys", "owner": "Olga"}  # user ids ignore case
    added = run(service, "addActionItem", "$input: ActionItemInput!",
                {"id": pm, "v": 1, "input": item})  # fmt: skip
    olga = {"user": "olga", "roles": roles}

    seen = service.graphql(ITEM, {"id": pm}, **olga)["data"]["postmortem"]
    assert seen["allowedTransitions"] == ["COMMENT", "CHANGE_ACTION_ITEM_STATUS"]
    (owned,) = seen["actionItems"]
    changed = run(service, "changeActionItemStatus",
                  "$itemId: ID!, $input: ActionItemStatusInput!",
                  {"id": pm, "v": added["version"], "itemId": owned["id"],
                   "input": {"status": "IN_PROGRESS"}}, **olga)  # fmt: skip
    assert changed["__typename"] == "Postmortem", changed
    assert [i["status"] for i in changed["actionItems"]] == ["IN_PROGRESS"]


def test_an_author_who_reviews_cannot_approve_but_publishes_what_others_approved(
    service: LiveService,
) -> None:
    """Separation of duties (SPEC §2) is on approvals: those that count are by reviewers who
    are not authors, bound to the exact content; publishing that content adds no judgement,
    so an author with the reviewer role may publish it (README: Workflow)."""
    pat = {"user": "pat", "roles": ("author", "reviewer")}
    data = create_input(title="Pat's own", severity="SEV3", incidentRef=None)
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": data}, with_id=False, **pat)  # fmt: skip
    pm = str(created["id"])
    version = run(service, "addAuthor", "$input: AddAuthorInput!",
                  {"id": pm, "v": 1, "input": {"userId": "alice"}}, **pat)["version"]  # fmt: skip
    version = write_seed_content(service, pm, version)["version"]  # written by alice
    version = run(service, "submitForReview", "", {"id": pm, "v": version}, **pat)["version"]

    own = run(service, "approvePostmortem", "", {"id": pm, "v": version}, **pat)
    assert own["__typename"] == "NotPermitted", own
    assert "APPROVE" not in _listed(service, pat)[pm]
    version = run(service, "approvePostmortem", "", {"id": pm, "v": version}, **REVIEWER)["version"]
    assert "PUBLISH" in _listed(service, pat)[pm]
    published = run(service, "publishPostmortem", "", {"id": pm, "v": version}, **pat)
    assert published["state"] == "PUBLISHED", published
    (revision,) = published["revisions"]
    assert [a["reviewer"] for a in revision["approvals"]] == ["carol"]
