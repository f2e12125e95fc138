"""Digests and alerts from the store to their channels, each delivery recorded in the ledger.

This is where the store, the digest and the channels meet: `monitor digest`, `monitor poll`
(alerts) and the service call these functions; they print one line per thing they did to `out`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO
from zoneinfo import ZoneInfo

from monitor.deliver.alerts import matching
from monitor.deliver.email import compose_email, send_email
from monitor.deliver.retry import DEFAULT_RETRY, RetryPolicy
from monitor.deliver.webhook import post_webhook
from monitor.digest import (
    Digest,
    SourceHealth,
    build_digest,
    digest_payload,
    digest_subject,
    format_time,
    render_html,
    render_text,
)
from monitor.errors import ConfigError, DeliveryError
from monitor.models import (
    AlertRule,
    Config,
    DigestSpec,
    EmailChannel,
    Statement,
    WebhookChannel,
)
from monitor.store.deliveries import Channel, Delivery, DeliveryKey, DeliveryLedger

if TYPE_CHECKING:
    from monitor.store import Store

DEFAULT_WINDOW = timedelta(hours=24)  # the first digest, when no window was sent before


class _HasChannels(Protocol):
    @property
    def email(self) -> EmailChannel | None: ...

    @property
    def webhook(self) -> WebhookChannel | None: ...


def _channels(spec: _HasChannels) -> list[tuple[Channel, EmailChannel | WebhookChannel]]:
    found: list[tuple[Channel, EmailChannel | WebhookChannel]] = []
    if spec.email is not None:
        found.append(("email", spec.email))
    if spec.webhook is not None:
        found.append(("webhook", spec.webhook))
    return found


def open_ledger(store: Store) -> DeliveryLedger:
    return DeliveryLedger(store.engine)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def find_digest(config: Config, name: str | None) -> DigestSpec:
    if not config.digests:
        raise ConfigError([f"{config.path}: digests: none configured; add one (see README)"])
    if name is None:
        return config.digests[0]
    for spec in config.digests:
        if spec.name == name:
            return spec
    names = ", ".join(spec.name for spec in config.digests)
    raise ConfigError([f"{config.path}: digests: no digest named {name!r}; configured: {names}"])


def source_health(config: Config, store: Store) -> list[SourceHealth]:
    """The configured sources' health, in the configuration's order."""
    status = {s.name: s for s in store.source_status()}
    health = []
    for source in config.sources:
        s = status.get(source.name)
        health.append(
            SourceHealth(source.name, None)
            if s is None
            else SourceHealth(source.name, s.last_poll_at, s.consecutive_failures, s.last_error)
        )
    return health


def window_digest(config: Config, store: Store, spec: DigestSpec, start: datetime,
                  end: datetime) -> Digest:
    """The digest of statements first seen in [start, end), and of older ones reported again."""
    return build_digest(
        spec.name,
        new=store.statements(since=start, until=end),
        updated=store.statements_with_new_mentions(start, end),
        actors=config.actors,
        timezone=config.timezone,
        start=start,
        end=end,
        sources=source_health(config, store),
    )


def deliver(
    channel_name: Channel,
    channel: EmailChannel | WebhookChannel,
    digest: Digest,
    token: str,
    *,
    retry: RetryPolicy = DEFAULT_RETRY,
    environ: Mapping[str, str] = os.environ,
) -> str:
    """Send a digest or an alert on one channel; say what was done. Raises DeliveryError."""
    if isinstance(channel, EmailChannel):
        message = compose_email(
            sender=channel.sender,
            to=channel.to,
            subject=digest_subject(digest),
            text=render_text(digest),
            html=render_html(digest),
            token=token,
            date=datetime.now(UTC),
        )
        send_email(channel, message, retry=retry, environ=environ)
        return f"email sent to {', '.join(channel.to)}"
    status = post_webhook(channel, digest_payload(digest), msg_id=f"msg_{token}", retry=retry,
                          environ=environ)
    return f"webhook delivered to {channel.url} (HTTP {status})"


def _attempt(ledger: DeliveryLedger, deliveries: Sequence[Delivery], label: str,
             channel_name: Channel, channel: EmailChannel | WebhookChannel, digest: Digest,
             token: str, out: TextIO) -> bool:
    """Send once for these claimed deliveries and record the outcome on each."""
    try:
        done = deliver(channel_name, channel, digest, token)
    except Exception as error:  # recorded, never lost
        reason = str(error)
        outcome = error.outcome if isinstance(error, DeliveryError) else "retry"
        if not isinstance(error, DeliveryError):
            reason = f"{type(error).__name__}: {error}"
        for delivery in deliveries:
            if outcome == "rejected":
                ledger.mark_rejected(delivery, reason)
            elif outcome == "unknown":
                ledger.mark_unknown(delivery, reason)
            else:
                ledger.mark_failed(delivery, reason)
        then = {
            "rejected": "refused for good: not retried (monitor status shows it)",
            "unknown": "outcome unknown: not resent (monitor status shows it)",
        }.get(outcome, "it stays pending and is retried on the next run")
        print(f"{label}: {channel_name} failed: {reason}; {then}", file=out)
        return False
    for delivery in deliveries:
        ledger.mark_sent(delivery)
    print(f"{label}: {done}", file=out)
    return True


# ---------------------------------------------------------------- digests


def run_digest(
    config: Config,
    store: Store,
    name: str | None,
    *,
    since: datetime | None,
    until: datetime | None,
    send: bool,
    preview: Path | None,
    force: bool,
    out: TextIO,
    scheduled: bool = False,
) -> int:
    """`monitor digest` and the service's cron job: build the digest for a window; preview,
    print or send it. Returns 0 when sent (or already sent, or nothing to send), previewed or
    printed; 1 when a channel failed.

    The window: [since, until) when given; else from where the last recorded window ended
    (else 24 h, or the previous cron slot for a scheduled run) to the cron slot just passed
    (`scheduled`, the service) or to now (an ad-hoc send, which so covers what no sent digest
    covered). A window ending in the future covers what was seen until it was
    sent: the next one starts there. Sending claims the window atomically
    (DeliveryLedger.claim_window), so concurrent senders send it once."""
    spec = find_digest(config, name)
    ledger = open_ledger(store)
    failed = _retry_digests(config, store, ledger, out, name=spec.name) if send else 0
    for _attempt_no in range(5):  # another process may record a window meanwhile: start over
        window = _digest_window(config, spec, ledger, since, until, scheduled, out)
        if window is None:
            return 1 if failed else 0
        start, end = window
        built_at = datetime.now(UTC)  # before the statements are read: what it covers
        digest = window_digest(config, store, spec, start, end)
        label = (f"{spec.name} {format_time(start, config.timezone)} – "
                 f"{format_time(end, config.timezone)}")
        if preview is not None:
            preview.write_text(render_html(digest), encoding="utf-8")
            print(f"{label}: preview written to {preview}", file=out)
        if not send:
            if preview is None:
                out.write(render_text(digest))
            return 0
        result = _send_window(config, ledger, spec, digest, label, force=force,
                              expect_start=since is None, built_at=built_at, out=out)
        if result is not None:
            return 1 if failed or result else 0
    print(f"{spec.name}: other processes kept sending windows meanwhile; nothing sent now",
          file=out)
    return 1 if failed else 0


def _floor_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def cron_slots(cron: str, timezone: str, before: datetime) -> tuple[datetime | None, datetime]:
    """The last two fire times of `cron` (in `timezone`) at or before `before`, in UTC: the
    slots that bound the scheduled window ending at the latest one."""
    from apscheduler.triggers.cron import CronTrigger

    zone = ZoneInfo(timezone)
    trigger = CronTrigger.from_crontab(cron, timezone=zone)
    before = _utc(before)
    spans = (timedelta(days=2), timedelta(days=32), timedelta(days=800))
    for span in spans:
        fires: list[datetime] = []
        moment = trigger.get_next_fire_time(None, (before - span).astimezone(zone))
        while moment is not None and _utc(moment) <= before:
            fires = [*fires[-1:], _utc(moment)]
            moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
        if len(fires) == 2 or (fires and span == spans[-1]):
            return (fires[0] if len(fires) == 2 else None), fires[-1]
    return None, _floor_minute(before)  # a cron that never fired: the minute


def _digest_window(config: Config, spec: DigestSpec, ledger: DeliveryLedger,
                   since: datetime | None, until: datetime | None, scheduled: bool,
                   out: TextIO) -> tuple[datetime, datetime] | None:
    now = datetime.now(UTC)
    previous_slot: datetime | None = None
    if until is not None:
        end = _utc(until)
        if end > now:
            # Recorded as asked (the same command again finds it sent), but it covers only
            # what was seen by now: the next window starts now, not at that future end.
            print(f"{spec.name}: the window ends in the future; it holds the statements seen "
                  f"until now ({format_time(now, config.timezone)}), and the next window "
                  "starts there", file=out)
    elif scheduled:
        previous_slot, end = cron_slots(spec.cron, config.timezone, now)
    else:
        end = now
    if since is not None:
        start = _utc(since)
    else:
        last = ledger.last_window_end(spec.name, now=now)  # never skip a window after downtime
        if last is not None and last >= end:
            print(f"{spec.name}: the window up to {format_time(last, config.timezone)} was "
                  "sent already; nothing new to send", file=out)
            return None
        start = last or previous_slot or end - DEFAULT_WINDOW
    if start >= end:
        print(f"{spec.name}: the window is empty ({format_time(start, config.timezone)} is not "
              f"before {format_time(end, config.timezone)}); nothing to do", file=out)
        return None
    return start, end


def _send_window(config: Config, ledger: DeliveryLedger, spec: DigestSpec, digest: Digest,
                 label: str, *, force: bool, expect_start: bool, built_at: datetime,
                 out: TextIO) -> int | None:
    """Claim the digest's window and send it on each channel claimed; returns how many
    channels failed, or None when another process recorded a window first (start over)."""
    assert digest.start is not None and digest.end is not None
    new, updated = len(digest.new_statements), len(digest.updated_statements)
    channels = _channels(spec)
    if not channels:
        print(f"{spec.name}: no email or webhook configured for this digest; nothing sent",
              file=out)
        return 1
    if not new and not updated and not spec.send_empty and not force:
        print(f"{label}: no new statements; nothing sent (send_empty: true sends empty "
              "digests)", file=out)
        return 0
    claims = ledger.claim_window(spec.name, [c for c, _ in channels], start=digest.start,
                                 end=digest.end, expect_start=expect_start, force=force,
                                 now=built_at)
    if claims is None:
        return None
    print(f"{label}: {new} new statement{'' if new == 1 else 's'}, {updated} earlier "
          f"statement{'' if updated == 1 else 's'} with new reports", file=out)
    failed = 0
    for (channel_name, channel), claim in zip(channels, claims, strict=True):
        if claim.state == "already_sent":
            sent_at = format_time(claim.delivery.delivered_at, config.timezone)
            print(f"{label}: {channel_name} already sent at {sent_at}; nothing sent "
                  "(--force sends it again)", file=out)
        elif claim.state == "busy":
            state = claim.delivery.status
            why = ("is being sent by another process" if state == "sending" else
                   f"is {state} ({claim.delivery.last_error}); --force sends it again")
            print(f"{label}: {channel_name} {why}; nothing sent", file=out)
        elif not _attempt(ledger, [claim.delivery], label, channel_name, channel, digest,
                          claim.delivery.token, out):
            failed += 1
    return failed


def _retry_digests(config: Config, store: Store, ledger: DeliveryLedger, out: TextIO, *,
                   name: str | None = None) -> int:
    """Send the digest windows still owed on some channel; returns how many failed again."""
    failed = 0
    specs = {spec.name: spec for spec in config.digests}
    built: dict[tuple[str, datetime, datetime], Digest] = {}
    for owed in ledger.pending(kind="digest", name=name):
        key = owed.key
        assert key.window_start is not None and key.window_end is not None
        spec = specs.get(key.name)
        channel = dict(_channels(spec)).get(key.channel) if spec is not None else None
        if spec is None or channel is None:
            ledger.cancel(owed, f"digest {key.name!r} has no {key.channel} channel any more")
            print(f"{key.name}: owed {key.channel} delivery dropped: no longer configured",
                  file=out)
            continue
        claim = ledger.claim(key)
        if claim.state != "claimed":
            continue
        window = (key.name, key.window_start, key.window_end)
        if window not in built:
            built[window] = window_digest(config, store, spec, key.window_start, key.window_end)
        label = (f"{key.name} {format_time(key.window_start, config.timezone)} – "
                 f"{format_time(key.window_end, config.timezone)} (retry)")
        if not _attempt(ledger, [claim.delivery], label, key.channel, channel, built[window],
                        claim.delivery.token, out):
            failed += 1
    return failed


def digest_status(config: Config, store: Store, *, now: datetime | None = None) -> list[str]:
    """One line per digest for `monitor status`: the last window sent, owed deliveries, and
    when its cron runs next."""
    from apscheduler.triggers.cron import CronTrigger  # the service's scheduler reads the cron

    now = now or datetime.now(UTC)
    ledger = open_ledger(store)
    zone = ZoneInfo(config.timezone)
    lines = []
    for spec in config.digests:
        sent = ledger.last_sent(spec.name)
        if sent is None or sent.key.window_start is None or sent.key.window_end is None:
            last = "no window sent yet"
        else:
            last = (f"last window sent {format_time(sent.key.window_start, config.timezone)} – "
                    f"{format_time(sent.key.window_end, config.timezone)}")
        try:
            trigger = CronTrigger.from_crontab(spec.cron, timezone=zone)
            upcoming = trigger.get_next_fire_time(None, now.astimezone(zone))
            next_run = f"next run {format_time(upcoming, config.timezone)}"
        except ValueError as error:
            next_run = f"cron {spec.cron!r} is invalid: {error}"
        owed = len(ledger.pending(kind="digest", name=spec.name, now=now))
        line = f"{spec.name}: {last}; {next_run}"
        if owed:
            noun = "delivery" if owed == 1 else "deliveries"
            line += f"; {owed} {noun} owed (a channel failed; retried by the next run)"
        lines.append(line)
        lines.extend(_problem_lines(ledger.problems(kind="digest", name=spec.name), config))
    lines.extend(_problem_lines(ledger.problems(kind="alert"), config))
    return lines


def _problem_lines(problems: Sequence[Delivery], config: Config) -> list[str]:
    """`status` warnings: deliveries refused for good, or sent without an answer."""
    lines = []
    for delivery in problems:
        key = delivery.key
        what = (f"{key.name} window {format_time(key.window_start, config.timezone)} – "
                f"{format_time(key.window_end, config.timezone)}" if key.kind == "digest"
                else f"alert {key.name} (statement {key.statement_id})")
        state = ("FAILED for good, not retried" if delivery.status == "failed"
                 else "outcome UNKNOWN, not resent")
        lines.append(f"  warning: {what}: {key.channel} {state}: {delivery.last_error}")
    return lines


# ---------------------------------------------------------------- alerts


def _batch_token(deliveries: Sequence[Delivery]) -> str:
    """One message for several statements: an id that stays the same when the batch is
    retried as it was, so a receiver can drop the duplicate."""
    if len(deliveries) == 1:
        return deliveries[0].token
    joined = "|".join(sorted(d.token for d in deliveries))
    return hashlib.sha256(joined.encode()).hexdigest()[:24]


def _send_alert(config: Config, ledger: DeliveryLedger, rule: AlertRule, channel_name: Channel,
                channel: EmailChannel | WebhookChannel,
                batch: Sequence[tuple[Statement, Delivery]], out: TextIO) -> bool:
    digest = build_digest(rule.name, new=[s for s, _ in batch], actors=config.actors,
                          timezone=config.timezone, kind="alert")
    deliveries = [d for _, d in batch]
    noun = "statement" if len(batch) == 1 else "statements"
    return _attempt(ledger, deliveries, f"alert {rule.name} ({len(batch)} {noun})",
                    channel_name, channel, digest, _batch_token(deliveries), out)


def send_alerts(config: Config, store: Store, statement_ids: Sequence[str], out: TextIO) -> None:
    """After a poll: each new on-topic statement matching a rule goes to the rule's channels,
    at once, once per (rule, statement, channel) ever."""
    if not config.alerts or not statement_ids:
        return
    statements = store.statements(ids=list(statement_ids))
    if not statements:
        return
    ledger = open_ledger(store)
    for rule in config.alerts:
        matched = matching(rule, statements)
        if not matched:
            continue
        for channel_name, channel in _channels(rule):
            batch = []
            for statement in matched:
                claim = ledger.claim(DeliveryKey.alert(rule.name, channel_name, statement.id))
                if claim.state == "claimed":
                    batch.append((statement, claim.delivery))
            if batch:
                _send_alert(config, ledger, rule, channel_name, channel, batch, out)


def _retry_alerts(config: Config, store: Store, ledger: DeliveryLedger, out: TextIO) -> None:
    rules = {rule.name: rule for rule in config.alerts}
    owed_by_channel: dict[tuple[str, Channel], list[Delivery]] = {}
    for owed in ledger.pending(kind="alert"):
        owed_by_channel.setdefault((owed.key.name, owed.key.channel), []).append(owed)
    for (rule_name, channel_name), owed_list in owed_by_channel.items():
        rule = rules.get(rule_name)
        channel = dict(_channels(rule)).get(channel_name) if rule is not None else None
        ids = [d.key.statement_id for d in owed_list if d.key.statement_id]
        found = {s.id: s for s in store.statements(ids=ids)} if channel is not None else {}
        batch = []
        for owed in owed_list:
            statement = found.get(owed.key.statement_id or "")
            if rule is None or channel is None or statement is None:
                ledger.cancel(owed, "the alert, its channel or the statement is gone")
                continue
            claim = ledger.claim(owed.key)
            if claim.state == "claimed":
                batch.append((statement, claim.delivery))
        if batch and rule is not None and channel is not None:
            _send_alert(config, ledger, rule, channel_name, channel, batch, out)


def retry_pending(config: Config, store: Store, out: TextIO) -> None:
    """Digests and alerts whose channel failed before: try them again."""
    ledger = open_ledger(store)
    _retry_digests(config, store, ledger, out)
    _retry_alerts(config, store, ledger, out)
