"""One polling cycle end to end against a real loopback site: feed, section page, articles."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest
from conftest import FIXTURES, LoopbackServer, Reply, SeenRequest

from monitor.config import load_config
from monitor.fetch import Fetcher
from monitor.models import Config
from monitor.pipeline import poll
from monitor.store import Store

ACTORS = """
actors:
  - name: Dmitry Peskov
    aliases: [Peskov]
    roles: [Kremlin spokesman]
  - name: Volodymyr Zelensky
    aliases: [Zelensky]
    roles: [Ukrainian President]
"""

ARTICLES = {
    "/world/2025/05/20/kremlin-truce-talks.html": "article1.html",
    "/world/2025/05/20/zelensky-pressure.html": "article2.html",
    "/sport/2025/05/20/football-final.html": "offtopic.html",
}


def rss(base: str) -> str:
    items = [
        ("Kremlin says truce talks must wait",
         f"{base}/world/2025/05/20/kremlin-truce-talks.html?utm_source=rss&amp;utm_medium=feed"),
        ("Zelensky urges pressure on Moscow", f"{base}/world/2025/05/20/zelensky-pressure.html"),
        ("Peskov comments on football final", f"{base}/sport/2025/05/20/football-final.html"),
        ("Members only", f"{base}/private/2025/05/20/members-only-story.html"),
    ]
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link>"
        "<pubDate>Tue, 20 May 2025 09:00:00 GMT</pubDate></item>" for title, link in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Harbor Ledger</title><link>{base}/</link>{body}</channel></rss>")


def section(base: str) -> str:
    return ("<html><body><nav><a href='/'>Home</a> <a href='/tag/ukraine/'>Ukraine</a>"
            "<a href='/about.html'>About</a></nav><main>"
            "<h2><a href='/world/2025/05/20/kremlin-truce-talks.html'>Kremlin says truce talks "
            "must wait</a></h2></main></body></html>")


def with_etag(body: str, content_type: str):
    """A route that answers 304 when the client sends back the ETag it was given."""
    etag = '"' + hashlib.sha1(body.encode()).hexdigest()[:12] + '"'

    def route(request: SeenRequest) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, body, {"Content-Type": content_type, "ETag": etag})

    return route


@pytest.fixture
def site(http_server: LoopbackServer) -> LoopbackServer:
    base = http_server.base
    http_server.routes["/robots.txt"] = Reply(200, "User-agent: *\nDisallow: /private/\n")
    http_server.routes["/feed.xml"] = with_etag(rss(base), "application/rss+xml")
    http_server.routes["/world/"] = with_etag(section(base), "text/html; charset=utf-8")
    http_server.routes["/broken.xml"] = Reply(500, "down for maintenance")
    for path, name in ARTICLES.items():
        html = (FIXTURES / "site" / name).read_text().replace("{base}", base)
        http_server.routes[path] = Reply(200, html, {"Content-Type": "text/html; charset=utf-8"})
    return http_server


@pytest.fixture
def config(tmp_path: Path, site: LoopbackServer) -> Config:
    (tmp_path / "actors.yaml").write_text(ACTORS)
    (tmp_path / "monitor.yaml").write_text(f"""
storage: sqlite:///monitor.db
actors: actors.yaml
topic:
  include: [ceasefire, truce, peace talks, negotiations, memorandum]
  require: [Ukraine, Russia, Russian, Kyiv, Moscow, Kremlin]
sources:
  - {{name: Ledger feed, feed: "{site.base}/feed.xml", every: 1m}}
  - {{name: Ledger page, page: "{site.base}/world/", every: 1m}}
  - {{name: Broken, feed: "{site.base}/broken.xml", every: 1m}}
