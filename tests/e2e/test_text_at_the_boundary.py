"""#14 items 1 and 2 over real HTTP: what is stored is exactly what was meant. Text is valid
Unicode, NFC, free of control characters (ids trimmed, user ids canonical, incident refs
without invisible characters); times are kept to the millisecond everywhere, so sending back
what was read changes nothing. Each refusal changes nothing (version and audit trail length)."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, read, run

TRAIL_SIZE = """
query Size($id: ID!) { auditTrail(filter: {postmortemId: $id}, first: 1) { totalCount } }
"""
COMPLIANCE: dict[str, Any] = {"user": "olga", "roles": ("compliance",)}
SUMMARY = "$input: SummaryInput!"


def create(service: LiveService, **overrides: Any) -> dict[str, Any]:
    """Creates the seed draft (as alice) and returns it."""
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": create_input(**overrides)}, with_id=False)  # fmt: skip
    assert created["__typename"] == "Postmortem", created
    return created


def state(service: LiveService, postmortem_id: str) -> tuple[int, str, int]:
    """Returns the version and content hash the API shows, and the audit trail's length."""
    document = read(service, postmortem_id)
    trail = service.graphql(TRAIL_SIZE, {"id": postmortem_id}, **COMPLIANCE)
    return document["version"], document["contentHash"], trail["data"]["auditTrail"]["totalCount"]


def raw_post(service: LiveService, body: bytes, user: str = "alice") -> Any:
    """POSTs raw bytes as a GraphQL request body."""
    headers = {
        "Authorization": f"Bearer {service.token(user, ['author'])}",
        "Content-Type": "application/json",
        "X-Request-ID": "req-text-1",
    }
    return service.http.post("/graphql", content=body, headers=headers)


def summary_request(postmortem_id: str, version: int, summary_json: str) -> bytes:
    """Returns a writeSummary request whose summary is the given JSON string literal."""
    query = (
        "mutation W($id: ID!, $v: Int!, $s: String!) { writeSummary(id: $id, expectedVersion: "
        "$v, input: {summary: $s}) { __typename ... on ValidationError { message fields "
        "{ field message } } ... on Postmortem { version summary } } }"
    )
    head = json.dumps({"query": query, "variables": {"id": postmortem_id, "v": version}})
    return (head[:-2] + f', "s": {summary_json}}}}}').encode()


def test_a_body_that_is_not_utf8_gets_400_in_the_json_errors_envelope_and_changes_nothing(
    service: LiveService,
) -> None:
    draft = create(service)
    before = state(service, draft["id"])
    body = summary_request(draft["id"], 1, '"fine"').replace(b"}}", b', "unused": "\xff"}}', 1)

    response = raw_post(service, body)

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert error["message"].startswith("request body is not valid UTF-8")
    assert error["extensions"] == {"code": "BAD_REQUEST", "correlationId": "req-text-1"}
    assert response.headers["x-request-id"] == "req-text-1"
    assert state(service, draft["id"]) == before


def test_a_malformed_json_body_gets_400_in_the_json_errors_envelope_with_a_correlation_id(
    service: LiveService,
) -> None:
    response = raw_post(service, b'{"query": "{ me { userId } }"')

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["message"].startswith("request body is not valid JSON")
    assert error["extensions"] == {"code": "BAD_REQUEST", "correlationId": "req-text-1"}


def test_a_lone_surrogate_in_write_summary_is_a_validation_error_naming_summary(
    service: LiveService,
) -> None:
    draft = create(service)
    before = state(service, draft["id"])

    response = raw_post(service, summary_request(draft["id"], 1, r'"bad \ud800 x"'))

    assert response.status_code == 200
    result = response.json()["data"]["writeSummary"]
    assert result["__typename"] == "ValidationError"
    assert [f["field"] for f in result["fields"]] == ["summary"]
    assert "valid Unicode" in result["fields"][0]["message"]
    assert result["message"].startswith("cannot writeSummary: ")
    assert state(service, draft["id"]) == before


def test_a_nul_byte_in_a_title_or_summary_is_refused_and_nothing_is_stored(
    service: LiveService,
) -> None:
    draft = create(service)
    before = state(service, draft["id"])

    summary = run(service, "writeSummary", SUMMARY,
                  {"id": draft["id"], "v": 1, "input": {"summary": "a\x00b"}})  # fmt: skip
    metadata = {"title": "DNS\x00outage", "severity": "SEV2", "incidentWindow": {
        "startedAt": "2025-07-15T17:42:00Z"}, "tags": ["dns\u200b"]}  # fmt: skip
    renamed = run(service, "updatePostmortemMetadata", "$input: MetadataInput!",
                  {"id": draft["id"], "v": 1, "input": metadata})  # fmt: skip

    assert summary["__typename"] == "ValidationError"
    assert summary["fields"][0] == {
        "field": "summary",
        "message": "must not contain control characters other than newline and tab "
        "(U+0000 at character 2)",
    }
    assert renamed["__typename"] == "ValidationError"
    assert [f["field"] for f in renamed["fields"]] == ["title", "tags[0]"]
    assert "invisible" in renamed["fields"][1]["message"]
    assert state(service, draft["id"]) == before


def test_text_is_stored_nfc_normalised_with_plain_line_breaks(service: LiveService) -> None:
    draft = create(service, title="Cafe\u0301 outage")

    decomposed = {"summary": "Re\u0301sume\u0301\r\nok"}
    written = run(
        service, "writeSummary", SUMMARY, {"id": draft["id"], "v": 1, "input": decomposed}
    )

    assert draft["title"] == "Caf\u00e9 outage"
    assert written["summary"] == "R\u00e9sum\u00e9\nok"
    assert unicodedata.is_normalized("NFC", read(service, draft["id"])["summary"])


