"""The largest postmortem is enforced and stated, and no stored document grows with a
postmortem's life: published revisions and review comments live one document per item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import bson

from service.config import Settings
from service.domain.limits import describe
from tests.support.live import LiveService
from tests.unit import factories

SUMMARY = """
mutation Summary($id: ID!, $v: Int!, $summary: String!) {
  result: writeSummary(id: $id, expectedVersion: $v, input: {summary: $summary}) {
    __typename ... on Postmortem { version }
    ... on ValidationError { message fields { field message } }
  }
}
"""
ENTRY = """
mutation Entry($id: ID!, $v: Int!) {
  result: addTimelineEntry(id: $id, expectedVersion: $v,
                           input: {at: "2025-07-15T17:45:00Z", kind: ALERT, description: "Paged"}) {
    __typename ... on Postmortem { version }
    ... on ValidationError { message fields { field message } }
  }
}
"""
GET = "query Get($id: ID!) { postmortem(id: $id) { version summary timeline { id } } }"


def test_the_schema_states_the_largest_postmortem() -> None:
    sdl = Path("schema/schema.graphql").read_text(encoding="utf-8")
    assert describe() in sdl
    assert "1,048,576 bytes of content per revision" in describe()


def test_a_command_past_a_limit_is_refused_naming_it_and_changes_nothing(
    settings: Settings, mongodb_uri: str
) -> None:
    lowered = settings.model_copy(
        update={"postmortem_limits": "content_bytes=4000,timeline_entries=2"}
    )
    service = LiveService(lowered, mongodb_uri).start()
    try:
        pm = factories.new_draft(incident_ref=None)
        service.app.save(pm)
        pid = str(pm.id)
        ok = service.graphql(SUMMARY, {"id": pid, "v": 1, "summary": "x" * 1_000})
        assert ok["data"]["result"]["version"] == 2
        before = (service.app.head_position(), service.graphql(GET, {"id": pid})["data"])

        refused = service.graphql(SUMMARY, {"id": pid, "v": 2, "summary": "x" * 4_000})
        result = refused["data"]["result"]
        assert result["__typename"] == "ValidationError"
        (problem,) = result["fields"]
        assert problem["field"] == "content"
        assert "content_bytes" in problem["message"]
        assert "4,000 bytes" in problem["message"]
        assert (service.app.head_position(), service.graphql(GET, {"id": pid})["data"]) == before

        for version in (2, 3):
            assert service.graphql(ENTRY, {"id": pid, "v": version})["data"]["result"]["version"]
        head = service.app.head_position()
        third = service.graphql(ENTRY, {"id": pid, "v": 4})["data"]["result"]
        assert third["__typename"] == "ValidationError"
        assert third["fields"][0]["field"] == "timeline"
        assert "timeline_entries" in third["fields"][0]["message"]
        assert service.app.head_position() == head
        assert len(service.graphql(GET, {"id": pid})["data"]["postmortem"]["timeline"]) == 2
    finally:
        service.stop()


CYCLE = {
    "amend": ("amendPostmortem", "$input: AmendInput!", "alice"),
    "summary": ("writeSummary", "$input: SummaryInput!", "alice"),
    "submit": ("submitForReview", "", "alice"),
    "approve carol": ("approvePostmortem", "", "carol"),
    "approve dave": ("approvePostmortem", "", "dave"),
    "publish": ("publishPostmortem", "", "carol"),
}
REVISIONS = """
query Revisions($id: ID!) {
  postmortem(id: $id) {
    version revision
    revisions { revision version contentHash content { summary } approvals { reviewer } }
    approvals { reviewer revision counted }
    reviewComments { text }
  }
}
"""


def step(service: LiveService, name: str, pid: str, version: int, **variables: Any) -> int:
    field, declared, user = CYCLE[name]
    params = ", ".join(["$id: ID!", "$v: Int!", *([declared] if declared else [])])
    passed = "id: $id, expectedVersion: $v" + (", input: $input" if declared else "")
    query = (
        f"mutation Run({params}) {{ result: {field}({passed}) {{ __typename "
        "... on Postmortem { version } ... on Error { message } } }"
    )
    roles = ("reviewer",) if user != "alice" else ("author",)
    body = service.graphql(query, {"id": pid, "v": version, **variables}, user=user, roles=roles)
    result = body["data"]["result"]
    assert result["__typename"] == "Postmortem", result
    assert "extensions" not in body  # read-your-writes: every step is readable at once
    return int(result["version"])


def test_twenty_publications_keep_the_postmortem_document_bounded_and_every_revision_readable(
    service: LiveService,
) -> None:
    pm = factories.published()
    service.app.save(pm)
    pid, version = str(pm.id), pm.version
    documents = service.db["postmortems"]
    text = "The cache layer dropped keys under memory pressure; the retry storm followed. " * 200
    sizes: list[int] = []
    for revision in range(2, 21):
        version = step(service, "amend", pid, version, input={"reason": f"revision {revision}"})
        version = step(service, "summary", pid, version, input={"summary": f"{revision}: {text}"})
        for name in ("submit", "approve carol", "approve dave", "publish"):
            version = step(service, name, pid, version)
        sizes.append(len(bson.encode(documents.find_one({"_id": pid}) or {})))

    # Each revision holds ~16 KB of summary: twenty copies would be 300 KB more. The document
    # holds the current content and the last published one, each with its normalised search
    # text (`search`), whatever the number of revisions.
    assert max(sizes) - min(sizes) < 1_000, sizes
    assert max(sizes) < 4 * 16_500 + 16_000
    assert service.db["postmortem_revisions"].count_documents({"postmortem_id": pid}) == 20

    body = service.graphql(REVISIONS, {"id": pid}, user="bob")
    read = body["data"]["postmortem"]
    assert "extensions" not in body
    assert (read["revision"], read["version"]) == (20, version)
    assert [r["revision"] for r in read["revisions"]] == list(range(1, 21))
    assert read["revisions"][0]["content"]["summary"] == factories.SUMMARY
    for revision in read["revisions"][1:]:
        assert revision["content"]["summary"].startswith(f"{revision['revision']}: ")
        assert sorted(a["reviewer"] for a in revision["approvals"]) == ["carol", "dave"]
    assert len(read["approvals"]) == 40
    assert [a["revision"] for a in read["approvals"]] == [n for n in range(1, 21) for _ in (0, 1)]
    assert [a["counted"] for a in read["approvals"]] == [False] * 38 + [True, True]
