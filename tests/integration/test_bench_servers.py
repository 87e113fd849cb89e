"""The benchmark's comparison servers answer the benchmark's own requests (so the figures they
print compare like with like, and the scripts do not rot)."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.common import BENCH_JWT_SECRET
from bench.mutations import CREATE, UPDATE, WINDOW
from bench.server import bench_settings, build
from service.api.auth import mint_token
from service.config import Settings


async def _create_then_update(app: Any, token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://bench", headers=headers
    ) as http:
        metadata = {"title": "Bench incident", "severity": "SEV3", "incidentWindow": WINDOW}
        created = (
            await http.post("/graphql", json={"query": CREATE, "variables": {"input": metadata}})
        ).json()["data"]["createPostmortem"]
        edited = {**metadata, "title": "Bench incident (edited)"}
        variables = {"id": created["id"], "v": created["version"], "input": edited}
        updated = (
            await http.post("/graphql", json={"query": UPDATE, "variables": variables})
        ).json()["data"]["updatePostmortemMetadata"]
    return created, updated


@pytest.mark.parametrize("kind", ["floor", "crud"])
def test_a_comparison_server_answers_the_benchmark_mutations(
    kind: str, mongodb_uri: str, tmp_path: Path
) -> None:
    settings = bench_settings(mongodb_uri, "bench_" + uuid.uuid4().hex[:8], tmp_path)
    token = mint_token(Settings(jwt_secret=BENCH_JWT_SECRET), "alice", ["author"])
    created, updated = asyncio.run(_create_then_update(build(kind, settings), token))
    assert created["__typename"] == updated["__typename"] == "Postmortem"
    if kind == "crud":  # it stores the document, so the update sees the created version
        assert created["title"] == "Bench incident"
        assert updated["title"] == "Bench incident (edited)"
        assert updated["version"] == created["version"] + 1
