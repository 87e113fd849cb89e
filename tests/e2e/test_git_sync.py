"""Git sync: published revisions committed as Markdown to a local repository (and a local
"remote"), equal to the Markdown export, rebuildable into an empty repository."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from dulwich.objects import Commit
from dulwich.repo import Repo
from typer.testing import CliRunner

from projections.outbound.git_repo import SyncRepository
from projections.outbound.git_sync import GitSync, GitSyncWorker
from projections.outbound.routing import UserDirectory
from service.bootstrap import build_outbound
from service.cli import app as cli
from service.config import Settings
from tests.support.live import LiveService
from tests.support.publishing import (
    amend,
    approve_and_publish,
    create_seed,
    rewrite_summary,
    submit,
)
from tests.support.receivers import wait_until

DIRECTORY = """
[users.dave]
name = "Dave Reviewer"
email = "dave@example.com"
"""
STATUS = "{ projectionStatus { name position headPosition lag lastError } }"
ADMIN = {"user": "root", "roles": ("admin",)}


@pytest.fixture
def git_settings(settings: Settings, tmp_path: Path) -> Settings:
    directory = tmp_path / "users.toml"
    directory.write_text(DIRECTORY)
    return settings.model_copy(
        update={"git_sync_path": tmp_path / "published.git", "user_directory": directory}
    )


@pytest.fixture
def live(git_settings: Settings, mongodb_uri: str) -> Iterator[LiveService]:
    service = LiveService(git_settings, mongodb_uri).start()
    yield service
    service.stop()


def history(path: Path) -> list[Commit]:
    """Returns the branch's commits, oldest first."""
    repo = Repo(str(path))
    commits = [entry.commit for entry in repo.get_walker(include=[repo.refs[b"refs/heads/main"]])]
    repo.close()
    return list(reversed(commits))


def git_worker(live: LiveService) -> GitSyncWorker:
    outbound = build_outbound(live.settings, live.app, live.mongo)
    assert outbound is not None
    assert outbound.git_sync is not None
    return outbound.git_sync


def publish_then_amend(live: LiveService) -> tuple[str, int, int]:
    """Publishes the seed, amends it and republishes; returns (id, v1, v2)."""
    pm_id, version = create_seed(live)
    first = approve_and_publish(live, pm_id, submit(live, pm_id, version))
    version = amend(live, pm_id, first, "Add the customer notice.")
    version = rewrite_summary(live, pm_id, version, "Amended: customers were told at 18:05.")
    second = approve_and_publish(live, pm_id, submit(live, pm_id, version))
    return pm_id, first, second


def export(live: LiveService, pm_id: str, version: int) -> bytes:
    response = live.http.get(
        f"/postmortems/{pm_id}.md",
        params={"version": version},
        headers={"Authorization": f"Bearer {live.token('erin', ['reviewer'])}"},
    )
    assert response.status_code == 200, response.text
    return response.content


