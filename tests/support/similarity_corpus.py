"""A labelled corpus of root-cause pairs for judging root-cause similarity (kept, not generated).

`RECURRENCES`: the same failure coming back, as another team would write it up (mostly reworded,
few content words in common; a few close in wording). `NEAR_MISSES`: pairs across different
services whose root causes share a topic and much of the vocabulary but are different failures
(not recurrences); a few plainly unrelated pairs among them. The first recurrence is the pair of
issue #17: an expired OAuth token nobody tracked, set up by hand, with no onboarding docs.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RootCause:
    """One postmortem's root cause: its title, statement, the answers of its whys and its
    contributing factors."""

    service: str
    title: str
    statement: str
    whys: tuple[str, ...] = ()
    factors: tuple[str, ...] = field(default=())

    def document(self, key: str) -> dict[str, object]:
        """Returns the postmortem fields the similarity reads (the contract's shape)."""
        return {
            "id": key,
            "title": self.title,
            "services": [self.service],
            "root_cause": {
                "statement": self.statement,
                "whys": [{"why": "Why?", "because": b} for b in self.whys],
                "contributing_factors": list(self.factors),
                "category": "unknown",
            },
        }


@dataclass(frozen=True)
class LabelledPair:
    """Two root causes and whether the second is a recurrence of the first."""

    first: RootCause
    second: RootCause
    recurrence: bool
    kind: str  # RECURRENCE, NEAR_MISS or SAME_TOPIC


RECURRENCE = "recurrence"  # the same failure again, reworded
NEAR_MISS = "near miss"  # other services, shared vocabulary, unrelated failure
SAME_TOPIC = "same topic"  # other services, same component or topic, a different failure


R = RootCause

OAUTH_SEED = R(
    "billing",
    "Invoices stopped syncing to the accounting system",
    "The OAuth token the billing sync used had expired; nobody tracked its expiry because it "
    "had been configured by hand, and there were no onboarding docs describing it.",
    ("The sync was rejected with 401 Unauthorized.", "The token was set up manually in 2023."),
    ("no expiry tracking", "no onboarding documentation"),
)
OAUTH_REWORDED = R(
    "payouts",
    "Partner payouts stalled for six hours",
    "The credential our payout connector presents to the partner lapsed without warning: "
    "its lifetime was never monitored, someone had set it up manually, and new engineers had "
    "no written guide for renewing it.",
    ("The partner API refused the connector.", "Nobody knew when the secret would lapse."),
    ("manual set-up", "no runbook for renewal"),
)

_RECURRENCES = [
    (OAUTH_SEED, OAUTH_REWORDED),
    (
        R(
            "checkout",
            "Checkout down: TLS certificate expired",
            "The TLS certificate on the checkout load balancer expired because renewal was a "
            "manual calendar reminder.",
            ("Browsers refused the handshake.",),
            ("no expiry alert",),
        ),
        R(
            "search",
            "Search API unreachable over HTTPS",
            "Clients could not connect: the server's X.509 cert ran past its validity date and no "
            "automation replaced it.",
            ("The renewal job had never been set up for this host.",),
            ("no monitoring of validity dates",),
        ),
    ),
    (
        R(
            "payments",
            "Payments failing: database connection pool exhausted",
            "Slow queries held every pooled database connection at peak traffic, so new payment "
            "requests waited and timed out.",
            ("Requests waited for a free connection.",),
        ),
        R(
            "orders",
            "Order service timeouts at lunchtime peak",
            "All the Postgres sessions the order service may open were busy with long-running "
            "reports, leaving no handle for customer requests.",
            ("The reporting queries ran on the primary.", "The client limit was 20 sessions."),
        ),
    ),
    (
        R(
            "logging",
            "Disk full on logging hosts",
            "Log rotation stopped after a package upgrade replaced its config, and the volume "
            "filled up.",
            ("The logrotate config was overwritten.",),
        ),
        R(
            "analytics",
            "Analytics ingest halted",
            "Old application logs were never pruned once the cleanup cron lost its settings "
            "during an OS update, so the partition reached 100% usage.",
            ("Writes failed with no space left on device.",),
        ),
    ),
    (
        R(
            "billing",
            "Nightly billing job ran twice",
            "The scheduler misread the daylight saving transition and fired the job again.",
            ("Local time was used instead of UTC in the cron schedule.",),
        ),
        R(
            "reports",
            "Duplicate weekly reports sent to customers",
            "When clocks went back an hour in October the task runner executed the send at 01:30 "
            "a second time, as its timetable was in the server's local zone.",
            ("The timetable was not in UTC.",),
        ),
    ),
    (
        R(
            "media",
            "Memory leak in the image resizer",
            "Buffers were never released for animated images, so pods were OOM killed.",
            ("A missing close in the decoder path.",),
        ),
        R(
            "thumbnails",
            "Thumbnail workers restarting every hour",
            "Each GIF processed left its frame allocations behind; resident memory grew until the "
            "kernel killed the container.",
            ("The frame cache was not freed after use.",),
        ),
    ),
    (
        R(
            "auth",
            "Logins failed after signing-key rotation",
            "The API gateway cached the OAuth key set for 24 hours, so tokens signed with a "
            "freshly rotated key were rejected.",
            ("The cache TTL was copied from a default.",),
        ),
        R(
            "mobile-api",
            "Mobile sessions rejected after key change",
            "The edge proxy kept the old JWKS in memory for a day; JWTs issued under the new "
            "signing key failed verification until it refreshed.",
            ("Nobody tested rotation end to end.",),
        ),
    ),
    (
        R(
            "catalog",
            "Cache stampede after Redis evictions",
            "Mass eviction of hot keys from Redis sent a stampede of requests to the origin.",
            ("Redis reached its memory limit.",),
        ),
        R(
            "pricing",
            "Pricing backend overwhelmed",
            "When popular entries vanished from the in-memory store, thousands of simultaneous "
            "misses hammered the database at once.",
            ("No request coalescing in front of it.",),
        ),
    ),
    (
        R(
            "orders",
            "Kafka consumer lag on order events",
            "A rebalance storm stalled consumers for an hour.",
            ("Session timeouts were shorter than processing pauses.",),
        ),
        R(
            "shipping",
            "Shipment events delayed by forty minutes",
            "The consumer group kept reassigning partitions because members took longer than the "
            "session timeout to process a batch and were evicted.",
            ("Heartbeats stopped during long processing.",),
        ),
    ),
    (
        R(
            "gateway",
            "Partner traffic throttled",
            "A rate limit was set per minute instead of per second for partner keys.",
            ("The config field had no unit in its name.",),
        ),
        R(
            "public-api",
            "Public API returning 429 to large customers",
            "The quota was entered as 600 per hour where 600 per minute was meant, since the "
            "setting's name did not say which unit it used.",
            ("No review of quota changes.",),
        ),
    ),
    (
        R(
            "network",
            "Traffic blackholed after a BGP route leak",
            "Our transit provider announced our prefixes incorrectly and traffic was dropped.",
            ("We had a single transit provider in that region.",),
        ),
        R(
            "cdn",
            "Europe unreachable for 25 minutes",
            "An upstream carrier leaked routes for our address space, so packets from Europe went "
            "nowhere.",
            ("No second upstream to fail over to.",),
        ),
    ),
    (
        R(
            "ci",
            "Deploy pipeline blocked by IAM change",
            "A policy update removed the pipeline role's access to the artifact bucket.",
            ("Policy changes skip review.",),
        ),
        R(
            "releases",
            "Releases failing with AccessDenied",
            "Someone tightened permissions on the storage where build outputs live and the "
            "release robot's identity could no longer read them.",
            ("Permission edits are not peer reviewed.",),
        ),
    ),
    (
        R(
            "search",
            "Search cluster rejected writes after a deploy",
            "A deploy shipped an incompatible index schema and the search cluster rejected writes.",
            ("The schema migration ran after the code rollout.",),
        ),
        R(
            "recommendations",
            "Recommendation indexing failing",
            "New code expected fields the Elasticsearch mapping did not have yet, because the "
            "mapping update was applied only after the release.",
            ("Ordering of migration and release not enforced.",),
        ),
    ),
    (
        R(
            "auth",
            "One-time passwords delayed",
            "The third-party SMS vendor had a regional failure and codes were not delivered.",
            ("Only one vendor was integrated.",),
        ),
        R(
            "signup",
            "Sign-up verification texts not arriving",
            "Our single messaging provider was down in Asia, so verification messages never "
            "reached phones.",
            ("No fallback provider.",),
        ),
    ),
    (
        R(
            "dns",
            "API domain unresolvable",
            "A zone migration script removed records for the API domain.",
            ("The script treated missing records as stale.",),
        ),
        R(
            "web",
            "Website gone after DNS move",
            "While moving our zone to the new provider, the import tool dropped the A and CNAME "
            "entries it did not recognise, so the hostname stopped resolving.",
            ("The tool deleted what it considered outdated.",),
        ),
    ),
    (
        R(
            "payments",
            "Card payments declined after a config push",
            "A configuration push set the payment processor endpoint to the sandbox URL in "
            "production.",
            ("Environment-specific values were not validated.",),
        ),
        R(
            "subscriptions",
            "Renewals charged against the test environment",
            "The recurring-charges service was pointed at the provider's staging host in prod by a "
            "settings change, so real renewals never went through.",
            ("No check that live settings point at live hosts.",),
        ),
    ),
    (
        R(
            "feed",
            "Feed API latency from retry storm",
            "Clients retried failed requests immediately without backoff, multiplying load "
            "during a brief slowdown.",
            ("The SDK's default retry had no jitter.",),
        ),
        R(
            "notifications",
            "Notification service collapse",
            "A short hiccup turned into an hour-long outage because every caller re-sent "
            "instantly and repeatedly, amplifying the traffic many times over.",
            ("No exponential back-off in the client library.",),
        ),
    ),
    (
        R(
            "inventory",
            "Inventory writes blocked by migration",
            "An ALTER TABLE on the stock table took an exclusive lock for twenty minutes during "
            "business hours.",
            ("The migration was not run online.",),
        ),
        R(
            "accounts",
            "Account updates hanging",
            "Adding a column to the users relation held a lock that blocked every update until "
            "it finished.",
            ("Schema changes were applied without an online tool.",),
        ),
    ),
    (
        R(
            "k8s",
            "Nodes unschedulable: image registry rate limit",
            "Pods could not pull images because the public registry's anonymous pull limit was "
            "reached.",
            ("No pull-through cache.",),
        ),
        R(
            "batch",
            "Batch jobs stuck in ImagePullBackOff",
            "Docker Hub throttled our unauthenticated downloads, so containers never started.",
            ("We had no mirror of base images.",),
        ),
    ),
    (
        R(
            "ledger",
            "Ledger database split brain",
            "A network partition let both database nodes accept writes as primary.",
            ("Failover had no quorum or fencing.",),
        ),
        R(
            "wallet",
            "Diverging wallet balances",
            "During a network split the replica promoted itself while the old leader kept "
            "taking transactions, so two nodes wrote at once.",
            ("No fencing of the old leader.",),
        ),
    ),
    (
        R(
            "checkout",
            "Feature flag enabled for everyone",
            "A flag meant for 1% of users was switched on for 100% by a typo in the rollout "
            "percentage.",
            ("The flag UI accepted any number.",),
        ),
        R(
            "profile",
            "Unfinished profile page shown to all users",
            "The toggle for the new page was rolled out to the whole user base instead of a small "
            "cohort because the wrong value was typed.",
            ("No confirmation for full rollouts.",),
        ),
    ),
    (
        R(
            "storage",
            "Backups could not be restored",
            "Nightly backups had been silently failing for weeks; restore tests were never run.",
            ("The backup job's errors went to an unread mailbox.",),
        ),
        R(
            "crm",
            "Lost customer notes after disk failure",
            "When we needed the snapshot it turned out none had completed since March, because "
            "nobody ever practised a recovery.",
            ("Failures of the dump job alerted no one.",),
        ),
    ),
    (
        R(
            "api",
            "Clock skew broke token validation",
            "NTP stopped on a group of hosts and their clocks drifted, so freshly issued tokens "
            "looked like they came from the future.",
            ("No monitoring of time sync.",),
        ),
        R(
            "sso",
            "Intermittent SSO failures",
            "Some servers' time ran several minutes ahead after the time daemon crashed, so "
            "assertions were considered not yet valid.",
            ("Clock drift was not alerted on.",),
        ),
    ),
    (
        R(
            "search",
            "Thread pool exhaustion in the query service",
            "A slow downstream made every worker thread block on I/O, so the service stopped "
            "accepting requests.",
            ("No timeout on the downstream call.",),
        ),
        R(
            "graph",
            "Graph API stopped answering",
            "All request handlers were stuck waiting on a hanging dependency that had no deadline "
            "set, so nothing was left to serve new calls.",
            ("Calls lacked deadlines.",),
        ),
    ),
    (
        R(
            "video",
            "Autoscaling did not add capacity",
            "The cluster autoscaler hit the cloud account's instance quota and could not add "
            "nodes during the spike.",
            ("Quotas were not tracked against growth.",),
        ),
        R(
            "transcode",
            "Transcoding backlog during launch",
            "We could not get more machines because the provider's per-region VM limit had been "
            "reached, so the scale-up silently failed.",
            ("No alert on quota headroom.",),
        ),
    ),
    (
        R(
            "payments",
            "Webhook signature checks failing",
            "The webhook signing secret was rotated by the provider but our copy was not updated.",
            ("Secret rotation was not coordinated.",),
        ),
        R(
            "marketplace",
            "Seller events rejected",
            "The partner changed the shared key used to sign callbacks and we kept verifying "
            "with the old one, discarding every event.",
            ("Nobody owned the key exchange.",),
        ),
    ),
    (
        R(
            "web",
            "Broken pages after CDN purge",
            "A full CDN purge during peak sent all traffic to the origin, which fell over.",
            ("The purge tool had no scoped option.",),
        ),
        R(
            "static",
            "Origin overload after cache invalidation",
            "Invalidating everything at the edge at once forced every request back to our "
            "servers, which could not cope.",
            ("Invalidations were not rate-limited.",),
        ),
    ),
    (
        R(
            "orders",
            "Duplicate orders after retries",
            "The order endpoint was not idempotent, so client retries after timeouts created "
            "duplicate orders.",
            ("No idempotency key.",),
        ),
        R(
            "bookings",
            "Customers double-booked",
            "When the mobile app re-sent a request that had timed out, the booking service "
            "created a second reservation, as nothing recognised the repeat.",
            ("Requests carried no deduplication token.",),
        ),
    ),
    (
        R(
            "reporting",
            "Replica lag made reports stale",
            "A long analytical query on the read replica delayed replication by hours.",
            ("Analytics shared the replica with the app.",),
        ),
        R(
            "dashboards",
            "Dashboards hours out of date",
            "Heavy queries on the secondary stalled the apply of changes from the primary, so it "
            "fell far behind.",
            ("No dedicated analytics replica.",),
        ),
    ),
    (
        R(
            "mail",
            "Outgoing email marked as spam",
            "The SPF record was not updated when we added a new mail provider, so receivers "
            "rejected our mail.",
            ("DNS changes were not part of the vendor switch.",),
        ),
        R(
            "newsletters",
            "Newsletters bounced by Gmail",
            "After switching sending services we forgot to authorise the new sender in our "
            "domain's TXT policy, so messages failed authentication.",
            ("Vendor onboarding checklist lacked email authentication.",),
        ),
    ),
    (
        R(
            "api",
            "GC pauses caused request timeouts",
            "The JVM heap was too small for the new workload, causing long stop-the-world "
            "garbage collection pauses.",
            ("Heap settings unchanged for years.",),
        ),
        R(
            "pricing",
            "Pricing service freezing for seconds",
            "The Java process spent most of its time collecting garbage because its memory "
            "limit had not grown with the traffic.",
            ("No tuning after growth.",),
        ),
    ),
    (
        R(
            "edge",
            "Load balancer marked healthy hosts down",
            "The health check path was changed in the app but not in the load balancer, so all "
            "hosts were taken out of rotation.",
            ("Health check config lived in another repo.",),
        ),
        R(
            "gateway",
            "Gateway removed every backend",
            "We renamed the readiness endpoint; the balancer kept probing the old URL, got 404s "
            "and drained the whole pool.",
            ("Probe settings were not updated with the app.",),
        ),
    ),
    (
        R(
            "data",
            "ETL job failed on daylight saving",
            "A timestamp parser assumed every day has 24 hours, and the job crashed on the "
            "short day in March.",
            ("Dates handled in local time.",),
        ),
        R(
            "finance",
            "Month-end close job crashed in spring",
            "The code computing day boundaries broke when a day had only 23 hours after the "
            "clock change.",
            ("Local-time arithmetic.",),
        ),
    ),
    (
        R(
            "checkout",
            "Checkout errors from expired API key",
            "The tax provider's API key expired and every tax calculation failed.",
            ("The key's expiry date was not tracked.",),
        ),
        R(
            "shipping",
            "Shipping quotes failing",
            "The access key for the carrier integration reached the end of its validity and "
            "quote requests were refused; no one had noted when it would end.",
            ("Expiry not recorded anywhere.",),
        ),
    ),
    (
        R(
            "auth",
            "Password resets not sent",
            "The email queue worker crashed on a malformed message and stopped consuming.",
            ("No dead-letter queue.",),
        ),
        R(
            "alerts",
            "Alert emails stuck in the queue",
            "One badly formed item made the consumer throw on every attempt, so it stopped "
            "processing everything behind it.",
            ("Poison messages were not set aside.",),
        ),
    ),
    (
        R(
            "ml",
            "Model serving returned stale predictions",
            "The feature store sync job silently stopped, so the model saw week-old features.",
            ("No freshness alert.",),
        ),
        R(
            "ranking",
            "Ranking quality dropped for a week",
            "The pipeline feeding inputs to the ranker had been failing quietly and it kept "
            "scoring with outdated data.",
            ("Data freshness not monitored.",),
        ),
    ),
    (
        R(
            "infra",
            "Kernel upgrade broke networking",
            "A kernel upgrade changed the network interface names and hosts came up without "
            "connectivity.",
            ("Upgrade not tested on this hardware.",),
        ),
        R(
            "compute",
            "Fleet offline after OS patching",
            "After patching, the NICs were renamed by the new kernel so the network config no "
            "longer matched and machines booted isolated.",
            ("No canary for patches on this hardware.",),
        ),
    ),
    (
        R(
            "cart",
            "Cart service crashed on null currency",
            "A null currency field from a new client version crashed the cart service.",
            ("Input was not validated.",),
        ),
        R(
            "pricing",
            "Price engine exceptions from missing currency",
            "Requests without a currency code from the new app build caused unhandled errors in "
            "the price engine.",
            ("No schema validation at the API edge.",),
        ),
    ),
    (
        R(
            "vpn",
            "VPN down after certificate authority expired",
            "The internal CA certificate used by the VPN expired and all client certificates "
            "became invalid.",
            ("CA expiry not tracked.",),
        ),
        R(
            "mtls",
            "Service-to-service calls failing",
            "The root certificate of our private PKI reached its end date, so every mutual TLS "
            "handshake between services failed.",
            ("No inventory of CA lifetimes.",),
        ),
    ),
]

_NEAR_MISSES = [
    (
        R(
            "checkout",
            "Checkout timeouts after a deploy",
            "A deploy added a query per cart line, so checkout requests with large carts timed "
            "out.",
            ("The N+1 query was not caught in review.",),
        ),
        R(
            "payments",
            "Payment timeouts during the provider's outage",
            "The card processor had an outage and every payment request timed out.",
            ("No secondary processor.",),
        ),
    ),
    (
        R(
            "search",
            "Search errors after a config change",
            "A config change pointed search at an index alias that did not exist.",
            ("Aliases were not validated on deploy.",),
        ),
        R(
            "orders",
            "Order errors after a config change",
            "A config change halved the worker count during the sale.",
            ("Capacity settings changed without load data.",),
        ),
    ),
    (
        R(
            "payments",
            "Payments database CPU at 100%",
            "A missing index on the refunds table made a new report scan the whole table.",
            ("The report was not tested on production-sized data.",),
        ),
        R(
            "users",
            "Users database out of connections",
            "A new cron job opened a connection per user without closing them.",
            ("Connection handling not reviewed.",),
        ),
    ),
    (
        R(
            "auth",
            "Login latency doubled",
            "Password hashing cost was raised from 10 to 14 without capacity planning.",
            ("The change looked like a pure security improvement.",),
        ),
        R(
            "catalog",
            "Catalog latency doubled",
            "A new recommendation widget called the pricing service once per product on the page.",
            ("Calls were not batched.",),
        ),
    ),
    (
        R(
            "mobile-api",
            "Mobile app crashes on launch",
            "A release removed a field the old app versions required in the start-up response.",
            ("No contract tests with old clients.",),
        ),
        R(
            "web",
            "Web app blank page",
            "The JavaScript bundle referenced a CDN host blocked by a new content security policy.",
            ("CSP change not tested against the bundle.",),
        ),
    ),
    (
        R(
            "orders",
            "Orders lost during a deploy",
            "The deploy killed workers without draining, dropping in-flight order messages.",
            ("No graceful shutdown.",),
        ),
        R(
            "billing",
            "Invoices lost after a bucket lifecycle rule",
            "A lifecycle rule meant for temporary files deleted generated invoices after 7 days.",
            ("The rule's prefix was too broad.",),
        ),
    ),
    (
        R(
            "gateway",
            "Gateway 502 errors",
            "The gateway's upstream keep-alive timeout was longer than the backend's, so it "
            "reused closed connections.",
            ("Timeouts were set independently.",),
        ),
        R(
            "cdn",
            "CDN 503 errors in Asia",
            "A regional edge location ran out of capacity during a local holiday sale.",
            ("No multi-CDN fallback.",),
        ),
    ),
    (
        R(
            "search",
            "Search results missing new products",
            "The indexing consumer was stopped during maintenance and never restarted.",
            ("No alert on indexing lag.",),
        ),
        R(
            "inventory",
            "New products showing out of stock",
            "The warehouse import job mapped an empty quantity field to zero.",
            ("Input defaults were not reviewed.",),
        ),
    ),
    (
        R(
            "auth",
            "Users locked out by brute-force protection",
            "The lockout counter keyed on the office's shared IP address, so one user's typos "
            "locked out the whole office.",
            ("Lockout keyed on IP, not account.",),
        ),
        R(
            "admin",
            "Admins unable to sign in",
            "The admin console's SSO app was deleted during a cleanup of unused applications.",
            ("No owner recorded on SSO apps.",),
        ),
    ),
    (
        R(
            "payments",
            "Refunds sent twice",
            "A bug in the refund worker marked refunds as sent only after the bank confirmed, "
            "and a slow confirmation triggered a second send.",
            ("State updated too late.",),
        ),
        R(
            "notifications",
            "Push notifications sent to the wrong users",
            "A device token table migration swapped user ids for a subset of rows.",
            ("Migration not verified on a sample.",),
        ),
    ),
    (
        R(
            "video",
            "Video playback stalls",
            "A new encoder profile produced segments larger than the player's buffer.",
            ("Profile not tested on low-end devices.",),
        ),
        R(
            "audio",
            "Audio out of sync",
            "The transcoder dropped frames under CPU pressure, shifting audio relative to video.",
            ("No resource limits on the transcoder.",),
        ),
    ),
    (
        R(
            "data",
            "Daily report empty",
            "The upstream export changed its file name pattern and the import found no files.",
            ("No alert on empty imports.",),
        ),
        R(
            "finance",
            "Finance report totals wrong",
            "A currency conversion used integer division and truncated cents.",
            ("No test with fractional amounts.",),
        ),
    ),
    (
        R(
            "k8s",
            "Cluster upgrade evicted all pods at once",
            "The upgrade ignored pod disruption budgets because none were defined.",
            ("Budgets were never set up.",),
        ),
        R(
            "db",
            "Database upgrade took four hours",
            "The major version upgrade rewrote every table, which nobody had estimated.",
            ("Upgrade not rehearsed on a copy.",),
        ),
    ),
    (
        R(
            "checkout",
            "Discount codes rejected",
            "Codes were compared case-sensitively after a refactor.",
            ("Tests used only upper-case codes.",),
        ),
        R(
            "loyalty",
            "Loyalty points not credited",
            "An event schema change renamed the amount field and the consumer read null.",
            ("No schema registry.",),
        ),
    ),
    (
        R(
            "api",
            "API returning stale data",
            "An HTTP cache header set max-age to a day on a response that changes every minute.",
            ("Header defaults copied from static assets.",),
        ),
        R(
            "reports",
            "Reports missing yesterday's data",
            "The nightly aggregation ran before the last batch of events had landed.",
            ("Schedule not tied to data arrival.",),
        ),
    ),
    (
        R(
            "support",
            "Support tool down",
            "The vendor's SaaS ticketing tool had a global outage.",
            ("Single vendor.",),
        ),
        R(
            "hr",
            "Payroll file rejected by the bank",
            "The bank changed its file format and our export still used the old layout.",
            ("Format change notice went to a former employee.",),
        ),
    ),
    (
        R(
            "payments",
            "Payment page slow for European users",
            "Requests were routed to the US region after a DNS weight change.",
            ("Weights edited by hand.",),
        ),
        R(
            "search",
            "Search slow for everyone after reindex",
            "The new index had twice the shards, each too small, adding fan-out overhead.",
            ("Shard count chosen without tests.",),
        ),
    ),
    (
        R(
            "orders",
            "Order confirmation emails delayed",
            "The email provider throttled us after a marketing blast used the same account.",
            ("Transactional and marketing mail shared an account.",),
        ),
        R(
            "auth",
            "Verification emails in spam",
            "A template change added a link shortener domain with a poor reputation.",
            ("Template changes not checked for deliverability.",),
        ),
    ),
    (
        R(
            "storage",
            "Object storage costs tripled",
            "Versioning was enabled on a bucket with frequent overwrites and old versions were "
            "never expired.",
            ("No lifecycle policy.",),
        ),
        R(
            "compute",
            "Compute bill spike",
            "A test environment was left running with a hundred large instances for a month.",
            ("No automatic teardown.",),
        ),
    ),
    (
        R(
            "iot",
            "Devices offline after firmware update",
            "The firmware update reset the Wi-Fi configuration on one hardware revision.",
            ("Revision not in the test lab.",),
        ),
        R(
            "pos",
            "Point-of-sale terminals rejecting cards",
            "The terminals' payment app had a date bug at the year boundary.",
            ("No test across the year change.",),
        ),
    ),
    (
        R(
            "checkout",
            "Address validation failing",
            "The postal code regex did not allow the letters in Canadian codes.",
            ("Validation written for one country.",),
        ),
        R(
            "shipping",
            "Labels printed with the wrong sender",
            "A default warehouse address was used when the order's warehouse field was empty.",
            ("Silent defaulting.",),
        ),
    ),
    (
        R(
            "chat",
            "Chat messages out of order",
            "Messages were ordered by client timestamps, which differ between devices.",
            ("No server-side sequence.",),
        ),
        R(
            "feed",
            "Feed showing deleted posts",
            "The deletion event was not propagated to the feed cache.",
            ("Cache invalidation missing for deletes.",),
        ),
    ),
    (
        R(
            "api",
            "API errors for a large customer",
            "The customer's payload exceeded the request body limit after they added attachments.",
            ("Limit not documented.",),
        ),
        R(
            "import",
            "Import errors for CSV files from Excel",
            "Files with a byte-order mark failed header parsing.",
            ("Parser tested on UTF-8 only.",),
        ),
    ),
    (
        R(
            "ml",
            "Fraud model blocked legitimate payments",
            "A new feature leaked the label during training, so the model was overconfident in "
            "production.",
            ("No offline/online comparison.",),
        ),
        R(
            "search",
            "Search ranking changed unexpectedly",
            "A dependency upgrade changed the default tokenizer of the search engine.",
            ("Upgrade notes not read.",),
        ),
    ),
    (
        R(
            "network",
            "Packet loss between data centres",
            "A faulty optic on one link dropped 2% of packets.",
            ("Link errors not monitored.",),
        ),
        R(
            "office",
            "Office Wi-Fi outage",
            "The access points' controller licence lapsed and they stopped serving clients.",
            ("Licence renewal not tracked.",),
        ),
    ),
    (
        R(
            "db",
            "Database failover took ten minutes",
            "The failover script waited for a timeout on the dead primary before promoting.",
            ("Timeouts set for a slow network.",),
        ),
        R(
            "cache",
            "Cache cluster memory fragmentation",
            "Fragmentation grew until the cluster refused writes although it had free memory.",
            ("Active defragmentation off.",),
        ),
    ),
    (
        R(
            "payments",
            "Payments failing for one bank",
            "The bank's API began requiring TLS 1.3 and our client only offered 1.2.",
            ("Client library not updated.",),
        ),
        R(
            "accounts",
            "Accounts page failing for one browser",
            "A new JavaScript syntax was not transpiled for the older Safari version.",
            ("Browser support list not enforced.",),
        ),
    ),
    (
        R(
            "search",
            "Autocomplete suggestions offensive",
            "User-generated queries were added to suggestions without filtering.",
            ("No moderation step.",),
        ),
        R(
            "reviews",
            "Review spam flooded product pages",
            "A bot farm posted reviews because the captcha was disabled during a test.",
            ("Test setting reached production.",),
        ),
    ),
    (
        R(
            "warehouse",
            "Pick lists printed twice",
            "The printer service retried on a slow acknowledgement.",
            ("No print job id.",),
        ),
        R(
            "returns",
            "Returns not refunded",
            "The returns service filtered on status 'received' while the warehouse sent "
            "'RECEIVED'.",
            ("Case-sensitive status comparison.",),
        ),
    ),
    (
        R(
            "auth",
            "Two-factor codes rejected",
            "The TOTP window was set to zero steps, so slightly slow users were rejected.",
            ("No tolerance for entry delay.",),
        ),
        R(
            "billing",
            "Tax calculated for the wrong state",
            "The billing address was used instead of the shipping address for tax.",
            ("Requirement misread.",),
        ),
    ),
]

_SAME_TOPIC = [
    (
        R(
            "checkout",
            "Checkout down: TLS certificate expired",
            "The TLS certificate on the checkout load balancer expired because renewal was a "
            "manual calendar reminder.",
            ("Browsers refused the handshake.",),
        ),
        R(
            "search",
            "Search API TLS errors after renewal",
            "The renewed certificate was installed without its intermediate chain, so some "
            "clients could not verify it.",
            ("The install script copied only the leaf.",),
        ),
    ),
    (
        R(
            "payments",
            "Payments failing: database connection pool exhausted",
            "Slow queries held every pooled database connection at peak traffic, so new payment "
            "requests waited and timed out.",
            ("Requests waited for a free connection.",),
        ),
        R(
            "inventory",
            "Inventory errors during database failover",
            "The database primary failed over and the application kept using dead connections "
            "from its pool until restarted.",
            ("No connection validation on borrow.",),
        ),
    ),
    (
        R(
            "logging",
            "Disk full on logging hosts",
            "Log rotation stopped after a package upgrade replaced its config, and the volume "
            "filled up.",
            ("The logrotate config was overwritten.",),
        ),
        R(
            "database",
            "Database slow during backups",
            "The backup job saturated disk I/O on the primary, slowing every query.",
            ("Backups ran on the primary instead of a replica.",),
        ),
    ),
    (
        R(
            "billing",
            "Invoices stopped syncing to the accounting system",
            "The OAuth token the billing sync used had expired; nobody tracked its expiry.",
            ("The token was set up manually.",),
        ),
        R(
            "login",
            "Social login broken",
            "The OAuth redirect URI registered with the identity provider did not match the new "
            "domain after the rebrand.",
            ("The domain change checklist missed OAuth apps.",),
        ),
    ),
    (
        R(
            "media",
            "Memory leak in the image resizer",
            "Buffers were never released for animated images, so pods were OOM killed.",
            ("A missing close in the decoder path.",),
        ),
        R(
            "search",
            "Search pods OOM killed after config change",
            "A config change lowered the container memory limit below the index's working set.",
            ("Limits were edited without load data.",),
        ),
    ),
    (
        R(
            "dns",
            "API domain unresolvable",
            "A zone migration script removed records for the API domain.",
            ("The script treated missing records as stale.",),
        ),
        R(
            "internal",
            "Internal services could not resolve names",
            "The managed DNS resolver in our VPC had an outage at the cloud provider.",
            ("No secondary resolver configured.",),
        ),
    ),
    (
        R(
            "billing",
            "Nightly billing job ran twice",
            "The scheduler misread the daylight saving transition and fired the job again.",
            ("Local time was used instead of UTC in the cron schedule.",),
        ),
        R(
            "exports",
            "Export job overlapped itself",
            "The hourly export took longer than an hour on a big day, so the next run started "
            "while the previous one still held the files.",
            ("No lock against concurrent runs.",),
        ),
    ),
    (
        R(
            "gateway",
            "Partner traffic throttled",
            "A rate limit was set per minute instead of per second for partner keys.",
            ("The config field had no unit in its name.",),
        ),
        R(
            "geo",
            "Maps failing: provider rate limit hit",
            "We exceeded the third-party maps provider's rate limit during a marketing campaign.",
            ("Usage was not forecast before the campaign.",),
        ),
    ),
    (
        R(
            "orders",
            "Kafka consumer lag on order events",
            "A rebalance storm stalled consumers for an hour.",
            ("Session timeouts were shorter than processing pauses.",),
        ),
        R(
            "events",
            "Event consumers stuck on one message",
            "A malformed event made the Kafka consumer crash and restart on the same offset "
            "forever.",
            ("No dead-letter topic.",),
        ),
    ),
    (
        R(
            "checkout",
            "Feature flag enabled for everyone",
            "A flag meant for 1% of users was switched on for 100% by a typo in the rollout "
            "percentage.",
            ("The flag UI accepted any number.",),
        ),
        R(
            "app",
            "App fell back to defaults when the flag service was down",
            "The feature flag service had an outage and clients used stale default values that "
            "disabled checkout.",
            ("Defaults were not reviewed.",),
        ),
    ),
    (
        R(
            "inventory",
            "Inventory writes blocked by migration",
            "An ALTER TABLE on the stock table took an exclusive lock for twenty minutes during "
            "business hours.",
            ("The migration was not run online.",),
        ),
        R(
            "profile",
            "Profile reads failing after migration",
            "A migration dropped a column that the previous application version still read "
            "during the rolling deploy.",
            ("Expand and contract was not followed.",),
        ),
    ),
    (
        R(
            "catalog",
            "Cache stampede after Redis evictions",
            "Mass eviction of hot keys from Redis sent a stampede of requests to the origin.",
            ("Redis reached its memory limit.",),
        ),
        R(
            "sessions",
            "Users logged out after Redis failover",
            "The Redis replica promoted during failover had no persisted data, so all sessions "
            "were lost.",
            ("Persistence disabled on replicas.",),
        ),
    ),
    (
        R(
            "auth",
            "Logins failed after signing-key rotation",
            "The API gateway cached the OAuth key set for 24 hours, so tokens signed with a "
            "freshly rotated key were rejected.",
            ("The cache TTL was copied from a default.",),
        ),
        R(
            "admin",
            "Admin tokens accepted after revocation",
            "Revoked tokens stayed valid for an hour because the gateway cached introspection "
            "results.",
            ("Revocation was not propagated to caches.",),
        ),
    ),
    (
        R(
            "network",
            "Traffic blackholed after a BGP route leak",
            "Our transit provider announced our prefixes incorrectly and traffic was dropped.",
            ("We had a single transit provider in that region.",),
        ),
        R(
            "office",
            "Office network down after firewall change",
            "A firewall rule change blocked outbound traffic from the office subnet.",
            ("Rule changes were pushed without a dry run.",),
        ),
    ),
    (
        R(
            "ci",
            "Deploy pipeline blocked by IAM change",
            "A policy update removed the pipeline role's access to the artifact bucket.",
            ("Policy changes skip review.",),
        ),
        R(
            "storage",
            "Artifact bucket publicly readable",
            "A bucket policy granted public read to build artifacts containing credentials.",
            ("No policy linting.",),
        ),
    ),
    (
        R(
            "storage",
            "Backups could not be restored",
            "Nightly backups had been silently failing for weeks; restore tests were never run.",
            ("The backup job's errors went to an unread mailbox.",),
        ),
        R(
            "crm",
            "Restore took nine hours",
            "Backups were fine but restoring them from cold storage took far longer than the "
            "recovery objective.",
            ("Restore time was never measured.",),
        ),
    ),
    (
        R(
            "api",
            "Clock skew broke token validation",
            "NTP stopped on a group of hosts and their clocks drifted, so freshly issued tokens "
            "looked like they came from the future.",
            ("No monitoring of time sync.",),
        ),
        R(
            "sso",
            "SSO failing after IdP certificate change",
            "The identity provider rotated its SAML signing certificate and our service "
            "provider config still pinned the old one.",
            ("Metadata was not refreshed.",),
        ),
    ),
    (
        R(
            "search",
            "Thread pool exhaustion in the query service",
            "A slow downstream made every worker thread block on I/O, so the service stopped "
            "accepting requests.",
            ("No timeout on the downstream call.",),
        ),
        R(
            "jobs",
            "Job workers deadlocked",
            "Two workers took the same pair of locks in opposite order and waited on each other "
            "forever.",
            ("Lock ordering not defined.",),
        ),
    ),
    (
        R(
            "video",
            "Autoscaling did not add capacity",
            "The cluster autoscaler hit the cloud account's instance quota and could not add "
            "nodes during the spike.",
            ("Quotas were not tracked against growth.",),
        ),
        R(
            "web",
            "Autoscaler removed too many pods",
            "A misconfigured scale-down policy removed half the web pods during a brief dip in "
            "traffic, just before the evening peak.",
            ("Scale-down had no stabilisation window.",),
        ),
    ),
    (
        R(
            "orders",
            "Duplicate orders after retries",
            "The order endpoint was not idempotent, so client retries after timeouts created "
            "duplicate orders.",
            ("No idempotency key.",),
        ),
        R(
            "payments",
            "Orders stuck as pending",
            "The payment confirmation webhook was dropped during a deploy and orders were never "
            "marked paid.",
            ("Webhooks were not retried by us.",),
        ),
    ),
    (
        R(
            "reporting",
            "Replica lag made reports stale",
            "A long analytical query on the read replica delayed replication by hours.",
            ("Analytics shared the replica with the app.",),
        ),
        R(
            "users",
            "Users saw old profile after update",
            "The app read from a replica right after writing to the primary, before the change "
            "had replicated.",
            ("No read-your-writes routing.",),
        ),
    ),
    (
        R(
            "mail",
            "Outgoing email marked as spam",
            "The SPF record was not updated when we added a new mail provider, so receivers "
            "rejected our mail.",
            ("DNS changes were not part of the vendor switch.",),
        ),
        R(
            "marketing",
            "Email campaign sent twice",
            "The campaign scheduler retried after a timeout and the provider had already "
            "accepted the first send.",
            ("No idempotency on sends.",),
        ),
    ),
    (
        R(
            "edge",
            "Load balancer marked healthy hosts down",
            "The health check path was changed in the app but not in the load balancer, so all "
            "hosts were taken out of rotation.",
            ("Health check config lived in another repo.",),
        ),
        R(
            "api",
            "Unhealthy hosts kept receiving traffic",
            "The health check only tested that the process was up, so hosts with a broken "
            "database connection stayed in rotation.",
            ("Shallow health checks.",),
        ),
    ),
    (
        R(
            "checkout",
            "Checkout errors from expired API key",
            "The tax provider's API key expired and every tax calculation failed.",
            ("The key's expiry date was not tracked.",),
        ),
        R(
            "shipping",
            "Carrier API key leaked in logs",
            "The carrier integration logged full request headers including its API key.",
            ("Log redaction missed the header.",),
        ),
    ),
    (
        R(
            "vpn",
            "VPN down after certificate authority expired",
            "The internal CA certificate used by the VPN expired and all client certificates "
            "became invalid.",
            ("CA expiry not tracked.",),
        ),
        R(
            "mtls",
            "Service calls failing after CA migration",
            "Services were switched to the new internal CA before every client trusted it, so "
            "handshakes with old clients failed.",
            ("Trust bundles were not rolled out first.",),
        ),
    ),
    (
        R(
            "api",
            "GC pauses caused request timeouts",
            "The JVM heap was too small for the new workload, causing long stop-the-world "
            "garbage collection pauses.",
            ("Heap settings unchanged for years.",),
        ),
        R(
            "worker",
            "Python workers slow after upgrade",
            "An upgraded library switched to a pure-Python parser, tripling CPU per request.",
            ("Performance not compared before release.",),
        ),
    ),
    (
        R(
            "cart",
            "Cart service crashed on null currency",
            "A null currency field from a new client version crashed the cart service.",
            ("Input was not validated.",),
        ),
        R(
            "fx",
            "Wrong prices from stale exchange rates",
            "The currency rate feed stopped updating and prices were computed with week-old rates.",
            ("No staleness check on rates.",),
        ),
    ),
    (
        R(
            "k8s",
            "Nodes unschedulable: image registry rate limit",
            "Pods could not pull images because the public registry's anonymous pull limit was "
            "reached.",
            ("No pull-through cache.",),
        ),
        R(
            "deploy",
            "Deploy pulled the wrong image",
            "The deployment used the mutable latest tag, so nodes ran different builds.",
            ("Images were not pinned by digest.",),
        ),
    ),
    (
        R(
            "ledger",
            "Ledger database split brain",
            "A network partition let both database nodes accept writes as primary.",
            ("Failover had no quorum or fencing.",),
        ),
        R(
            "queue",
            "Queue cluster lost messages on partition",
            "During a network partition the broker cluster paused minority nodes and "
            "unacknowledged messages in them were discarded on recovery.",
            ("Queues were not mirrored.",),
        ),
    ),
    (
        R(
            "data",
            "ETL job failed on daylight saving",
            "A timestamp parser assumed every day has 24 hours, and the job crashed on the "
            "short day in March.",
            ("Dates handled in local time.",),
        ),
        R(
            "billing",
            "Invoices dated a day early",
            "Invoice dates were converted to UTC before formatting, so customers east of UTC saw "
            "the previous day.",
            ("Time zone of the customer not used.",),
        ),
    ),
    (
        R(
            "feed",
            "Feed API latency from retry storm",
            "Clients retried failed requests immediately without backoff, multiplying load "
            "during a brief slowdown.",
            ("The SDK's default retry had no jitter.",),
        ),
        R(
            "search",
            "Search slow after index grew",
            "The index outgrew the memory of the search nodes and queries started reading from "
            "disk.",
            ("No capacity planning for index growth.",),
        ),
    ),
    (
        R(
            "auth",
            "Password resets not sent",
            "The email queue worker crashed on a malformed message and stopped consuming.",
            ("No dead-letter queue.",),
        ),
        R(
            "mail",
            "Password reset links expired too soon",
            "The reset link lifetime was set to five minutes, shorter than typical email "
            "delivery delays.",
            ("Lifetime chosen without data.",),
        ),
    ),
    (
        R(
            "ml",
            "Model serving returned stale predictions",
            "The feature store sync job silently stopped, so the model saw week-old features.",
            ("No freshness alert.",),
        ),
        R(
            "ads",
            "Ad model biased after retraining",
            "The retraining set contained a week of bot traffic that skewed the model.",
            ("No data quality checks before training.",),
        ),
    ),
    (
        R(
            "infra",
            "Kernel upgrade broke networking",
            "A kernel upgrade changed the network interface names and hosts came up without "
            "connectivity.",
            ("Upgrade not tested on this hardware.",),
        ),
        R(
            "db",
            "Database slower after kernel upgrade",
            "The new kernel's default I/O scheduler performed worse for our database workload.",
            ("No benchmark before rollout.",),
        ),
    ),
    (
        R(
            "web",
            "Broken pages after CDN purge",
            "A full CDN purge during peak sent all traffic to the origin, which fell over.",
            ("The purge tool had no scoped option.",),
        ),
        R(
            "assets",
            "Old JavaScript served after release",
            "The CDN kept serving the previous bundle because file names were not versioned.",
            ("No cache busting.",),
        ),
    ),
    (
        R(
            "payments",
            "Webhook signature checks failing",
            "The webhook signing secret was rotated by the provider but our copy was not updated.",
            ("Secret rotation was not coordinated.",),
        ),
        R(
            "partners",
            "Webhook deliveries timing out",
            "Our webhook handler did the full processing inline and took longer than the "
            "sender's ten-second timeout.",
            ("No queue between receipt and processing.",),
        ),
    ),
    (
        R(
            "logging",
            "Disk full on logging hosts",
            "Log rotation stopped after a package upgrade replaced its config, and the volume "
            "filled up.",
            ("The logrotate config was overwritten.",),
        ),
        R(
            "auth",
            "Login outage from an expired OAuth token",
            "An expired OAuth token broke logins.",
            ("Nobody tracked its expiry.",),
        ),
    ),
    (
        R(
            "payments",
            "Payments failing: database connection pool exhausted",
            "Slow queries held every pooled database connection at peak traffic.",
            ("Requests waited for a free connection.",),
        ),
        R(
            "logging",
            "Disk full on logging hosts",
            "Log rotation was misconfigured and the volume filled up.",
            ("The logrotate config was overwritten.",),
        ),
    ),
    (
        R(
            "sso",
            "Intermittent SSO failures",
            "Some servers' time ran several minutes ahead after the time daemon crashed, so "
            "assertions were considered not yet valid.",
            ("Clock drift was not alerted on.",),
        ),
        R(
            "billing",
            "Nightly billing job ran twice",
            "The scheduler misread the daylight saving transition and fired the job again.",
            ("Local time was used instead of UTC in the cron schedule.",),
        ),
    ),
]

PAIRS: list[LabelledPair] = (
    [LabelledPair(a, b, True, RECURRENCE) for a, b in _RECURRENCES]
    + [LabelledPair(a, b, False, NEAR_MISS) for a, b in _NEAR_MISSES]
    + [LabelledPair(a, b, False, SAME_TOPIC) for a, b in _SAME_TOPIC]
)
