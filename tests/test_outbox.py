"""An article is stored, or it is retried: the outbox of listed, unstored articles, against a
real loopback site (issue 10: validators saved before the articles made them invisible)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import LoopbackServer, fresh_database_url
from newsdesk import Newsdesk, snapshot, write_config

from monitor.config import load_config
from monitor.errors import FetchError, RobotsDisallowedError
from monitor.fetch import Fetcher
from monitor.health import collect_status, render_status
from monitor.models import Config, FeedItem
from monitor.pipeline import PollReport, decide, poll
from monitor.store import Store, outbox
from monitor.store.outbox import MAX_ATTEMPTS, GiveUp, PendingArticle, Retry, Settle, retry_delay


def poll_once(config: Config, store: Store, *, honour_backoff: bool = False) -> PollReport:
    async def go() -> PollReport:
        async with Fetcher(backoff_seconds=0.01, attempts=1) as fetcher:
            return await poll(config, store, fetcher=fetcher, honour_backoff=honour_backoff)

    return asyncio.run(go())


@pytest.fixture
def desk(http_server: LoopbackServer) -> Newsdesk:
    return Newsdesk(http_server, 6)


def undisturbed(tmp_path: Path, base: str) -> tuple[frozenset, frozenset]:
    config = load_config(write_config(tmp_path / "calm", base))
    with Store.open(config.storage) as store:
        poll_once(config, store)
        return snapshot(store)


def test_the_table_in_code_matches_the_migration(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'm.db'}") as store:
        columns = {c["name"] for c in sa.inspect(store.engine).get_columns("pending_articles")}
    assert columns == set(outbox.pending_articles.columns.keys())


def test_articles_failing_for_one_poll_are_stored_by_the_next_despite_a_304(
    tmp_path: Path, desk: Newsdesk
) -> None:
    config = load_config(write_config(tmp_path / "faulty", desk.server.base))
    desk.failing = {0, 2, 3, 5}
    with Store.open(config.storage) as store:
        first = poll_once(config, store).sources[0]
        assert (first.new_articles, first.retrying, first.given_up) == (2, 4, 0)
        assert len(first.article_errors) == 4 and "503" in first.article_errors[0]
        assert [(attempts, gone) for _, attempts, gone in outbox.waiting(store)] == [(1, False)] * 4
        desk.failing = set()
        second = poll_once(config, store).sources[0]
        assert second.not_modified, "the feed did not change: 304"
        assert second.new_articles == 4
        assert outbox.waiting(store) == []
        got = snapshot(store)
    assert got == undisturbed(tmp_path, desk.server.base)
    assert all(desk.hits(i) <= 3 for i in range(6))


def test_an_article_the_feed_dropped_is_still_retried(tmp_path: Path, desk: Newsdesk) -> None:
    config = load_config(write_config(tmp_path / "dropped", desk.server.base))
    desk.failing = {1}
    with Store.open(config.storage) as store:
        poll_once(config, store)
        desk.indices = [0, 2, 3, 4, 5]  # the feed changed and no longer lists article 1
        desk.failing = set()
        report = poll_once(config, store).sources[0]
        assert not report.not_modified and report.new_articles == 1
        urls = {url for _, _, url, _ in snapshot(store)[1]}
    assert any(url.endswith("talks-round-1.html") for url in urls)


def test_backoff_is_honoured_by_the_service_and_an_article_is_given_up_after_the_limit(
    tmp_path: Path, desk: Newsdesk
) -> None:
    config = load_config(write_config(tmp_path / "limit", desk.server.base))
    desk.failing = {4}
    with Store.open(config.storage) as store:
        poll_once(config, store, honour_backoff=True)
        hits = desk.hits(4)
        poll_once(config, store, honour_backoff=True)  # within the backoff: not asked again
        assert desk.hits(4) == hits
        for _ in range(MAX_ATTEMPTS - 1):
            report = poll_once(config, store)  # `monitor poll`: retried now
        assert report.sources[0].given_up == 1 and report.sources[0].retrying == 0
        [(url, attempts, given_up)] = outbox.waiting(store)
        assert given_up and attempts == MAX_ATTEMPTS and url.endswith("round-4.html")
        line = outbox.status(store)["Desk"]
        assert (line.waiting, line.given_up) == (0, 1) and "503" in (line.last_error or "")
        hits = desk.hits(4)
        poll_once(config, store)
        assert desk.hits(4) == hits, "a given-up article is not fetched again"
    shown = render_status(collect_status(config))
    assert "0 waiting to be stored" in shown and "1 given up after 6 failed attempts" in shown


def test_retry_delay_doubles_up_to_a_cap() -> None:
    assert retry_delay(1) == timedelta(minutes=2)
    assert retry_delay(2) == timedelta(minutes=4)
    assert retry_delay(30) == timedelta(hours=6)


def test_the_decisions_are_pure() -> None:
    now = datetime(2025, 5, 20, 9, tzinfo=UTC)
    fresh = PendingArticle("https://h.example/a", FeedItem(url="https://h.example/a"), 0)
    failure = FetchError(fresh.url, "HTTP 503")
    assert decide(fresh, failure, now) == Retry(fresh.url, 1, f"{fresh.url}: HTTP 503",
                                                now + timedelta(minutes=2))
    last = PendingArticle(fresh.url, fresh.item, MAX_ATTEMPTS - 1)
    assert decide(last, failure, now) == GiveUp(fresh.url, MAX_ATTEMPTS, f"{fresh.url}: HTTP 503")
    assert decide(fresh, RobotsDisallowedError(fresh.url, "robots"), now) == Settle(
        fresh.url, reason="robots")
    assert isinstance(decide(fresh, None, now), Retry), "an empty page is tried again"


def test_new_articles_per_poll_are_capped_and_the_rest_come_next_poll(
    tmp_path: Path, desk: Newsdesk
) -> None:
    path = write_config(tmp_path / "cap", desk.server.base, extra=", max_new_articles: 4")
    config = load_config(path)
    assert config.sources[0].max_new_articles == 4
    with Store.open(config.storage) as store:
        first = poll_once(config, store).sources[0]
        assert (first.new_articles, first.deferred) == (4, 2)
        second = poll_once(config, store).sources[0]
        assert second.not_modified and (second.new_articles, second.deferred) == (2, 0)
        got = snapshot(store)
    assert got == undisturbed(tmp_path, desk.server.base)


def test_monitor_poll_says_the_rest_waits_and_check_refuses_a_bad_cap(
    tmp_path: Path, desk: Newsdesk
) -> None:
    import sys

    path = write_config(tmp_path / "said", desk.server.base, extra=", max_new_articles: 5")
    done = subprocess.run([sys.executable, "-m", "monitor", "--config", str(path), "poll"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "5 new articles" in done.stdout
    assert "1 more new articles wait for the next poll (max_new_articles: 5)" in done.stdout
    bad = write_config(tmp_path / "bad", desk.server.base, extra=", max_new_articles: 0")
    done = subprocess.run([sys.executable, "-m", "monitor", "--config", str(bad), "check"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "sources[0].max_new_articles" in done.stderr + done.stdout


def _two_polls_at_once(config: Config, desk: Newsdesk, *, change_feed: bool) -> list[PollReport]:
    desk.hold.clear()  # the first poll's article requests wait: both polls overlap

    async def both() -> list[PollReport]:
        with Store.open(config.storage) as one, Store.open(config.storage) as two:
            async with Fetcher(backoff_seconds=0.01) as f1, Fetcher(backoff_seconds=0.01) as f2:
                first = asyncio.create_task(poll(config, one, fetcher=f1))
                await asyncio.to_thread(desk.article_requests.acquire)  # one is in flight
                if change_feed:
                    desk.indices = list(reversed(desk.indices))  # other bytes, other ETag
                second = await poll(config, two, fetcher=f2)
                desk.hold.set()
                return [await first, second]

    return asyncio.run(both())


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_two_polls_at_once_fetch_each_article_once(
    tmp_path: Path, desk: Newsdesk, kind: str
) -> None:
    with fresh_database_url(kind, tmp_path) as url:
        config = replace(load_config(write_config(tmp_path / "twice", desk.server.base)),
                         storage=url)
        reports = _two_polls_at_once(config, desk, change_feed=False)
    assert [r.sources[0].new_articles for r in reports] == [6, 0]
    assert all(desk.hits(i) == 1 for i in range(6))


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_two_polls_at_once_on_a_changed_feed_fetch_each_article_once(
    tmp_path: Path, desk: Newsdesk, kind: str
) -> None:
    # The second poll gets the feed with new bytes (no 304): it lists the items again, and
    # the claims still keep it off the articles the first poll is fetching.
    with fresh_database_url(kind, tmp_path) as url:
        config = replace(load_config(write_config(tmp_path / "changed", desk.server.base)),
                         storage=url)
        reports = _two_polls_at_once(config, desk, change_feed=True)
    assert not reports[1].sources[0].not_modified
    assert [r.sources[0].new_articles for r in reports] == [6, 0]
    assert all(desk.hits(i) == 1 for i in range(6))


def test_a_claim_of_a_process_that_is_gone_is_void(tmp_path: Path) -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()  # its pid names no process now
    host = socket.gethostname()
    with Store.open(f"sqlite:///{tmp_path / 'claims.db'}") as store:
        outbox.record_listing(store, "Desk", [("http://h/a", FeedItem(url="http://h/a"))],
                              listing_url="http://h/feed", etag=None, last_modified=None)

        def claimed(token: str, now: datetime | None = None) -> list[str]:
            return [p.url for p in
                    outbox.claim_due(store, "Desk", token, limit=10, now=now).articles]

        assert claimed("elsewhere:1:other-host") == ["http://h/a"]
        assert claimed(f"{host}:{os.getpid()}:here") == [], "another host's claim holds"
        later = datetime.now(UTC) + timedelta(seconds=outbox.CLAIM_SECONDS + 1)
        assert claimed(f"{host}:{gone.pid}:dead", later) == ["http://h/a"], (
            "a lease that ran out is void")
        assert claimed(f"{host}:{os.getpid()}:alive") == ["http://h/a"], (
            "the claim of a process of this host that is gone is void at once")
        assert claimed(f"{host}:{os.getpid()}:other-poll") == [], "a live process's claim holds"


def test_articles_owed_are_read_while_the_feed_itself_fails(tmp_path: Path,
                                                             desk: Newsdesk) -> None:
    from conftest import Reply

    config = load_config(write_config(tmp_path / "feeddown", desk.server.base))
    desk.failing = {2}
    with Store.open(config.storage) as store:
        poll_once(config, store)
        desk.failing = set()
        desk.server.routes["/feed.xml"] = Reply(500, "down")
        report = poll_once(config, store).sources[0]
        assert not report.ok and "500" in (report.error or "")
        assert report.new_articles == 1 and outbox.waiting(store) == []


def test_sources_owed_are_those_claim_due_would_find_something_for(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'owed.db'}") as store:
        for source in ("Desk", "Wire"):
            outbox.record_listing(store, source, [(f"http://h/{source}",
                                                   FeedItem(url=f"http://h/{source}"))],
                                  listing_url=f"http://h/{source}.xml", etag=None,
                                  last_modified=None)
        later = datetime.now(UTC) + timedelta(hours=1)
        (wire,) = outbox.claim_due(store, "Wire", "x:1:y", limit=5).articles
        outbox.apply(store, [outbox.after_failure(wire, "503", datetime.now(UTC))])
        names = ["Desk", "Wire", "Quiet"]
        assert outbox.sources_owed(store, names) == {"Desk"}, "Wire backs off"
        assert outbox.sources_owed(store, names, now=later) == {"Desk", "Wire"}
        assert outbox.sources_owed(store, names, honour_backoff=False) == {"Desk", "Wire"}
        for name in names:
            claim = outbox.claim_due(store, name, "x:2:z", limit=5)
            assert bool(claim.articles) == (name in outbox.sources_owed(store, names))
            outbox.release(store, "x:2:z", [p.url for p in claim.articles])
