"""`postmortems project` as a real process sends the notifications; killed (SIGKILL) while a
receiver refuses and restarted, it loses none and sends none twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from projections.outbound.outbox import COLLECTION as OUTBOX
from service.config import Settings
from tests.support.live import LiveService
from tests.support.outbound_config import with_notifications
from tests.support.publishing import create_seed, request_changes, submit
from tests.support.receivers import smtp_server, wait_until, webhook_receiver

POSTMORTEMS = Path(sys.executable).with_name("postmortems")
FOREVER = 10**9


def start_projector(settings: Settings, mongodb_uri: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MONGODB_URI": mongodb_uri,
        "MONGODB_DATABASE": settings.mongodb_database,
        "DATA_DIR": str(settings.data_dir),
        "PROJECTION_POLL_INTERVAL": "0.05",
        "NOTIFICATIONS_CONFIG": str(settings.notifications_config),
        "USER_DIRECTORY": str(settings.user_directory),
    }
    return subprocess.Popen(
        [str(POSTMORTEMS), "project"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def test_notifications_survive_a_killed_projector(
    settings: Settings, mongodb_uri: str, tmp_path: Path
) -> None:
    with webhook_receiver(failures=FOREVER) as receiver, smtp_server() as smtp:
        configured = with_notifications(
            settings, tmp_path, receiver.url, smtp.port, events_only=True
        )
        configured = configured.model_copy(update={"read_your_writes_timeout": 0.5})
        live = LiveService(configured, mongodb_uri, projector=False).start()
        first = start_projector(configured, mongodb_uri)
        second: subprocess.Popen[bytes] | None = None
        try:
            ids = []
            for n in range(3):
                pm_id, version = create_seed(live, incidentRef=f"INC-{n}")
                ids.append((pm_id, submit(live, pm_id, version)))
            # Emails go out; the webhook refuses, so its three deliveries wait for a retry.
            # (marked sent: a kill between a send and its mark may send again, at least once)
            wait_until(
                lambda: live.db[OUTBOX].count_documents({"channel": "email", "state": "sent"}) == 6,
                60,
                "the reviewers' emails",
            )
            wait_until(lambda: receiver.refused >= 3, 30, "refused webhook posts")
            first.send_signal(signal.SIGKILL)
            first.wait()

            # While no projector runs: another event, and the receiver recovers.
            request_changes(live, *ids[0], "Name the validators.")
            receiver.failures = receiver.refused
            second = start_projector(configured, mongodb_uri)
            wait_until(lambda: len(receiver.posts) >= 4 and len(smtp.messages) >= 7, 60, "all")
            wait_until(
                lambda: live.db[OUTBOX].count_documents({"state": "sent"}) == 11, 30, "marks"
            )
        finally:
            for process in (first, second):
                if process is not None and process.poll() is None:
                    process.send_signal(signal.SIGINT)
                    process.wait(timeout=30)
            live.stop()

    heads = Counter(text.split("\n")[0] for text in receiver.texts())
    assert heads == Counter(
        {"*Review requested: OAuth token outage*": 3, "*Changes requested: OAuth token outage*": 1}
    )
    assert Counter(rcpt for rcpt, _ in smtp.subjects()) == Counter(
        {"carol@example.com": 3, "dave@example.com": 3, "alice@example.com": 1}
    )
    assert len({str(msg["Message-ID"]) for _, msg in smtp.messages}) == 7
