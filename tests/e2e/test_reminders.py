"""Time-based reminders: action items due soon / overdue and publication deadlines near /
breached, recorded once per date however often (and by however many processes) the scan
runs, and delivered to the local webhook receiver and SMTP server."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from projections.outbound.dispatcher import Dispatcher
from projections.outbound.outbox import COLLECTION as OUTBOX
from projections.outbound.outbox import Outbox
from projections.outbound.reminders import ReminderScan
from projections.outbound.senders import SmtpSender, WebhookSender
from service.bootstrap import build_review_policy, outbound_config
from service.config import Settings
from service.domain.calendar import time_zone
from tests.support.live import LiveService
from tests.support.outbound_config import with_notifications
from tests.support.postmortem_graphql import run
from tests.support.publishing import ALICE, create_seed
from tests.support.receivers import smtp_server, webhook_receiver

TITLE = "OAuth token outage"


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=UTC)


def test_reminders_are_recorded_once_per_date_and_delivered(
    settings: Settings, mongodb_uri: str, tmp_path: Path
) -> None:
    with webhook_receiver() as receiver, smtp_server() as smtp:
        configured = with_notifications(settings, tmp_path, receiver.url, smtp.port)
        live = LiveService(configured, mongodb_uri).start()
        try:
            # The seed (SEV2, resolved 2025-07-15 18:27, so due for publication by the end
            # of 07-25, UTC here) has items owned by teams (sre: due 08-01); Bob owns one due
            # 07-30.
            pm_id, version = create_seed(live)
            item = {
                "title": "Rehearse key rotation",
                "owner": "bob",
                "dueDate": "2025-07-30",
                "priority": "P2",
            }
            run(
                live,
                "addActionItem",
                "$input: ActionItemInput!",
                {"id": pm_id, "v": version, "input": item},
                **ALICE,
            )

            routing, directory = outbound_config(configured)
            assert routing is not None
            policy = build_review_policy(configured)
            scans = [ReminderScan(live.db, routing, directory, policy) for _ in range(2)]

            assert scans[0].run(at(12, 1)) == 0  # every date long past: not reminded of
            assert scans[0].run(at(7, 20)) == 0  # nothing due yet
            # Deadline two days away: authors, the team's leads and its webhook.
            assert scans[0].run(at(7, 24)) == 3
            assert scans[1].run(at(7, 24)) == 0  # a second process records nothing new
            # Deadline passed; Bob's item due tomorrow (to Bob: he is in the directory).
            assert scans[1].run(at(7, 29)) == 4
            assert scans[0].run(at(7, 29, 15)) == 0
            # Bob's item and sre's are overdue (sre is a team: its route's address).
            assert scans[0].run(at(8, 2)) == 2
            assert scans[1].run(at(8, 3)) == 0

            outbox = Outbox(live.db)
            senders = {"slack": WebhookSender(routing), "email": SmtpSender(routing.smtp)}  # type: ignore[arg-type]
            dispatchers = [Dispatcher(outbox, senders, routing.delivery) for _ in range(2)]
            while any([d.send_one() for d in dispatchers]):
                pass
        finally:
            live.stop()

    assert Counter(smtp.subjects()) == Counter(
        {
            ("alice@example.com", f"Publication due by the end of 2025-07-25 (UTC): {TITLE}"): 1,
            (
                "identity-leads@example.com",
                f"Publication due by the end of 2025-07-25 (UTC): {TITLE}",
            ): 1,
            ("alice@example.com", f"Publication deadline missed: {TITLE}"): 1,
            ("identity-leads@example.com", f"Publication deadline missed: {TITLE}"): 1,
            ("bob@example.com", "Action item due 2025-07-30: Rehearse key rotation"): 1,
            ("bob@example.com", "Action item overdue: Rehearse key rotation"): 1,
            (
                "sre@example.com",
                "Action item overdue: Alert on JWKS fetch failures in token validators",
            ): 1,
        }
    )
    heads = sorted(text.split("\n")[0] for text in receiver.texts())
    assert heads == [
        f"*Publication deadline missed: {TITLE}*",
        f"*Publication due by the end of 2025-07-25 (UTC): {TITLE}*",
    ]
    missed = next(text for text in receiver.texts() if "missed" in text)
    assert "still draft" in missed
    assert "10 days after resolution" in missed


def test_reminder_dates_are_calendar_dates_of_the_time_zone(
    settings: Settings, mongodb_uri: str, tmp_path: Path
) -> None:
    with webhook_receiver() as receiver, smtp_server() as smtp:
        configured = with_notifications(settings, tmp_path, receiver.url, smtp.port)
        live = LiveService(configured, mongodb_uri).start()
        try:
            pm_id, version = create_seed(live)
            item = {"title": "Rehearse key rotation", "owner": "bob", "dueDate": "2025-07-30"}
            run(live, "addActionItem", "$input: ActionItemInput!",
                {"id": pm_id, "v": version, "input": item}, **ALICE)  # fmt: skip
            routing, directory = outbound_config(configured)
            assert routing is not None
            policy = build_review_policy(configured)
            # 30 July 10:30Z: Bob's item is due today in UTC, overdue since 00:30 on 31 July
            # in Kiritimati (UTC+14).
            now = datetime(2025, 7, 30, 10, 30, tzinfo=UTC)
            for zone in ("UTC", "Pacific/Kiritimati"):
                ReminderScan(live.db, routing, directory, policy, zone=time_zone(zone)).run(now)
            bob = live.db[OUTBOX].find({"recipient": "bob@example.com"})
            assert sorted(d["kind"] for d in bob) == ["action_item_due_soon", "action_item_overdue"]
            # Resolved 15 July 18:27Z, which is 16 July in Kiritimati: the SLA's last day is
            # 25 July in UTC (ending 26 July 00:00Z), 26 July in Kiritimati (ending 10:00Z that
            # day). One reminder per deadline, each naming its last day and zone.
            missed = live.db[OUTBOX].find(
                {"kind": "publication_deadline_breached", "recipient": "alice@example.com"}
            )
            assert sorted(d["_id"].split(":", 2)[2].rsplit(":", 2)[0] for d in missed) == [
                "2025-07-26T00:00:00+00:00", "2025-07-26T10:00:00+00:00"]  # fmt: skip
            breached = live.db[OUTBOX].find({"kind": "publication_deadline_breached"})
            texts = {d["text"].split(" and is ")[0].split(" by ")[-1] for d in breached}
            assert texts == {
                "the end of 2025-07-25 (UTC)",
                "the end of 2025-07-26 (Pacific/Kiritimati)",
            }
        finally:
            live.stop()
