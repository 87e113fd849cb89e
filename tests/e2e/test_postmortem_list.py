"""The postmortem list's filters, through GraphQL over HTTP on the real servers: each filter
and their combination, counts, bad filters refused, and no unpublished content revealed."""

from __future__ import annotations

from typing import Any

from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, run, write_seed_content

LIST = """
query List($filter: PostmortemFilter, $first: Int! = 20) {
  postmortems(first: $first, filter: $filter) {
    totalCount edges { node { id title summary state } }
  }
}
"""
READER = {"user": "bob", "roles": ("author",)}
REVIEWER = {"user": "carol", "roles": ("reviewer",)}


def create(service: LiveService, title: str, **fields: Any) -> str:
    started = fields.pop("started", "2025-07-15T17:42:00Z")
    data = {
        "title": title,
        "severity": fields.pop("severity", "SEV3"),
        "incidentWindow": {"startedAt": started},
        **fields,
    }
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": data}, with_id=False)  # fmt: skip
    assert created["__typename"] == "Postmortem", created
    return str(created["id"])


def listed(live: LiveService, who: dict[str, Any] | None = None, /, **wanted: Any) -> list[str]:
    """Returns the titles listed for the filter (asserting totalCount agrees)."""
    body = live.graphql(LIST, {"filter": wanted}, **(who or {}))
    assert "errors" not in body, body
    page = body["data"]["postmortems"]
    titles = [edge["node"]["title"] for edge in page["edges"]]
    assert page["totalCount"] == len(titles)
    return sorted(titles)


def test_each_filter_and_their_combination_select_the_matching_postmortems(
    service: LiveService,
) -> None:
    create(service, "Login outage", severity="SEV1", services=["auth"], team="Identity",
           tags=["oauth"], started="2025-03-01T10:00:00Z")  # fmt: skip
    create(service, "Payments slow", severity="SEV2", services=["payments", "auth"],
           team="Payments", tags=["latency"], started="2025-06-01T10:00:00Z")  # fmt: skip
    create(service, "Search index stale", severity="SEV3", services=["search"],
           team="Platform", tags=["oauth"], started="2025-09-01T10:00:00Z")  # fmt: skip
    summary = {"summary": "Customers could not LOG IN for 20 minutes."}
    search = create(service, "Quiet night", severity="SEV4", services=["search"], team="Platform")
    run(service, "writeSummary", "$input: SummaryInput!", {"id": search, "v": 1, "input": summary})

    assert listed(service) == ["Login outage", "Payments slow", "Quiet night",
                               "Search index stale"]  # fmt: skip
    assert listed(service, severities=["SEV1", "SEV2"]) == ["Login outage", "Payments slow"]
    assert listed(service, service="auth") == ["Login outage", "Payments slow"]
    assert listed(service, team="Platform") == ["Quiet night", "Search index stale"]
    assert listed(service, tag="oauth") == ["Login outage", "Search index stale"]
    assert listed(service, startedFrom="2025-05-01T00:00:00Z",
                  startedTo="2025-09-01T10:00:00Z") == ["Payments slow", "Quiet night"]  # fmt: skip
    # Title or summary, case-insensitive, the words taken literally.
    assert listed(service, text="log") == ["Login outage", "Quiet night"]
    assert listed(service, text="log.n") == []
    assert listed(service, states=["DRAFT"], service="search", severities=["SEV3"]) == [
        "Search index stale"
    ]
    assert listed(service, states=["PUBLISHED"]) == []
    # Reviewers see every draft; a reader none of these (drafts of others), counts included.
    assert listed(service, REVIEWER, tag="oauth") == ["Login outage", "Search index stale"]
    assert listed(service, READER) == []
    assert listed(service, READER, text="outage") == []


def test_bad_filters_are_refused_with_every_problem_named(service: LiveService) -> None:
    create(service, "Login outage")
    wanted = {"text": "x" * 201, "service": "  ", "startedFrom": "2025-02-01T00:00:00Z",
              "startedTo": "2025-01-01T00:00:00Z"}  # fmt: skip
    body = service.graphql(LIST, {"filter": wanted})
    assert body["data"] is None
    [error] = body["errors"]
    assert error["message"] == (
        "filter.service must be 1 to 100 characters; filter.text must be 1 to 200 characters; "
        "filter.startedFrom must be before filter.startedTo"
    )
    wrong_type = service.graphql(LIST, {"filter": {"severities": ["SEV9"]}})
    assert wrong_type["data"] is None
    assert "SEV9" in wrong_type["errors"][0]["message"]


def test_a_reader_finds_an_amended_postmortem_by_its_published_content_only(
    service: LiveService,
) -> None:
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": create_input()}, with_id=False)  # fmt: skip
    pm = created["id"]
    write_seed_content(service, pm, version=1)
    run(service, "submitForReview", variables={"id": pm, "v": 15})
    run(service, "approvePostmortem", variables={"id": pm, "v": 16}, **REVIEWER)
    run(service, "approvePostmortem", variables={"id": pm, "v": 17}, user="dave",
        roles=("reviewer",))  # fmt: skip
    run(service, "publishPostmortem", variables={"id": pm, "v": 18}, **REVIEWER)
    run(service, "amendPostmortem", "$input: AmendInput!",
        {"id": pm, "v": 19, "input": {"reason": "Add the customer notice."}})  # fmt: skip
    run(service, "writeSummary", "$input: SummaryInput!",
        {"id": pm, "v": 20, "input": {"summary": "Zebra notice sent to customers."}})  # fmt: skip

    # The author (and reviewers) search the draft being amended ...
    assert listed(service, text="zebra") == ["OAuth token outage"]
    assert listed(service, REVIEWER, text="zebra", states=["DRAFT"]) == ["OAuth token outage"]
    # ... a reader neither finds nor counts it by a word of the draft, nor as a draft ...
    assert listed(service, READER, text="zebra") == []
    assert listed(service, READER, states=["DRAFT"]) == []
    # ... but finds it by its published content, and is shown that content.
    body = service.graphql(LIST, {"filter": {"text": "token", "states": ["PUBLISHED"]}}, **READER)
    [edge] = body["data"]["postmortems"]["edges"]
    assert edge["node"]["state"] == "PUBLISHED"
    assert "Zebra" not in edge["node"]["summary"]
    assert body["data"]["postmortems"]["totalCount"] == 1


def test_the_author_filter_lists_one_users_postmortems(service: LiveService) -> None:
    """ "My drafts": the author filter, alone and with states; never beyond visibility."""
    create(service, "Mine")
    create(service, "Also mine")
    bobs = {"title": "Bob's", "severity": "SEV4",
            "incidentWindow": {"startedAt": "2025-07-15T17:42:00Z"}}  # fmt: skip
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": bobs}, with_id=False, user="bob")  # fmt: skip
    assert created["__typename"] == "Postmortem"
    assert listed(service, REVIEWER, author="alice") == ["Also mine", "Mine"]
    assert listed(service, REVIEWER, author="bob") == ["Bob's"]
    assert listed(service, REVIEWER, author="bob", states=["PUBLISHED"]) == []
    assert listed(service, {"user": "bob", "roles": ("author",)}, author="bob") == ["Bob's"]
    # Another author's drafts stay invisible, whatever the filter says.
    assert listed(service, READER, author="alice") == []
    refused = service.graphql(LIST, {"filter": {"author": " "}})
    assert "filter.author must be 1 to 200 characters" in refused["errors"][0]["message"]
