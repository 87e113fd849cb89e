"""Outbound projections: side effects that follow the event log, outside MongoDB.

- `notifications`: the `NotificationsProjection` records one delivery per (event, kind,
  recipient) in the `notification_outbox` collection, inside the projector's exactly-once
  batch; `reminders` adds the time-based ones; the `dispatcher` sends them (Slack-compatible
  webhooks, SMTP) at least once, with retries, backoff and a rate limit per target.
- `git_sync`: writes each published revision as Markdown into a Git repository, one commit
  per publication; the repository records how far it got, so it is its own tracking.
- `worker`: runs both (and the reminder scheduler) beside a projector, in `project` or `serve`.

Nothing here runs inside a command or holds a read model's transaction open while it talks
to the outside world.
"""