""")
    return load_config(tmp_path / "monitor.yaml")


async def poll_quickly(config: Config, store: Store):
    async with Fetcher(backoff_seconds=0.01) as fetcher:  # retries, but no long waits in tests
        return await poll(config, store, fetcher=fetcher)


def run_poll(config: Config):
    store = Store.open(config.storage)
    try:
        report = asyncio.run(poll_quickly(config, store))
        return report, store.statements(), store.statements(include_off_topic=True)
    finally:
        store.close()


def test_poll_stores_deduplicated_statements_politely(config: Config, site: LoopbackServer):
    report, statements, everything = run_poll(config)

    by_name = {s.name: s for s in report.sources}
    assert by_name["Ledger feed"].ok and by_name["Ledger page"].ok
    # The page links to an article the feed lists too: whichever source reads it first stores it.
    assert by_name["Ledger feed"].new_articles + by_name["Ledger page"].new_articles == 3
    assert by_name["Ledger feed"].robots_skipped == 1 and not by_name["Ledger feed"].article_errors
    assert not by_name["Broken"].ok and "500" in (by_name["Broken"].error or "")

    peskov = [s for s in statements if s.actor == "Dmitry Peskov"]
    timetable = [s for s in peskov if "no timetable" in s.text]
    assert len(timetable) == 1, "the same quote in two articles is one statement"
    assert len(timetable[0].mentions) == 2
    assert timetable[0].text.startswith("There is no timetable and there cannot be one for")
    assert any(s.actor == "Volodymyr Zelensky" and "real ceasefire" in s.text for s in statements)
    texts = " ".join(s.text for s in everything)
    assert "never tells the truth" not in texts, "a reader comment is not a statement"
    assert "going nowhere fast" not in texts, "an untracked diplomat is not a tracked actor"
    assert not any("wonderful match" in s.text for s in statements), "off-topic is left out"
    assert any("wonderful match" in s.text for s in everything), "but it is stored"
    assert all("utm_" not in m.url for s in everything for m in s.mentions)

    for path in ARTICLES:
        assert site.hits(path) == 1, f"{path} fetched {site.hits(path)} times"
    assert not any(r.path.startswith("/private/") for r in site.requests), "robots.txt obeyed"
    assert all("monitor/" in r.headers.get("user-agent", "") for r in site.requests)


def test_second_poll_is_conditional_and_fetches_nothing_again(config: Config,
                                                              site: LoopbackServer):
    run_poll(config)
    requests_before = len(site.requests)
    report, statements, _ = run_poll(config)

    feed = next(s for s in report.sources if s.name == "Ledger feed")
    assert feed.not_modified and feed.new_articles == 0
    later = site.requests[requests_before:]
    feed_requests = [r for r in later if r.path == "/feed.xml"]
    assert feed_requests and all("if-none-match" in r.headers for r in feed_requests)
    assert not any(r.path in ARTICLES for r in later)
    assert len([s for s in statements if "no timetable" in s.text]) == 1


def test_a_listing_answering_the_same_bytes_again_is_not_parsed_again(
        config: Config, site: LoopbackServer, monkeypatch: pytest.MonkeyPatch):
    """A feed without validators answers 200 every time: a long-lived analyser (the
    service's) recognises the bytes it listed last time and skips the parse; new bytes are
    parsed, and nothing is fetched twice either way."""
    import monitor.parse

    site.routes["/feed.xml"] = Reply(200, rss(site.base), {"Content-Type": "application/rss+xml"})
    parsed: list[str] = []
    real_parse = monitor.parse.parse_feed
    monkeypatch.setattr(monitor.parse, "parse_feed",
                        lambda content, url, headers=None: parsed.append(url)
                        or real_parse(content, url, headers))
    from monitor.analysis import Analyser

    analyser = Analyser(config.topic, config.actors, workers=1)
    store = Store.open(config.storage)

    async def twice() -> list[int]:
        seen = []
        async with Fetcher(backoff_seconds=0.01) as fetcher:
            for _ in range(2):
                report = await poll(config, store, fetcher=fetcher, analyser=analyser,
                                    only=["Ledger feed"])
                seen.append(report.sources[0].links_seen)
            site.routes["/feed.xml"] = Reply(200, rss(site.base).replace(
                "Members only", "Members only, updated"), {"Content-Type": "application/rss+xml"})
            report = await poll(config, store, fetcher=fetcher, analyser=analyser,
                                only=["Ledger feed"])
            seen.append(report.sources[0].links_seen)
        return seen

    try:
        assert asyncio.run(twice()) == [4, 4, 4]
    finally:
        store.close()
    assert len(parsed) == 2, "the first and the changed answer are parsed, the repeat is not"
    assert site.hits("/feed.xml") == 3
    for path in ARTICLES:
        assert site.hits(path) <= 1
