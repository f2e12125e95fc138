"""One polling cycle, start to finish: source -> fetch -> parse -> extract -> store.

The only module that composes the steps. No sleeping and no scheduling here: `service` decides
when to call `poll`, and `cli` calls it once for `monitor poll`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from monitor import instruments
from monitor.analysis import Analysed, Analyser
from monitor.errors import FetchError, MonitorError, RobotsDisallowedError
from monitor.extract import extract_mentions
from monitor.fetch import Fetcher
from monitor.models import Article, ArticleText, Config, FeedItem, Fetched, Mention, Source
from monitor.parse import (
    canonical_url,
    decode_html,
    extract_article,
)
from monitor.store import Store
from monitor.store import sources as sources_state
from monitor.topic import TopicVerdict, topic_score

log = logging.getLogger(__name__)


@dataclass
class SourceReport:
    name: str
    ok: bool = True
    error: str | None = None
    not_modified: bool = False
    links_seen: int = 0
    new_articles: int = 0
    new_statements: int = 0
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
    """What one cycle shares between its sources: the store, the client, URLs being handled."""

    config: Config
    store: Store
    fetcher: Fetcher
    analyser: Analyser
    claimed_urls: set[str] = field(default_factory=set)


async def poll(config: Config, store: Store, *, only: Sequence[str] | None = None,
               fetcher: Fetcher | None = None, analyser: Analyser | None = None) -> PollReport:
    """Poll every source (or the named ones) once, concurrently; per-source errors are reported
    in the PollReport and recorded in the store, never raised. The analysis of pages runs in
    `analyser` (given by a long-lived caller, else one for this call: `workers:` processes)."""
    wanted = {name.casefold() for name in only} if only else None
    sources = [s for s in config.sources if wanted is None or s.name.casefold() in wanted]
    report = PollReport(sources=[], started_at=datetime.now(UTC))
    own_analyser = analyser is None
    if analyser is None:
        analyser = Analyser(config.topic, config.actors, workers=config.workers)
    try:
        if fetcher is None:
            async with Fetcher() as own_fetcher:
                return await _poll_sources(config, store, own_fetcher, analyser, sources, report)
        return await _poll_sources(config, store, fetcher, analyser, sources, report)
    finally:
        if own_analyser:
            analyser.close()


async def _poll_sources(config: Config, store: Store, fetcher: Fetcher, analyser: Analyser,
                        sources: list[Source], report: PollReport) -> PollReport:
    cycle = _Cycle(config=config, store=store, fetcher=fetcher, analyser=analyser)
    report.sources = list(await asyncio.gather(*(_poll_source(cycle, s) for s in sources)))
    report.finished_at = datetime.now(UTC)
    return report


async def _poll_source(cycle: _Cycle, source: Source) -> SourceReport:
    report = SourceReport(name=source.name)
    started = time.perf_counter()
    try:
        await _poll_source_unguarded(cycle, source, report)
    except MonitorError as exc:
        report.ok, report.error = False, str(exc)
    except Exception as exc:  # a bug or a surprise in one source must not stop the cycle
        log.exception("polling %s failed unexpectedly", source.name)
        report.ok, report.error = False, f"unexpected error: {type(exc).__name__}: {exc}"
    instruments.POLL_SECONDS.labels(source.name).observe(time.perf_counter() - started)
    instruments.POLLS.labels(source.name, "ok" if report.ok else "failed").inc()
    _record_outcome(cycle, source, report)
    # Debug records with an `event` drive `monitor poll`'s progress and `-v` (monitor/logs.py).
    log.debug("polled %s: %s", source.name, "ok" if report.ok else f"FAILED: {report.error}",
              extra={"event": "source_polled", "source": source.name,
                     "duration": time.perf_counter() - started,
                     "counts": {"articles": report.new_articles,
                                "statements": report.new_statements,
                                "errors": len(report.article_errors) + (not report.ok)}})
    return report


def _record_outcome(cycle: _Cycle, source: Source, report: SourceReport) -> None:
    """The poll's outcome on the source's row, the one owner of poll state: failures, error,
    next poll with backoff (read by `run`'s scheduler and by `status`)."""
    report.next_poll_at = sources_state.record_outcome(
        cycle.store, source.name, at=datetime.now(UTC), ok=report.ok, error=report.error,
        every_seconds=source.every_seconds, new_articles=report.new_articles,
        new_statements=report.new_statements)


async def _poll_source_unguarded(cycle: _Cycle, source: Source, report: SourceReport) -> None:
    fetched = await _fetch_source(cycle, source)
    if fetched is None:
        report.not_modified = True
        return
    items = await cycle.analyser.feed_items(source, fetched)
    report.links_seen = len(items)
    by_url: dict[str, FeedItem] = {}
    for item in items:
        by_url.setdefault(canonical_url(item.url), item)
    known = cycle.store.known_urls(by_url)
    fresh = [(url, item) for url, item in by_url.items()
             if url not in known and url not in cycle.claimed_urls]
    cycle.claimed_urls.update(url for url, _ in fresh)
    results = await asyncio.gather(*(_read_article(cycle, url, item) for url, item in fresh),
                                   return_exceptions=True)
    readable: list[tuple[str, FeedItem, Analysed]] = []
    for (url, item), result in zip(fresh, results, strict=True):
        if isinstance(result, RobotsDisallowedError):
            report.robots_skipped += 1
            continue
        if isinstance(result, FetchError):
            report.article_errors.append(str(result))  # names the URL already
            continue
        if isinstance(result, MonitorError):
            report.article_errors.append(f"{url}: {result}")
            continue
        if isinstance(result, BaseException):
            log.error("reading %s failed unexpectedly", url, exc_info=result)
            report.article_errors.append(f"{url}: unexpected error: {result!r}")
            continue
        if result is not None:
            readable.append((url, item, result))
    for url, new_ids in _store_articles(cycle, source, readable):
        log.debug("stored %s: %s", url, "already known" if new_ids is None
                  else f"{len(new_ids)} new statements",
                  extra={"event": "article_stored", "source": source.name,
                         "counts": {"articles": int(new_ids is not None),
                                    "statements": len(new_ids or ())}})
        if new_ids is not None:
            report.new_articles += 1
            report.new_statements += len(new_ids)
            report.statement_ids.extend(new_ids)


async def _fetch_source(cycle: _Cycle, source: Source) -> Fetched | None:
    """The source's feed or page, conditionally; None when unchanged since the last poll."""
    state = cycle.store.http_state(source.url)
    url = (state.moved_to if state and state.moved_to else None) or source.url
    cache = cycle.store.http_state(url) if url != source.url else state
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
    cycle.store.save_http_state(url, etag=fetched.etag, last_modified=fetched.last_modified)
    return fetched


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


def _store_articles(cycle: _Cycle, source: Source,
                    readable: Sequence[tuple[str, FeedItem, Analysed]],
                    ) -> list[tuple[str, list[str] | None]]:
    """Store a source's new articles, STORE_BATCH per transaction (each article whole or not
    at all); per article its URL and new statement ids (None: it was known already). A batch
    that fails is stored again one article at a time, so one bad article costs only itself."""
    articles: list[tuple[Article, Sequence[Mention]]] = []
    for url, item, analysed in readable:
        article = _article(cycle, source, url, item, analysed)
        if article is None:
            continue
        mentions = analysed.mentions
        instruments.EXTRACTION_SECONDS.observe(analysed.extraction_seconds)
        log.debug("extracted %s: %s, %d mentions (%d direct, %d reported)", article.url,
                  "on topic" if article.on_topic else "off topic", len(mentions),
                  sum(m.kind == "direct" for m in mentions),
                  sum(m.kind == "indirect" for m in mentions),
                  extra={"event": "article_extracted", "source": source.name,
                         "counts": {"mentions": len(mentions)}})
        articles.append((article, mentions))
    outcome: list[list[str] | None] = []
    for start in range(0, len(articles), STORE_BATCH):
        batch = articles[start:start + STORE_BATCH]
        try:
            outcome.extend(cycle.store.add_articles(batch))
        except Exception:
            if len(batch) == 1:
                raise
            log.warning("storing %d articles of %s together failed; one at a time now",
                        len(batch), source.name)
            outcome.extend(cycle.store.add_articles([one])[0] for one in batch)
    return [(article.url, new_ids) for (article, _), new_ids in zip(articles, outcome,
                                                                    strict=True)]


def _article(cycle: _Cycle, source: Source, url: str, item: FeedItem,
             analysed: Analysed) -> Article | None:
    """The article to store; None when the page names a canonical URL known already."""
    text = analysed.text
    page_url = text.url or url
    if page_url != url:  # the page names another canonical URL: that one may be known
        if page_url in cycle.claimed_urls or page_url in cycle.store.known_urls([page_url]):
            return None
        cycle.claimed_urls.add(page_url)
    return Article(url=page_url, source=source.name, title=text.title or item.title,
                   author=text.author or item.author,
                   published=text.published or item.published,
                   fetched_at=datetime.now(UTC), text=text.text, on_topic=analysed.on_topic)


async def read_target(target: str,
                      config: Config) -> tuple[ArticleText, TopicVerdict, list[Mention]]:
    """`monitor extract`: one HTML file or URL as monitor reads it, nothing stored."""
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
