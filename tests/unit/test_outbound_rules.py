"""Pure rules of the outbound side: the routing file, Slack escaping, the retry policy, Git
file names and authors."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from projections.outbound.git_repo import Author
from projections.outbound.git_sync import file_path, slug
from projections.outbound.messages import slack_payload
from projections.outbound.notifications import route_recipients
from projections.outbound.outbox import Recipient, backoff
from projections.outbound.routing import (
    Channel,
    DeliveryPolicy,
    Kind,
    ReminderPolicy,
    UserDirectory,
    load_directory,
    load_routing,
    webhook_id,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "routing.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[teams.a\n", "is not valid TOML"),
        ('[teams.a]\nemails = ["x@example.com"]\n', "[smtp] is missing"),
        ('[teams.a]\nslack_webhooks = ["ftp://hooks"]\n', "must be an http(s) URL"),
        ('[teams.a]\nkinds = ["gossip"]\n', "teams.a.kinds"),
        ("[teams.a]\nwebhook = 1\n", "teams.a.webhook: Extra inputs are not permitted"),
        ("[delivery]\nmax_attempts = 0\n", "delivery.max_attempts"),
        ('[smtp]\nhost = "h"\n', "smtp.sender: Field required"),
    ],
)
def test_a_bad_routing_file_is_refused_naming_the_problem(
    tmp_path: Path, text: str, problem: str
) -> None:
    with pytest.raises(ValueError, match="NOTIFICATIONS_CONFIG") as raised:
        load_routing(write(tmp_path, text))
    assert problem in str(raised.value)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        load_routing(tmp_path / "absent.toml")
    with pytest.raises(ValueError, match="USER_DIRECTORY"):
        load_directory(tmp_path / "absent.toml")


def test_routes_pick_the_team_or_the_default_and_keep_webhook_urls_out_of_deliveries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "SRE_HOOKS", "https://hooks.example.com/sre-1, https://hooks.example.com/sre-2"
    )
    routing = load_routing(
        write(
            tmp_path,
            '[smtp]\nhost = "mail"\nsender = "p@example.com"\n'
            '[teams.sre]\nslack_webhooks_env = "SRE_HOOKS"\nreviewers = ["carol", "alice"]\n'
            'kinds = ["review_requested"]\n'
            '[default]\nslack_webhooks = ["https://hooks.example.com/all"]\n',
        )
    )
    directory = UserDirectory.model_validate(
        {"users": {"carol": {"email": "Carol@Example.com"}, "alice": {"email": "a@example.com"}}}
    )
    sre = routing.route("sre")
    assert routing.route("unknown") == routing.route(None) == routing.default
    found = route_recipients(sre, Kind.REVIEW_REQUESTED, directory, ["carol", "nobody", "carol"])
    assert found == [
        Recipient(Channel.SLACK, webhook_id("https://hooks.example.com/sre-1")),
        Recipient(Channel.SLACK, webhook_id("https://hooks.example.com/sre-2")),
        Recipient(Channel.EMAIL, "carol@example.com"),
    ]
    assert all("hooks" not in r.address for r in found)
    assert routing.webhook_url(found[1].address) == "https://hooks.example.com/sre-2"
    assert route_recipients(sre, Kind.PUBLISHED, directory, ["carol"]) == []  # not its kind


def test_slack_text_cannot_mention_everyone_or_forge_links() -> None:
    payload = slack_payload("Review <!channel>", "a & b <https://evil|x>", "https://pm/1")
    assert payload == {
        "text": "*<https://pm/1|Review &lt;!channel&gt;>*\na &amp; b &lt;https://evil|x&gt;"
    }


def test_backoff_doubles_up_to_the_cap_with_bounded_jitter_and_honours_retry_after() -> None:
    policy = DeliveryPolicy(retry_initial_seconds=2, retry_max_seconds=60)
    for attempt, full in [(1, 2), (2, 4), (3, 8), (6, 60), (40, 60)]:
        for _ in range(50):
            assert 0.75 * full <= backoff(attempt, policy) <= full
    assert backoff(1, policy, retry_after=30) == 30


def test_git_file_names_are_dated_slugs_and_authors_are_clean() -> None:
    started = datetime(2025, 7, 15, 17, 42, tzinfo=UTC)
    doc = {
        "id": "0b1c",
        "title": "Ünïcode / OAuth: token outage!",
        "window": {"started_at": started},
    }
    assert file_path(doc) == "postmortems/2025-07-15-unicode-oauth-token-outage-0b1c.md"
    assert slug("!!!") == "postmortem"
    assert len(slug("word " * 40)) <= 60
    assert Author("Eve <evil>\nX", "e v@<x>").identity() == b"Eve evilX <ev@x>"


def test_the_readme_routing_example_loads_and_shows_the_defaults(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Notifications, reminders and Git sync")[1]
    example = section.split("```toml\n")[1].split("```")[0]
    routing = load_routing(write(tmp_path, example))
    assert routing.delivery == DeliveryPolicy()
    assert routing.reminders == ReminderPolicy()
    assert routing.route("Identity Platform").reviewers == ("carol", "dave")  # type: ignore[union-attr]
    assert routing.route("payments") == routing.default


def test_slack_text_cannot_mention_anyone_in_any_spelling() -> None:
    text = "@channel (@here) @everyone @all @sre-oncall <!subteam^S1|@sre> <@U024BE7LH> bob@x.io"
    escaped = slack_payload("@here: outage", text, None)["text"]
    assert "<" not in escaped
    assert re.search(r"(?<![\w.+-])@\w", escaped) is None  # no @ starts a word
    assert "bob@x.io" in escaped  # an address mentions nobody: kept
    assert escaped.startswith("*\uff20here: outage*\n\uff20channel (\uff20here) \uff20everyone")
