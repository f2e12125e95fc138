"""The CPU-bound part of a poll, off the event loop: a feed's or page's links, and an article's
text, topic verdict and attributed mentions.

Pure functions of their input and the configuration's topic and actors, so they run the same in
this process or in a process pool (`workers:` in the configuration, default: the cores this
process may use). With a pool the event loop keeps fetching while pages are analysed, and every
core is used; with one worker the work runs inline (a pool of one on one core would only add
the cost of sending pages between processes).

    analyser = Analyser(config.topic, config.actors, workers=2)
    items = await analyser.feed_items(source, fetched)
    analysed = await analyser.article(html, content_type, url, item)
    analyser.close()
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from monitor.errors import MonitorError, ParseError
from monitor.models import Actor, ArticleText, FeedItem, Fetched, Mention, Source, Topic

# The analysis modules (page text, feeds, topic, attribution: about 0.15 s of imports) are
# imported where they are first used, so that a poll that finds nothing new (every feed
# answering 304) never loads them; a pool's worker processes load them once, preloaded.
ANALYSIS_MODULES = ["monitor.analysis", "monitor.extract", "monitor.parse", "monitor.topic"]

log = logging.getLogger(__name__)

T = TypeVar("T")

# A feed's full text (content:encoded) is used instead of fetching the page when it is at least
# this long: one request fewer per article, and the text carries no page boilerplate.
FULL_TEXT_MIN_CHARS = 400
# The pool starts after this many analyses inline: a poll that finds a handful of articles
# (and every test) does not pay for starting processes.
POOL_AFTER = 8


@dataclass(frozen=True)
class Analysed:
    """One article as read: its text, whether it covers the topic, the mentions found."""

    text: ArticleText
    on_topic: bool
    mentions: tuple[Mention, ...]
    extraction_seconds: float = 0.0  # attribution's time, for /metrics (measured where it ran)


def default_workers() -> int:
    """The cores this process may run on (taskset and cgroups included where visible)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------- the pure steps


def items_of(source: Source, fetched: Fetched) -> list[FeedItem]:
    """The articles a source lists: a feed's items, or the article links of a section page."""
    from monitor.parse import decode_html, find_article_links, parse_feed

    if source.kind == "feed":
        return parse_feed(fetched.content, fetched.final_url, fetched.headers)
    html = decode_html(fetched.content, fetched.headers.get("content-type"))
    links = find_article_links(html, fetched.final_url, source.links)
    return [FeedItem(url=link) for link in links]


def analyse(topic: Topic, actors: Sequence[Actor], text: ArticleText,
            item: FeedItem) -> Analysed:
    """Topic verdict and mentions of an article's text (the feed item fills in metadata)."""
    from monitor.extract import extract_mentions
    from monitor.topic import is_on_topic

    title = text.title or item.title
    published = text.published or item.published
    on_topic = is_on_topic(topic, title, text.paragraphs, actors=actors)
    started = time.perf_counter()
    mentions = extract_mentions(text.paragraphs, actors,
                                published=published.date() if published else None, title=title)
    return Analysed(text=text, on_topic=on_topic, mentions=tuple(mentions),
                    extraction_seconds=time.perf_counter() - started)


def analyse_feed_text(topic: Topic, actors: Sequence[Actor], item: FeedItem,
                      url: str) -> Analysed | None:
    """The article from the feed's own full text; None when that is too short to stand in for
    the page."""
    from monitor.parse import extract_article

    if not item.content_html or len(item.content_html) < FULL_TEXT_MIN_CHARS:
        return None
    text = extract_article(item.content_html, url)
    if sum(len(p) for p in text.paragraphs) < FULL_TEXT_MIN_CHARS // 2:
        return None
    return analyse(topic, actors, text, item)


def analyse_page(topic: Topic, actors: Sequence[Actor], content: bytes,
                 content_type: str | None, final_url: str, url: str,
                 item: FeedItem) -> Analysed:
    """An article page: its text, topic and mentions. A page that cannot be read is a
    ParseError naming it, never a crash."""
    from monitor.parse import decode_html, extract_article

    try:
        html = decode_html(content, content_type)
        text = extract_article(html, final_url)
    except ParseError:
        raise
    except Exception as exc:  # a malformed page must not take the source down with it
        raise ParseError(f"{url}: the page could not be read ({exc})") from exc
    return analyse(topic, actors, text, item)


def _items_step(_topic: Topic, _actors: Sequence[Actor], source: Source,
                fetched: Fetched) -> list[FeedItem]:
    return items_of(source, fetched)


