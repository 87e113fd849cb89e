"""Query arguments that cannot be answered are refused with a code, never answered with nothing
or with a guess (fresh2 #8, #11, #13, #14), over real HTTP on the real servers; each refusal
changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, run
from tests.support.security import live_service, snapshot

ADA = {"user": "ada", "roles": ("admin",)}
U, V = "BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"
WIDE = "\uff41\uff4c\uff49\uff43\uff45"  # "alice" in full-width letters
WORDS = " ".join(f"w{n}" for n in range(17))
LIST = "query($f: PostmortemFilter) { postmortems(first: 5, filter: $f) { totalCount } }"
REPORT = """query($asOf: DateTime) { complianceReport(fromDate: "2026-01-01",
  toDate: "2026-11-30", asOf: $asOf) { actionItems { open } } }"""
AS_OF = "query($id: ID!, $at: DateTime) { postmortem(id: $id, asOf: $at) { version } }"


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("arguments"), mongodb_uri) as live:
        created = run(live, "createPostmortem", "$input: CreatePostmortemInput!",
                      {"input": create_input(incidentRef=None)}, with_id=False,
                      user="alice", roles=("author",))  # fmt: skip
        assert created["__typename"] == "Postmortem", created
        live.pm_id = created["id"]  # type: ignore[attr-defined]
        yield live


def _ahead(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).isoformat()


# The request, a phrase of the error, and its code (README: error codes).
REFUSED: list[tuple[str, str, dict[str, Any], str, str]] = [
    ("a date that does not exist", '{ incidentTrends(from: "2026-01-01", to: "2026-02-30") '
     "{ months } }", {}, "Date", V),
    ("more than 36 months of metrics",
     '{ incidentMetrics(from: "2020-01-01", to: "2026-01-01") { months } }', {},
     "at most 36 months", U),
    ("a report period given twice", '{ complianceReport(from: "2026-01-01T00:00:00Z", '
     'fromDate: "2026-01-01", toDate: "2026-02-01") { postmortems } }', {},
     "not both", U),
    ("asOfVersion 0 of an unknown postmortem",
     '{ postmortem(id: "6fc80211-0000-4000-8000-000000000000", asOfVersion: 0) { id } }', {},
     "asOfVersion must be at least 1", U),
    ("a search of 17 distinct words", LIST, {"f": {"text": WORDS}},
     "17 distinct words; at most 16", U),
    ("a report as of next year", REPORT, {"asOf": timedelta(days=365)},
     "asOf must not be in the future", U),
    ("a report six minutes ahead", REPORT, {"asOf": timedelta(minutes=6)},
     "asOf must not be in the future", U),
]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "variables", "phrase", "code"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_an_argument_no_answer_fits_is_refused_with_its_code(
    shared: LiveService, query: str, variables: dict[str, Any], phrase: str, code: str
) -> None:
    # A time ahead is taken when the test runs, not when the module was collected.
    variables = {k: _ahead(v) if isinstance(v, timedelta) else v for k, v in variables.items()}
    before = snapshot(shared)
    body = shared.graphql(query, variables, **ADA)
    assert body.get("data") in (None, {"postmortem": None}), body
    (error,) = body["errors"][:1]
    assert phrase in error["message"], body
    assert error["extensions"]["code"] == code
    assert snapshot(shared) == before


def test_a_point_in_time_read_is_refused_past_now_and_answered_within_the_tolerance(
    shared: LiveService,
) -> None:
    pm_id = shared.pm_id  # type: ignore[attr-defined]
    later = shared.graphql(AS_OF, {"id": pm_id, "at": _ahead(timedelta(days=1))}, **ADA)
    assert later["errors"][0]["extensions"]["code"] == U
    assert "asOf must not be in the future" in later["errors"][0]["message"]
    soon = shared.graphql(AS_OF, {"id": pm_id, "at": _ahead(timedelta(minutes=4))}, **ADA)
    assert soon == {"data": {"postmortem": {"version": 1}}}
    report = shared.graphql(REPORT, {"asOf": _ahead(timedelta(minutes=4))}, **ADA)
    assert "errors" not in report, report


def test_the_compliance_exports_refuse_an_as_of_in_the_future(shared: LiveService) -> None:
    token = shared.token("carl", ["compliance"])
    for fmt in ("json", "csv"):
        response = shared.http.get(
            f"/exports/compliance.{fmt}",
            params={"fromDate": "2026-01-01", "toDate": "2026-11-30",
                    "asOf": _ahead(timedelta(days=30))},
            headers={"Authorization": f"Bearer {token}"},
        )  # fmt: skip
        assert response.status_code == 400, response.text
        (error,) = response.json()["errors"]
        assert error["extensions"]["code"] == "BAD_REQUEST"
        assert "asOf must not be in the future" in error["message"]


def test_the_author_filter_compares_user_ids_as_every_user_id_is_compared(
    shared: LiveService,
) -> None:
    counts = {
        author: shared.graphql(LIST, {"f": {"author": author}}, **ADA)["data"]["postmortems"][
            "totalCount"
        ]
        for author in ("alice", "ALICE", " Alice ", WIDE, "bob")
    }
    assert counts == {"alice": 1, "ALICE": 1, " Alice ": 1, WIDE: 1, "bob": 0}


def test_a_search_of_sixteen_words_repeating_some_is_answered(shared: LiveService) -> None:
    words = " ".join(f"w{n % 16}" for n in range(40))
    body = shared.graphql(LIST, {"f": {"text": words}}, **ADA)
    assert body == {"data": {"postmortems": {"totalCount": 0}}}
