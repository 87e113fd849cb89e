"""Operating the running service: Prometheus metrics and structured request logs over HTTP."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import structlog
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from service.config import Settings
from service.infrastructure.logs import configure_logging
from tests.support.live import LiveService

CREATE = """
mutation CreateForMetrics($input: CreatePostmortemInput!) {
  createPostmortem(input: $input) { __typename ... on Postmortem { id version } }
}
"""
WINDOW = {"startedAt": "2025-07-15T17:42:00Z"}
GOOD = {"input": {"title": "Disk full", "severity": "SEV3", "incidentWindow": WINDOW}}
BAD = {"input": {"title": " ", "severity": "SEV3", "incidentWindow": WINDOW}}


def scrape(service: LiveService) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Returns every sample of /metrics by (name, labels)."""
    response = service.http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_metrics_count_requests_commands_and_show_projection_lag(service: LiveService) -> None:
    before = scrape(service)
    created = service.graphql(CREATE, GOOD)["data"]["createPostmortem"]
    assert created["__typename"] == "Postmortem"
    refused = service.graphql(CREATE, BAD)["data"]["createPostmortem"]
    assert refused["__typename"] == "ValidationError"
    after = scrape(service)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("postmortems_http_requests_total", operation="CreateForMetrics", status="200") == 2
    assert (
        grew(
            "postmortems_http_request_duration_seconds_count",
            operation="CreateForMetrics",
            status="200",
        )
        == 2
    )
    assert grew("postmortems_commands_total", command="create_postmortem", outcome="ok") == 1
    assert (
        grew("postmortems_commands_total", command="create_postmortem", outcome="validation_failed")
        == 1
    )
    head = service.app.head_position()
    assert value(after, "postmortems_event_log_head_position") == head
    assert value(after, "postmortems_projection_position", projection="postmortems") == head
    assert value(after, "postmortems_projection_lag_events", projection="postmortems") == 0
    # The created event's delay to visibility was observed (other tests' projectors in this
    # process may add their own).
    assert grew("postmortems_projection_delay_seconds_count") >= 1
    assert grew("postmortems_projection_delay_seconds_sum") > 0


def response_families(service: LiveService) -> set[str]:
    """Returns the metric family names /metrics declares (even those without samples yet)."""
    text = service.http.get("/metrics").text
    return {family.name for family in text_string_to_metric_families(text)}


def test_metrics_declare_the_error_families_before_any_error(service: LiveService) -> None:
    families = response_families(service)
    assert {
        "postmortems_http_requests",
        "postmortems_commands",
        "postmortems_projection_lag_events",
        "postmortems_event_store_errors",
        "postmortems_mongodb_errors",
    } <= families


def test_metrics_need_the_metrics_token_when_one_is_set(
    settings: Settings, mongodb_uri: str
) -> None:
    guarded = settings.model_copy(update={"metrics_token": SecretStr("scrape-me")})
    live = LiveService(guarded, mongodb_uri).start()
    try:
        assert live.http.get("/metrics").status_code == 401
        wrong = live.http.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        right = live.http.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
        assert right.status_code == 200
        assert "postmortems_commands" in right.text
    finally:
        live.stop()


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """Captures the service's logs in the production (JSON) format."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging(Settings(log_format="json"), stream=stream)  # the production format
    yield stream
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.reset_defaults()


def test_production_request_logs_are_json_with_correlation_id_user_and_operation(
    captured_logs: io.StringIO, settings: Settings, mongodb_uri: str
) -> None:
    live = LiveService(settings.model_copy(update={"environment": "production"}), mongodb_uri)
    live.start()
    try:
        response = live.http.post(
            "/graphql",
            json={"query": CREATE, "variables": GOOD},
            headers={
                "Authorization": f"Bearer {live.token('alice', ['author'])}",
                "X-Request-ID": "req-ops-42",
            },
        )
        assert response.status_code == 200
        assert (
            live.http.post("/graphql", json={"query": "{ postmortems { totalCount } }"}).status_code
            == 401
        )
    finally:
        live.stop()

    lines = [json.loads(line) for line in captured_logs.getvalue().splitlines() if line.strip()]
    requests: list[dict[str, Any]] = [line for line in lines if line.get("event") == "request"]
    mine = [line for line in requests if line["correlation_id"] == "req-ops-42"]
    assert len(mine) == 1
    entry = mine[0]
    assert entry["operation"] == "CreateForMetrics"
    assert entry["user"] == "alice"
    assert entry["status"] == 200
    assert entry["duration_ms"] > 0
    assert entry["level"] == "info"
    assert entry["timestamp"].endswith("Z")
    anonymous = [line for line in requests if line["status"] == 401]
    assert len(anonymous) == 1
    assert anonymous[0]["user"] is None
    assert anonymous[0]["correlation_id"]


def test_cached_validation_still_refuses_too_many_aliases_every_time(service: LiveService) -> None:
    aliases = " ".join(f"a{i}: postmortems(first: 1) {{ totalCount }}" for i in range(16))
    for _ in range(2):  # the second answer comes from the validation cache
        body = service.graphql(f"query TooMany {{ {aliases} }}")
        assert body.get("data") is None
        assert "aliases" in body["errors"][0]["message"].lower()
