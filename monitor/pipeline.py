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
from datetime import UTC, datetime, timedelta

from monitor import instruments
from monitor.errors import FetchError, MonitorError, ParseError, RobotsDisallowedError
from monitor.extract import extract_mentions
from monitor.fetch import Fetcher
from monitor.models import Article, ArticleText, Config, FeedItem, Fetched, Mention, Source
from monitor.parse import (
    canonical_url,
    decode_html,
    extract_article,
    find_article_links,
    parse_feed,
)
from monitor.store import Store
from monitor.topic import TopicVerdict, is_on_topic, topic_score

log = logging.getLogger(__name__)

# A feed's full text (content:encoded) is used instead of fetching the page when it is at least
# this long: one request fewer per article, and the text carries no page boilerplate.
FULL_TEXT_MIN_CHARS = 400


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
    claimed_urls: set[str] = field(default_factory=set)


async def poll(config: Config, store: Store, *, only: Sequence[str] | None = None,
               fetcher: Fetcher | None = None) -> PollReport:
    """Poll every source (or the named ones) once, concurrently; per-source errors are reported
    in the PollReport and recorded in the store, never raised."""
    wanted = {name.casefold() for name in only} if only else None
    sources = [s for s in config.sources if wanted is None or s.name.casefold() in wanted]
    report = PollReport(sources=[], started_at=datetime.now(UTC))
    if fetcher is None:
        async with Fetcher() as own_fetcher:
            return await _poll_sources(config, store, own_fetcher, sources, report)
    return await _poll_sources(config, store, fetcher, sources, report)


async def _poll_sources(config: Config, store: Store, fetcher: Fetcher,
                        sources: list[Source], report: PollReport) -> PollReport:
    cycle = _Cycle(config=config, store=store, fetcher=fetcher)
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
    now = datetime.now(UTC)
    cycle.store.record_poll(
        source.name, at=now, ok=report.ok, error=report.error,
        next_poll_at=now + timedelta(seconds=source.every_seconds),
        new_articles=report.new_articles, new_statements=report.new_statements)
    return report


async def _poll_source_unguarded(cycle: _Cycle, source: Source, report: SourceReport) -> None:
    fetched = await _fetch_source(cycle, source)
    if fetched is None:
        report.not_modified = True
        return
    items = _items_of(source, fetched)
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
        if result is None:
            continue
        new_ids = _store_article(cycle, source, url, item, result)
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


def _items_of(source: Source, fetched: Fetched) -> list[FeedItem]:
    if source.kind == "feed":
        return parse_feed(fetched.content, fetched.final_url, fetched.headers)
    html = decode_html(fetched.content, fetched.headers.get("content-type"))
    links = find_article_links(html, fetched.final_url, source.links)
    return [FeedItem(url=link) for link in links]


async def _read_article(cycle: _Cycle, url: str, item: FeedItem) -> ArticleText | None:
    """The article's text: from the feed's full content when it carries it, else its page."""
    if item.content_html and len(item.content_html) >= FULL_TEXT_MIN_CHARS:
        text = extract_article(item.content_html, url)
        if sum(len(p) for p in text.paragraphs) >= FULL_TEXT_MIN_CHARS // 2:
            return text
    fetched = await cycle.fetcher.fetch(url, truncate_over_cap=True)
    if fetched.not_modified or not fetched.content:
        return None
    html = decode_html(fetched.content, fetched.headers.get("content-type"))
    try:
        return extract_article(html, fetched.final_url)
    except ParseError:
        raise
    except Exception as exc:  # a malformed page must not take the source down with it
        raise ParseError(f"{url}: the page could not be read ({exc})") from exc


def _store_article(cycle: _Cycle, source: Source, url: str, item: FeedItem,
                   text: ArticleText) -> list[str] | None:
    """Store one article with its mentions; None when it turned out to be known already."""
    page_url = text.url or url
    if page_url != url and page_url in cycle.store.known_urls([page_url]):
        return None
    config = cycle.config
    title = text.title or item.title
    published = text.published or item.published
    on_topic = is_on_topic(config.topic, title, text.paragraphs, actors=config.actors)
    with instruments.EXTRACTION_SECONDS.time():
        mentions = extract_mentions(text.paragraphs, config.actors,
                                    published=published.date() if published else None,
                                    title=title)
    article = Article(url=page_url, source=source.name, title=title,
                      author=text.author or item.author, published=published,
                      fetched_at=datetime.now(UTC), text=text.text, on_topic=on_topic)
    if page_url in cycle.store.known_urls([page_url]):
        return None
    return cycle.store.add_article(article, mentions)


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
