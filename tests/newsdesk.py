"""A small invented news site for the outbox and kill tests: one feed (with an ETag, so a
second poll gets 304), N articles with quotes of two tracked actors, switchable faults."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from conftest import LoopbackServer, Reply, SeenRequest

ACTORS = """
actors:
  - name: Dmitry Peskov
    aliases: [Peskov]
    roles: [Kremlin spokesman]
  - name: Volodymyr Zelensky
    aliases: [Zelensky]
    roles: [Ukrainian President]
"""

CITIES = ["Geneva", "Istanbul", "Riyadh", "Vienna", "Oslo", "Helsinki", "Doha", "Ankara"]


def article_path(i: int) -> str:
    return f"/world/2025/05/{10 + i % 18:02d}/talks-round-{i}.html"


def article_html(base: str, i: int) -> str:
    city = CITIES[i % len(CITIES)]
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Round {i} of the truce talks in {city} | Desk</title>
<link rel="canonical" href="{base}{article_path(i)}">
<meta property="article:published_time" content="2025-05-20T09:{i % 60:02d}:00+00:00">
</head><body><main><article>
<h1>Round {i} of the truce talks in {city}</h1>
<p>KYIV — Delegations of Ukraine and Russia met in {city} for round {i} of the ceasefire
negotiations on Tuesday, officials said.</p>
<p>“We will come to {city} with proposal number {i} for the memorandum,” Kremlin spokesman
Dmitry Peskov told reporters in Moscow.</p>
<p>Ukrainian President Volodymyr Zelensky said that the delegation would insist on a full
ceasefire before round {i + 1} begins.</p>
<p>“Without a ceasefire there is nothing to sign in {city} this time,” Zelensky added.</p>
</article></main></body></html>"""


def feed_xml(base: str, indices: list[int]) -> str:
    items = "".join(
        f"<item><title>Round {i} of the truce talks</title><link>{base}{article_path(i)}</link>"
        "<pubDate>Tue, 20 May 2025 09:00:00 GMT</pubDate></item>"
        for i in indices
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Desk</title><link>{base}/</link>{items}</channel></rss>")


class Newsdesk:
    """Routes on a LoopbackServer. `failing` articles answer 503; while `hold` is clear, article
    requests wait (a poll can be killed while they are in flight)."""

    def __init__(self, server: LoopbackServer, count: int) -> None:
        self.server = server
        self.indices = list(range(count))
        self.failing: set[int] = set()
        self.hold = threading.Event()
        self.hold.set()
        self.article_requests = threading.Semaphore(0)  # released once per article request
        self.served_freely: int | None = None  # while `hold` is clear, this many answer at once
        self._lock = threading.Lock()
        self._served = 0
        server.routes["/robots.txt"] = Reply(200, "User-agent: *\nAllow: /\n")
        server.routes["/feed.xml"] = self._feed
        for i in range(count):
            server.routes[article_path(i)] = self._article(i)

    def _feed(self, request: SeenRequest) -> Reply:
        body = feed_xml(self.server.base, self.indices)
        etag = '"' + hashlib.sha1(body.encode()).hexdigest()[:12] + '"'
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, body, {"Content-Type": "application/rss+xml", "ETag": etag})

    def _article(self, i: int):
        def route(request: SeenRequest) -> Reply:
            self.article_requests.release()
            with self._lock:
                self._served += 1
                free = self.served_freely is not None and self._served <= self.served_freely
            if not free:
                self.hold.wait(timeout=60)
            if i in self.failing:
                return Reply(503, "busy", {"Retry-After": "0"})
            html = article_html(self.server.base, i)
            return Reply(200, html, {"Content-Type": "text/html; charset=utf-8"})

        return route

    def gate(self, served_freely: int) -> None:
        """From now on, answer this many article requests, then hang the rest until `hold`."""
        with self._lock:
            self._served, self.served_freely = 0, served_freely
        self.hold.clear()
        self.forget_requests()

    def forget_requests(self) -> None:
        while self.article_requests.acquire(blocking=False):
            pass

    def hits(self, i: int) -> int:
        return self.server.hits(article_path(i))


def write_config(folder: Path, base: str, *, db: str = "monitor.db", extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "actors.yaml").write_text(ACTORS)
    path = folder / "monitor.yaml"
    path.write_text(f"""
storage: sqlite:///{db}
actors: actors.yaml
topic:
  include: [ceasefire, truce, negotiations, memorandum]
  require: [Ukraine, Russia, Kyiv, Moscow, Kremlin]
sources:
  - {{name: Desk, feed: "{base}/feed.xml", every: 1m{extra}}}
""")
    return path


def snapshot(store) -> tuple[frozenset, frozenset]:
    """What a run stored, independent of ids and times: the statements (actor, wording) and
    the mentions (actor, wording, article URL, kind)."""
    statements = store.statements(include_off_topic=True)
    return (
        frozenset((s.actor, s.text) for s in statements),
        frozenset((s.actor, m.text, m.url, m.kind) for s in statements for m in s.mentions),
    )
