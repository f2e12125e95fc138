"""Delivery of digests and alerts: email, signed webhooks, and the ledger that sends each once."""

from monitor.deliver.dispatch import retry_pending, run_digest, send_alerts

__all__ = ["retry_pending", "run_digest", "send_alerts"]
