"""One polling cycle, start to finish: source -> fetch -> parse -> extract -> store.

The only module that composes the steps. No sleeping and no scheduling here: `service` decides
when to call `poll`, and `cli` calls it once for `monitor poll`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from monitor import crashpoints, instruments
from monitor.analysis import Analysed, Analyser
from monitor.errors import FetchError, MonitorError, RobotsDisallowedError, StorageError
from monitor.fetch import Fetcher
from monitor.models import Article, ArticleText, Config, FeedItem, Fetched, Mention, Source
from monitor.store import HttpState, Store, outbox
from monitor.store import sources as sources_state
from monitor.store.outbox import GiveUp, Intent, PendingArticle, Retry, Settle

if TYPE_CHECKING:  # the analysis modules load when first needed (monitor/analysis.py)
    from monitor.topic import TopicVerdict

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class SourceReport:
    name: str
    ok: bool = True
    error: str | None = None
    not_modified: bool = False
    links_seen: int = 0
    new_articles: int = 0
    new_statements: int = 0
    deferred: int = 0  # due outbox articles left for the next poll (max_new_articles)
    retrying: int = 0  # articles that failed this poll and will be tried again later
    given_up: int = 0  # articles that failed for the last time this poll
    robots_skipped: int = 0  # article links robots.txt forbids: skipped quietly, not errors
    article_errors: list[str] = field(default_factory=list)
    statement_ids: list[str] = field(default_factory=list)
    next_poll_at: datetime | None = None  # as recorded, backoff included


@dataclass
class PollReport:
    sources: list[SourceReport]
    started_at: datetime
    finished_at: datetime | None = None

    @property
    def new_statement_ids(self) -> list[str]:
        return [sid for report in self.sources for sid in report.statement_ids]

    @property
    def new_articles(self) -> int:
        return sum(report.new_articles for report in self.sources)

    @property
    def failed(self) -> list[SourceReport]:
        return [report for report in self.sources if not report.ok]


@dataclass
class _Cycle:
    """What one cycle shares between its sources: the store, the client, URLs being handled,
    and the token its outbox claims carry."""

    config: Config
    store: Store
    fetcher: Fetcher
    analyser: Analyser
    honour_backoff: bool = True  # False: every pending article is due now (`monitor poll`)
    claimed_urls: set[str] = field(default_factory=set)
    token: str = field(default_factory=outbox.process_token)
    # Read for all the cycle's sources at once (a warm poll of many feeds would otherwise
    # read them one source at a time): their listings' validators, and which have articles
    # owed; `listed`: the sources whose listing put new articles in the outbox this cycle.
    http_states: dict[str, HttpState | None] = field(default_factory=dict)
    owed: set[str] | None = None  # None: not read, ask claim_due
    listed: set[str] = field(default_factory=set)
    # Successful polls not recorded yet: written OUTCOME_BATCH at a time, and when the cycle
    # ends (a failure is recorded at once: its backoff reads the count of failures).
    successes: list[sources_state.Success] = field(default_factory=list)


@dataclass(frozen=True)
class _ToStore:
    """The decision for an article that was read: store it (its outbox row settles after)."""

    pending: PendingArticle
    analysed: Analysed


async def poll(config: Config, store: Store, *, only: Sequence[str] | None = None,
               fetcher: Fetcher | None = None, analyser: Analyser | None = None,
               honour_backoff: bool = True) -> PollReport:
    """Poll every source (or the named ones) once, concurrently; per-source errors are reported
    in the PollReport and recorded in the store, never raised. A StorageError (database locked,
    read-only, full) is raised: the cycle cannot go on without its store. The analysis of pages
    runs in `analyser` (given by a long-lived caller, else one for this call: `workers:`
    processes). honour_backoff=False retries every pending article now, whatever its backoff."""
    wanted = {name.casefold() for name in only} if only else None
    sources = [s for s in config.sources if wanted is None or s.name.casefold() in wanted]
    report = PollReport(sources=[], started_at=datetime.now(UTC))
    own_analyser = analyser is None
    if analyser is None:
        analyser = Analyser(config.topic, config.actors, workers=config.workers)

    def cycle(client: Fetcher) -> _Cycle:
        return _Cycle(config=config, store=store, fetcher=client, analyser=analyser,
                      honour_backoff=honour_backoff)

    try:
        if fetcher is None:
            async with Fetcher() as own_fetcher:
                return await _poll_sources(cycle(own_fetcher), sources, report)
        return await _poll_sources(cycle(fetcher), sources, report)
    finally:
        if own_analyser:
            analyser.close()


async def _poll_sources(cycle: _Cycle, sources: list[Source], report: PollReport) -> PollReport:
    cycle.http_states = cycle.store.http_states(s.url for s in sources)
    cycle.owed = outbox.sources_owed(cycle.store, [s.name for s in sources],
                                     honour_backoff=cycle.honour_backoff)
    try:
        report.sources = await _all_or_none([_poll_source(cycle, s) for s in sources])
    except BaseException:
        with contextlib.suppress(StorageError):  # a broken store: the cycle's error stands
            _flush_successes(cycle)
        raise
    _flush_successes(cycle)
    report.finished_at = datetime.now(UTC)
    return report


async def _all_or_none(work: Sequence[Coroutine[Any, Any, T]]) -> list[T]:
    """Run concurrently; when one raises (a StorageError: the store is gone), the others are
    cancelled before it propagates, not left running against a closed client."""
    tasks = [asyncio.ensure_future(w) for w in work]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


async def _poll_source(cycle: _Cycle, source: Source) -> SourceReport:
    report = SourceReport(name=source.name)
    started = time.perf_counter()
    try:
        await _poll_source_unguarded(cycle, source, report)
    except StorageError:
        raise  # not this source's problem: the cycle stops, with the one clear message
    except MonitorError as exc:
        report.ok, report.error = False, str(exc)
    except Exception as exc:  # a bug or a surprise in one source must not stop the cycle
        log.exception("polling %s failed unexpectedly", source.name)
        report.ok, report.error = False, f"unexpected error: {type(exc).__name__}: {exc}"
    _poll_metric(instruments.POLL_SECONDS, source.name).observe(time.perf_counter() - started)
    _poll_metric(instruments.POLLS, source.name, "ok" if report.ok else "failed").inc()
    _record_outcome(cycle, source, report)
    # Debug records with an `event` drive `monitor poll`'s progress and `-v` (monitor/logs.py).
    log.debug("polled %s: %s", source.name, "ok" if report.ok else f"FAILED: {report.error}",
              extra={"event": "source_polled", "source": source.name,
                     "duration": time.perf_counter() - started,
                     "counts": {"articles": report.new_articles,
                                "statements": report.new_statements,
                                "errors": len(report.article_errors) + (not report.ok)}})
    return report


@functools.cache
def _poll_metric(metric: Any, *labels: str) -> Any:
    """A metric's child for these labels, looked up once per process, not at every poll
    (prometheus-client's labels() validates and locks each time); created on first use, as
    labels() creates it."""
    return metric.labels(*labels)


OUTCOME_BATCH = 100  # successful polls recorded per transaction


def _record_outcome(cycle: _Cycle, source: Source, report: SourceReport) -> None:
    """The poll's outcome on the source's row, the one owner of poll state: failures, error,
    next poll with backoff (read by `run`'s scheduler and by `status`). Successes are written
    in batches, before the cycle returns."""
    at = datetime.now(UTC)
    if report.ok:
        report.next_poll_at = sources_state.next_success_poll(at, source.every_seconds)
        cycle.successes.append(sources_state.Success(
            source.name, at, report.next_poll_at, error=report.error,
            new_articles=report.new_articles, new_statements=report.new_statements))
        if len(cycle.successes) >= OUTCOME_BATCH:
            _flush_successes(cycle)
        return
    report.next_poll_at = sources_state.record_outcome(
        cycle.store, source.name, at=datetime.now(UTC), ok=report.ok, error=report.error,
        every_seconds=source.every_seconds, new_articles=report.new_articles,
        new_statements=report.new_statements)


async def _poll_source_unguarded(cycle: _Cycle, source: Source, report: SourceReport) -> None:
    try:
        await _list_source(cycle, source, report)
    except StorageError:
        raise
    except MonitorError:
        # The feed is down, not the articles it listed before: those owed are still read.
        await _read_pending(cycle, source, report)
        raise
    await _read_pending(cycle, source, report)


async def _list_source(cycle: _Cycle, source: Source, report: SourceReport) -> None:
    """Fetch the feed or page (conditionally) and put its unstored items into the outbox, in
    the transaction that saves its validators: a 304 never hides an item not stored yet."""
    listing = await _fetch_source(cycle, source)
    if listing is None:
        report.not_modified = True
        return
    from monitor.parse import canonical_url  # only for a listing that changed

    fetched, listing_url = listing
    seen_before = cycle.analyser.listings.unchanged(source, listing_url, fetched.content)
    if seen_before is not None:
        # The very bytes this process listed and recorded last time (a feed without
        # validators, answering 200 each time): nothing to parse, nothing new to record.
        report.links_seen = seen_before
        if fetched.etag or fetched.last_modified:
            outbox.record_listing(cycle.store, source.name, [], listing_url=listing_url,
                                  etag=fetched.etag, last_modified=fetched.last_modified)
        return
    items = await cycle.analyser.feed_items(source, fetched)
    report.links_seen = len(items)
    by_url: dict[str, FeedItem] = {}
    for item in items:
        by_url.setdefault(canonical_url(item.url), item)
    known = cycle.store.known_urls(by_url)
    fresh = [(url, item) for url, item in by_url.items() if url not in known]
    outbox.record_listing(cycle.store, source.name, fresh, listing_url=listing_url,
                          etag=fetched.etag, last_modified=fetched.last_modified)
    if fresh:
        cycle.listed.add(source.name)
    cycle.analyser.listings.remember(source, listing_url, fetched.content, len(items))
    crashpoints.reached("listed")


async def _read_pending(cycle: _Cycle, source: Source, report: SourceReport) -> None:
    """Fetch and store the source's due outbox articles, at most `max_new_articles` per poll
    (the rest wait for the next one); each failure is recorded for a later retry."""
    if cycle.owed is not None and source.name not in cycle.owed | cycle.listed:
        return  # nothing was owed when the cycle began, and its listing added nothing
    claim = outbox.claim_due(cycle.store, source.name, cycle.token,
                             limit=source.max_new_articles,
                             honour_backoff=cycle.honour_backoff)
    report.deferred = claim.more_due
    if not claim.articles:
        return  # nothing to read, settle or hand back
    applied: set[str] = set()
    try:
        intents = await _read_and_store(cycle, source, report, claim.articles)
        outbox.apply(cycle.store, intents)
        applied = {intent.url for intent in intents}  # deleted, or their claim cleared
    finally:
        # Claims not settled or failed (a poll cut short, a URL another source of this cycle
        # is reading) are handed back; with a broken store their lease runs out instead.
        with contextlib.suppress(StorageError):
            outbox.release(cycle.store, cycle.token,
                           [p.url for p in claim.articles if p.url not in applied])
    for intent in intents:
        if isinstance(intent, Settle) and intent.reason == "robots":
            report.robots_skipped += 1
        elif isinstance(intent, Retry | GiveUp):
            report.article_errors.append(intent.error)
            report.given_up += isinstance(intent, GiveUp)
            report.retrying += isinstance(intent, Retry)


async def _read_and_store(cycle: _Cycle, source: Source, report: SourceReport,
                          claimed: Sequence[PendingArticle]) -> list[Intent]:
    """Read the claimed articles concurrently, store those read in batches; the outbox
    changes that follow, to be applied by the caller."""
    # Stored already: by a poll killed after its commit, before its outbox rows settled.
    known = cycle.store.known_urls(p.url for p in claimed)
    intents: list[Intent] = [Settle(p.url) for p in claimed if p.url in known]
    todo = [p for p in claimed if p.url not in known and p.url not in cycle.claimed_urls]
    cycle.claimed_urls.update(p.url for p in todo)
    results = await asyncio.gather(*(_read_article(cycle, p.url, p.item) for p in todo),
                                   return_exceptions=True)
    now = datetime.now(UTC)
    to_store: list[_ToStore] = []
    for pending, result in zip(todo, results, strict=True):
        decision = decide(pending, result, now)
        if isinstance(decision, _ToStore):
            to_store.append(decision)
        else:
            intents.append(decision)
    for pending, new_ids, failure in _store_articles(cycle, source, to_store):
        if failure is not None:
            intents.append(outbox.after_failure(pending, failure, now))
            continue
        intents.append(Settle(pending.url))
        _count_stored(source, report, pending.url, new_ids)
    return intents


def decide(pending: PendingArticle, result: Analysed | BaseException | None,
           now: datetime) -> _ToStore | Intent:
    """What reading an outbox article leads to (pure): store it, settle it (robots.txt
    forbids it: listed again only if the feed lists it anew), or a retry after a failure."""
    url = pending.url
    if isinstance(result, StorageError):
        raise result
    if isinstance(result, RobotsDisallowedError):
        return Settle(url, reason="robots")
    if isinstance(result, Analysed):
        return _ToStore(pending, result)
    if isinstance(result, FetchError):
        problem = str(result)  # names the URL already
    elif isinstance(result, MonitorError):
        problem = f"{url}: {result}"
    elif isinstance(result, BaseException):
        log.error("reading %s failed unexpectedly", url, exc_info=result)
        problem = f"{url}: unexpected error: {result!r}"
    else:
        problem = f"{url}: the page was empty"
    return outbox.after_failure(pending, problem, now)


def _count_stored(source: Source, report: SourceReport, url: str,
                  new_ids: list[str] | None) -> None:
    log.debug("stored %s: %s", url, "already known" if new_ids is None
              else f"{len(new_ids)} new statements",
              extra={"event": "article_stored", "source": source.name,
                     "counts": {"articles": int(new_ids is not None),
                                "statements": len(new_ids or ())}})
    if new_ids is not None:
        report.new_articles += 1
        report.new_statements += len(new_ids)
        report.statement_ids.extend(new_ids)


async def _fetch_source(cycle: _Cycle, source: Source) -> tuple[Fetched, str] | None:
    """The source's feed or page, conditionally, and the URL its validators belong to; None
    when unchanged since the last poll. The validators are saved with the listing's items."""
    state = _http_state(cycle, source.url)
    url = (state.moved_to if state and state.moved_to else None) or source.url
    cache = _http_state(cycle, url) if url != source.url else state
    fetched = await cycle.fetcher.fetch(
        url, etag=cache.etag if cache else None,
        last_modified=cache.last_modified if cache else None)
    if fetched.moved_permanently_to:
        # Remember a feed that moved for good, so later polls ask the new address directly.
        cycle.store.save_http_state(source.url, etag=None, last_modified=None,
                                    moved_to=fetched.moved_permanently_to)
        url = fetched.moved_permanently_to
    if fetched.not_modified:
        return None
    return fetched, url


def _flush_successes(cycle: _Cycle) -> None:
    batch, cycle.successes = cycle.successes, []
    sources_state.record_successes(cycle.store, batch)


def _http_state(cycle: _Cycle, url: str) -> HttpState | None:
    if url in cycle.http_states:  # read when the cycle began
        return cycle.http_states[url]
    return cycle.store.http_state(url)


async def _read_article(cycle: _Cycle, url: str, item: FeedItem) -> Analysed | None:
    """The article analysed (off the event loop when there is a pool): from the feed's full
    content when it carries it, else from its page."""
    from_feed = await cycle.analyser.from_feed(item, url)
    if from_feed is not None:
        return from_feed
    fetched = await cycle.fetcher.fetch(url, truncate_over_cap=True)
    if fetched.not_modified or not fetched.content:
        return None
    return await cycle.analyser.page(fetched, url, item)


STORE_BATCH = 20  # articles per transaction: one commit for many, locks held briefly


def _store_articles(cycle: _Cycle, source: Source, readable: Sequence[_ToStore],
                    ) -> list[tuple[PendingArticle, list[str] | None, str | None]]:
    """Store a source's new articles, STORE_BATCH per transaction (each article whole or not
    at all); per article its outbox row, its new statement ids (None: it was known already)
    and the error that kept it from being stored (None: stored). A batch that fails is stored
    again one article at a time, so one bad article costs only itself; a StorageError (the
    database locked, read-only, full) stops the poll."""
    articles: list[tuple[PendingArticle, Article | None, Sequence[Mention]]] = []
    for decision in readable:
        article = _article(cycle, source, decision.pending, decision.analysed)
        articles.append((decision.pending, article, decision.analysed.mentions))
    outcome: list[tuple[PendingArticle, list[str] | None, str | None]] = [
        (pending, None, None) for pending, article, _ in articles if article is None]
    storable = [(p, a, m) for p, a, m in articles if a is not None]
    for start in range(0, len(storable), STORE_BATCH):
        batch = storable[start:start + STORE_BATCH]
        outcome.extend(_store_batch(cycle, source, batch))
        crashpoints.reached("stored")
    return outcome


def _store_batch(cycle: _Cycle, source: Source,
                 batch: Sequence[tuple[PendingArticle, Article, Sequence[Mention]]],
                 ) -> list[tuple[PendingArticle, list[str] | None, str | None]]:
    try:
        with crashpoints.before_commit(cycle.store.engine, "storing"):
            stored = cycle.store.add_articles([(a, m) for _, a, m in batch])
        return [(p, ids, None) for (p, _, _), ids in zip(batch, stored, strict=True)]
    except StorageError:
        raise
    except Exception:
        if len(batch) == 1:
            log.exception("storing %s failed", batch[0][1].url)
            return [(batch[0][0], None, f"{batch[0][0].url}: could not be stored")]
        log.warning("storing %d articles of %s together failed; one at a time now",
                    len(batch), source.name)
    return [one for item in batch for one in _store_batch(cycle, source, [item])]


def _article(cycle: _Cycle, source: Source, pending: PendingArticle,
             analysed: Analysed) -> Article | None:
    """The article to store; None when the page names a canonical URL known already."""
    url, item, text = pending.url, pending.item, analysed.text
    page_url = text.url or url
    if page_url != url:  # the page names another canonical URL: that one may be known
        if page_url in cycle.claimed_urls or page_url in cycle.store.known_urls([page_url]):
            return None
        cycle.claimed_urls.add(page_url)
    instruments.EXTRACTION_SECONDS.observe(analysed.extraction_seconds)
    mentions = analysed.mentions
    log.debug("extracted %s: %s, %d mentions (%d direct, %d reported)", page_url,
              "on topic" if analysed.on_topic else "off topic", len(mentions),
              sum(m.kind == "direct" for m in mentions),
              sum(m.kind == "indirect" for m in mentions),
              extra={"event": "article_extracted", "source": source.name,
                     "counts": {"mentions": len(mentions)}})
    return Article(url=page_url, source=source.name, title=text.title or item.title,
                   author=text.author or item.author,
                   published=text.published or item.published,
                   fetched_at=datetime.now(UTC), text=text.text, on_topic=analysed.on_topic)


async def read_target(target: str,
                      config: Config) -> tuple[ArticleText, TopicVerdict, list[Mention]]:
    """`monitor extract`: one HTML file or URL as monitor reads it, nothing stored."""
    from monitor.extract import extract_mentions
    from monitor.parse import decode_html, extract_article
    from monitor.topic import topic_score

    if target.startswith(("http://", "https://")):
        async with Fetcher() as fetcher:
            fetched = await fetcher.fetch(target, truncate_over_cap=True)
        html = decode_html(fetched.content, fetched.headers.get("content-type"))
        base = fetched.final_url
    else:
        try:
            with open(target, "rb") as handle:
                raw = handle.read()
        except OSError as exc:
            raise FetchError(target, f"cannot read the file ({exc.strerror})") from exc
        html = decode_html(raw, None)
        base = None
    text = extract_article(html, base)
    verdict = topic_score(config.topic, text.title, text.paragraphs, actors=config.actors)
    mentions = extract_mentions(text.paragraphs, config.actors,
                                published=text.published.date() if text.published else None,
                                title=text.title)
    return text, verdict, mentions
