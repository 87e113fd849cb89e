"""A postmortem as it was at a version or a time, rebuilt from the event store."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from tests.support.live import LiveService

CREATE = """
mutation { createPostmortem(input: {title: "First title", severity: SEV2,
  incidentWindow: {startedAt: "2025-07-15T17:42:00Z"}}) { ... on Postmortem { id } } }
"""
RENAME = """
mutation Rename($id: ID!, $v: Int!, $title: String!) {
  updatePostmortemMetadata(id: $id, expectedVersion: $v, input: {
    title: $title, severity: SEV1, incidentWindow: {startedAt: "2025-07-15T17:42:00Z"}
  }) { ... on Postmortem { version } }
}
"""
AS_OF = """
query AsOf($id: ID!, $v: Int, $at: DateTime) {
  postmortem(id: $id, asOfVersion: $v, asOf: $at) { version title severity }
}
"""


def test_a_postmortem_reads_as_it_was_at_a_version_and_at_a_time(service: LiveService) -> None:
    before_creation = datetime.now(UTC) - timedelta(seconds=1)
    pm = service.graphql(CREATE)["data"]["createPostmortem"]["id"]
    time.sleep(0.05)
    after_creation = datetime.now(UTC)
    time.sleep(0.05)
    service.graphql(RENAME, {"id": pm, "v": 1, "title": "Second title"})
    service.graphql(RENAME, {"id": pm, "v": 2, "title": "Third title"})

    def read(**variables: object) -> object:
        return service.graphql(AS_OF, {"id": pm, **variables})["data"]["postmortem"]

    assert read(v=1) == {"version": 1, "title": "First title", "severity": "SEV2"}
    assert read(v=2) == {"version": 2, "title": "Second title", "severity": "SEV1"}
    assert read(at=after_creation.isoformat()) == read(v=1)
    assert read(at=datetime.now(UTC).isoformat()) == {
        "version": 3, "title": "Third title", "severity": "SEV1",
    }  # fmt: skip
    assert read(at=before_creation.isoformat()) is None
    assert read() == read(v=3)  # without arguments: the read model


def test_point_in_time_arguments_are_checked(service: LiveService) -> None:
    pm = service.graphql(CREATE)["data"]["createPostmortem"]["id"]
    for variables, message in (
        ({"v": 7}, "asOfVersion 7 does not exist: the latest is 1"),
        ({"v": 0}, "asOfVersion must be at least 1"),
        ({"v": 1, "at": "2025-01-01T00:00:00Z"}, "pass asOfVersion or asOf, not both"),
    ):
        body = service.graphql(AS_OF, {"id": pm, **variables})
        assert body["errors"][0]["message"] == message
    unknown = service.graphql(AS_OF, {"id": "00000000-0000-0000-0000-000000000000", "v": 1})
    assert unknown["data"]["postmortem"] is None
