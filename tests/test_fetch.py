"""Fetcher against a real loopback HTTP server: manners, limits, retries, errors."""

from __future__ import annotations

import asyncio
import gzip
import socket
import threading
import tracemalloc
import zlib
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from conftest import LoopbackServer, Reply, SeenRequest

from monitor import USER_AGENT
from monitor.errors import FetchError, RobotsDisallowedError
from monitor.fetch import Fetcher, parse_retry_after
from monitor.models import Fetched

FAST = {"backoff_seconds": 0.01}  # retries in tests without real waiting


class SleepLog:
    """Stands in for asyncio.sleep: records what the Fetcher waits for, waits for nothing."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def fetch_one(url: str, fetcher: Fetcher | None = None, **kwargs: object) -> Fetched:
    async def go() -> Fetched:
        async with fetcher or Fetcher(**FAST) as f:
            return await f.fetch(url, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(go())


def fetch_error(url: str, fetcher: Fetcher | None = None, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch_one(url, fetcher, **kwargs)
    return caught.value


def sequence(*replies: Reply) -> object:
    """A route that answers with each reply in turn, then repeats the last."""
    calls = Counter[str]()

    def route(request: SeenRequest) -> Reply:
        calls["n"] += 1
        return replies[min(calls["n"], len(replies)) - 1]

    return route


# ---------------------------------------------------------------- the basics


def test_sends_honest_user_agent_and_returns_raw_bytes_and_lowercased_headers(
    http_server: LoopbackServer,
) -> None:
    body = "Grüße".encode("latin-1")  # not UTF-8: the Fetcher must not decode
    http_server.routes["/page"] = Reply(200, body, {"Content-Type": "text/html", "X-Thing": "1"})
    got = fetch_one(http_server.url("/page"))
    assert got.status == 200
    assert got.content == body
    assert got.url == got.final_url == http_server.url("/page")
    assert got.headers["content-type"] == "text/html"
    assert got.headers["x-thing"] == "1"
    page_request = next(r for r in http_server.requests if r.path == "/page")
    assert page_request.headers["user-agent"] == USER_AGENT
    assert "gzip" in page_request.headers["accept-encoding"]


def test_gzip_body_is_decoded(http_server: LoopbackServer) -> None:
    text = b"<rss>" + b"news " * 1000 + b"</rss>"
    http_server.routes["/feed"] = Reply(
        200, gzip.compress(text), {"Content-Encoding": "gzip", "Content-Type": "text/xml"}
    )
    got = fetch_one(http_server.url("/feed"))
    assert got.content == text
    # The headers describe the content returned: no longer gzipped, length unknown.
    assert "content-encoding" not in got.headers and "content-length" not in got.headers
    assert got.headers["content-type"] == "text/xml"


# ---------------------------------------------------------------- conditional GET


def test_conditional_get_with_etag_returns_not_modified(http_server: LoopbackServer) -> None:
    def route(request: SeenRequest) -> Reply:
        if request.headers.get("if-none-match") == '"v1"':
            return Reply(304, b"", {"ETag": '"v1"'})
        return Reply(
            200, b"<rss/>", {"ETag": '"v1"', "Last-Modified": "Mon, 19 May 2025 10:00:00 GMT"}
        )

    http_server.routes["/feed"] = route
    first = fetch_one(http_server.url("/feed"))
    assert (first.etag, first.last_modified) == ('"v1"', "Mon, 19 May 2025 10:00:00 GMT")
    assert not first.not_modified
    again = fetch_one(http_server.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.status == 304 and again.content == b""
    assert again.etag == '"v1"'
    # The validators the server did not repeat are kept, so the caller can store them again.
    assert again.last_modified == "Mon, 19 May 2025 10:00:00 GMT"
    sent = [r for r in http_server.requests if r.path == "/feed"][-1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Mon, 19 May 2025 10:00:00 GMT"


def test_unused_bodies_keep_the_connection_alive(http_server: LoopbackServer) -> None:
    """A 304, a redirect and an error are read to their (empty or small) end: the connection
    goes back to the pool, so a warm poll of many feeds on one host is not a connect each."""
    http_server.routes["/feed"] = lambda request: (
        Reply(304, b"", {"ETag": '"v1"'}) if request.headers.get("if-none-match")
        else Reply(200, b"<rss/>", {"ETag": '"v1"'}))
    http_server.routes["/old"] = Reply(301, b"moved", {"Location": "/feed"})
    http_server.routes["/gone"] = Reply(410, b"gone for good")

    async def run() -> list[bool]:
        async with Fetcher(per_host=1) as fetcher:
            got = [(await fetcher.fetch(http_server.url("/feed"), etag='"v1"')).not_modified
                   for _ in range(5)]
            moved = await fetcher.fetch(http_server.url("/old"), etag='"v1"')
            with pytest.raises(FetchError, match="gone"):
                await fetcher.fetch(http_server.url("/gone"))
            return [*got, moved.not_modified]

    assert all(asyncio.run(run()))
    assert http_server.hits("/feed") == 6 and http_server.connections == 1


def test_conditional_get_with_last_modified_only(http_server: LoopbackServer) -> None:
    def route(request: SeenRequest) -> Reply:
        if request.headers.get("if-modified-since") == "Mon, 19 May 2025 10:00:00 GMT":
            return Reply(304)
        return Reply(200, b"fresh")

    http_server.routes["/feed"] = route
    fetcher = Fetcher(**FAST)
    got = fetch_one(
        http_server.url("/feed"), fetcher, last_modified="Mon, 19 May 2025 10:00:00 GMT"
    )
    assert got.not_modified and got.etag is None
    assert fetcher.stats["not_modified"] == 1
    assert fetch_one(http_server.url("/feed")).content == b"fresh"


def test_non_ascii_validator_is_a_fetch_error(http_server: LoopbackServer) -> None:
    http_server.routes["/feed"] = Reply(200, b"x")
    assert "ETag" in str(fetch_error(http_server.url("/feed"), etag='"caf\u00e9"'))


def test_permanent_move_with_conditional_get_at_the_target(http_server: LoopbackServer) -> None:
    http_server.routes["/old.xml"] = Reply(301, b"", {"Location": "/new.xml"})

    def target(request: SeenRequest) -> Reply:
        if request.headers.get("if-none-match") == '"t1"':
            return Reply(304, b"", {"ETag": '"t1"'})
        return Reply(200, b"<rss/>", {"ETag": '"t1"'})

    http_server.routes["/new.xml"] = target
    got = fetch_one(http_server.url("/old.xml"), etag='"t1"')
    assert got.not_modified
    assert got.moved_permanently_to == http_server.url("/new.xml")


# ---------------------------------------------------------------- redirects


def test_permanent_redirect_is_followed_and_reported(http_server: LoopbackServer) -> None:
    http_server.routes["/old"] = Reply(301, b"moved", {"Location": "/new"})
    http_server.routes["/new"] = Reply(200, b"<rss/>")
    got = fetch_one(http_server.url("/old"))
    assert got.content == b"<rss/>"
    assert got.url == http_server.url("/old")
    assert got.final_url == http_server.url("/new")
    assert got.moved_permanently_to == http_server.url("/new")


@pytest.mark.parametrize("status", [302, 303, 307])
def test_temporary_redirect_is_followed_but_not_reported(
    http_server: LoopbackServer, status: int
) -> None:
    http_server.routes["/today"] = Reply(status, b"", {"Location": "/2025/05/19/"})
    http_server.routes["/2025/05/19/"] = Reply(200, b"page")
    got = fetch_one(http_server.url("/today"))
    assert got.final_url == http_server.url("/2025/05/19/")
    assert got.moved_permanently_to is None


def test_permanent_move_is_the_end_of_the_leading_permanent_hops(
    http_server: LoopbackServer,
) -> None:
    http_server.routes["/a"] = Reply(308, b"", {"Location": "/b"})
    http_server.routes["/b"] = Reply(301, b"", {"Location": "/c"})
    http_server.routes["/c"] = Reply(302, b"", {"Location": "/d"})  # temporary: not remembered
    http_server.routes["/d"] = Reply(200, b"end")
    got = fetch_one(http_server.url("/a"))
    assert got.content == b"end"
    assert got.moved_permanently_to == http_server.url("/c")


def test_permanent_hop_after_a_temporary_one_is_not_a_move_of_the_url(
    http_server: LoopbackServer,
) -> None:
    http_server.routes["/latest"] = Reply(302, b"", {"Location": "/v1/latest"})
    http_server.routes["/v1/latest"] = Reply(301, b"", {"Location": "/v2/latest"})
    http_server.routes["/v2/latest"] = Reply(200, b"end")
    got = fetch_one(http_server.url("/latest"))
    assert got.final_url == http_server.url("/v2/latest")
    assert got.moved_permanently_to is None  # /latest itself only moved for now


def test_too_many_redirects_is_a_fetch_error(http_server: LoopbackServer) -> None:
    for n in range(10):
        http_server.routes[f"/r{n}"] = Reply(302, b"", {"Location": f"/r{n + 1}"})
    error = fetch_error(http_server.url("/r0"))
    assert "more than 5 redirects" in str(error)
    assert http_server.hits("/r6") == 0  # stopped after five hops


def test_redirect_to_a_non_http_scheme_is_refused(http_server: LoopbackServer) -> None:
    http_server.routes["/x"] = Reply(302, b"", {"Location": "file:///etc/passwd"})
    assert "only http and https" in str(fetch_error(http_server.url("/x")))


# ---------------------------------------------------------------- robots.txt


def test_robots_txt_is_fetched_once_per_host_and_obeyed(http_server: LoopbackServer) -> None:
    http_server.routes["/robots.txt"] = Reply(
        200, "User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}
    )
    http_server.routes["/private/a"] = Reply(200, b"secret")
    http_server.routes["/public/a"] = Reply(200, b"open")
    http_server.routes["/public/b"] = Reply(200, b"open")

    async def go() -> tuple[Fetcher, list[object]]:
        async with Fetcher(**FAST) as fetcher:
            outcomes = await asyncio.gather(
                fetcher.fetch(http_server.url("/public/a")),
                fetcher.fetch(http_server.url("/public/b")),
                fetcher.fetch(http_server.url("/private/a")),
                return_exceptions=True,
            )
            assert await fetcher.allowed(http_server.url("/public/zzz"))
            assert not await fetcher.allowed(http_server.url("/private/zzz"))
            return fetcher, outcomes

    fetcher, outcomes = asyncio.run(go())
    assert [o.content for o in outcomes[:2]] == [b"open", b"open"]  # type: ignore[union-attr]
    assert isinstance(outcomes[2], RobotsDisallowedError)
    assert "robots.txt" in str(outcomes[2])
    assert http_server.hits("/private/a") == 0  # never requested
    assert http_server.hits("/robots.txt") == 1
    assert fetcher.stats["robots_blocked"] == 1


def test_robots_group_for_our_token_wins(http_server: LoopbackServer) -> None:
    http_server.routes["/robots.txt"] = Reply(
        200, "User-agent: *\nAllow: /\n\nUser-agent: monitor\nDisallow: /\n"
    )
    http_server.routes["/page"] = Reply(200, b"x")
    with pytest.raises(RobotsDisallowedError):
        fetch_one(http_server.url("/page"))
    assert http_server.hits("/page") == 0


def test_redirect_into_a_disallowed_path_is_blocked(http_server: LoopbackServer) -> None:
    http_server.routes["/robots.txt"] = Reply(200, "User-agent: *\nDisallow: /private/\n")
    http_server.routes["/go"] = Reply(302, b"", {"Location": "/private/x"})
    http_server.routes["/private/x"] = Reply(200, b"secret")
    with pytest.raises(RobotsDisallowedError, match="redirected to"):
        fetch_one(http_server.url("/go"))
    assert http_server.hits("/private/x") == 0


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_missing_or_failing_robots_txt_allows_everything(
    http_server: LoopbackServer, status: int
) -> None:
    http_server.routes["/robots.txt"] = Reply(status, b"")
    http_server.routes["/page"] = Reply(200, b"ok")
    assert fetch_one(http_server.url("/page")).content == b"ok"
    # 5xx is retried like any request; 404/410 are an answer.
    assert http_server.hits("/robots.txt") == (3 if status >= 500 else 1)


def test_robots_txt_rate_limited_at_first_is_retried_and_obeyed(
    http_server: LoopbackServer,
) -> None:
    http_server.routes["/robots.txt"] = sequence(
        Reply(429, b"", {"Retry-After": "1"}), Reply(200, "User-agent: *\nDisallow: /private/\n")
    )
    fetcher = Fetcher(**FAST)
    fetcher._sleep = log = SleepLog()
    with pytest.raises(RobotsDisallowedError):
        fetch_one(http_server.url("/private/a"), fetcher)
    assert http_server.hits("/robots.txt") == 2 and log.waits[0] >= 1
    assert http_server.hits("/private/a") == 0


def test_robots_txt_redirect_is_followed(http_server: LoopbackServer) -> None:
    http_server.routes["/robots.txt"] = Reply(301, b"", {"Location": "/static/robots.txt"})
    http_server.routes["/static/robots.txt"] = Reply(200, "User-agent: *\nDisallow: /x\n")
    with pytest.raises(RobotsDisallowedError):
        fetch_one(http_server.url("/x"))


def test_robots_txt_that_is_not_robots_allows_everything(http_server: LoopbackServer) -> None:
    http_server.routes["/robots.txt"] = Reply(200, b"<html><body>\x00\xff Welcome!</body></html>")
    http_server.routes["/page"] = Reply(200, b"ok")
    assert fetch_one(http_server.url("/page")).content == b"ok"


def test_robots_txt_timing_out_allows_everything(http_server: LoopbackServer) -> None:
    release = threading.Event()

    def stall(request: SeenRequest) -> Reply:
        release.wait(timeout=5)
        return Reply(200, "User-agent: *\nDisallow: /\n")

    http_server.routes["/robots.txt"] = stall
    http_server.routes["/page"] = Reply(200, b"ok")
    try:
        got = fetch_one(http_server.url("/page"), Fetcher(deadline_seconds=0.2, **FAST))
    finally:
        release.set()
    assert got.content == b"ok"


def test_robots_txt_is_asked_again_once_stale(
    http_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("monitor.fetch.ROBOTS_MAX_AGE", 0.0)  # stale at once (24 h for real)
    http_server.routes["/robots.txt"] = sequence(
        Reply(200, "User-agent: *\nAllow: /\n"), Reply(200, "User-agent: *\nDisallow: /\n")
    )
    http_server.routes["/page"] = Reply(200, b"ok")

    async def go() -> None:
        async with Fetcher(**FAST) as fetcher:
            assert (await fetcher.fetch(http_server.url("/page"))).content == b"ok"
            with pytest.raises(RobotsDisallowedError):
                await fetcher.fetch(http_server.url("/page"))

    asyncio.run(go())
    assert http_server.hits("/robots.txt") == 2 and http_server.hits("/page") == 1


def test_unreachable_robots_txt_is_asked_again_sooner(
    http_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("monitor.fetch.ROBOTS_RETRY_AFTER_FAILURE", 0.0)  # 10 min for real
    http_server.routes["/robots.txt"] = sequence(
        Reply(503), Reply(503), Reply(503), Reply(200, "User-agent: *\nDisallow: /\n")
    )
    http_server.routes["/page"] = Reply(200, b"ok")

    async def go() -> None:
        async with Fetcher(**FAST) as fetcher:
            assert (await fetcher.fetch(http_server.url("/page"))).content == b"ok"
            with pytest.raises(RobotsDisallowedError):
                await fetcher.fetch(http_server.url("/page"))

    asyncio.run(go())
    assert http_server.hits("/robots.txt") == 4


def test_crawl_delay_spaces_requests_to_the_host(http_server: LoopbackServer) -> None:
    http_server.routes["/robots.txt"] = Reply(200, "User-agent: *\nCrawl-delay: 3\n")
    for n in range(3):
        http_server.routes[f"/p{n}"] = Reply(200, b"ok")
    fetcher = Fetcher(**FAST)
    fetcher._sleep = log = SleepLog()

    async def go() -> None:
        async with fetcher:
            for n in range(3):
                await fetcher.fetch(http_server.url(f"/p{n}"))

    asyncio.run(go())
    # The first page follows robots.txt (the request before it), so all three wait ~3 s.
    assert len(log.waits) == 3
    assert all(2.5 < w <= 3.0 for w in log.waits)


def test_request_rate_spaces_requests_too(http_server: LoopbackServer) -> None:
    http_server.routes["/robots.txt"] = Reply(200, "User-agent: *\nRequest-rate: 1/4s\n")
    http_server.routes["/p"] = Reply(200, b"ok")
    fetcher = Fetcher(**FAST)
    fetcher._sleep = log = SleepLog()
    fetch_one(http_server.url("/p"), fetcher)
    assert len(log.waits) == 1 and 3.5 < log.waits[0] <= 4.0


def test_crawl_delay_is_capped(http_server: LoopbackServer) -> None:
    http_server.routes["/robots.txt"] = Reply(200, "User-agent: *\nCrawl-delay: 3600\n")
    http_server.routes["/p"] = Reply(200, b"ok")
    fetcher = Fetcher(**FAST)
    fetcher._sleep = log = SleepLog()
    fetch_one(http_server.url("/p"), fetcher)
    assert log.waits and max(log.waits) <= 10.0


# ---------------------------------------------------------------- concurrency limits


class InFlightCounter:
    """A route that records how many requests are in flight at once, overall and per host.

    Each request waits (briefly) until `expect` requests are in flight, so that a limiter
    letting too many through shows a count above its limit rather than slipping by.
    """

    def __init__(self, expect: int) -> None:
        self.expect = expect
        self.cond = threading.Condition()
        self.now = 0
        self.top = 0
        self.per_host: Counter[str] = Counter()
        self.top_per_host: Counter[str] = Counter()

    def __call__(self, request: SeenRequest) -> Reply:
        host = request.headers["host"].split(":")[0]
        with self.cond:
            self.now += 1
            self.per_host[host] += 1
            self.top = max(self.top, self.now)
            self.top_per_host[host] = max(self.top_per_host[host], self.per_host[host])
            self.cond.notify_all()
            self.cond.wait_for(lambda: self.now >= self.expect, timeout=0.25)
        with self.cond:
            self.now -= 1
            self.per_host[host] -= 1
        return Reply(200, b"ok")


def gather_pages(fetcher: Fetcher, urls: list[str]) -> list[Fetched]:
    async def go() -> list[Fetched]:
        async with fetcher:
            return list(await asyncio.gather(*(fetcher.fetch(u) for u in urls)))

    return asyncio.run(go())


def test_per_host_limit_holds_under_gather(http_server: LoopbackServer) -> None:
    http_server.routes["/page"] = counter = InFlightCounter(expect=3)
    urls = [http_server.url(f"/page?n={n}") for n in range(6)]
    got = gather_pages(Fetcher(per_host=2, **FAST), urls)
    assert len(got) == 6
    assert counter.top == 2


def test_global_limit_holds_across_hosts(http_server: LoopbackServer) -> None:
    http_server.routes["/page"] = counter = InFlightCounter(expect=4)
    port = http_server.httpd.server_address[1]
    urls = [
        f"{base}/page?n={n}"
        for n in range(5)
        for base in (http_server.base, f"http://localhost:{port}")
    ]
    got = gather_pages(Fetcher(per_host=2, total=3, **FAST), urls)
    assert len(got) == 10
    assert counter.top == 3  # two hosts could take four; the global limit says three
    assert max(counter.top_per_host.values()) == 2
    assert http_server.hits("/robots.txt") == 2  # once per host


# ---------------------------------------------------------------- retries


def test_server_errors_are_retried_then_succeed(http_server: LoopbackServer) -> None:
    http_server.routes["/feed"] = sequence(Reply(503), Reply(502), Reply(200, b"ok"))
    fetcher = Fetcher(attempts=3, **FAST)
    assert fetch_one(http_server.url("/feed"), fetcher).content == b"ok"
    assert fetcher.stats["retries"] == 2
    assert http_server.hits("/feed") == 3


def test_persistent_server_error_gives_fetch_error_with_status(
    http_server: LoopbackServer,
) -> None:
    http_server.routes["/feed"] = Reply(500, b"oops")
    fetcher = Fetcher(attempts=3, **FAST)
    error = fetch_error(http_server.url("/feed"), fetcher)
    assert error.status == 500
    assert "after 3 attempts" in error.reason and "next poll" in error.reason
    assert http_server.hits("/feed") == 3
    assert fetcher.stats["failed"] == 1


def test_retry_after_seconds_is_honoured_for_real(http_server: LoopbackServer) -> None:
    http_server.routes["/feed"] = sequence(
        Reply(429, b"slow down", {"Retry-After": "1"}), Reply(200, b"ok")
    )
    assert fetch_one(http_server.url("/feed")).content == b"ok"
    assert http_server.hits("/feed") == 2


def test_retry_after_date_sets_the_wait(http_server: LoopbackServer) -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    http_server.routes["/feed"] = sequence(
        Reply(503, b"", {"Retry-After": later}), Reply(200, b"ok")
    )
    fetcher = Fetcher(**FAST)
    fetcher._sleep = log = SleepLog()
    assert fetch_one(http_server.url("/feed"), fetcher).content == b"ok"
    assert len(log.waits) == 1 and 25 < log.waits[0] <= 30


def test_retry_after_beyond_the_cap_gives_up_without_asking_again(
    http_server: LoopbackServer,
) -> None:
    http_server.routes["/feed"] = Reply(429, b"", {"Retry-After": "3600"})
    fetcher = Fetcher(max_retry_after=60, **FAST)
    fetcher._sleep = log = SleepLog()
    error = fetch_error(http_server.url("/feed"), fetcher)
    assert error.status == 429 and "3600 s" in error.reason
    assert http_server.hits("/feed") == 1
    assert log.waits == []


def test_rate_limit_exhausted_says_to_poll_less_often(http_server: LoopbackServer) -> None:
    http_server.routes["/feed"] = Reply(429, b"", {"Retry-After": "2"})
    fetcher = Fetcher(attempts=2, **FAST)
    fetcher._sleep = log = SleepLog()
    error = fetch_error(http_server.url("/feed"), fetcher)
    assert error.status == 429 and "less often" in error.reason
    assert log.waits and log.waits[0] >= 2  # Retry-After beats the shorter backoff


def test_backoff_grows_exponentially_with_jitter(http_server: LoopbackServer) -> None:
    http_server.routes["/feed"] = Reply(503)
    fetcher = Fetcher(attempts=4, backoff_seconds=1.0)
    fetcher._sleep = log = SleepLog()
    fetch_error(http_server.url("/feed"), fetcher)
    assert len(log.waits) == 3
    for n, wait in enumerate(log.waits):
        assert 0.5 * 2**n <= wait <= 1.5 * 2**n


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (404, "not found (404)"),
        (410, "gone (410)"),
        (403, "access denied (403)"),
        (400, "HTTP 400"),
    ],
)
def test_client_errors_fail_at_once(http_server: LoopbackServer, status: int, words: str) -> None:
    http_server.routes["/gone"] = Reply(status, b"")
    error = fetch_error(http_server.url("/gone"))
    assert error.status == status and words in error.reason
    assert http_server.hits("/gone") == 1


def test_not_found_says_to_check_the_config(http_server: LoopbackServer) -> None:
    error = fetch_error(http_server.url("/nothing-here"))
    assert error.reason == "not found (404); check the URL in the config"
    assert str(error) == http_server.url("/nothing-here") + ": " + error.reason


def test_error_after_a_redirect_names_where_it_happened(http_server: LoopbackServer) -> None:
    http_server.routes["/old"] = Reply(301, b"", {"Location": "/gone-too"})
    error = fetch_error(http_server.url("/old"))
    assert error.status == 404 and f"at {http_server.url('/gone-too')}" in error.reason


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_is_retried_then_a_fetch_error() -> None:
    fetcher = Fetcher(attempts=2, **FAST)
    error = fetch_error(f"http://127.0.0.1:{free_port()}/feed", fetcher)
    assert "could not connect" in error.reason and "after 2 attempts" in error.reason
    # robots.txt and the page each tried twice
    assert fetcher.stats["requests"] == 4


def test_total_deadline_bounds_a_slow_answer(http_server: LoopbackServer) -> None:
    release = threading.Event()

    def stall(request: SeenRequest) -> Reply:
        release.wait(timeout=5)  # well past the deadline, well inside httpx's read timeout
        return Reply(200, b"late")

    http_server.routes["/slow"] = stall
    fetcher = Fetcher(deadline_seconds=0.2, attempts=2, **FAST)
    try:
        error = fetch_error(http_server.url("/slow"), fetcher)
    finally:
        release.set()
    assert "no complete answer within 0.2 s" in error.reason
    assert http_server.hits("/slow") == 2  # a timeout is retried


def test_timeouts_are_retried_only_once(http_server: LoopbackServer) -> None:
    release = threading.Event()

    def stall(request: SeenRequest) -> Reply:
        release.wait(timeout=5)
        return Reply(200, b"late")

    http_server.routes["/slow"] = stall
    fetcher = Fetcher(deadline_seconds=0.2, attempts=5, **FAST)
    try:
        error = fetch_error(http_server.url("/slow"), fetcher)
    finally:
        release.set()
    assert "2 times" in error.reason and "down or very slow" in error.reason
    assert http_server.hits("/slow") == 2  # not five: abandoned requests would pile up


def test_timeout_then_success(http_server: LoopbackServer) -> None:
    release = threading.Event()
    calls = Counter[str]()

    def first_stalls(request: SeenRequest) -> Reply:
        calls["n"] += 1
        if calls["n"] == 1:
            release.wait(timeout=5)
        return Reply(200, b"ok")

    http_server.routes["/slow"] = first_stalls
    try:
        got = fetch_one(http_server.url("/slow"), Fetcher(deadline_seconds=0.3, **FAST))
    finally:
        release.set()
    assert got.content == b"ok"


def test_a_cancelled_fetch_frees_its_slot(http_server: LoopbackServer) -> None:
    release = threading.Event()
    arrived = threading.Event()

    def stall(request: SeenRequest) -> Reply:
        arrived.set()
        release.wait(timeout=5)
        return Reply(200, b"late")

    http_server.routes["/stall"] = stall
    http_server.routes["/next"] = Reply(200, b"next")

    async def go() -> bytes:
        async with Fetcher(per_host=1, total=1, **FAST) as fetcher:
            stalled = asyncio.create_task(fetcher.fetch(http_server.url("/stall")))
            while not arrived.is_set():  # wait for the event, not for a time
                await asyncio.sleep(0.01)
            stalled.cancel()  # as a service stopping would
            with pytest.raises(asyncio.CancelledError):
                await stalled
            # The only slot was the stalled request's: it must be free again.
            return (await asyncio.wait_for(fetcher.fetch(http_server.url("/next")), 5)).content

    try:
        assert asyncio.run(go()) == b"next"
    finally:
        release.set()


# ---------------------------------------------------------------- size cap


def test_body_over_the_cap_is_an_error(http_server: LoopbackServer) -> None:
    http_server.routes["/big"] = Reply(200, b"x" * 5000)
    error = fetch_error(http_server.url("/big"), Fetcher(max_bytes=4096, **FAST))
    assert "page larger than 4 KiB" in error.reason


def test_default_cap_message_names_five_mib(http_server: LoopbackServer) -> None:
    http_server.routes["/huge"] = Reply(200, b"x" * (6 * 1024 * 1024))
    assert str(fetch_error(http_server.url("/huge"))).count("page larger than 5 MiB") == 1


def test_body_over_the_cap_is_truncated_when_asked(http_server: LoopbackServer) -> None:
    page = b"<p>The article text comes first.</p>" + b"<!--" + b"x" * 10_000 + b"-->"
    http_server.routes["/article"] = Reply(200, page, {"Content-Type": "text/html"})
    fetcher = Fetcher(max_bytes=1024, **FAST)
    got = fetch_one(http_server.url("/article"), fetcher, truncate_over_cap=True)
    assert got.content == page[:1024]
    assert fetcher.stats["truncated"] == 1


def test_cap_counts_decompressed_bytes(http_server: LoopbackServer) -> None:
    bomb = gzip.compress(b"x" * 200_000)  # small on the wire, big once decoded
    http_server.routes["/bomb"] = Reply(200, bomb, {"Content-Encoding": "gzip"})
    assert len(bomb) < 10_000
    error = fetch_error(http_server.url("/bomb"), Fetcher(max_bytes=50_000, **FAST))
    assert "page larger than" in error.reason
    got = fetch_one(
        http_server.url("/bomb"), Fetcher(max_bytes=50_000, **FAST), truncate_over_cap=True
    )
    assert got.content == b"x" * 50_000


def _stacked_gzip_bomb(decoded_mib: int) -> bytes:
    """gzip(gzip(zeros)): a few KB on the wire, `decoded_mib` MiB once both layers are undone."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    layer = b"".join(inner.compress(block) for _ in range(decoded_mib)) + inner.flush()
    return gzip.compress(layer, 9)


