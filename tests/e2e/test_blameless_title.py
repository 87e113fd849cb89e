"""`Postmortem.blamelessWarnings` through GraphQL covers the title, not only the narrative."""

from __future__ import annotations

from tests.support.live import LiveService
from tests.support.postmortem_graphql import GET, create_input, run

TITLE_WARNING = {"field": "title", "start": 0, "end": 9, "phrase": "Bob broke"}


def _without_messages(warnings: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{k: v for k, v in w.items() if k != "message"} for w in warnings]


def test_a_title_naming_a_person_as_the_cause_is_warned_about(service: LiveService) -> None:
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": create_input(title="Bob broke prod")}, with_id=False)  # fmt: skip
    assert _without_messages(created["blamelessWarnings"]) == [TITLE_WARNING]
    assert "names a person as the cause" in created["blamelessWarnings"][0]["message"]
    body = service.graphql(GET, {"id": created["id"]})
    assert "errors" not in body, body
    assert _without_messages(body["data"]["postmortem"]["blamelessWarnings"]) == [TITLE_WARNING]


def test_a_blameless_title_gets_no_warning(service: LiveService) -> None:
    title = "The deploy tool deleted the wrong volume"
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": create_input(title=title)}, with_id=False)  # fmt: skip
    assert created["blamelessWarnings"] == []
