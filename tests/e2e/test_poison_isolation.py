"""One postmortem whose read model cannot be written never stops the read side for anyone
else, says so wherever it is read, and comes back with `postmortems projection retry`.

The cause here: the largest read-model document is lowered through settings
(READ_MODEL_MAX_DOCUMENT_BYTES), so a 17,000-character summary is too large for the
`postmortems` read model (MongoDB's 16 MiB, without writing 16 MiB)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from pymongo import MongoClient

from projections.parks import PARKS_COLLECTION
from projections.runner import Projector
from service.bootstrap import build_projector
from service.config import Settings
from tests.support.live import LiveService
from tests.support.readmodel import collection_contents, fresh_rebuild

POSTMORTEMS = Path(sys.executable).with_name("postmortems")
MARK = "readModel { state reason projections }"
CREATE = f"""
mutation Create($title: String!) {{
  createPostmortem(input: {{title: $title, severity: SEV3,
                           incidentWindow: {{startedAt: "2025-07-15T17:42:00Z"}}}}) {{
    __typename ... on Postmortem {{ id version {MARK} }} ... on Error {{ message }}
  }}
}}
"""
SUMMARY = f"""
mutation Summary($id: ID!, $v: Int!, $summary: String!) {{
  writeSummary(id: $id, expectedVersion: $v, input: {{summary: $summary}}) {{
    __typename ... on Postmortem {{ id version summary {MARK} }} ... on Error {{ message }}
  }}
}}
"""
GET = f"query Get($id: ID!) {{ postmortem(id: $id) {{ id version summary {MARK} }} }}"
STATUS = """{ projectionStatus { name parkedCount
  parked { postmortemId position version eventType error skippedEvents } halted { position } } }"""
ADMIN = {"user": "root", "roles": ("admin",)}


def cli(settings: Settings, mongodb_uri: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Runs the command line as a separate process on the test's stores (stated limits)."""
    env = {
        **os.environ,
        "MONGODB_URI": mongodb_uri,
        "MONGODB_DATABASE": settings.mongodb_database,
        "DATA_DIR": str(settings.data_dir),
        "SQLITE_PATH": str(settings.resolved_sqlite_path),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.run(
        [str(POSTMORTEMS), *args], env=env, capture_output=True, text=True, timeout=120
    )


def projector(settings: Settings, service: LiveService) -> Projector:
    """Starts a projector for the service (a separate worker: the API polls MongoDB)."""
    worker = build_projector(settings, service.app, service.mongo)
    worker.ensure_indexes()
    service.app.on_saved(worker.wake)
    worker.start()
    return worker


def mutate(service: LiveService, query: str, variables: dict[str, Any], user: str) -> Any:
    body = service.graphql(query, variables, user=user)
    assert "errors" not in body, body
    (result,) = body["data"].values()
    return result, body.get("extensions", {})


def test_a_parked_postmortem_leaves_everyone_else_current_and_comes_back_with_retry(
    settings: Settings, mongodb_uri: str
) -> None:
    low = settings.model_copy(update={"read_model_max_document_bytes": 16_384})
    service = LiveService(low, mongodb_uri, projector=False).start()
    worker = projector(low, service)
    client: MongoClient[dict[str, Any]] = service.mongo
    try:
        # Alice's postmortem: its summary makes a read-model document past the limit.
        created, _ = mutate(service, CREATE, {"title": "Big one"}, "alice")
        poisoned = created["id"]
        big = "The resolver cache expired. " * 608  # 17,024 characters
        answer, extensions = mutate(
            service, SUMMARY, {"id": poisoned, "v": 1, "summary": big}, "alice"
        )
        assert answer["version"] == 2
        assert answer["summary"] == big
        assert answer["readModel"]["state"] == "STALE"
        assert answer["readModel"]["projections"] == ["postmortems"]
        assert "READ_MODEL_MAX_DOCUMENT_BYTES" in answer["readModel"]["reason"]
        assert extensions == {"readModel": "STALE"}

        # Meanwhile Bob creates, edits and reads, with read-your-writes, as if nothing happened.
        for n in range(3):
            mine, extensions = mutate(service, CREATE, {"title": f"Bob {n}"}, "bob")
            assert mine["readModel"] == {"state": "CURRENT", "reason": None, "projections": []}
            assert extensions == {}
            edited, extensions = mutate(
                service, SUMMARY, {"id": mine["id"], "v": 1, "summary": f"edit {n}"}, "bob"
            )
            assert edited["readModel"]["state"] == "CURRENT"
            assert extensions == {}
            read = service.graphql(GET, {"id": mine["id"]}, user="bob")
            assert read["data"]["postmortem"]["version"] == 2
            assert read["data"]["postmortem"]["summary"] == f"edit {n}"
            assert "extensions" not in read

        # Reading the parked postmortem says so (never silently the old version).
        read = service.graphql(GET, {"id": poisoned}, user="alice")
        assert read["data"]["postmortem"]["version"] == 1
        assert read["data"]["postmortem"]["readModel"]["state"] == "STALE"
        assert read["extensions"] == {"readModel": "STALE"}
        # Its later events are skipped (and counted) for that projection alone.
        answer, _ = mutate(service, SUMMARY, {"id": poisoned, "v": 2, "summary": "short"}, "alice")
        assert answer["readModel"]["state"] == "STALE"

        statuses = {
            s["name"]: s for s in service.graphql(STATUS, **ADMIN)["data"]["projectionStatus"]
        }
        assert statuses["postmortems"]["parkedCount"] == 1
        (park,) = statuses["postmortems"]["parked"]
        assert park["postmortemId"] == poisoned
        assert (park["version"], park["eventType"], park["skippedEvents"]) == (
            2,
            "SummaryWritten",
            1,
        )
        assert "READ_MODEL_MAX_DOCUMENT_BYTES" in park["error"]
        assert all(s["parkedCount"] == 0 and s["halted"] is None
                   for name, s in statuses.items() if name != "postmortems")  # fmt: skip

        ready = service.http.get("/readyz")
        assert ready.status_code == 200  # serving everyone else: degraded, not unready
        body = ready.json()
        assert body["status"] == "degraded"
        assert body["degraded"] == ["parked"]
        assert poisoned in body["checks"]["parked"]
        assert "1 parked postmortem" in body["checks"]["parked"]
        metrics = service.http.get("/metrics").text
        assert 'postmortems_projection_parked_postmortems{projection="postmortems"} 1.0' in metrics

        # The cause is removed (the projector runs with the stated limit again); retry.
        worker.stop()
        worker = projector(settings, service)
        retried = cli(settings, mongodb_uri, "projection", "retry")
        assert retried.returncode == 0, retried.stderr
        assert f"postmortems: postmortem {poisoned} applied again (2 events)" in retried.stdout
        assert (
            cli(settings, mongodb_uri, "projection", "retry").stdout.strip() == "nothing is parked"
        )

        read = service.graphql(GET, {"id": poisoned}, user="alice")
        assert read["data"]["postmortem"]["version"] == 3
        assert read["data"]["postmortem"]["readModel"]["state"] == "CURRENT"
        assert "extensions" not in read
        assert service.http.get("/readyz").json()["status"] == "ready"
        assert client[settings.mongodb_database][PARKS_COLLECTION].count_documents({}) == 0

        worker.stop()
        projected = collection_contents(client, settings.mongodb_database)
        assert projected == fresh_rebuild(settings, service.app, client)  # document by document
        verified = cli(settings, mongodb_uri, "verify-audit", "--require-complete")
        assert verified.returncode == 0, verified.stdout
    finally:
        worker.stop()
        service.stop()
