"""Delivery of digests and alerts: email, signed webhooks, and the ledger that sends each once."""

from monitor.deliver.dispatch import digest_status, retry_pending, run_digest, send_alerts

__all__ = ["digest_status", "retry_pending", "run_digest", "send_alerts"]
