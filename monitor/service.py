"""`monitor run`: the long-running service.

Polling follows miniflux: the sources row in the database owns the poll state (next poll time
with backoff, consecutive failures, last error, lease), and the service's dispatcher asks the
database every second which sources are due, claims up to MAX_IN_FLIGHT of them for this worker
(monitor/store/sources.py: FOR UPDATE SKIP LOCKED on PostgreSQL, one atomic UPDATE on SQLite)
and polls each with the one long-lived Fetcher (its connection pool, robots.txt cache and
per-host limits serve every poll). So several `monitor run` processes on one database divide
the sources between them with no configuration: a source is polled by one worker at a time, a
worker that dies loses its leases after DEFAULT_LEASE and another takes over. A failing source's
next poll is pushed back on its row (2^(failures-1) intervals, capped), so `status`, `poll` and
every worker see the same backoff. New statements that match an alert rule go out right after
the poll that stored them.

APScheduler 3 (AsyncIOScheduler) drives the rest on the same event loop:
- one job per digest on its cron, in the configured timezone; each run covers the time since the
  last window recorded, so no window is skipped after downtime.
- a retry job for deliveries whose channel failed.

SIGHUP reloads the configuration (sources, actors, topic, digests, alerts): sources keep their
next poll time, new sources are due at once, removed ones are no longer claimed, and an invalid
file, or one that moves the storage, is refused with the reasons logged while the running
configuration carries on.

Deliveries (SMTP, webhooks) are blocking calls; they run in daemon threads so that a stuck
server cannot hold up a shutdown. SIGINT/SIGTERM: no new jobs start, running polls get a few
seconds to finish and are then cancelled (a batch of articles commits whole or not at all, so
nothing stored is lost), the leases are handed back, and the process exits 0 within 10 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from monitor.analysis import Analyser
from monitor.config import load_config
from monitor.deliver import retry_pending, run_digest, send_alerts
from monitor.errors import MonitorError
from monitor.fetch import Fetcher
from monitor.liveness import Liveness
from monitor.models import Config, Source
from monitor.pipeline import poll
from monitor.store import Store
from monitor.store import sources as sources_state
from monitor.store.sources import DEFAULT_LEASE, backoff_delay

__all__ = ["Service", "backoff_delay", "run_service"]

log = logging.getLogger("monitor.service")

RETRY_EVERY = timedelta(minutes=5)  # owed deliveries are tried again this often
DISPATCH_EVERY_SECONDS = 1.0  # how often the database is asked which sources are due
MAX_IN_FLIGHT = 64  # polls one worker runs at once (the Fetcher limits requests per host)
CLAIM_BATCH = 16  # sources claimed per tick: a worker starting later still gets its share
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


def _poll_fields(result: Any, report: Any) -> dict[str, Any]:
    """The structured fields of a poll's log line (JSON logs: monitor/logs.py)."""
    duration = ((report.finished_at - report.started_at).total_seconds()
                if report.finished_at else None)
    return {"event": "source_polled", "source": result.name, "duration": duration,
            "counts": {"articles": result.new_articles, "statements": result.new_statements,
                       "errors": len(result.article_errors) + (not result.ok)}}


