"""/metrics: the store's figures, read when scraped, plus this process's poll timings
(monitor.instruments), in the Prometheus text format."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import sqlalchemy as sa
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from monitor import instruments
from monitor.store import Store
from monitor.store.tables import articles, statements
from monitor.web.queries import delivery_counts


def _seconds(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else 0.0


class StoreCollector(Collector):
    """Gauges computed from the database at each scrape (no state in the web process)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterator[Metric]:
        status = self.store.source_status()
        failures = GaugeMetricFamily("monitor_source_consecutive_failures",
                                     "Consecutive failed polls of a source", labels=["source"])
        last_poll = GaugeMetricFamily("monitor_source_last_poll_timestamp_seconds",
                                      "When a source was last polled", labels=["source"])
        last_ok = GaugeMetricFamily("monitor_source_last_success_timestamp_seconds",
                                    "When a source was last polled successfully",
                                    labels=["source"])
        found = GaugeMetricFamily("monitor_source_articles", "Articles found in a source",
                                  labels=["source"])
        said = GaugeMetricFamily("monitor_source_statements", "Statements found in a source",
                                 labels=["source"])
        for source in status:
            failures.add_metric([source.name], source.consecutive_failures)
            last_poll.add_metric([source.name], _seconds(source.last_poll_at))
            last_ok.add_metric([source.name], _seconds(source.last_success_at))
            found.add_metric([source.name], source.articles)
            said.add_metric([source.name], source.statements)
        yield from (failures, last_poll, last_ok, found, said)
        with self.store.engine.connect() as connection:
            article_count = connection.execute(sa.select(sa.func.count()).select_from(articles))
            article_total = article_count.scalar() or 0
            statement_total = connection.execute(
                sa.select(sa.func.count()).select_from(statements)).scalar() or 0
        yield GaugeMetricFamily("monitor_articles", "Articles stored", value=article_total)
        yield GaugeMetricFamily("monitor_statements", "Deduplicated statements stored",
                                value=statement_total)
        counts = delivery_counts(self.store)
        owed = GaugeMetricFamily("monitor_deliveries", "Digest and alert deliveries by state",
                                 labels=["state"])
        for state in ("sent", "pending", "failed", "cancelled"):
            owed.add_metric([state], getattr(counts, state))
        yield owed


def metrics_text(store: Store) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StoreCollector(store))
    return generate_latest(registry) + generate_latest(instruments.REGISTRY)
