"""Notifications reach a local webhook receiver and a local SMTP server: each event once per
recipient, retried while the receivers refuse, visible in projectionStatus meanwhile."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from projections.outbound.outbox import COLLECTION as OUTBOX
from projections.outbound.worker import OutboundWorker
from service.bootstrap import build_outbound
from service.config import Settings
from tests.support.live import LiveService
from tests.support.outbound_config import with_notifications
from tests.support.publishing import (
    approve_and_publish,
    create_seed,
    request_changes,
    rewrite_summary,
    submit,
)
from tests.support.receivers import (
    SmtpServer,
    WebhookReceiver,
    smtp_server,
    wait_until,
    webhook_receiver,
)

TITLE = "OAuth token outage"
STATUS = """{ projectionStatus { name lag lastError
  deliveries { pending retrying failed sent oldestPendingAt lastError } } }"""
ADMIN = {"user": "root", "roles": ("admin",)}
FOREVER = 10**9


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with webhook_receiver(failures=FOREVER) as running:
        yield running


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with smtp_server(failures=2) as running:
        yield running


def start_workers(live: LiveService, count: int) -> list[OutboundWorker]:
    """Starts `count` outbound workers on one database, as `count` processes would."""
    workers = []
    for _ in range(count):
        worker = build_outbound(live.settings, live.app, live.mongo)
        assert worker is not None
        assert worker.dispatcher is not None
        assert live.projector is not None
        live.projector.on_committed(worker.wake)
        worker.start()
        workers.append(worker)
    return workers


def notifications_status(live: LiveService) -> dict[str, object]:
    status = live.graphql(STATUS, **ADMIN)["data"]["projectionStatus"]
    return dict(next(s for s in status if s["name"] == "notifications"))


def test_each_event_reaches_each_recipient_once_retried_while_the_receivers_refuse(
    settings: Settings,
    mongodb_uri: str,
    tmp_path: Path,
    receiver: WebhookReceiver,
    smtp: SmtpServer,
) -> None:
    configured = with_notifications(settings, tmp_path, receiver.url, smtp.port)
    live = LiveService(configured, mongodb_uri).start()
    workers = start_workers(live, 2)
    try:
        pm_id, version = create_seed(live)
        version = submit(live, pm_id, version)

        # The webhook refuses: the delivery is retried, and the status says so meanwhile.
        wait_until(lambda: receiver.refused >= 3, 30, "several refused attempts")
        status = notifications_status(live)
        deliveries = status["deliveries"]
        assert isinstance(deliveries, dict)
        assert deliveries["retrying"] >= 1
        assert deliveries["failed"] == 0
        assert "HTTP 500" in str(status["lastError"])
        assert receiver.posts == []
        receiver.failures = receiver.refused  # the receiver recovers

        version = request_changes(live, pm_id, version, "Say which validators & <why>.")
        version = rewrite_summary(live, pm_id, version, "Tokens signed with a new key failed.")
        version = submit(live, pm_id, version)
        approve_and_publish(live, pm_id, version)

        wait_until(lambda: len(receiver.posts) >= 4 and len(smtp.messages) >= 7, 30, "all")
        wait_until(
            lambda: live.db[OUTBOX].count_documents({"state": {"$ne": "sent"}}) == 0, 10, "marks"
        )
        outbox = list(live.db[OUTBOX].find({}))
        deliveries = notifications_status(live)["deliveries"]
    finally:
        for worker in workers:
            worker.stop()
        live.stop()

    # Slack: every event once (two review requests: one per submission).
    heads = Counter(text.split("\n")[0] for text in receiver.texts())
    assert heads == Counter(
        {
            f"*Review requested: {TITLE}*": 2,
            f"*Changes requested: {TITLE}*": 1,
            f"*Published: {TITLE}*": 1,
        }
    )
    assert {path for path, _ in receiver.posts} == {"/hooks/identity"}
    # Text from the postmortem is escaped for Slack: no mentions, no forged links.
    changes = next(t for t in receiver.texts() if "Changes requested" in t)
    assert "Say which validators &amp; &lt;why&gt;." in changes
    assert "Dave Reviewer asked for changes" in changes

    # Email: reviewers get review requests, authors the rest, the team's leads publications.
    assert Counter(smtp.subjects()) == Counter(
        {
            ("carol@example.com", f"Review requested: {TITLE}"): 2,
            ("dave@example.com", f"Review requested: {TITLE}"): 2,
            ("alice@example.com", f"Changes requested: {TITLE}"): 1,
            ("alice@example.com", f"Published: {TITLE}"): 1,
            ("identity-leads@example.com", f"Published: {TITLE}"): 1,
        }
    )
    message_ids = [str(msg["Message-ID"]) for _, msg in smtp.messages]
    assert len(set(message_ids)) == 7  # one message per delivery, none sent twice
    assert smtp.refused == 2  # the first two were refused with 451, and retried

    assert len(outbox) == 11
    assert deliveries == {
        "pending": 0,
        "retrying": 0,
        "failed": 0,
        "sent": 11,
        "oldestPendingAt": None,
        "lastError": None,
    }
    assert {d["state"] for d in outbox} == {"sent"}
    assert max(d["attempts"] for d in outbox if d["channel"] == "slack") >= 4


def test_a_permanent_refusal_is_not_retried_and_shows_as_failed(
    settings: Settings, mongodb_uri: str, tmp_path: Path
) -> None:
    with webhook_receiver(failures=FOREVER, status=404) as gone, smtp_server() as smtp:
        configured = with_notifications(settings, tmp_path, gone.url, smtp.port)
        live = LiveService(configured, mongodb_uri).start()
        worker = build_outbound(configured, live.app, live.mongo)
        assert worker is not None
        assert worker.dispatcher is not None
        try:
            pm_id, version = create_seed(live)
            submit(live, pm_id, version)
            assert worker.dispatcher.send_due() == 3  # webhook, carol, dave
            assert worker.dispatcher.send_due() == 0  # nothing comes back for a retry
            status = notifications_status(live)
            failed = list(live.db[OUTBOX].find({"state": "failed"}))
        finally:
            live.stop()
    assert gone.refused == 1
    assert [(d["channel"], d["attempts"]) for d in failed] == [("slack", 1)]
    assert "HTTP 404" in failed[0]["last_error"]
    deliveries = status["deliveries"]
    assert isinstance(deliveries, dict)
    assert (deliveries["failed"], deliveries["sent"], deliveries["pending"]) == (1, 2, 0)
    assert "HTTP 404" in str(status["lastError"])
    assert len(smtp.messages) == 2


def test_text_from_a_postmortem_mentions_nobody_in_the_payload_received(
    settings: Settings, mongodb_uri: str, tmp_path: Path
) -> None:
    """Slack's escaping rules (&, <, > as entities: no `<!here>`, `<!subteam^…>`, `<@U…>`)
    and no "@" starting a word (`@channel`, `@here`, `@everyone`, user groups), which Slack
    with link_names, Mattermost and Rocket.Chat would turn into mentions."""
    title = "Outage @channel <!here> @everyone"
    comment = "Ask @sre-oncall, <!subteam^S1|@sre> and <@U024BE7LH>; or mail bob@example.com."
    with webhook_receiver() as receiver, smtp_server() as smtp:
        configured = with_notifications(settings, tmp_path, receiver.url, smtp.port)
        live = LiveService(configured, mongodb_uri).start()
        workers = start_workers(live, 1)
        try:
            pm_id, version = create_seed(live, title=title)
            version = submit(live, pm_id, version)
            request_changes(live, pm_id, version, comment)
            wait_until(lambda: len(receiver.posts) >= 2, 30, "two chat messages")
        finally:
            for worker in workers:
                worker.stop()
            live.stop()
    texts = receiver.texts()
    assert len(texts) == 2
    for text in texts:
        assert "<!" not in text
        assert "<@" not in text
        assert re.search(r"(?<![\w.+-])@[\w.-]", text) is None, text
        assert "\uff20channel &lt;!here&gt; \uff20everyone" in text  # still readable
    changes = next(t for t in texts if "Changes requested" in t)
    assert (
        "Ask \uff20sre-oncall, &lt;!subteam^S1|\uff20sre&gt; and &lt;\uff20U024BE7LH&gt;" in changes
    )
    assert "bob@example.com" in changes  # an address mentions nobody: kept as it is