def test_an_owner_typed_as_spaced_carol_is_stored_as_carol_who_then_sees_the_draft_she_owns(
    service: LiveService,
) -> None:
    draft = create(service)
    assert read(service, draft["id"], user="carol") is None

    item = {"title": "Fix", "owner": " Carol "}
    added = run(service, "addActionItem", "$input: ActionItemInput!",
                {"id": draft["id"], "v": 1, "input": item})  # fmt: skip
    coauthored = run(service, "addAuthor", "$input: AddAuthorInput!",
                     {"id": draft["id"], "v": 2, "input": {"userId": "  DAVE\t"}})  # fmt: skip

    assert [item["owner"] for item in added["actionItems"]] == ["carol"]
    assert coauthored["authors"] == ["alice", "dave"]
    seen = read(service, draft["id"], user="carol")
    assert seen is not None
    assert seen["actionItems"][0]["owner"] == "carol"
    by_dave = run(service, "writeSummary", SUMMARY,
                  {"id": draft["id"], "v": 3, "input": {"summary": "By Dave."}},
                  user="Dave")  # fmt: skip
    assert (by_dave["__typename"], by_dave["version"]) == ("Postmortem", 4)


def test_an_incident_ref_cannot_dodge_uniqueness_with_invisible_characters_case_or_width(
    service: LiveService,
) -> None:
    first = create(service, incidentRef=" INC-9 ")
    assert first["incidentRef"] == "INC-9"
    count = service.graphql("{ postmortems(first: 1) { totalCount } }")
    before = (count, service.app.head_position())

    attempts = ["INC-\u200b9", "inc-9", "\uff29\uff2e\uff23-9", "INC-9\ufeff"]
    results = []
    for ref in attempts:
        created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                      {"input": create_input(incidentRef=ref)}, with_id=False)  # fmt: skip
        results.append((created["__typename"], created["fields"][0]["field"]))

    assert results == [("ValidationError", "incidentRef")] * len(attempts)
    count_after = service.graphql("{ postmortems(first: 1) { totalCount } }")
    assert (count_after, service.app.head_position()) == before


def test_a_lone_surrogate_or_control_character_in_a_query_argument_is_a_clean_error(
    service: LiveService,
) -> None:
    query = b'{"query": "query Q($t: String) { postmortems(first: 5, filter: {text: $t}) ' \
        b'{ totalCount } }", "variables": {"t": "x \\ud800"}}'  # fmt: skip
    response = raw_post(service, query)
    nul = service.graphql(
        "query Q($t: String) { postmortems(first: 5, filter: {text: $t}) { totalCount } }",
        {"t": "a\x00b"},
    )

    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert error["message"].startswith("$t must be valid Unicode text")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert nul["errors"][0]["message"].startswith("$t must not contain control characters")


def test_microseconds_read_back_as_milliseconds_everywhere_and_sending_them_back_changes_nothing(
    service: LiveService,
) -> None:
    window = {
        "startedAt": "2026-11-27T10:00:00.000500Z",
        "resolvedAt": "2026-11-27T11:30:00.123987Z",
    }
    draft = create(service, incidentWindow=window, incidentRef=None)
    entry = run(service, "addTimelineEntry", "$input: TimelineEntryInput!", {"id": draft["id"],
                "v": 1, "input": {"at": "2026-11-27T10:05:00.999999+01:00", "kind": "ALERT",
                "description": "Paged."}})  # fmt: skip
    as_of_version = service.graphql(
        "query P($id: ID!) { postmortem(id: $id, asOfVersion: 2) { incidentWindow { startedAt "
        "resolvedAt } timeline { at } contentHash } }",
        {"id": draft["id"]},
    )["data"]["postmortem"]
    current = read(service, draft["id"])
    as_of_time = service.graphql(
        "query P($id: ID!, $t: DateTime!) { postmortem(id: $id, asOf: $t) { version "
        "incidentWindow { startedAt resolvedAt } timeline { at } contentHash updatedAt } }",
        {"id": draft["id"], "t": current["updatedAt"]},
    )["data"]["postmortem"]
    assert (as_of_time["version"], as_of_time["updatedAt"]) == (2, current["updatedAt"])

    expected = {
        "startedAt": "2026-11-27T10:00:00+00:00",
        "resolvedAt": "2026-11-27T11:30:00.123+00:00",
    }
    for shown in (current, as_of_version, as_of_time):
        assert {k: shown["incidentWindow"][k] for k in expected} == expected
        assert [e["at"] for e in shown["timeline"]] == ["2026-11-27T09:05:00.999+00:00"]
    assert as_of_version["contentHash"] == current["contentHash"] == entry["contentHash"]

    before = state(service, draft["id"])
    metadata = {key: current[key] for key in ("title", "severity", "services", "tags", "team")}
    metadata["incidentWindow"] = current["incidentWindow"]
    sent_back = run(service, "updatePostmortemMetadata", "$input: MetadataInput!",
                    {"id": draft["id"], "v": 2, "input": metadata})  # fmt: skip
    [timeline_entry] = current["timeline"]
    edit = {k: timeline_entry[k] for k in ("at", "kind", "description", "source")}
    entry_back = run(service, "editTimelineEntry", "$entryId: ID!, $input: TimelineEntryInput!",
                     {"id": draft["id"], "v": 2, "entryId": timeline_entry["id"],
                      "input": edit})  # fmt: skip

    assert (sent_back["version"], sent_back["contentHash"]) == (2, current["contentHash"])
    assert (entry_back["version"], entry_back["contentHash"]) == (2, current["contentHash"])
    assert state(service, draft["id"]) == before
