"""Local peers for the outbound tests: an incoming-webhook receiver (HTTP) and an SMTP server
(aiosmtpd), both on 127.0.0.1, each able to refuse its first N deliveries."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from service.infrastructure.local_mongo import free_port


class WebhookReceiver:
    """Records JSON posts to `/hooks/<name>`; answers `status` (500) to the first `failures`."""

    def __init__(self, failures: int = 0, status: int = 500) -> None:
        self.failures = failures
        self.status = status
        self.posts: list[tuple[str, dict[str, Any]]] = []  # (path, body) accepted
        self.refused = 0
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with receiver._lock:
                    refuse = receiver.refused < receiver.failures
                    if refuse:
                        receiver.refused += 1
                    else:
                        receiver.posts.append((self.path, body))
                self.send_response(receiver.status if refuse else 200)
                self.end_headers()
                self.wfile.write(b"try again" if refuse else b"ok")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def texts(self) -> list[str]:
        """Returns the text of every accepted post."""
        with self._lock:
            return [str(body["text"]) for _, body in self.posts]


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.server._lock:
            if self.server.refused < self.server.failures:
                self.server.refused += 1
                return "451 4.3.0 try again later"
            content = envelope.original_content or b""
            for rcpt in envelope.rcpt_tos:
                self.server.messages.append((rcpt, message_from_bytes(content)))
        return "250 OK"


class SmtpServer:
    """An aiosmtpd server recording (recipient, message); 451 to the first `failures`."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.refused = 0
        self.messages: list[tuple[str, Message]] = []
        self._lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def subjects(self) -> list[tuple[str, str]]:
        """Returns (recipient, subject) of every accepted message."""
        with self._lock:
            return [(rcpt, str(msg["Subject"])) for rcpt, msg in self.messages]


@contextmanager
def webhook_receiver(failures: int = 0, status: int = 500) -> Iterator[WebhookReceiver]:
    """Runs a WebhookReceiver for the duration of the block."""
    receiver = WebhookReceiver(failures, status)
    receiver._thread.start()
    try:
        yield receiver
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()


@contextmanager
def smtp_server(failures: int = 0) -> Iterator[SmtpServer]:
    """Runs an SmtpServer for the duration of the block."""
    server = SmtpServer(failures)
    server.controller.start()
    try:
        yield server
    finally:
        server.controller.stop()


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Polls `condition` until it holds; fails the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)
