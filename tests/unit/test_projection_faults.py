"""Which projection failures are retried and which park a postmortem (projections/faults.py),
and the audit entry that stores oversized changes by hash instead of leaving a gap."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pytest
from bson.errors import InvalidDocument
from pymongo.errors import (
    AutoReconnect,
    ClientBulkWriteException,
    DocumentTooLarge,
    ExecutionTimeout,
    NetworkTimeout,
    OperationFailure,
    ServerSelectionTimeoutError,
)

from projections.audit_log.chain import GENESIS, link
from projections.audit_log.projection import audit_entry
from projections.base import ProjectedEvent
from projections.faults import describe, is_transient
from service.domain.canonical import canonical_json

T1 = datetime(2025, 7, 15, 17, 42, tzinfo=UTC)


def bulk_error(code: int) -> ClientBulkWriteException:
    results = {
        "writeErrors": [{"idx": 3, "code": code, "errmsg": "refused", "op": {"x": "y" * 100}}],
        "writeConcernErrors": [],
        "error": None,
    }
    return ClientBulkWriteException(results, False)


@pytest.mark.parametrize(
    "error",
    [
        ServerSelectionTimeoutError("no servers"),
        AutoReconnect("connection reset"),
        NetworkTimeout("timed out"),
        ExecutionTimeout("operation exceeded time limit", 50),
        OperationFailure("write conflict", 112),
        OperationFailure("not primary", 10107),
        bulk_error(112),
        bulk_error(11602),
    ],
    ids=lambda e: f"{type(e).__name__}-{getattr(e, 'code', '')}",
)
def test_mongodb_away_timeouts_and_conflicts_are_retried(error: Exception) -> None:
    assert is_transient(error)


@pytest.mark.parametrize(
    "error",
    [
        bulk_error(17420),  # document to upsert larger than 16 MiB
        bulk_error(10334),  # BSONObjectTooLarge
        bulk_error(121),  # document failed validation
        DocumentTooLarge("BSON document too large"),
        InvalidDocument("cannot encode object"),
        KeyError("title"),
        ValueError("bad event"),
    ],
    ids=lambda e: f"{type(e).__name__}-{getattr(e, 'code', '')}",
)
def test_refusals_a_retry_cannot_fix_are_poison(error: Exception) -> None:
    assert not is_transient(error)


def test_a_refusal_is_described_without_the_refused_document() -> None:
    text = describe(bulk_error(17420))
    assert text == "ClientBulkWriteException: code 17420: refused"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            ClientBulkWriteException(
                {
                    "writeErrors": [],
                    "writeConcernErrors": [],
                    "error": OperationFailure(
                        "WriteConflict", 112, {"errmsg": "Write\nConflict\r\n  retry"}
                    ),
                },
                False,
            ),
            "ClientBulkWriteException: code 112: OperationFailure: code 112: Write Conflict retry",
        ),
        (
            ClientBulkWriteException(
                {"writeConcernErrors": [{"code": 64, "errmsg": "waiting for\nreplication"}]}, False
            ),
            "ClientBulkWriteException: code 64: waiting for replication",
        ),
        (
            RuntimeError("first line\n  Traceback: second"),
            "RuntimeError: first line Traceback: second",
        ),
    ],
    ids=["bulk-write-conflict", "write-concern-only", "other"],
)
def test_a_failure_is_described_on_one_line(error: Exception, expected: str) -> None:
    # A bulk write without write errors or a top-level error once recursed without end.
    assert describe(error) == expected


def test_a_long_failure_is_cut_to_500_characters() -> None:
    text = describe(RuntimeError("x\n" * 1_000))
    assert len(text) == 500
    assert text.endswith("…")
    assert "\n" not in text


def projected(summary: str) -> ProjectedEvent:
    state = json.dumps({"summary": summary}).encode()
    return ProjectedEvent(
        position=7, event_type="SummaryWritten", postmortem_id="pm-1", version=2, at=T1,
        actor_id="alice", actor_roles=("author",), correlation_id="req", reason=None,
        event_state={"summary": summary}, before={"id": "pm-1", "summary": ""},
        after={"id": "pm-1", "summary": summary, "title": "t"},
        topic="service.domain.events:SummaryWritten", stored_state=state,
    )  # fmt: skip


def test_an_entry_too_large_keeps_its_chain_link_and_stores_its_changes_by_hash() -> None:
    event = projected("x" * 50_000)
    full = audit_entry(event, GENESIS)
    small = audit_entry(event, GENESIS, max_bytes=64_000)
    assert "omitted" not in full
    assert full["changes"]
    # The link is what the verifier recomputes from the event store: unchanged.
    chained = link(
        position=7, originator_id="pm-1", originator_version=2,
        topic=event.topic, state=event.stored_state, prev_hash=GENESIS,
    )  # fmt: skip
    assert (small["hash"], small["prev_hash"], small["event_digest"]) == (
        chained.hash, GENESIS, chained.event_digest,
    )  # fmt: skip
    assert small["changes"] == []
    assert small["event"] is None
    omitted = small["omitted"]
    assert omitted["bytes"] > 64_000
    assert omitted["changes_sha256"] == hashlib.sha256(canonical_json(full["changes"])).hexdigest()
    assert omitted["event_sha256"] == hashlib.sha256(canonical_json(full["event"])).hexdigest()
    assert {k: v for k, v in small.items() if k not in {"changes", "event", "omitted"}} == {
        k: v for k, v in full.items() if k not in {"changes", "event"}
    }
