"""`monitor run`: the long-running service.

APScheduler 3 (AsyncIOScheduler) drives three kinds of jobs on one event loop:

- one poll job per source on its own `every` interval, with jitter so sources spread out; never
  two polls of one source at once (max_instances=1), late runs coalesced into one and still run
  (misfire_grace_time raised from APScheduler's 1 s). A failing source backs off: its job skips
  runs until 2^(failures-1) intervals have passed (capped), so a dead site is not hammered.
  New statements that match an alert rule go out right after the poll that stored them.
- one job per digest on its cron, in the configured timezone; each run covers the time since the
  last window recorded, so no window is skipped after downtime.
- a retry job for deliveries whose channel failed.

SIGHUP reloads the configuration (sources, actors, topic, digests, alerts): a source whose
interval is unchanged keeps its place in the schedule, new sources are polled at once, and an
invalid file, or one that moves the storage, is refused with the reasons logged while the
running configuration carries on.

Deliveries (SMTP, webhooks) are blocking calls; they run in daemon threads so that a stuck
server cannot hold up a shutdown. SIGINT/SIGTERM: no new jobs start, running polls get a few
seconds to finish and are then cancelled (every article is stored in its own transaction, so
nothing stored is lost), and the process exits 0 within 10 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import random
import signal
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from monitor.config import load_config
from monitor.deliver import retry_pending, run_digest, send_alerts
from monitor.errors import MonitorError
from monitor.models import Config, Source
from monitor.pipeline import poll
from monitor.store import Store

log = logging.getLogger("monitor.service")

RETRY_EVERY = timedelta(minutes=5)  # owed deliveries are tried again this often
MAX_BACKOFF = timedelta(hours=6)  # a failing source is still tried at least this often
POLL_GRACE_SECONDS = 4.0  # on stop: how long running polls may finish before being cancelled
STOP_BUDGET_SECONDS = 8.0  # on stop: everything, deliveries in flight included (contract: 10 s)

T = TypeVar("T")


class _LogLines(io.TextIOBase):
    """A text stream for `out=` parameters: each line written becomes one log record."""

    def __init__(self, logger: logging.Logger, prefix: str = "") -> None:
        self._logger, self._prefix, self._buffer = logger, prefix, ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._buffer += text
        *lines, self._buffer = self._buffer.split("\n")
        for line in lines:
            if line.strip():
                self._logger.info("%s%s", self._prefix, line)
        return len(text)

    def flush(self) -> None:
        if self._buffer.strip():
            self._logger.info("%s%s", self._prefix, self._buffer)
        self._buffer = ""


def _jitter_seconds(every: int) -> float:
    return min(every * 0.1, 60.0)


def backoff_delay(every_seconds: int, failures: int) -> timedelta:
    """How long a source with `failures` consecutive failures waits before its next poll:
    its interval doubled per failure after the first, never more than MAX_BACKOFF."""
    if failures <= 1:
        return timedelta(seconds=every_seconds)
    seconds = every_seconds * 2 ** min(failures - 1, 20)
    return min(timedelta(seconds=seconds), max(MAX_BACKOFF, timedelta(seconds=every_seconds)))


class Service:
    def __init__(self, config: Config, store: Store, config_path: Path | None = None) -> None:
        self.config = config
        self.config_path = config_path  # reread on SIGHUP
        self.store = store
        self.zone = ZoneInfo(config.timezone)
        self.tasks: set[asyncio.Task[Any]] = set()
        self.threads: set[threading.Thread] = set()
        self.failures: dict[str, int] = {}
        self.not_before: dict[str, datetime] = {}
        self.stopping = asyncio.Event()

    # ------------------------------------------------------------ running work

    async def _tracked(self, name: str, work: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Run one job, tracked for shutdown; an unexpected error is logged, never fatal."""
        if self.stopping.is_set():
            return
        task = asyncio.current_task()
        if task is not None:
            self.tasks.add(task)
        try:
            await work()
        except asyncio.CancelledError:
            log.info("%s: interrupted by shutdown", name)
            raise
        except Exception:
            log.exception("%s: failed unexpectedly; the service carries on", name)
        finally:
            if task is not None:
                self.tasks.discard(task)

    def _in_thread(self, name: str, fn: Callable[..., T], *args: Any) -> Awaitable[T]:
        """Run a blocking call in a daemon thread: the loop stays free, and a stuck SMTP or
        HTTP server cannot keep the process from exiting."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def settle(result: T | None, error: BaseException | None) -> None:
            if future.done():
                return
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)  # type: ignore[arg-type]

        def work() -> None:
            try:
                result, error = fn(*args), None
            except BaseException as exc:  # handed to the awaiting coroutine
                result, error = None, exc
            try:
                loop.call_soon_threadsafe(settle, result, error)
            except RuntimeError:  # the loop has closed: the service is gone
                pass
            finally:
                self.threads.discard(threading.current_thread())

        thread = threading.Thread(target=work, name=name, daemon=True)
        self.threads.add(thread)
        thread.start()
        return future

    # ------------------------------------------------------------ jobs

    async def poll_source(self, source: Source) -> None:
        await self._tracked(f"poll {source.name}", lambda: self._poll(source))

    async def _poll(self, source: Source) -> None:
        now = datetime.now(UTC)
        if now < self.not_before.get(source.name, now):
            return  # backing off after failures
        report = await poll(self.config, self.store, only=[source.name])
        for result in report.sources:
            if result.ok:
                self.failures.pop(result.name, None)
                self.not_before.pop(result.name, None)
                log.info("poll %s: ok, %d new articles, %d new statements", result.name,
                         result.new_articles, result.new_statements)
            else:
                failures = self.failures.get(result.name, 0) + 1
                self.failures[result.name] = failures
                delay = backoff_delay(source.every_seconds, failures)
                self.not_before[result.name] = datetime.now(UTC) + delay - timedelta(seconds=1)
                log.warning("poll %s: FAILED (%d in a row; next try in %s): %s", result.name,
                            failures, delay, result.error)
        ids = report.new_statement_ids
        if ids and self.config.alerts:
            out = _LogLines(log, "alert: ")
            await self._in_thread("alerts", send_alerts, self.config, self.store, ids, out)
            out.flush()

    async def send_digest(self, name: str) -> None:
        async def work() -> None:
            out = _LogLines(log, "digest: ")
            await self._in_thread(f"digest {name}", lambda: run_digest(
                self.config, self.store, name, since=None, until=None, send=True,
                preview=None, force=False, out=out))
            out.flush()

        await self._tracked(f"digest {name}", work)

    async def retry_owed(self) -> None:
        async def work() -> None:
            out = _LogLines(log, "retry: ")
            await self._in_thread("retry", retry_pending, self.config, self.store, out)
            out.flush()

        await self._tracked("retry", work)

    # ------------------------------------------------------------ scheduling

    def _remember_failures(self) -> None:
        """Back off from where the last run left: failures and next poll times are stored."""
        by_name = {status.name: status for status in self.store.source_status()}
        for source in self.config.sources:
            status = by_name.get(source.name)
            if status is not None and status.consecutive_failures:
                self.failures[source.name] = status.consecutive_failures

    def schedule(self, scheduler: AsyncIOScheduler) -> None:
        for source in self.config.sources:
            self._add_poll_job(scheduler, source)
        self._schedule_deliveries(scheduler)

    def _add_poll_job(self, scheduler: AsyncIOScheduler, source: Source) -> None:
        every = source.every_seconds
        scheduler.add_job(
            self.poll_source, IntervalTrigger(seconds=every, jitter=_jitter_seconds(every)),
            args=[source], id=f"poll:{source.name}", name=f"poll {source.name}",
            # The first poll now, sources spread over a few seconds.
            next_run_time=datetime.now(self.zone) + timedelta(
                seconds=random.uniform(0, min(every, 5) / 2)),
            max_instances=1, coalesce=True, misfire_grace_time=max(every, 60),
        )

    def _schedule_deliveries(self, scheduler: AsyncIOScheduler) -> None:
        """The digest jobs and the retry job, as the configuration asks (again after a reload)."""
        for job in scheduler.get_jobs():
            if job.id.startswith("digest:") or job.id == "retry":
                job.remove()
        for spec in self.config.digests:
            trigger = CronTrigger.from_crontab(spec.cron, timezone=self.zone)
            scheduler.add_job(
                self.send_digest, trigger, args=[spec.name], id=f"digest:{spec.name}",
                name=f"digest {spec.name}", max_instances=1, coalesce=True,
                misfire_grace_time=3600,  # a digest late by up to an hour still goes out
            )
        if self.config.digests or self.config.alerts:
            scheduler.add_job(
                self.retry_owed, IntervalTrigger(seconds=RETRY_EVERY.total_seconds()),
                id="retry", name="retry owed deliveries", max_instances=1, coalesce=True,
                next_run_time=datetime.now(self.zone) + timedelta(seconds=10),
                misfire_grace_time=600,
            )

    def reload(self, scheduler: AsyncIOScheduler) -> bool:
        """Reread the configuration file and reschedule; False (and the reasons logged) when
        the new file is refused and the running configuration stays."""
        if self.config_path is None:
            return False
        try:
            new = load_config(self.config_path)
        except MonitorError as error:
            log.error("SIGHUP: %s has problems; the running configuration stays:",
                      self.config_path)
            for line in str(error).splitlines():
                log.error("  %s", line)
            return False
        if new.storage != self.config.storage:
            log.error("SIGHUP: the new configuration moves the storage; restart `monitor run` "
                      "to use it. The running configuration stays.")
            return False
        old = {s.name: s for s in self.config.sources}
        self.config, self.zone = new, ZoneInfo(new.timezone)
        for source in new.sources:
            job = scheduler.get_job(f"poll:{source.name}")
            before = old.pop(source.name, None)
            if job is None or before is None:
                self._add_poll_job(scheduler, source)  # a new source: polled at once
            elif before.every_seconds != source.every_seconds:
                job.remove()
                self._add_poll_job(scheduler, source)
            else:
                job.modify(args=[source])  # same interval: its next poll stays where it was
        for name in old:  # sources no longer configured
            scheduler.remove_job(f"poll:{name}")
            self.failures.pop(name, None)
            self.not_before.pop(name, None)
        self._schedule_deliveries(scheduler)
        log.info("SIGHUP: configuration reloaded: %d sources, %d actors, %d digests, %d alert "
                 "rules", len(new.sources), len(new.actors), len(new.digests), len(new.alerts))
        return True

    async def serve(self) -> int:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, self._stop, signum)
            except (NotImplementedError, RuntimeError):  # Windows: the default handler
                signal.signal(signum, lambda n, _f: loop.call_soon_threadsafe(self._stop, n))
        self._remember_failures()
        scheduler = AsyncIOScheduler(event_loop=loop, timezone=self.zone)
        self.schedule(scheduler)
        scheduler.start()
        with contextlib.suppress(AttributeError, NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal.SIGHUP, self.reload, scheduler)  # not on Windows
        for job in scheduler.get_jobs():
            if job.id.startswith("digest:"):
                log.info("%s: next run %s", job.name, job.next_run_time)
        log.info("monitor run: %d sources, %d digests, %d alert rules; SIGHUP reloads the "
                 "configuration, SIGINT or SIGTERM stops", len(self.config.sources),
                 len(self.config.digests), len(self.config.alerts))
        web = self._start_web()
        await self.stopping.wait()
        if web is not None:
            web[0].should_exit = True  # stops accepting, finishes requests in flight
            await asyncio.wait({web[1]}, timeout=2.0)
        await self._shutdown(scheduler)
        return 0

    def _start_web(self) -> tuple[Any, asyncio.Task[None]] | None:
        """The web view on `web.listen`, in this event loop, when the config has `web:`."""
        if self.config.web is None:
            return None
        from monitor.web.server import embedded

        server = embedded(self.config, self.store)
        return server, asyncio.create_task(server.serve_or_log())

    def _stop(self, signum: int) -> None:
        if not self.stopping.is_set():
            log.info("%s received: stopping", signal.Signals(signum).name)
            self.stopping.set()

    async def _shutdown(self, scheduler: AsyncIOScheduler) -> None:
        deadline = time.monotonic() + STOP_BUDGET_SECONDS
        scheduler.pause()  # no new runs
        running = set(self.tasks)
        if running:
            log.info("waiting up to %.0f s for %d running jobs", POLL_GRACE_SECONDS, len(running))
            await asyncio.wait(running, timeout=POLL_GRACE_SECONDS)
        scheduler.shutdown(wait=False)  # cancels what is still running
        for task in list(self.tasks):
            task.cancel()
        if self.tasks:
            await asyncio.wait(set(self.tasks), timeout=1.0)
        for thread in list(self.threads):  # deliveries in flight: let them record their result
            thread.join(max(0.0, deadline - time.monotonic()))
        if any(thread.is_alive() for thread in self.threads):
            log.warning("a delivery was still in flight at shutdown; it is retried next time")
        log.info("stopped cleanly")


def _setup_logging() -> None:
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    # One line per poll and per delivery: the libraries' per-request chatter stays out.
    for noisy in ("apscheduler", "httpx", "httpcore", "mail.log"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def run_service(config: Config, config_path: Path) -> int:
    """Run until SIGINT or SIGTERM; 0 after a clean stop, 1 if it could not start."""
    _setup_logging()
    log.info("monitor run: configuration %s", config_path)
    try:
        store = Store.open(config.storage)
    except MonitorError as error:
        log.error("cannot start: %s", error)
        return 1
    try:
        return asyncio.run(Service(config, store, config_path).serve())
    finally:
        store.close()