def test_cap_bounds_decoding_for_a_chain_of_encodings(http_server: LoopbackServer) -> None:
    # Issue 10: 'Content-Encoding: gzip, gzip' inflated 8.5 KB on the wire to 10.6 GB in memory.
    bomb = _stacked_gzip_bomb(256)
    assert len(bomb) < 5_000
    http_server.routes["/bomb"] = Reply(
        200, bomb, {"Content-Encoding": "gzip, gzip", "Content-Type": "text/html"}
    )
    tracemalloc.start()
    try:
        error = fetch_error(http_server.url("/bomb"), Fetcher(max_bytes=1024 * 1024, **FAST))
        got = fetch_one(http_server.url("/bomb"), Fetcher(max_bytes=1024 * 1024, **FAST),
                        truncate_over_cap=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "page larger than" in error.reason
    assert got.content == bytes(1024 * 1024)
    assert peak < 16 * 1024 * 1024  # the 256 MiB are never held; one step of 64 KiB at a time


def test_a_chain_of_encodings_is_decoded(http_server: LoopbackServer) -> None:
    text = b"<rss><channel><title>twice packed</title></channel></rss>"
    http_server.routes["/feed"] = Reply(
        200, gzip.compress(zlib.compress(text)), {"Content-Encoding": "deflate, gzip"}
    )
    assert fetch_one(http_server.url("/feed")).content == text


def test_an_unknown_encoding_is_a_fetch_error(http_server: LoopbackServer) -> None:
    http_server.routes["/feed"] = Reply(200, b"????", {"Content-Encoding": "gzip, snappy"})
    error = fetch_error(http_server.url("/feed"))
    assert "snappy" in error.reason and "cannot decode" in error.reason


@pytest.mark.parametrize("location", ["javascript:alert(1)", "data:text/html,<b>x</b>",
                                      "JavaScript:void(0)"])
def test_redirect_to_javascript_or_data_is_a_clean_fetch_error(
    http_server: LoopbackServer, location: str
) -> None:
    http_server.routes["/r"] = Reply(302, "", {"Location": location})
    error = fetch_error(http_server.url("/r"))
    assert "redirect" in error.reason and "http(s)" in error.reason
    assert http_server.hits("/r") == 1  # refused, not retried


# ---------------------------------------------------------------- broken answers


@pytest.fixture
def breaking_server() -> Iterator[tuple[str, Counter[str]]]:
    """A raw server whose answers promise 1000 bytes and close after 10 (robots.txt: 404)."""
    hits = Counter[str]()
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                path = data.split(b" ")[1].decode() if b" " in data else ""
                hits[path] += 1
                if path == "/robots.txt":
                    conn.sendall(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    )
                else:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", hits
    finally:
        stop.set()
        listener.close()


def test_body_cut_short_is_retried_then_a_fetch_error(
    breaking_server: tuple[str, Counter[str]],
) -> None:
    base, hits = breaking_server
    fetcher = Fetcher(attempts=3, **FAST)
    error = fetch_error(base + "/feed", fetcher)
    assert "broke off" in error.reason and "after 3 attempts" in error.reason
    assert hits["/feed"] == 3


# ---------------------------------------------------------------- bad URLs


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://example.org/feed", "only http and https"),
        ("example.org/feed", "without a scheme"),
        ("http://", "no host"),
        ("", "empty URL"),
        ("http://exa mple.org/", "not a valid URL"),
        ("http://example.org:99999999/", "not a valid URL"),
        ("http://[::1/", "not a valid URL"),
        ("http://xn--/", "not a valid URL"),
    ],
)
def test_bad_urls_are_fetch_errors_without_network(url: str, words: str) -> None:
    def no_network(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"requested {request.url}")

    fetcher = Fetcher(transport=httpx.MockTransport(no_network))
    error = fetch_error(url, fetcher)
    assert words in str(error)

    async def ask() -> None:
        async with Fetcher(transport=httpx.MockTransport(no_network)) as f:
            await f.allowed(url)

    with pytest.raises(FetchError):
        asyncio.run(ask())


