"""Who may do what, through real HTTP: every query and mutation, called by every role and
with every kind of bad token. A refused call changes nothing: not the event store, not the
read model. Adding an operation is one `Row` in `ROWS`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import graphql
import pytest

from schema.sdl import SDL_PATH
from service.application.commands import AmendPostmortem
from service.application.read_rules import can_view
from service.domain.values import Actor, CommandContext
from tests.support.live import LiveService
from tests.support.postmortem_graphql import (
    create_input,
    impact_input,
    root_cause_input,
)
from tests.support.security import bad_tokens, focused_snapshot, live_service, snapshot
from tests.support.subjects import (
    Stage,
    Subject,
    Subjects,
    mutation,
    wait_for_version,
)
from tests.unit import factories

# Who calls: user id and roles. "owner" wrote the draft under test.
CALLERS: dict[str, tuple[str, frozenset[str]]] = {
    "owner": ("alice", frozenset({"author"})),
    "other author": ("bob", frozenset({"author"})),
    "reviewer": ("rita", frozenset({"reviewer"})),
    "compliance": ("carl", frozenset({"compliance"})),
    "admin": ("ada", frozenset({"admin"})),
    "no role": ("nina", frozenset()),
}
EVERYONE = frozenset(CALLERS)

GET = "query Get($id: ID!) { postmortem(id: $id) { id title state } }"
# Newest created first: the subject just made is on the first page.
LIST = "{ postmortems(first: 100, orderBy: {field: CREATED}) { totalCount edges { node { id } } } }"
CREATE = mutation("createPostmortem", "$input: CreatePostmortemInput!", with_id=False)
UPDATE_METADATA = """
mutation Update($id: ID!, $v: Int!) {
  updatePostmortemMetadata(id: $id, expectedVersion: $v, input: {
    title: "Renamed", severity: SEV2, incidentWindow: {startedAt: "2025-07-15T17:42:00Z"}
  }) { __typename ... on Postmortem { id title } ... on Error { message } }
}"""
AS_OF = "query($id: ID!, $v: Int) { postmortem(id: $id, asOfVersion: $v) { id version } }"
AUDIT = """query($id: ID) { auditTrail(filter: {postmortemId: $id}, first: 5) {
  totalCount edges { node { eventType } } } }"""
VERIFY = "{ verifyAuditChain { ok checkedEntries } }"
REPORT = """{ complianceReport(from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z") {
  from to } }"""
STATUS = "{ projectionStatus { name position headPosition lag } }"
QUEUE = "{ reviewQueue(first: 5) { postmortemId title } }"
QUEUE_PAGE = "{ reviewQueueConnection(first: 5) { edges { node { postmortemId } } } }"
ME = "{ me { userId roles permissions } }"
ORGANISATION = "{ organisation { timeZone } }"
ITEMS = "{ actionItems(first: 5) { totalCount edges { node { postmortemId } } } }"
AUDITORS = frozenset({"compliance", "admin"})
# Who reads every draft (read_rules): compliance officers too, as in the audit trail.
DRAFT_READERS = frozenset({"reviewer", "compliance", "admin"})
RECURRING = """query($all: Boolean!) { recurringIncidents(minOccurrences: 1,
  includeUnpublished: $all) { service count } }"""
SIMILAR = """query($id: ID!, $all: Boolean!) { similarPostmortems(id: $id,
  includeUnpublished: $all) { similarity } }"""
CLUSTERS = """query($all: Boolean!) { similarRootCauseClusters(includeUnpublished: $all) {
  size } }"""
DESPITE = """query($all: Boolean!) { recurredDespiteActionItems(includeUnpublished: $all) {
  linked } }"""
TRENDS = """query($all: Boolean!) { incidentTrends(from: "2025-01-01", to: "2025-12-31",
  includeUnpublished: $all) { months } }"""
METRICS = """query($all: Boolean!) { incidentMetrics(from: "2025-01-01", to: "2025-12-31",
  includeUnpublished: $all) { months } }"""
OWNER_ADMIN = frozenset({"owner", "admin"})
REVIEWER = frozenset({"reviewer"})


@dataclass(frozen=True)
class Row:
    """One operation: its document, its variables for a subject, the stage the subject must be
    in, who may call it, and how success looks in the response data."""

    operation: str
    document: str
    variables: Callable[[Subject], dict[str, Any]]
    stage: Stage
    allowed: frozenset[str]
    succeeded: Callable[[dict[str, Any], Subject], bool]
    fresh: bool = False  # a new subject even for refused callers (lists: newest first)
    changes_subject: bool = False  # an allowed call changes the subject: build a new one
    refused_as: frozenset[str] = frozenset({"NotPermitted", "NotFound"})  # mutation results


def _mutated(data: dict[str, Any], _: Subject) -> bool:
    return bool(data["result"]["__typename"] == "Postmortem")


def _listed(data: dict[str, Any], subject: Subject) -> bool:
    return subject.id in {edge["node"]["id"] for edge in data["postmortems"]["edges"]}


def _read(data: dict[str, Any], _: Subject) -> bool:
    return data["postmortem"] is not None


def _answered(data: dict[str, Any] | None, _: Subject) -> bool:
    # Role-restricted reports: an answer, or a FORBIDDEN error and no data.
    return data is not None


def _similar(data: dict[str, Any] | None, _: Subject) -> bool:
    # Null when the postmortem is not in the caller's scope, or FORBIDDEN for the scope.
    return data is not None and data["similarPostmortems"] is not None


def M(
    field: str,
    arguments: str,
    variables: Callable[[Subject], dict[str, Any]],
    stage: Stage,
    allowed: frozenset[str],
) -> Row:
    """Returns the row of a mutation on the subject (id and expectedVersion filled in)."""
    return Row(
        field,
        mutation(field, arguments),
        lambda s: {"id": s.id, "v": s.version, **variables(s)},
        stage,
        allowed,
        _mutated,
        changes_subject=True,
    )


def _metadata() -> dict[str, Any]:
    data = create_input(title="Renamed")
    del data["incidentRef"]
    return data


def _none(_: Subject) -> dict[str, Any]:
    return {}


ITEM = {"title": "Alert on JWKS age", "owner": "identity", "dueDate": "2025-08-01",
        "priority": "P1"}  # fmt: skip
ENTRY = {"at": "2025-07-15T17:50:00Z", "kind": "DECISION", "description": "Rolled back.",
         "source": "Slack"}  # fmt: skip

ROWS = [
    Row("postmortem(id) of a draft", GET, lambda s: {"id": s.id}, Stage.NEW_DRAFT,
        DRAFT_READERS | {"owner"}, _read),
    Row("postmortems listing a draft", LIST, _none, Stage.NEW_DRAFT,
        DRAFT_READERS | {"owner"}, _listed, fresh=True),
    Row("postmortem(id) of a published one", GET, lambda s: {"id": s.id}, Stage.PUBLISHED,
        EVERYONE, _read),
    Row("postmortems listing a published one", LIST, _none, Stage.PUBLISHED, EVERYONE, _listed,
        fresh=True),
    Row("postmortem(id) during an amendment", GET, lambda s: {"id": s.id}, Stage.AMENDED,
        EVERYONE, _read),
    Row("postmortem(id, asOfVersion) of a draft", AS_OF, lambda s: {"id": s.id, "v": 1},
        Stage.NEW_DRAFT, DRAFT_READERS | {"owner"}, _read),
    Row("postmortem(id, asOfVersion) of a published one, as published", AS_OF,
        lambda s: {"id": s.id, "v": s.version}, Stage.PUBLISHED, EVERYONE, _read),
    Row("postmortem(id, asOfVersion) of a published one, as drafted", AS_OF,
        lambda s: {"id": s.id, "v": 1}, Stage.PUBLISHED, DRAFT_READERS | {"owner"}, _read),
    Row("auditTrail", AUDIT, lambda s: {"id": s.id}, Stage.NEW_DRAFT, AUDITORS, _answered),
    Row("verifyAuditChain", VERIFY, _none, Stage.NEW_DRAFT, AUDITORS, _answered),
    Row("complianceReport", REPORT, _none, Stage.NEW_DRAFT, AUDITORS, _answered),
    Row("projectionStatus", STATUS, _none, Stage.NEW_DRAFT, frozenset({"admin"}), _answered),
    Row("reviewQueue", QUEUE, _none, Stage.NEW_DRAFT, REVIEWER, _answered),
    Row("reviewQueueConnection", QUEUE_PAGE, _none, Stage.NEW_DRAFT, REVIEWER, _answered),
    Row("me", ME, _none, Stage.NEW_DRAFT, EVERYONE, _answered),
    Row("organisation", ORGANISATION, _none, Stage.NEW_DRAFT, EVERYONE, _answered),
    # Everyone may list; whose items each caller sees: tests/e2e/test_action_items_list.py.
    Row("actionItems", ITEMS, _none, Stage.NEW_DRAFT, EVERYONE, _answered),
    Row("createPostmortem", CREATE, lambda s: {"input": create_input(incidentRef=None)},
        Stage.NEW_DRAFT, frozenset({"owner", "other author", "admin"}), _mutated),
    M("updatePostmortemMetadata", "$input: MetadataInput!",
      lambda s: {"input": _metadata()},
      Stage.NEW_DRAFT, OWNER_ADMIN),
    M("addAuthor", "$input: AddAuthorInput!", lambda s: {"input": {"userId": "zoe"}},
      Stage.NEW_DRAFT, OWNER_ADMIN),
    M("writeSummary", "$input: SummaryInput!", lambda s: {"input": {"summary": "Short."}},
      Stage.NEW_DRAFT, OWNER_ADMIN),
    M("addTimelineEntry", "$input: TimelineEntryInput!", lambda s: {"input": ENTRY},
      Stage.NEW_DRAFT, OWNER_ADMIN),
    M("editTimelineEntry", "$entryId: ID!, $input: TimelineEntryInput!",
      lambda s: {"entryId": s.entry_id, "input": ENTRY}, Stage.NEW_DRAFT, OWNER_ADMIN),
    M("removeTimelineEntry", "$entryId: ID!", lambda s: {"entryId": s.entry_id},
      Stage.NEW_DRAFT, OWNER_ADMIN),
    M("writeRootCauseAnalysis", "$input: RootCauseAnalysisInput!",
      lambda s: {"input": root_cause_input()}, Stage.NEW_DRAFT, OWNER_ADMIN),
    M("assessImpact", "$input: ImpactInput!", lambda s: {"input": impact_input()},
      Stage.NEW_DRAFT, OWNER_ADMIN),
    M("writeLessons", "$input: LessonsInput!", lambda s: {"input": {"wentWell": ["Alerts."]}},
      Stage.NEW_DRAFT, OWNER_ADMIN),
    M("linkRecurrence", "$input: RecurrenceInput!",
      lambda s: {"input": {"postmortemId": s.unlinked_id}}, Stage.NEW_DRAFT, OWNER_ADMIN),
    M("unlinkRecurrence", "$input: RecurrenceInput!",
      lambda s: {"input": {"postmortemId": s.linked_id}}, Stage.NEW_DRAFT, OWNER_ADMIN),
    M("addActionItem", "$input: ActionItemInput!", lambda s: {"input": ITEM},
      Stage.NEW_DRAFT, OWNER_ADMIN),
    M("editActionItem", "$itemId: ID!, $input: ActionItemInput!",
      lambda s: {"itemId": s.item_id, "input": ITEM}, Stage.NEW_DRAFT, OWNER_ADMIN),
    M("removeActionItem", "$itemId: ID!", lambda s: {"itemId": s.item_id},
      Stage.NEW_DRAFT, OWNER_ADMIN),
    M("changeActionItemStatus", "$itemId: ID!, $input: ActionItemStatusInput!",
      lambda s: {"itemId": s.item_id, "input": {"status": "DONE"}}, Stage.PUBLISHED,
      OWNER_ADMIN),
    M("addReviewComment", "$input: ReviewCommentInput!",
      lambda s: {"input": {"text": "Which key?"}}, Stage.IN_REVIEW,
      frozenset({"owner", "reviewer", "admin"})),
    M("resolveReviewComment", "$commentId: ID!", lambda s: {"commentId": s.comment_id},
      Stage.IN_REVIEW, frozenset({"owner", "reviewer", "admin"})),
    M("submitForReview", "", _none, Stage.DRAFT, OWNER_ADMIN),
    M("recallSubmission", "$input: RecallSubmissionInput!",
      lambda s: {"input": {"reason": "Submitted too early."}}, Stage.IN_REVIEW, OWNER_ADMIN),
    M("approvePostmortem", "", _none, Stage.IN_REVIEW, REVIEWER),
    M("requestChanges", "$input: RequestChangesInput!",
      lambda s: {"input": {"comment": "Add the timeline of the rollback."}}, Stage.IN_REVIEW,
      REVIEWER),
    M("publishPostmortem", "", _none, Stage.APPROVED, REVIEWER),
    M("amendPostmortem", "$input: AmendInput!", lambda s: {"input": {"reason": "Typo."}},
      Stage.PUBLISHED, OWNER_ADMIN),
    M("discardAmendment", "$input: DiscardAmendmentInput!",
      lambda s: {"input": {"reason": "Not needed."}}, Stage.AMENDED, OWNER_ADMIN),
    M("withdrawPostmortem", "$input: WithdrawInput!",
      lambda s: {"input": {"kind": "DUPLICATE", "reason": "Same as INC-1."}}, Stage.DRAFT,
      frozenset({"admin"})),
    # A published revision is never hidden: nobody withdraws an amended postmortem.
    replace(M("withdrawPostmortem", "$input: WithdrawInput!",
              lambda s: {"input": {"kind": "DUPLICATE", "reason": "Same as INC-1."}},
              Stage.AMENDED, frozenset()), operation="withdrawPostmortem during an amendment",
            refused_as=frozenset({"NotPermitted", "NotFound", "InvalidTransition"})),
    # Recurring-incident views: published postmortems for everyone signed in; drafts only
    # for reviewers and admins who ask for them.
    Row("recurringIncidents", RECURRING, lambda s: {"all": False}, Stage.PUBLISHED, EVERYONE,
        _answered),
    Row("recurringIncidents including unpublished", RECURRING, lambda s: {"all": True},
        Stage.NEW_DRAFT, DRAFT_READERS, _answered),
    Row("similarPostmortems(id) of a published one", SIMILAR,
        lambda s: {"id": s.id, "all": False}, Stage.PUBLISHED, EVERYONE, _similar),
    Row("similarPostmortems(id) of a draft, including unpublished", SIMILAR,
        lambda s: {"id": s.id, "all": True}, Stage.NEW_DRAFT, DRAFT_READERS, _similar),
    Row("similarRootCauseClusters", CLUSTERS, lambda s: {"all": False}, Stage.PUBLISHED,
        EVERYONE, _answered),
    Row("recurredDespiteActionItems", DESPITE, lambda s: {"all": False}, Stage.PUBLISHED,
        EVERYONE, _answered),
    Row("incidentTrends", TRENDS, lambda s: {"all": False}, Stage.PUBLISHED, EVERYONE,
        _answered),
    Row("incidentTrends including unpublished", TRENDS, lambda s: {"all": True},
        Stage.NEW_DRAFT, DRAFT_READERS, _answered),
    Row("incidentMetrics", METRICS, lambda s: {"all": False}, Stage.PUBLISHED, EVERYONE,
        _answered),
    Row("incidentMetrics including unpublished", METRICS, lambda s: {"all": True},
        Stage.NEW_DRAFT, DRAFT_READERS, _answered),
]  # fmt: skip


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    """One service for the whole matrix (each case acts on its own fresh draft)."""
    with live_service(tmp_path_factory.mktemp("matrix"), mongodb_uri) as live:
        yield live


@pytest.fixture(scope="module")
def subjects(shared: LiveService) -> Subjects:
    return Subjects(shared)


def _draft(service: LiveService) -> Subject:
    result = service.graphql(
        CREATE, {"input": create_input(incidentRef=None)}, user="alice", roles=["author"]
    )["data"]["result"]
    assert result["__typename"] == "Postmortem", result
    return Subject(result["id"], result["version"], "", "", "", "", "")


@pytest.mark.parametrize("caller", sorted(CALLERS))
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.operation)
def test_each_role_may_do_exactly_what_the_rules_allow(
    shared: LiveService, subjects: Subjects, row: Row, caller: str
) -> None:
    subject = subjects.get(row.stage, fresh=row.fresh)
    before = focused_snapshot(shared, subject.id)
    user, roles = CALLERS[caller]
    body = shared.graphql(row.document, row.variables(subject), user=user, roles=roles)
    for error in body.get("errors", []):
        assert error["extensions"].get("code") == "FORBIDDEN", body  # nothing else may go wrong
    allowed = row.succeeded(body["data"], subject)
    assert allowed == (caller in row.allowed), body
    if allowed and row.changes_subject:
        subjects.changed(row.stage)
    if not allowed:
        assert focused_snapshot(shared, subject.id) == before
        if body["data"] and "result" in body["data"]:
            assert body["data"]["result"]["__typename"] in row.refused_as, body


BAD_TOKEN_PROBLEMS = [
    "no token",
    "not a JWT",
    "expired",
    "wrongly signed",
    "wrong audience",
    "wrong issuer",
    "not yet valid",
    "unsigned (alg none)",
    "without subject",
    "an integration's subject",
    "a subject with a control character",
]


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.operation)
def test_a_missing_or_invalid_token_is_refused_and_changes_nothing(
    shared: LiveService, subjects: Subjects, row: Row
) -> None:
    subject = subjects.get(row.stage)
    before = snapshot(shared)
    for problem, token in bad_tokens(shared.settings).items():
        response = shared.post_graphql(row.document, row.variables(subject), token=token)
        assert response.status_code == 401, (problem, response.text)
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "UNAUTHENTICATED"
        assert error["extensions"]["correlationId"] == response.headers["x-request-id"]
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert snapshot(shared) == before


def test_every_mutation_and_query_of_the_schema_is_in_the_matrix() -> None:
    schema = graphql.build_schema(SDL_PATH.read_text())
    operations = {f"Mutation.{name}" for name in schema.mutation_type.fields}  # type: ignore[union-attr]
    operations |= {f"Query.{name}" for name in schema.query_type.fields}  # type: ignore[union-attr]
    covered = {f"Mutation.{row.operation}" for row in ROWS}
    covered |= {f"Query.{row.operation.split('(')[0].split(' ')[0]}" for row in ROWS}
    assert operations <= covered, sorted(operations - covered)


def test_every_bad_token_kind_is_in_the_matrix(shared: LiveService) -> None:
    assert sorted(bad_tokens(shared.settings)) == sorted(BAD_TOKEN_PROBLEMS)


def test_the_total_count_counts_only_what_the_caller_may_see(shared: LiveService) -> None:
    _draft(shared)
    shared.graphql(CREATE, {"input": create_input(incidentRef=None)}, user="bob", roles=["author"])
    documents = list(shared.db["postmortems"].find({}))
    for user, roles in CALLERS.values():
        visible = {d["_id"] for d in documents if can_view(Actor(user, roles), {**d})}
        ids, total = _all_listed(shared, user, roles)
        assert ids == visible
        assert total == len(visible)


def _all_listed(service: LiveService, user: str, roles: frozenset[str]) -> tuple[set[str], int]:
    query = """query($after: String) { postmortems(first: 100, after: $after) {
      totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }"""
    ids: set[str] = set()
    after = None
    while True:
        page = service.graphql(query, {"after": after}, user=user, roles=roles)["data"]
        ids |= {edge["node"]["id"] for edge in page["postmortems"]["edges"]}
        if not page["postmortems"]["pageInfo"]["hasNextPage"]:
            return ids, page["postmortems"]["totalCount"]
        after = page["postmortems"]["pageInfo"]["endCursor"]


def test_a_draft_the_caller_may_not_see_reads_as_absent_not_forbidden(
    shared: LiveService,
) -> None:
    draft = _draft(shared)
    hidden = shared.graphql(GET, {"id": draft.id}, user="bob", roles=["author"])
    missing = shared.graphql(GET, {"id": "00000000-0000-4000-8000-000000000000"})
    assert hidden == missing == {"data": {"postmortem": None}}
    renamed = shared.graphql(
        UPDATE_METADATA, {"id": draft.id, "v": 1}, user="bob", roles=["author"]
    )
    assert renamed["data"]["updatePostmortemMetadata"]["__typename"] == "NotFound"


def test_a_reviewer_who_can_see_a_draft_may_still_not_edit_it(shared: LiveService) -> None:
    draft = _draft(shared)
    renamed = shared.graphql(
        UPDATE_METADATA, {"id": draft.id, "v": 1}, user="rita", roles=["reviewer"]
    )
    assert renamed["data"]["updatePostmortemMetadata"]["__typename"] == "NotPermitted"


def test_unknown_roles_in_a_token_grant_nothing(shared: LiveService) -> None:
    draft = _draft(shared)
    body = shared.graphql(GET, {"id": draft.id}, user="eve", roles=["superuser", "root"])
    assert body == {"data": {"postmortem": None}}


def test_a_published_postmortem_is_read_by_everyone_and_its_amendment_by_draft_readers(
    shared: LiveService,
) -> None:
    postmortem = factories.published(factories.oauth_token_outage(incident_ref=None))
    shared.app.save(postmortem)
    pm_id = str(postmortem.id)
    wait_for_version(shared, pm_id, postmortem.version)
    for caller, (user, roles) in CALLERS.items():
        read = shared.graphql(GET, {"id": pm_id}, user=user, roles=roles)["data"]["postmortem"]
        assert read == {"id": pm_id, "title": "OAuth token outage", "state": "PUBLISHED"}, caller
        listed = shared.graphql(LIST, user=user, roles=roles)["data"]
        assert _listed(listed, Subject(pm_id, 0, "", "", "", "", "")), caller

    alice = CommandContext(Actor("alice", frozenset({"author"})), "req-amend")
    amended = shared.app.handle(
        AmendPostmortem(
            postmortem_id=postmortem.id, expected_version=postmortem.version, reason="typo"
        ),
        alice,
    )
    updated = shared.graphql(UPDATE_METADATA, {"id": pm_id, "v": amended.version})
    assert updated["data"]["updatePostmortemMetadata"]["title"] == "Renamed"
    seen = {
        caller: shared.graphql(GET, {"id": pm_id}, user=user, roles=roles)["data"]["postmortem"]
        for caller, (user, roles) in CALLERS.items()
    }
    for caller, read in seen.items():
        if caller in DRAFT_READERS | {"owner"}:
            assert (read["title"], read["state"]) == ("Renamed", "DRAFT"), caller
        else:
            assert (read["title"], read["state"]) == ("OAuth token outage", "PUBLISHED"), caller
