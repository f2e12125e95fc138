"""`monitor status`: what the store says about the sources, the service, digests and
deliveries, as one report (a dict, the `--json` object) and its text rendering.

All times are shown in the configuration's `timezone`, ISO 8601 in JSON. Nothing here writes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from monitor.models import Config, Source
from monitor.store.deliveries import DeliveryLedger, _delivery, deliveries
from monitor.store.heartbeats import HeartbeatTable
from monitor.store.outbox import MAX_ATTEMPTS
from monitor.store.outbox import status as outbox_status
from monitor.store.sources import backoff_delay, leases

STUCK_ATTEMPTS = 3  # an owed delivery tried this many times (each with its retries) is stuck


def failing_since(source: Source, last_success: datetime | None, last_poll: datetime | None,
                  failures: int) -> datetime | None:
    """Since when the source has been failing: its last success, else (never succeeded) the
    earliest its first failure can have been, given the backoff between the failed polls."""
    if failures <= 0 or last_poll is None:
        return None
    if last_success is not None:
        return last_success
    span = sum((backoff_delay(source.every_seconds, k) for k in range(1, failures)), timedelta())
    return last_poll - span


def collect_status(config: Config, *, now: datetime | None = None) -> dict[str, Any]:
    from monitor.store import Store

    now = now or datetime.now(UTC)
    zone = ZoneInfo(config.timezone)

    def iso(moment: datetime | None) -> str | None:
        return moment.astimezone(zone).isoformat(timespec="seconds") if moment else None

    store = Store.open(config.storage)
    try:
        rows = {row.name: row for row in store.source_status()}
        beats = HeartbeatTable(store.engine).all()
        held = leases(store, now=now)  # which worker is polling which source now
        pending = outbox_status(store)  # articles listed, not stored yet
        ledger = DeliveryLedger(store.engine)
        digests = [_digest_status(config, ledger, spec, now, iso) for spec in config.digests]
        alerts = _alert_counts(store.engine, config)
        owed = ledger.pending(now=now)
        with store.engine.connect() as conn:
            failed_rows = conn.execute(sa.select(deliveries).where(
                deliveries.c.status == "failed")).all()
    finally:
        store.close()
    problems: list[str] = []
    sources = []
    for source in config.sources:
        row = rows.get(source.name)
        entry: dict[str, Any] = {"name": source.name, "kind": source.kind, "url": source.url,
                                 "every_seconds": source.every_seconds, "polled": row is not None}
        if row is not None:
            since = failing_since(source, row.last_success_at, row.last_poll_at,
                                  row.consecutive_failures)
            too_long = since is not None and (now - since).total_seconds() > (
                config.failing_after_seconds)
            entry.update(
                last_poll=iso(row.last_poll_at), last_success=iso(row.last_success_at),
                consecutive_failures=row.consecutive_failures, last_error=row.last_error,
                failing_since=iso(since), failing_too_long=too_long,
                # The sources row owns the next poll, backoff included (monitor/store/sources.py).
                next_poll=iso(row.next_poll_at),
                articles=row.articles, statements=row.statements)
            if too_long:
                problems.append(f"source {source.name} has failed since {iso(since)} "
                                f"({row.consecutive_failures} polls): {row.last_error}")
        waiting = pending.get(source.name)
        entry["articles_pending"] = waiting.waiting if waiting else 0
        entry["articles_given_up"] = waiting.given_up if waiting else 0
        entry["article_error"] = waiting.last_error if waiting else None
        lease = held.get(source.name)
        entry["polled_by"] = (
            {"worker": lease.worker, "lease_until": iso(lease.until)} if lease else None)
        sources.append(entry)
    deliveries_owed = [_delivery_entry(d, iso) for d in owed]
    deliveries_failed = [_delivery_entry(_delivery(row), iso) for row in failed_rows]
    for d in deliveries_owed:
        if d["attempts"] >= STUCK_ATTEMPTS:
            problems.append(f"{d['kind']} {d['name']} {d['channel']} delivery still owed after "
                            f"{d['attempts']} attempts: {d['last_error']}")
    for d in deliveries_failed:
        problems.append(f"{d['kind']} {d['name']} {d['channel']} delivery failed for good: "
                        f"{d['last_error']}")
    running = [b for b in beats if b.alive(now)]
    service = {
        "running": bool(running),
        "instances": [{"host": b.host, "pid": b.pid, "version": b.version,
                       "started": iso(b.started_at), "last_heartbeat": iso(b.beat_at),
                       "alive": b.alive(now)} for b in beats],
    }
    return {"now": iso(now), "timezone": config.timezone, "service": service,
            "sources": sources, "digests": digests, "alerts": alerts,
            "deliveries": {"owed": deliveries_owed, "failed": deliveries_failed},
            "problems": problems, "healthy": not problems}


def _delivery_entry(d: Any, iso: Any) -> dict[str, Any]:
    key = d.key
    what = (f"window {iso(key.window_start)} – {iso(key.window_end)}" if key.kind == "digest"
            else f"statement {key.statement_id}")
    return {"kind": key.kind, "name": key.name, "channel": key.channel, "what": what,
            "status": d.status, "attempts": d.attempts, "last_error": d.last_error,
            "updated": iso(d.updated_at)}


def _digest_status(config: Config, ledger: DeliveryLedger, spec: Any, now: datetime,
                   iso: Any) -> dict[str, Any]:
    from apscheduler.triggers.cron import CronTrigger

    zone = ZoneInfo(config.timezone)
    sent = ledger.last_sent(spec.name)
    trigger = CronTrigger.from_crontab(spec.cron, timezone=zone)
    upcoming = trigger.get_next_fire_time(None, now.astimezone(zone))
    last = None
    if sent is not None and sent.key.window_start and sent.key.window_end:
        last = {"start": iso(sent.key.window_start), "end": iso(sent.key.window_end),
                "sent": iso(sent.delivered_at)}
    return {"name": spec.name, "cron": spec.cron, "last_window_sent": last,
            "next_run": iso(upcoming),
            "owed": len(ledger.pending(kind="digest", name=spec.name, now=now))}


def _alert_counts(engine: sa.Engine, config: Config) -> list[dict[str, Any]]:
    c = deliveries.c
    with engine.connect() as conn:
        rows = conn.execute(sa.select(c.name, c.status, sa.func.count()).where(
            c.kind == "alert").group_by(c.name, c.status)).all()
    counts: dict[str, dict[str, int]] = {}
    for name, status, count in rows:
        counts.setdefault(name, {})[status] = count
    return [{"name": rule.name, "sent": counts.get(rule.name, {}).get("sent", 0),
             "owed": counts.get(rule.name, {}).get("pending", 0)} for rule in config.alerts]


# ---------------------------------------------------------------- text


def _short(iso_time: str | None) -> str:
    """'2025-05-19T07:00:00+03:00' -> '2025-05-19 07:00:00' (the zone is said once, on top)."""
    return iso_time[:19].replace("T", " ") if iso_time else "never"


def render_status(report: dict[str, Any]) -> str:
    lines = [f"status at {_short(report['now'])} (times in {report['timezone']})"]
    service = report["service"]
    alive = [i for i in service["instances"] if i["alive"]]
    if alive:
        for i in alive:
            lines.append(f"service: running on {i['host']} (pid {i['pid']}, monitor "
                         f"{i['version']}) since {_short(i['started'])}, last heartbeat "
                         f"{_short(i['last_heartbeat'])}")
    elif service["instances"]:
        i = service["instances"][0]
        lines.append(f"service: not running (the last one, on {i['host']} pid {i['pid']}, "
                     f"stopped sending heartbeats at {_short(i['last_heartbeat'])})")
    else:
        lines.append("service: not running ('monitor run' is not running against this "
                     "storage)")
    lines.append("sources:")
    for s in report["sources"]:
        if not s["polled"]:
            lines.append(f"  {s['name']}: never polled")
            continue
        line = (f"  {s['name']}: last poll {_short(s['last_poll'])}, last success "
                f"{_short(s['last_success'])}, {s['consecutive_failures']} consecutive "
                f"failures, next poll {_short(s['next_poll'])}, {s['articles']} articles, "
                f"{s['statements']} statements")
        if s["polled_by"]:
            line += (f"; being polled by worker {s['polled_by']['worker']} (lease until "
                     f"{_short(s['polled_by']['lease_until'])})")
        if s["consecutive_failures"] and s["last_error"]:
            line += f"; last error: {s['last_error']}"
        lines.append(line)
        if s["articles_pending"] or s["articles_given_up"]:
            lines.append(f"    articles: {s['articles_pending']} waiting to be stored (retried "
                         f"with backoff), {s['articles_given_up']} given up after "
                         f"{MAX_ATTEMPTS} failed attempts; last error: "
                         f"{s['article_error'] or '-'}")
    lines.append("digests:")
    if not report["digests"]:
        lines.append("  none configured")
    for d in report["digests"]:
        last = d["last_window_sent"]
        sent = (f"last window sent {_short(last['start'])} – {_short(last['end'])}" if last
                else "no window sent yet")
        line = f"  {d['name']}: {sent}; next run {_short(d['next_run'])}"
        if d["owed"]:
            line += f"; {d['owed']} owed (retried by the service)"
        lines.append(line)
    lines.append("alerts:")
    if not report["alerts"]:
        lines.append("  none configured")
    for a in report["alerts"]:
        lines.append(f"  {a['name']}: {a['sent']} sent, {a['owed']} owed")
    owed, failed = report["deliveries"]["owed"], report["deliveries"]["failed"]
    lines.append(f"deliveries: {len(owed)} owed, {len(failed)} failed")
    for d in [*owed, *failed]:
        lines.append(f"  {d['kind']} {d['name']} {d['channel']} ({d['what']}): {d['status']}, "
                     f"{d['attempts']} attempts; last error: {d['last_error'] or '-'}")
    return "\n".join(lines) + "\n"
