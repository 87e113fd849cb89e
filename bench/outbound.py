"""Outbound throughput: the dispatcher sending N outbox deliveries to a local webhook receiver
(claim, rate-limit slot, POST, mark sent), next to the raw floor of the same POSTs without the
outbox; and the reminder scan over M open action items (first scan records, second finds
nothing new).

    .venv/bin/python -m bench.outbound --deliveries 500 --items 5000
"""

from __future__ import annotations

import argparse
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import psutil

from bench.common import mongodb, scratch
from bench.cpu import Meter, mongodb_process, per_op
from projections.action_items.projection import COLLECTION as ACTION_ITEMS
from projections.outbound.dispatcher import Dispatcher
from projections.outbound.messages import Message, slack_payload
from projections.outbound.outbox import COLLECTION, Outbox, Recipient, delivery
from projections.outbound.reminders import ReminderScan
from projections.outbound.routing import Channel, Kind, Routing, UserDirectory, webhook_id
from projections.outbound.senders import WebhookSender
from service.bootstrap import mongo_client
from service.domain import ReviewPolicy
from service.infrastructure.local_mongo import free_port

TARGETS = 10


class _Quiet(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def routing_for(base: str) -> Routing:
    hooks = [f"{base}/hooks/{n}" for n in range(TARGETS)]
    return Routing.model_validate(
        {
            "teams": {"bench": {"slack_webhooks": hooks}, "scan": {"slack_webhooks": hooks[:1]}},
            "delivery": {"per_target_per_second": 1000, "senders": 2, "poll_seconds": 0.05},
            "reminders": {"action_item_due_soon_days": 2},
        }
    )


def dispatch(db: Any, routing: Routing, count: int) -> tuple[float, float]:
    """Returns (wall seconds, CPU seconds of this process) to send `count` deliveries."""
    now = datetime.now(UTC)
    message = Message("Review requested: bench", "bench submitted a postmortem for review.")
    hooks = routing.teams["bench"].webhooks()
    docs = [
        delivery(
            Kind.REVIEW_REQUESTED,
            f"pm{n}@1",
            Recipient(Channel.SLACK, webhook_id(hooks[n % TARGETS])),
            message,
            f"pm{n}",
            now,
        )
        for n in range(count)
    ]
    outbox = Outbox(db)
    outbox.ensure_indexes()
    outbox.add(docs)
    dispatcher = Dispatcher(outbox, {"slack": WebhookSender(routing)}, routing.delivery)
    started, cpu = time.perf_counter(), time.process_time()
    dispatcher.start()
    while db[COLLECTION].count_documents({"state": "sent"}) < count:
        time.sleep(0.05)
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    dispatcher.stop()
    return wall, used


def floor(routing: Routing, count: int) -> tuple[float, float]:
    """The same POSTs from two threads without the outbox: the HTTP floor."""
    hooks = routing.teams["bench"].webhooks()
    payload = slack_payload("Review requested: bench", "bench submitted a postmortem.", None)
    started, cpu = time.perf_counter(), time.process_time()
    with httpx.Client() as client:

        def post(offset: int) -> None:
            for n in range(offset, count, 2):
                client.post(hooks[n % TARGETS], json=payload).raise_for_status()

        threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return time.perf_counter() - started, time.process_time() - cpu


def scan(db: Any, routing: Routing, items: int) -> tuple[float, float, int, int]:
    """Returns the seconds of a first and a second reminder scan and what each recorded
    (due dates spread over 30 days: a third in the reminder window, one webhook each)."""
    today = date.today()
    db[ACTION_ITEMS].insert_many(
        [
            {
                "_id": f"pm{n}:i",
                "action_item_id": "i",
                "postmortem_id": f"pm{n}",
                "postmortem_title": f"Incident {n}",
                "severity": "SEV3",
                "team": "scan",
                "state": "PUBLISHED",
                "title": "Fix it",
                "owner": "someone",
                "priority": "P2",
                "status": "open",
                "due_date": (today + timedelta(days=n % 30 - 10)).isoformat(),
                "due_sort": (today + timedelta(days=n % 30 - 10)).isoformat(),
            }
            for n in range(items)
        ]
    )
    db[ACTION_ITEMS].create_index([("due_sort", 1), ("_id", 1)])
    reminders = ReminderScan(db, routing, UserDirectory(), ReviewPolicy())
    started = time.perf_counter()
    first = reminders.run()
    middle = time.perf_counter()
    second = reminders.run()
    return middle - started, time.perf_counter() - middle, first, second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deliveries", type=int, default=500)
    parser.add_argument("--items", type=int, default=5000)
    args = parser.parse_args()
    receiver = ThreadingHTTPServer(("127.0.0.1", free_port()), _Quiet)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    routing = routing_for(f"http://127.0.0.1:{receiver.server_address[1]}")
    with scratch() as tmp, mongodb(tmp) as uri:
        client = mongo_client(uri)
        db = client["bench_outbound_" + uuid.uuid4().hex[:8]]
        try:
            meter = Meter({"ours": psutil.Process()}, {"database": mongodb_process(uri)})
            with meter.phase() as floor_used:
                floor_wall, floor_cpu = floor(routing, args.deliveries)
            with meter.phase() as used:
                wall, cpu = dispatch(db, routing, args.deliveries)
            n = args.deliveries
            print(f"dispatch {n} deliveries to {TARGETS} local webhooks, 2 sender threads:")
            print(
                f"  outbox dispatcher   {n / wall:8.1f} deliveries/s   "
                f"{cpu / n * 1000:6.2f} ms CPU each"
            )
            print(
                f"  raw POST floor      {n / floor_wall:8.1f} posts/s        "
                f"{floor_cpu / n * 1000:6.2f} ms CPU each"
            )
            print(f"  outbox time / floor time: {wall / floor_wall:.1f}x")
            print(
                f"  CPU per delivery, MongoDB-wire server: outbox "
                f"{per_op(used.get('database'), n, 'ms')}, floor "
                f"{per_op(floor_used.get('database'), n, 'ms')}; ours/floor CPU "
                f"{cpu / max(floor_cpu, 1e-9):.1f}x (this process also runs the webhook receiver)"
            )
            with meter.phase() as scanned:
                first, second, recorded, again = scan(db, routing, args.items)
            print(f"reminder scan over {args.items} open action items:")
            print(f"  first scan   {first * 1000:8.0f} ms, recorded {recorded}")
            print(f"  second scan  {second * 1000:8.0f} ms, recorded {again} (idempotent)")
            print(
                f"  CPU per action item (loading them, two scans): ours "
                f"{per_op(scanned['ours'], args.items)}, MongoDB-wire server "
                f"{per_op(scanned.get('database'), args.items)}"
            )
        finally:
            client.drop_database(db.name)
            client.close()
            receiver.shutdown()


if __name__ == "__main__":
    main()
