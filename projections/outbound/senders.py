"""Sending one delivery: to a Slack-compatible incoming webhook (HTTP POST), or by SMTP.

A sender returns on success and raises `SendFailed` otherwise, saying whether trying again
can help: network errors, timeouts, HTTP 408/429/5xx and SMTP 4xx replies are retried;
other HTTP 4xx and SMTP 5xx replies are permanent.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any, Protocol

import httpx

from projections.outbound.messages import slack_payload
from projections.outbound.routing import Routing, SmtpSettings

Document = dict[str, Any]
RETRYABLE_HTTP = frozenset({408, 425, 429})


class SendFailed(Exception):
    """A delivery was not sent."""

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


class Sender(Protocol):
    """Sends one delivery document."""

    def send(self, delivery: Document) -> None:
        """Sends it, or raises SendFailed."""


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.replace(".", "", 1).isdigit() else None


class WebhookSender:
    """Posts `{"text": ...}` to the webhook a delivery names (its URL from the routing)."""

    def __init__(self, routing: Routing, timeout: float = 10.0) -> None:
        self.routing = routing
        self.client = httpx.Client(timeout=timeout, follow_redirects=False)

    def send(self, delivery: Document) -> None:
        """Posts the message; raises SendFailed unless the receiver answers 2xx."""
        url = self.routing.webhook_url(str(delivery["recipient"]))
        if url is None:
            raise SendFailed("webhook no longer in the routing file", retryable=False)
        payload = slack_payload(delivery["subject"], delivery["text"], delivery.get("link"))
        try:
            response = self.client.post(url, json=payload)
        except httpx.HTTPError as error:
            raise SendFailed(f"{type(error).__name__}: {error}", retryable=True) from error
        if response.is_success:
            return
        status = response.status_code
        raise SendFailed(
            f"HTTP {status}: {response.text[:200]}",
            retryable=status >= 500 or status in RETRYABLE_HTTP,
            retry_after=_retry_after(response),
        )

    def close(self) -> None:
        """Closes the HTTP connections."""
        self.client.close()


def email_message(delivery: Document, sender: str) -> EmailMessage:
    """Returns the email of a delivery. Its Message-ID derives from the idempotency key, so a
    resend after a crash carries the same id and mail clients can drop the duplicate."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = delivery["recipient"]
    message["Subject"] = delivery["subject"]
    message["Date"] = formatdate(usegmt=True)
    digest = hashlib.sha256(str(delivery["_id"]).encode()).hexdigest()[:32]
    message["Message-ID"] = f"<{digest}@postmortems>"
    body = delivery["text"] + (f"\n\n{delivery['link']}" if delivery.get("link") else "")
    message.set_content(body + "\n\n-- \nSent by the postmortem service.\n")
    return message


class SmtpSender:
    """Sends each delivery as one plain-text email (one SMTP session per message)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def send(self, delivery: Document) -> None:
        """Sends the email; raises SendFailed on a refusal or a connection problem."""
        s = self.settings
        try:
            with self._connect() as smtp:
                if s.starttls and not s.ssl:
                    smtp.starttls(context=ssl.create_default_context())
                if s.username:
                    smtp.login(s.username, s.password() or "")
                smtp.send_message(email_message(delivery, s.sender))
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise SendFailed(
                f"recipient refused: {error.recipients}",
                retryable=all(400 <= c < 500 for c in codes),
            ) from error
        except smtplib.SMTPResponseException as error:
            reply = (
                error.smtp_error.decode(errors="replace")
                if isinstance(error.smtp_error, bytes)
                else str(error.smtp_error)
            )
            raise SendFailed(
                f"SMTP {error.smtp_code}: {reply[:200]}", retryable=400 <= error.smtp_code < 500
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            raise SendFailed(f"{type(error).__name__}: {error}", retryable=True) from error

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.ssl:
            return smtplib.SMTP_SSL(
                s.host, s.port, timeout=s.timeout_seconds, context=ssl.create_default_context()
            )
        return smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds)