@pytest.mark.parametrize(
    ("failure", "words", "tries"),
    [
        (httpx.ConnectError("[Errno -2] Name or service not known"), "could not connect", 2),
        (httpx.ReadError("connection reset"), "broke off", 2),
        (httpx.PoolTimeout("pool"), "timed out", 2),
        (httpx.ProxyError("407 from the proxy"), "ProxyError", 1),  # not worth repeating
    ],
)
def test_transport_failures_become_fetch_errors(
    failure: httpx.HTTPError, words: str, tries: int
) -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        asked.append(request.url.path)
        raise failure

    fetcher = Fetcher(attempts=2, transport=httpx.MockTransport(handler), **FAST)
    error = fetch_error("http://news.example/feed", fetcher)
    assert words in error.reason
    assert len(asked) == tries


# ---------------------------------------------------------------- pieces


def test_parse_retry_after() -> None:
    now = datetime(2025, 5, 19, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120", now=now) == 120
    assert parse_retry_after("Mon, 19 May 2025 12:01:00 GMT", now=now) == 60
    assert parse_retry_after("Mon, 19 May 2025 11:00:00 GMT", now=now) == 0
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after(None) is None


def test_a_fetcher_can_be_entered_again_in_another_event_loop(
    http_server: LoopbackServer,
) -> None:
    http_server.routes["/a"] = Reply(200, b"a")
    fetcher = Fetcher(**FAST)
    assert fetch_one(http_server.url("/a"), fetcher).content == b"a"
    assert fetch_one(http_server.url("/a"), fetcher).content == b"a"
    assert http_server.hits("/robots.txt") == 2  # robots.txt is cached per `async with`


def test_using_a_fetcher_outside_async_with_says_how() -> None:
    with pytest.raises(RuntimeError, match="async with"):
        asyncio.run(Fetcher().fetch("http://127.0.0.1:9/"))


def test_stats_count_requests(http_server: LoopbackServer) -> None:
    http_server.routes["/a"] = Reply(200, b"a")
    fetcher = Fetcher(**FAST)

    async def go() -> None:
        async with fetcher:
            await fetcher.fetch(http_server.url("/a"))
            await fetcher.fetch(http_server.url("/a"))

    asyncio.run(go())
    assert fetcher.stats["requests"] == 3  # robots.txt once, the page twice
    assert fetcher.stats["retries"] == 0 and fetcher.stats["failed"] == 0
