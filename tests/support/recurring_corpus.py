"""A hand-built corpus of 20 postmortem documents (the contract's shape) for the recurring views.

Three true recurrence families, each worded differently across two services, plus unrelated
noise. Dates are relative to NOW (a fixed instant, so the expectations are exact).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from service.domain.document import Document

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def days_ago(days: float) -> datetime:
    """Returns the instant `days` before NOW."""
    return NOW - timedelta(days=days)


def item(
    key: str, status: str, completed_days_ago: float | None = None, title: str = "Fix it"
) -> Document:
    """Returns an action item."""
    return {
        "id": key,
        "title": title,
        "description": "",
        "owner": "team-sre",
        "due_date": "2026-07-01",
        "priority": "P1",
        "status": status,
        "tracker": None,
        "completed_at": days_ago(completed_days_ago) if completed_days_ago is not None else None,
    }


def postmortem(
    key: str,
    title: str,
    statement: str,
    whys: list[tuple[str, str]],
    *,
    service: str,
    category: str,
    started_days_ago: float,
    severity: str = "SEV2",
    team: str = "sre",
    state: str = "PUBLISHED",
    action_items: list[Document] | None = None,
    recurrence_of: list[str] | None = None,
) -> Document:
    """Returns a postmortem document as `Postmortem.to_document()` would."""
    started = days_ago(started_days_ago)
    return {
        "id": key,
        "version": 10,
        "state": state,
        "title": title,
        "severity": severity,
        "services": [service],
        "tags": [],
        "team": team,
        "incident_ref": None,
        "window": {
            "started_at": started,
            "detected_at": started + timedelta(minutes=5),
            "mitigated_at": started + timedelta(minutes=40),
            "resolved_at": started + timedelta(hours=2),
        },
        "authors": ["alice"],
        "summary": "Customers saw errors.",
        "root_cause": {
            "whys": [{"why": w, "because": b} for w, b in whys],
            "statement": statement,
            "category": category,
            "contributing_factors": [],
        },
        "action_items": action_items or [],
        "recurrence_of": recurrence_of or [],
        "published_revisions": [],
        "created_at": started,
        "updated_at": started,
    }


def corpus() -> list[Document]:
    """Returns the 20 postmortems."""
    pm = postmortem
    return [
        # Family A: database connection pool exhaustion (capacity), payments and checkout.
        pm(
            "a1",
            "Payments failing: database connection pool exhausted",
            "The payments database connection pool was exhausted by slow queries at peak traffic.",
            [("Why did payments fail?", "Requests waited for a database connection.")],
            service="payments",
            category="capacity",
            started_days_ago=120,
            action_items=[item("a1-1", "done", 100), item("a1-2", "wont_do", 95)],
        ),
        pm(
            "a2",
            "Checkout timeouts from connection pool saturation",
            "Checkout ran out of pooled database connections when traffic spiked.",
            [("Why the timeouts?", "Every pooled connection was held by a slow query.")],
            service="checkout",
            category="capacity",
            started_days_ago=60,
            action_items=[item("a2-1", "done", 50), item("a2-2", "open")],
        ),
        pm(
            "a3",
            "Payment API errors: DB pool starvation",
            "The pool of database connections starved under peak load; slow queries held them.",
            [("Why errors?", "No free connection in the pool.")],
            service="payments",
            category="capacity",
            started_days_ago=20,
        ),
        # Family B: expired TLS certificates (configuration), checkout and payments.
        pm(
            "b1",
            "Expired TLS certificate on the checkout load balancer",
            "The TLS certificate of the checkout load balancer expired; renewal was manual.",
            [("Why did browsers refuse?", "The certificate had expired.")],
            service="checkout",
            category="configuration",
            started_days_ago=150,
            action_items=[item("b1-1", "done", 140), item("b1-2", "in_progress")],
        ),
        pm(
            "b2",
            "Payments gateway unreachable after certificate expiry",
            "The gateway certificate expired because the renewal job had silently stopped.",
            [("Why no renewal?", "The certificate renewal cron was disabled.")],
            service="payments",
            category="configuration",
            started_days_ago=90,
            action_items=[item("b2-1", "done", 80)],
        ),
        pm(
            "b3",
            "Browser TLS errors on checkout",
            "An expired TLS certificate was served after automated renewal failed unnoticed.",
            [("Why unnoticed?", "Nothing alerted on certificate expiry dates.")],
            service="checkout",
            category="configuration",
            started_days_ago=30,
        ),
        # Family C: Redis cache evictions stampeding the origin (capacity), both services.
        pm(
            "c1",
            "Cache stampede after Redis evictions",
            "Mass eviction of hot keys from Redis sent a stampede of requests to the origin.",
            [("Why were keys evicted?", "Redis reached its memory limit.")],
            service="payments",
            category="capacity",
            started_days_ago=200,
            action_items=[item("c1-1", "done", 190)],
        ),
        pm(
            "c2",
            "Checkout latency from Redis cache evictions",
            "Redis hit maxmemory and evicted hot keys; cache misses overloaded the origin.",
            [("Why slow?", "Every cache miss went to the origin.")],
            service="checkout",
            category="capacity",
            started_days_ago=100,
        ),
        pm(
            "c3",
            "Thundering herd on the catalogue backend",
            "Many simultaneous misses hammered the backend after keys vanished.",
            [("Why the herd?", "No request coalescing in front of the backend.")],
            service="checkout",
            category="capacity",
            started_days_ago=10,
            recurrence_of=["c2"],
        ),
        # Noise: unrelated root causes.
        pm(
            "n1",
            "DNS records deleted by a zone migration",
            "A zone migration script removed records for the API domain.",
            [("Why removed?", "The script treated missing records as stale.")],
            service="checkout",
            category="configuration",
            started_days_ago=40,
        ),
        pm(
            "n2",
            "Disk full on logging hosts",
            "Log rotation stopped and the volume filled up.",
            [("Why stopped?", "A package upgrade replaced the logrotate config.")],
            service="logging",
            category="infrastructure",
            started_days_ago=70,
        ),
        pm(
            "n3",
            "Search index corrupted by a bad deploy",
            "A deploy shipped an incompatible index schema and the search cluster rejected writes.",
            [("Why incompatible?", "Schema migration ran after the code rollout.")],
            service="search",
            category="deployment",
            started_days_ago=80,
        ),
        pm(
            "n4",
            "SMS provider outage delayed one-time passwords",
            "The third-party SMS vendor had a regional failure.",
            [("Why no fallback?", "Only one vendor was integrated.")],
            service="auth",
            category="dependency",
            started_days_ago=25,
        ),
        pm(
            "n5",
            "Kafka consumer lag on order events",
            "A rebalance storm stalled consumers for an hour.",
            [("Why rebalances?", "Session timeouts were shorter than processing pauses.")],
            service="orders",
            category="code_defect",
            started_days_ago=55,
        ),
        pm(
            "n6",
            "IAM permission change blocked deploy pipeline",
            "A policy update removed the pipeline role's access to the artifact bucket.",
            [("Why not caught?", "Policy changes skip review.")],
            service="ci",
            category="security",
            started_days_ago=35,
            severity="SEV3",
        ),
        pm(
            "n7",
            "Nightly billing job ran twice",
            "The scheduler misread the daylight saving transition and fired the job again.",
            [("Why twice?", "Local time used instead of UTC in the cron schedule.")],
            service="billing",
            category="code_defect",
            started_days_ago=130,
            severity="SEV3",
        ),
        pm(
            "n8",
            "Memory leak in image resizer",
            "Buffers were never released for animated images; pods were OOM killed.",
            [("Why unreleased?", "A missing close in the decoder path.")],
            service="media",
            category="code_defect",
            started_days_ago=15,
            team="media",
        ),
        pm(
            "n9",
            "BGP route leak at the transit provider",
            "Upstream announced our prefixes incorrectly and traffic blackholed.",
            [("Why impact?", "Single transit provider in one region.")],
            service="network",
            category="dependency",
            started_days_ago=170,
            severity="SEV1",
        ),
        pm(
            "n10",
            "Rate limiter misconfiguration throttled partners",
            "A limit was set per minute instead of per second for partner keys.",
            [("Why wrong unit?", "The config field had no unit in its name.")],
            service="gateway",
            category="configuration",
            started_days_ago=45,
        ),
        # A draft: only reviewers and admins may include it.
        pm(
            "d1",
            "Draft: payments database connection pool exhausted again",
            "The payments pool of database connections was exhausted at peak again.",
            [("Why?", "Pool size unchanged.")],
            service="payments",
            category="capacity",
            started_days_ago=5,
            state="DRAFT",
        ),
    ]