class Listings:
    """The listings (feeds, section pages) this process parsed and recorded, by a digest of
    their bytes: a listing answering 200 with the bytes of last time (no validators, or
    validators that changed alone) is not parsed again, its items being in the outbox or
    stored already. In memory: a long-lived service skips the parse from its second poll of
    a source on; a new process parses once."""

    def __init__(self) -> None:
        self._digests: dict[tuple[str, str, str], tuple[bytes, int]] = {}

    @staticmethod
    def _key(source: Source, url: str) -> tuple[str, str, str]:
        return (source.kind, url, repr(source.links))  # a new links selector reads anew

    @staticmethod
    def _digest(content: bytes) -> bytes:
        return hashlib.blake2b(content, digest_size=16).digest()

    def unchanged(self, source: Source, url: str, content: bytes) -> int | None:
        """The number of links the listing had, when its bytes are those recorded last."""
        known = self._digests.get(self._key(source, url))
        if known is None or known[0] != self._digest(content):
            return None
        return known[1]

    def remember(self, source: Source, url: str, content: bytes, links: int) -> None:
        """After its items were recorded (committed): the next identical answer is skipped."""
        self._digests[self._key(source, url)] = (self._digest(content), links)


# ---------------------------------------------------------------- in a worker process

_worker_config: tuple[Topic, tuple[Actor, ...]] | None = None


def _start_worker(topic: Topic, actors: tuple[Actor, ...], parent_alive: Connection) -> None:
    global _worker_config
    _worker_config = (topic, actors)
    threading.Thread(target=_exit_with_parent, args=(parent_alive,), daemon=True).start()


def _exit_with_parent(parent_alive: Connection) -> None:
    """Exit when the process that owns the pool is gone (killed with SIGKILL: no shutdown).
    Its end of the pipe is the only writer, so the read sees EOF exactly then; without this
    the workers wait on their task queue for ever (each holds that queue's write end too)."""
    with contextlib.suppress(EOFError, OSError):
        parent_alive.recv()
    os._exit(0)


def _in_worker(step: Callable[..., T], *args: Any) -> T:
    assert _worker_config is not None, "the pool's initializer did not run"
    try:
        return step(*_worker_config, *args)
    except MonitorError:
        raise
    except Exception as exc:  # sent back as an error the poll reports, not a traceback
        raise ParseError(f"analysis failed: {type(exc).__name__}: {exc}") from None


class Analyser:
    """Runs the steps above inline (workers=1) or in a pool of `workers` processes, started
    once POOL_AFTER steps have run inline (a warm poll that finds nothing new starts none)."""

    def __init__(self, topic: Topic, actors: Sequence[Actor], *, workers: int | None = None):
        self.topic, self.actors = topic, tuple(actors)
        self.workers = workers or default_workers()
        self._pool: Executor | None = None
        self._lifeline: tuple[Connection, Connection] | None = None  # workers exit on EOF
        self._inline_runs = 0
        self.listings = Listings()  # lives as long as the analyser (the service's: for ever)

    def _executor(self) -> Executor:
        if self._pool is None:
            # forkserver: workers forked from a clean process that imported this module once
            # (never from the service with its threads and sockets); spawn where there is none.
            if "forkserver" in multiprocessing.get_all_start_methods():
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(ANALYSIS_MODULES)
            else:
                context = multiprocessing.get_context("spawn")
            log.info("analysis: starting a pool of %d processes", self.workers)
            # The workers' lifeline: this process holds the only write end (kept until close()).
            watch, alive = context.Pipe(duplex=False)
            self._lifeline = (watch, alive)
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_start_worker,
                initargs=(self.topic, self.actors, watch))
        return self._pool

    async def _run(self, step: Callable[..., T], *args: Any) -> T:
        if self.workers <= 1 or (self._pool is None and self._inline_runs < POOL_AFTER):
            self._inline_runs += 1
            return step(self.topic, self.actors, *args)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), _in_worker, step, *args)
        except BrokenProcessPool:
            # A worker died (killed, out of memory): a new pool for the next article.
            log.error("an analysis process died; starting a new pool")
            self.close()
            raise ParseError("the analysis process died reading this article") from None

    async def feed_items(self, source: Source, fetched: Fetched) -> list[FeedItem]:
        return await self._run(_items_step, source, fetched)

    async def from_feed(self, item: FeedItem, url: str) -> Analysed | None:
        if not item.content_html or len(item.content_html) < FULL_TEXT_MIN_CHARS:
            return None  # decided here: no round trip to a worker
        return await self._run(analyse_feed_text, item, url)

    async def page(self, fetched: Fetched, url: str, item: FeedItem) -> Analysed:
        item = replace(item, content_html=None, summary=None)  # not needed: not sent
        return await self._run(analyse_page, fetched.content, fetched.headers.get("content-type"),
                               fetched.final_url, url, item)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        if self._lifeline is not None:
            for end in self._lifeline:
                end.close()
            self._lifeline = None