def worker_name() -> str:
    """This worker's name in leases and in `status`: host and process, unique while it runs."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Service:
    def __init__(self, config: Config, store: Store, config_path: Path | None = None) -> None:
        self.config = config
        self.config_path = config_path  # reread on SIGHUP
        self.web_server: Any = None  # the embedded web view (monitor.web.server), when served
        self.store = store
        self.zone = ZoneInfo(config.timezone)
        self.tasks: set[asyncio.Task[Any]] = set()
        self.threads: set[threading.Thread] = set()
        self.worker = worker_name()
        self.lease = DEFAULT_LEASE
        self.dispatch_every = DISPATCH_EVERY_SECONDS
        self.in_flight: dict[str, asyncio.Task[Any]] = {}  # source name -> its poll
        self._renewed = time.monotonic()  # when the leases of running polls were last renewed
        self._rows_ensured = False  # every configured source has its row in the database
        self.fetcher: Fetcher | None = None  # one for the service's life, opened in serve()
        self.analyser = Analyser(config.topic, config.actors, workers=config.workers)
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
        try:
            await self._tracked(f"poll {source.name}", lambda: self._poll(source))
        finally:
            self.in_flight.pop(source.name, None)
            with contextlib.suppress(MonitorError):  # a lost lease runs out by itself
                sources_state.release(self.store, self.worker, [source.name])

    async def _poll(self, source: Source) -> None:
        report = await poll(self.config, self.store, only=[source.name], fetcher=self.fetcher,
                            analyser=self.analyser)
        for result in report.sources:
            if result.ok:
                log.info("poll %s: ok, %d new articles, %d new statements", result.name,
                         result.new_articles, result.new_statements,
                         extra=_poll_fields(result, report))
            else:
                failures = sources_state.consecutive_failures(self.store, result.name)
                log.warning("poll %s: FAILED (%d in a row; next try %s): %s", result.name,
                            failures, _when(result.next_poll_at), result.error,
                            extra=_poll_fields(result, report))
        ids = report.new_statement_ids
        if ids and self.config.alerts:
            out = _LogLines(log, "alert: ")
            await self._in_thread("alerts", send_alerts, self.config, self.store, ids, out)
            out.flush()

    def dispatch(self) -> list[str]:
        """Claim the due sources this worker has room for and start their polls; renew the
        leases of the polls still running. Returns the names started."""
        by_name = {source.name: source for source in self.config.sources}
        if self.in_flight and time.monotonic() - self._renewed > self.lease.total_seconds() / 5:
            sources_state.renew(self.store, self.worker, list(self.in_flight), lease=self.lease)
            self._renewed = time.monotonic()
        room = min(MAX_IN_FLIGHT - len(self.in_flight), CLAIM_BATCH)
        names = [name for name in by_name if name not in self.in_flight]
        claimed = sources_state.claim_due(self.store, names, self.worker, limit=room,
                                          lease=self.lease)
        for name in claimed:
            task = asyncio.ensure_future(self.poll_source(by_name[name]))
            self.in_flight[name] = task
        return claimed

    async def dispatch_forever(self) -> None:
        """The poll scheduler: ask the database for due sources every dispatch_every seconds."""
        with contextlib.suppress(MonitorError):
            # Leases under this very name are a dead predecessor's (same host, same process
            # id: a restarted container): free now rather than when they run out.
            sources_state.release(self.store, self.worker)
        while not self.stopping.is_set():
            try:
                if not self._rows_ensured:  # at start and after a reload
                    sources_state.ensure_sources(self.store,
                                                 [s.name for s in self.config.sources])
                    self._rows_ensured = True
                self.dispatch()
            except MonitorError as error:  # the database is away: try again next tick
                log.error("cannot claim due sources: %s", error)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), self.dispatch_every)

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

    def schedule(self, scheduler: AsyncIOScheduler) -> None:
        self._schedule_deliveries(scheduler)

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
        if (new.topic, new.actors, new.workers) != (self.config.topic, self.config.actors,
                                                     self.config.workers):
            old_analyser = self.analyser  # polls under way finish with it
            self.analyser = Analyser(new.topic, new.actors, workers=new.workers)
            asyncio.get_running_loop().call_later(60, old_analyser.close)
        self.config, self.zone = new, ZoneInfo(new.timezone)
        # New sources get a row (next tick) and are due at once; removed ones are no longer
        # claimed (a poll of one under way finishes); the others keep their next poll time.
        self._rows_ensured = False
        self._schedule_deliveries(scheduler)
        if self.web_server is not None:  # the pages use the new actors, review token...
            self.web_server.reload(new)
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
        scheduler = AsyncIOScheduler(event_loop=loop, timezone=self.zone)
        self.schedule(scheduler)
        liveness = Liveness(self.store.engine)  # heartbeat row for `status`; sd_notify
        scheduler.add_job(liveness.beat, IntervalTrigger(seconds=liveness.interval),
                          id="heartbeat", max_instances=1, coalesce=True)
        scheduler.start()
        self.fetcher = await Fetcher().__aenter__()
        dispatcher = asyncio.ensure_future(self.dispatch_forever())
        liveness.started(f"{len(self.config.sources)} sources")
        with contextlib.suppress(AttributeError, NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal.SIGHUP, self.reload, scheduler)  # not on Windows
        for job in scheduler.get_jobs():
            if job.id.startswith("digest:"):
                log.info("%s: next run %s", job.name, job.next_run_time)
        log.info("monitor run: worker %s, %d sources, %d digests, %d alert rules; SIGHUP "
                 "reloads the configuration, SIGINT or SIGTERM stops", self.worker,
                 len(self.config.sources), len(self.config.digests), len(self.config.alerts))
        web = self._start_web()
        await self.stopping.wait()
        if web is not None:
            web[0].should_exit = True  # stops accepting, finishes requests in flight
            await asyncio.wait({web[1]}, timeout=2.0)
        liveness.stopping()
        await dispatcher
        try:
            await self._shutdown(scheduler)
        finally:
            await self.fetcher.__aexit__(None, None, None)
            self.analyser.close()
            with contextlib.suppress(MonitorError):
                sources_state.release(self.store, self.worker)  # the others may take them now
        return 0

    def _start_web(self) -> tuple[Any, asyncio.Task[None]] | None:
        """The web view on `web.listen`, in this event loop, when the config has `web:`."""
        if self.config.web is None:
            return None
        from monitor.web.server import embedded

        server = embedded(self.config, self.store)
        self.web_server = server  # reload() hands it a new configuration
        return server, asyncio.create_task(server.serve_or_log())

    def _stop(self, signum: int) -> None:
        if not self.stopping.is_set():
            log.info("%s received: stopping", signal.Signals(signum).name)
            self.stopping.set()

    async def _shutdown(self, scheduler: AsyncIOScheduler) -> None:
        deadline = time.monotonic() + STOP_BUDGET_SECONDS
        scheduler.pause()  # no new runs
        running = set(self.tasks) | set(self.in_flight.values())
        if running:
            log.info("waiting up to %.0f s for %d running jobs", POLL_GRACE_SECONDS, len(running))
            await asyncio.wait(running, timeout=POLL_GRACE_SECONDS)
        scheduler.shutdown(wait=False)  # cancels what is still running
        leftover = set(self.tasks) | set(self.in_flight.values())
        for task in leftover:
            task.cancel()
        if leftover:
            await asyncio.wait(leftover, timeout=1.0)
        for thread in list(self.threads):  # deliveries in flight: let them record their result
            thread.join(max(0.0, deadline - time.monotonic()))
        if any(thread.is_alive() for thread in self.threads):
            log.warning("a delivery was still in flight at shutdown; it is retried next time")
        log.info("stopped cleanly")


def _setup_logging() -> None:
    root = logging.getLogger()
    if root.handlers:
        return  # the CLI configured logging (--log-level, --log-format)
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


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "now"
