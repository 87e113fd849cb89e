"""The README's curl examples work as written against the running service."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.support.live import LiveService

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_curl_lines_create_a_postmortem_and_read_it_back(
    service: LiveService,
) -> None:
    bodies = re.findall(r"-d '(\{\"query\".*?\})'\n", README.read_text())
    assert len(bodies) == 2
    token = service.token("alice", ["author"])
    created = service.post_graphql(json.loads(bodies[0])["query"], token=token).json()
    assert created["data"]["createPostmortem"]["__typename"] == "Postmortem"
    listed = service.post_graphql(json.loads(bodies[1])["query"], token=token).json()
    node = listed["data"]["postmortems"]["edges"][0]["node"]
    assert node["id"] == created["data"]["createPostmortem"]["id"]
    assert node["title"] == "OAuth token outage"
