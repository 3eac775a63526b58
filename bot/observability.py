"""Prometheus metrics for /metrics: messages sent/failed/retried, the outbox's state (computed from
the database at each scrape: bot.web.server), lookups after uncertain attempts, alert latency."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

MESSAGES_SENT = Counter(
    "vaktbot_messages_sent_total", "Messages delivered", ["platform", "kind"], registry=REGISTRY
)
MESSAGES_FAILED = Counter(
    "vaktbot_messages_failed_total",
    "Messages that failed for good",
    ["platform"],
    registry=REGISTRY,
)
MESSAGES_RETRIED = Counter(
    "vaktbot_messages_retried_total", "Delivery attempts to retry", ["platform"], registry=REGISTRY
)
OUTBOX_PENDING = Gauge(
    "vaktbot_outbox_pending", "Messages waiting in the outbox", registry=REGISTRY
)
OUTBOX_DEAD = Gauge(
    "vaktbot_outbox_dead",
    "Messages whose useful life ended undelivered (re-send: vaktbot outbox resend)",
    registry=REGISTRY,
)
OUTBOX_FAILED = Gauge(
    "vaktbot_outbox_failed", "Messages the platform refused for good", registry=REGISTRY
)
OUTBOX_OLDEST = Gauge(
    "vaktbot_outbox_oldest_pending_seconds",
    "How long the oldest message that is due has been waiting (0: none)",
    registry=REGISTRY,
)
DELIVERY_LOOKUPS = Counter(
    "vaktbot_delivery_lookups_total",
    "Looks on the platform after an attempt whose outcome was unknown, by result "
    "(found, absent, failed, impossible)",
    ["platform", "result"],
    registry=REGISTRY,
)
ALERT_LATENCY = Histogram(
    "vaktbot_alert_latency_seconds",
    "From a comment reaching the bot to its alert leaving for the chat platform",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
    registry=REGISTRY,
)
WEBHOOK_REJECTED = Counter(
    "vaktbot_webhook_rejected_total",
    "Webhook requests rejected",
    ["source", "reason"],
    registry=REGISTRY,
)


def record_report(platform: str, report: object) -> None:
    for row in getattr(report, "sent", []):
        MESSAGES_SENT.labels(platform, getattr(row, "kind", "")).inc()
    MESSAGES_FAILED.labels(platform).inc(getattr(report, "failed", 0) + getattr(report, "dead", 0))
    MESSAGES_RETRIED.labels(platform).inc(getattr(report, "retried", 0))
