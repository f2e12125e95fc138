"""Process metrics (prometheus-client) that the pipeline records while it polls; the web view's
/metrics exposes them next to the counts it reads from the store (monitor/web/metrics.py).
Only in-process figures live here: `monitor serve` alone shows the store's, `monitor run` with
a `web:` section shows both."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector

REGISTRY = CollectorRegistry(auto_describe=True)
ProcessCollector(registry=REGISTRY)  # process_cpu_seconds_total, memory, open files

POLLS = Counter("monitor_polls", "Polls of a source by this process, by outcome",
                ["source", "outcome"], registry=REGISTRY)
POLL_SECONDS = Histogram("monitor_poll_duration_seconds", "Time to poll one source",
                         ["source"], registry=REGISTRY,
                         buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300))
EXTRACTION_SECONDS = Histogram("monitor_extraction_duration_seconds",
                               "Time to find the mentions in one article", registry=REGISTRY,
                               buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1))
