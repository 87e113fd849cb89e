"""Reads of the compliance view (async): the facts of a period as they were at the report's
`as_of`, turned into a report."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import asdict
from datetime import date, datetime

from pymongo.asynchronous.database import AsyncDatabase

from projections.audit_log.diff import plain
from projections.audit_log.projection import COLLECTION as AUDIT_LOG
from projections.compliance.model import ComplianceReport, ReportRequest
from projections.compliance.projection import COLLECTION, HISTORY, ComplianceFactsProjection
from projections.compliance.report import compute_report
from projections.tracking import TRACKING_COLLECTION
from service.domain import ReviewPolicy
from service.domain.document import Document
from service.domain.instants import format_instant

IDS_PER_QUERY = 1_000  # postmortem ids per `$in` when reading their lasting facts


class ComplianceQueries:
    """Builds reports from `compliance_history` and `compliance_facts` (no event replay)."""

    def __init__(
        self,
        db: AsyncDatabase[Document],
        policy: ReviewPolicy,
        policies: Mapping[str, ReviewPolicy] | None = None,
    ) -> None:
        self._db = db
        self._policy = policy
        self._policies = dict(policies or {policy.version: policy})

    async def report(
        self, request: ReportRequest, *, generated_at: datetime | None = None
    ) -> ComplianceReport:
        """Returns the report for a period; retries if the projection moved while reading."""
        for _ in range(5):
            position = await self._position()
            facts = await self._facts_at(request)
            if await self._position() == position:
                break
        # The report reflects the events recorded at or before `as_of`: its position and chain
        # head are the last such event's, so a past report does not move with later events.
        head = await self._db[AUDIT_LOG].find_one(
            {"_id": {"$lte": position}, "at": {"$lte": request.as_of}},
            {"hash": 1},
            sort=[("_id", -1)],
        )
        return compute_report(
            facts,
            request,
            self._policy,
            policies=self._policies,
            position=int(head["_id"]) if head else 0,
            chain_head_hash=head["hash"] if head else None,
            generated_at=generated_at,
        )

    async def _position(self) -> int:
        tracking = await self._db[TRACKING_COLLECTION].find_one(
            {"_id": ComplianceFactsProjection.name}
        )
        return int(tracking["position"]) if tracking else 0

    async def _facts_at(self, request: ReportRequest) -> list[Document]:
        """Returns the facts of each postmortem in the period as they were at `as_of`: its
        history document valid then, with its publications and when its action items were
        first added (which never change once known)."""
        history = await self._db[HISTORY].find(self._filter(request)).to_list()
        ids = [doc["postmortem_id"] for doc in history]
        lasting: dict[str, Document] = {}
        for start in range(0, len(ids), IDS_PER_QUERY):
            async for doc in self._db[COLLECTION].find(
                {"_id": {"$in": ids[start : start + IDS_PER_QUERY]}},
                {"publications": 1, "action_item_added_at": 1},
            ):
                lasting[str(doc["_id"])] = doc
        facts = []
        for doc in history:
            known = lasting.get(doc["postmortem_id"], {})
            facts.append(
                {
                    **doc,
                    "_id": doc["postmortem_id"],
                    "publications": known.get("publications") or [],
                    "action_item_added_at": known.get("action_item_added_at") or {},
                }
            )
        return facts

    @staticmethod
    def _filter(request: ReportRequest) -> Document:
        query: Document = {
            "resolved_at": {"$gte": request.since, "$lt": request.until},
            "valid_from": {"$lte": request.as_of},
            "$or": [{"valid_to": None}, {"valid_to": {"$gt": request.as_of}}],
        }
        if request.severity is not None:
            query["severity"] = request.severity.value
        if request.service is not None:
            query["services"] = request.service
        if request.team is not None:
            query["team"] = request.team
        return query


CSV_SECTIONS = ("sla", "evidence", "owners")
# What each section holds in the JSON export (besides what says which report it is).
JSON_SECTIONS: dict[str, tuple[str, ...]] = {
    "sla": ("publication_sla", "sla_cases"),
    "evidence": ("review_evidence", "publications_not_meeting_policy", "publications_unverifiable"),
    "owners": ("action_items",),
}
_IDENTITY = ("since", "until", "as_of", "time_zone", "generated_at", "position", "chain_head_hash",
             "filters")  # fmt: skip


def report_json(report: ComplianceReport, section: str | None = None) -> str:
    """Returns the report as JSON (ISO 8601 times, stable key order): whole, or one section
    (`sla`, `evidence`, `owners`, as in the CSV export) with what says which report it is
    (period, `asOf`, time zone, position, chain head, filters)."""
    data = plain(asdict(report))
    if section is not None:
        if section not in JSON_SECTIONS:
            raise ValueError(f"section must be one of {', '.join(CSV_SECTIONS)}")
        data = {key: data[key] for key in (*_IDENTITY, *JSON_SECTIONS[section])}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def report_csv(report: ComplianceReport, section: str = "sla") -> str:
    """Returns one table of the report as CSV: `sla` (one row per postmortem; `deadline_date`
    is the SLA's last calendar day in the report's time zone), `evidence`
    (one row per approval of each publication) or `owners` (action items by owner)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if section == "sla":
        writer.writerow(
            ["postmortem_id", "title", "severity", "resolved_at", "sla_days", "deadline",
             "deadline_date", "first_published_at", "days_to_publish", "status"]
        )  # fmt: skip
        for c in report.sla_cases:
            writer.writerow(
                [c.postmortem_id, _text(c.title), c.severity, _iso(c.resolved_at), c.sla_days,
                 _iso(c.deadline), _iso(c.deadline_date), _iso(c.first_published_at),
                 c.days_to_publish, c.status]
            )  # fmt: skip
    elif section == "evidence":
        writer.writerow(
            ["postmortem_id", "title", "severity", "revision", "published_at", "version",
             "content_hash", "content_hash_verified", "policy_version", "required_approvals",
             "reviewer_id", "approved_at", "approved_version", "approved_content_hash",
             "approval_valid", "meets_policy", "problems"]
        )  # fmt: skip
        for e in report.review_evidence:
            for a in e.approvals or [None]:  # type: ignore[list-item]
                writer.writerow(
                    [e.postmortem_id, _text(e.title), e.severity, e.revision,
                     _iso(e.published_at), e.version, e.content_hash, e.content_hash_verified,
                     e.policy_version, e.required_approvals,
                     a.reviewer_id if a else "", _iso(a.approved_at) if a else "",
                     a.version if a else "", a.content_hash if a else "", a.valid if a else "",
                     e.meets_policy, _text("; ".join(e.problems))]
                )  # fmt: skip
    elif section == "owners":
        writer.writerow(["owner", "open", "overdue", "done_on_time", "done_late", "wont_do"])
        for o in report.action_items.by_owner:
            writer.writerow(
                [_text(o.owner), o.open, o.overdue, o.done_on_time, o.done_late, o.wont_do]
            )
    else:
        raise ValueError(f"section must be one of {', '.join(CSV_SECTIONS)}")
    return buffer.getvalue()


def _iso(value: datetime | date | None) -> str:
    if value is None:
        return ""
    return format_instant(value) if isinstance(value, datetime) else value.isoformat()


def _text(value: str) -> str:
    """Returns text safe to open in a spreadsheet (no formula injection)."""
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value