def test_publishing_and_amending_make_two_commits_equal_to_the_markdown_export(
    live: LiveService, git_settings: Settings, tmp_path: Path
) -> None:
    pm_id, first, second = publish_then_amend(live)
    worker = git_worker(live)
    assert worker.run_once() == 2  # takes the lease, then commits both publications
    try:
        commits = history(tmp_path / "published.git")
        assert len(commits) == 2
        repo = SyncRepository(tmp_path / "published.git")
        [path] = repo.files("postmortems")
        assert path == f"postmortems/2025-07-15-oauth-token-outage-{pm_id}.md"
        for commit, version in zip(commits, (first, second), strict=True):
            assert repo.read(path, commit.id) == export(live, pm_id, version)
            assert commit.author == b"Dave Reviewer <dave@example.com>"
            assert commit.author_time == commit.commit_time
        assert commits[0].message.startswith(b'Publish "OAuth token outage"')
        assert commits[1].message.startswith(b'Publish revision 2 of "OAuth token outage"')
        assert b"Amended: Add the customer notice." in commits[1].message
        assert b"Amended: customers were told" in repo.read(path, commits[1].id)  # type: ignore[operator]
        assert (
            repo.read(path)
            == export(live, pm_id, second)
            == (
                live.http.get(
                    f"/postmortems/{pm_id}.md",
                    headers={"Authorization": f"Bearer {live.token('erin', ['reviewer'])}"},
                ).content
            )
        )
        repo.close()

        # Nothing new: no commit; the status shows the sync caught up.
        assert worker.run_once() == 0
        assert len(history(tmp_path / "published.git")) == 2
        status = live.graphql(STATUS, **ADMIN)["data"]["projectionStatus"]
        git = next(s for s in status if s["name"] == "git_sync")
        assert (git["lag"], git["lastError"]) == (0, None)
    finally:
        worker.stop()

    # Rebuilt into an empty repository: the same tree, even the same commits.
    rebuilt = tmp_path / "rebuilt"
    result = CliRunner().invoke(
        cli,
        ["git-sync-rebuild", "--into", str(rebuilt)],
        env={
            "DATA_DIR": str(git_settings.data_dir),
            "MONGODB_URI": live.mongodb_uri,
            "MONGODB_DATABASE": git_settings.mongodb_database,
            "USER_DIRECTORY": str(git_settings.user_directory),
        },
    )
    assert result.exit_code == 0, result.output
    assert "wrote 2 commits" in result.output
    again = history(rebuilt)
    assert [c.tree for c in again] == [c.tree for c in commits]
    assert [c.id for c in again] == [c.id for c in commits]

    # A second rebuild into the now non-empty repository is refused, and changes nothing.
    refused = CliRunner().invoke(
        cli,
        ["git-sync-rebuild", "--into", str(rebuilt)],
        env={"DATA_DIR": str(git_settings.data_dir), "MONGODB_URI": live.mongodb_uri},
    )
    assert refused.exit_code == 2
    assert [c.id for c in history(rebuilt)] == [c.id for c in commits]


def test_a_failing_remote_is_retried_and_visible_in_projection_status(
    git_settings: Settings, mongodb_uri: str, tmp_path: Path
) -> None:
    remote = tmp_path / "remote.git"
    remote.mkdir()
    (remote / "not-a-repository").write_text("the push must fail until this is a repository")
    settings = git_settings.model_copy(
        update={"git_sync_remote": str(remote), "mongodb_database": "g_" + uuid.uuid4().hex[:8]}
    )
    live = LiveService(settings, mongodb_uri).start()
    worker = git_worker(live)
    worker.start()
    try:
        pm_id, version = create_seed(live)
        approve_and_publish(live, pm_id, submit(live, pm_id, version))

        def git_status() -> dict[str, object]:
            status = live.graphql(STATUS, **ADMIN)["data"]["projectionStatus"]
            return dict(next((s for s in status if s["name"] == "git_sync"), {}))

        wait_until(lambda: bool(git_status().get("lastError")), 30, "the push failure to show")
        assert str(remote) in str(git_status()["lastError"])

        # The remote becomes a repository: the retry pushes, and the error clears.
        (remote / "not-a-repository").unlink()
        Repo.init_bare(str(remote))
        wait_until(lambda: git_status().get("lastError") is None, 60, "the retry to succeed")
        assert git_status()["lag"] == 0
        pushed = SyncRepository(remote)
        assert len(history(remote)) == 1
        assert pushed.position() > 0
        # Another process with its own local repository takes the remote as the truth: it
        # fetches the commit and has nothing to add.
        other = GitSync(
            live.app, SyncRepository(tmp_path / "other.git", remote=str(remote)), UserDirectory()
        )
        assert other.catch_up() == 0
        assert other.repo.head() == pushed.head()
        other.close()
        pushed.close()
    finally:
        worker.stop()
        live.stop()
