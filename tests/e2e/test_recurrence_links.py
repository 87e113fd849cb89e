"""A command that names another postmortem (`linkRecurrence`) applies the caller's read rule
to it: a postmortem the caller may not see is refused exactly like an id that does not exist,
so the answer never tells whether it exists (read_rules.can_view)."""

from __future__ import annotations

import uuid
from typing import Any

from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, run
from tests.support.security import snapshot

ALICE: dict[str, Any] = {"user": "alice", "roles": ("author",)}
BOB: dict[str, Any] = {"user": "bob", "roles": ("author",)}
ADA: dict[str, Any] = {"user": "ada", "roles": ("admin",)}
LINK = "$input: RecurrenceInput!"


def _draft(service: LiveService, title: str, **who: Any) -> str:
    data = create_input(title=title, incidentRef=None)
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": data}, with_id=False, **who)  # fmt: skip
    assert created["__typename"] == "Postmortem", created
    return str(created["id"])


def _link(service: LiveService, pm: str, other: str, **who: Any) -> dict[str, Any]:
    variables = {"id": pm, "v": 1, "input": {"postmortemId": other}}
    return run(service, "linkRecurrence", LINK, variables, **who)


def test_linking_to_a_draft_the_caller_cannot_see_reads_as_not_found(
    service: LiveService,
) -> None:
    mine = _draft(service, "Alice's draft", **ALICE)
    hidden = _draft(service, "Bob's draft", **BOB)
    random_id = str(uuid.uuid4())
    before = snapshot(service)

    absent = _link(service, mine, random_id, **ALICE)
    invisible = _link(service, mine, hidden, **ALICE)

    assert absent["__typename"] == invisible["__typename"] == "NotFound"
    # The same words, the id aside: nothing tells an invisible draft from no postmortem.
    assert invisible["message"].replace(hidden, "ID") == absent["message"].replace(random_id, "ID")
    assert invisible["id"] == hidden
    assert snapshot(service) == before  # nothing written, nothing projected

    # Someone who may see Bob's draft (an admin) links it: the rule is the read rule.
    linked = _link(service, mine, hidden, **ADA)
    assert linked["__typename"] == "Postmortem", linked
    assert linked["recurrenceOf"] == [hidden]
