"""The only HTTP code of monitor: a polite async client for feeds and pages.

`Fetcher` wraps one `httpx.AsyncClient` and adds what httpx leaves out: a total deadline per
request (httpx's timeouts are per read), a cap on the body size, a per-host and a global limit
on requests in flight, robots.txt (with Crawl-delay), retries of 429 / 5xx / network failures
with Retry-After and jittered exponential backoff, manually followed redirects (so a permanent
move can be reported), and conditional GET. It returns the raw body bytes and the headers:
decoding (charset) is the parse step's job.

For a URL's problems it raises only `FetchError` (and `RobotsDisallowedError`), each with a
message that says what happened and what to do.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import random
import time
import zlib
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType

import httpx
from protego import Protego

from monitor import USER_AGENT
from monitor.errors import FetchError, RobotsDisallowedError
from monitor.models import Fetched

ROBOTS_TOKEN = "monitor"  # the product token robots.txt groups are matched against
MAX_REDIRECTS = 5
MAX_CRAWL_DELAY = 10.0  # seconds; a larger Crawl-delay would stall a poll cycle
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 asks parsers to read at least 500 KiB
ROBOTS_MAX_AGE = 24 * 3600.0  # RFC 9309: a cached robots.txt is not used for longer than 24 h
ROBOTS_RETRY_AFTER_FAILURE = 600.0  # an unreachable robots.txt is asked for again after 10 min
CONNECT_READ_TIMEOUT = 10.0  # seconds, per connect and per read (httpx semantics)
MAX_TIMEOUT_ATTEMPTS = 2  # a URL that timed out twice is not asked a third time
DRAIN_MAX_BYTES = 64 * 1024  # an unused body (304, redirect, error) read to keep the connection
DRAIN_SECONDS = 2.0  # ... for at most this long

_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}


def _size(n: int) -> str:
    """A byte count as people read it: '5 MiB', '64 KiB', '100 bytes'."""
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


def _seconds(s: float) -> str:
    return f"{s:g} s"


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Retry-After as seconds to wait: delta-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _checked_url(url: str) -> httpx.URL:
    """Parse `url`, accepting only absolute http(s) URLs; anything else is a FetchError."""
    if not isinstance(url, str) or not url.strip():
        raise FetchError(str(url), "empty URL; give an http:// or https:// address")
    try:
        parsed = httpx.URL(url.strip())
        scheme, host, port = parsed.scheme, parsed.host, parsed.port  # .host decodes IDNA
    except (httpx.InvalidURL, ValueError, TypeError, UnicodeError) as exc:
        raise FetchError(url, f"not a valid URL ({exc}); check it in the config") from exc
    if scheme not in ("http", "https"):
        got = f"{scheme}://" if scheme else "a URL without a scheme"
        raise FetchError(
            url, f"only http and https URLs are fetched, not {got}; give an http(s):// address"
        )
    if not host:
        raise FetchError(url, "the URL has no host name; check it in the config")
    # httpx percent-encodes a space in a host and accepts any port number; no server has those.
    if "%" in host or (port is not None and not 0 < port < 65536):
        raise FetchError(url, "not a valid URL (bad host or port); check it in the config")
    return parsed


def _origin(parsed: httpx.URL) -> str:
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    return f"{parsed.scheme}://{parsed.host}:{port}"


@dataclass
class _Host:
    """What the Fetcher keeps per origin: its request slots, pacing and robots.txt."""

    slots: asyncio.Semaphore
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    robots_expires_at: float | None = None  # time.monotonic(); None: never loaded
    robots: Protego | None = None  # None: allow everything
    crawl_delay: float = 0.0
    pace_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_request_at: float = 0.0  # time.monotonic() before which no request may start


@dataclass
class _Answer:
    """One HTTP exchange as read: status, lower-cased headers, body (2xx only)."""

    url: str
    status: int
    reason: str
    headers: dict[str, str]
    content: bytes = b""
    truncated: bool = False


# Each step of decompression yields at most this much: a chain of codings (gzip, gzip) that
# inflates a few KB into GB is stopped at the cap, never held whole in memory.
DECODE_STEP = 64 * 1024
_CODINGS = {"gzip", "x-gzip", "deflate", "identity"}


class _UnsupportedCodingError(Exception):
    pass


class _Decoder:
    """Undoes a chain of Content-Encodings (gzip, deflate, in any number) incrementally, each
    output piece at most DECODE_STEP bytes, so that the caller's size cap bounds the work and
    the memory of decoding whatever the ratio or the number of layers."""

    def __init__(self, header: str) -> None:
        codings = [c.strip().lower() for c in header.split(",") if c.strip()]
        unknown = [c for c in codings if c not in _CODINGS]
        if unknown:
            raise _UnsupportedCodingError(", ".join(unknown))
        # Applied left to right by the server, so undone right to left.
        self._layers = [self._new(c) for c in reversed(codings) if c != "identity"]

    @staticmethod
    def _new(coding: str) -> zlib._Decompress:
        # gzip: a gzip header; deflate: zlib-wrapped, or raw as some servers send (auto-detect
        # of zlib/gzip with 32 + MAX_WBITS covers the wrapped forms).
        return zlib.decompressobj(16 + zlib.MAX_WBITS if "gzip" in coding else 32 + zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        yield from self._through(0, data)

    def _through(self, layer: int, data: bytes) -> Iterator[bytes]:
        if layer == len(self._layers):
            if data:
                yield data
            return
        decoder = self._layers[layer]
        while data:
            try:
                piece = decoder.decompress(data, DECODE_STEP)
            except zlib.error as exc:
                raise httpx.DecodingError(f"bad compressed data: {exc}") from exc
            data = decoder.unconsumed_tail
            if decoder.eof:
                data = b""  # trailing garbage after the stream: ignored, as browsers do
            yield from self._through(layer + 1, piece)
            if not piece and not data:
                break


class _RetriableError(Exception):
    """An attempt failed in a way worth trying again (network, timeout, broken body)."""

    def __init__(self, problem: str, *, timed_out: bool = False):
        super().__init__(problem)
        self.problem = problem
        self.timed_out = timed_out


class Fetcher:
    """Fetches URLs politely. Use as `async with Fetcher() as fetcher: await fetcher.fetch(url)`.

    Every concurrent `fetch` in one `async with` block shares its limits; robots.txt is cached
    per origin for the block (at most 24 h), so one block per poll cycle is the usual shape.

    per_host / total: requests in flight per origin and overall (waiting for a slot is not
    counted against the deadline). deadline_seconds: the whole of one HTTP request, connect
    to last body byte (each connect or read also times out after 10 s). max_bytes: the cap on
    a (decoded) body. attempts / backoff_seconds: tries of a URL answering 429, 5xx or failing
    on the network, waiting backoff * 2**n * jitter(0.5..1.5) between them (a timeout is tried
    twice at most). max_retry_after: the longest Retry-After waited for; a server asking for
    longer gets no further request now, and the FetchError says so.
    """

    def __init__(
        self,
        *,
        user_agent: str = USER_AGENT,
        per_host: int = 2,
        total: int = 16,
        deadline_seconds: float = 20.0,
        max_bytes: int = 5 * 1024 * 1024,
        attempts: int = 3,
        backoff_seconds: float = 0.5,
        max_retry_after: float = 60.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if per_host < 1 or total < 1 or attempts < 1 or max_bytes < 1 or deadline_seconds <= 0:
            raise ValueError("per_host, total, attempts, max_bytes and deadline must be positive")
        self.user_agent = user_agent
        self.per_host = per_host
        self.total = total
        self.deadline_seconds = deadline_seconds
        self.max_bytes = max_bytes
        self.attempts = attempts
        self.backoff_seconds = backoff_seconds
        self.max_retry_after = max_retry_after
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        # Created again on entry: asyncio primitives belong to one event loop.
        self._global_slots = asyncio.Semaphore(total)
        self._hosts: dict[str, _Host] = {}  # per origin; robots.txt cached here
        # Injection points for tests: every wait goes through _sleep, jitter through _random.
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self._random = random.Random()
        self.stats: dict[str, int] = {
            "requests": 0,  # HTTP requests sent, robots.txt and retries included
            "not_modified": 0,  # 304 answers to conditional GETs
            "retries": 0,  # attempts repeated after 429, 5xx or a network failure
            "robots_blocked": 0,  # URLs not fetched because robots.txt disallows them
            "truncated": 0,  # bodies cut at max_bytes (truncate_over_cap=True)
            "failed": 0,  # fetch() calls that raised FetchError
        }

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> Fetcher:
        self._global_slots = asyncio.Semaphore(self.total)
        self._hosts = {}  # robots.txt is cached for one `async with` block
        self._client = httpx.AsyncClient(
            transport=self._transport,
            follow_redirects=False,  # followed by hand, to see permanent moves and robots
            timeout=httpx.Timeout(CONNECT_READ_TIMEOUT, pool=None),
            # Our semaphores do the limiting; the pool must not queue on its own.
            limits=httpx.Limits(max_connections=self.total, max_keepalive_connections=self.total),
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # ------------------------------------------------------------------ public API

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        truncate_over_cap: bool = False,
    ) -> Fetched:
        """GET `url` and return its raw body and headers.

        `etag` / `last_modified` (stored from an earlier Fetched) make it a conditional GET; a
        304 returns `Fetched(not_modified=True, content=b"")`. A body over `max_bytes` raises
        FetchError, or with `truncate_over_cap=True` (for HTML pages, whose text comes first)
        is cut at the cap. Raises FetchError / RobotsDisallowedError, never anything else, for
        any problem with the URL or the site.
        """
        try:
            return await self._fetch(
                url, etag=etag, last_modified=last_modified, truncate=truncate_over_cap
            )
        except FetchError:
            self.stats["failed"] += 1
            raise

    async def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets monitor fetch it (robots fetched once)."""
        return await self._allows(_checked_url(url))

    async def _allows(self, parsed: httpx.URL) -> bool:
        host = await self._robots_loaded(parsed)
        if host.robots is None:
            return True
        try:
            return bool(host.robots.can_fetch(str(parsed), ROBOTS_TOKEN))
        except Exception:  # a protego bug on an odd URL must not stop the fetch
            return True

    # ------------------------------------------------------------------ one fetch

    async def _fetch(
        self, url: str, *, etag: str | None, last_modified: str | None, truncate: bool
    ) -> Fetched:
        current = _checked_url(url)
        headers: dict[str, str] = {}
        # Sent on every hop: after a permanent move the stored validators belong to the target.
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        moved_to: str | None = None
        still_permanent = True  # every hop so far was 301/308
        for hop in range(MAX_REDIRECTS + 1):
            if not await self._allows(current):  # checked already: parsed once, not twice
                self.stats["robots_blocked"] += 1
                where = f" (redirected to {current})" if hop else ""
                raise RobotsDisallowedError(
                    url,
                    f"robots.txt of {current.host} disallows this URL for monitor{where}; "
                    "monitor respects it: remove the URL from the config or ask the site",
                )
            answer = await self._get(url, current, headers, self.max_bytes, truncate)
            if answer.status in _REDIRECTS:
                target = self._redirect_target(url, current, answer)
                if still_permanent and answer.status in _PERMANENT:
                    moved_to = str(target)
                else:
                    still_permanent = False
                current = target
                continue
            return self._fetched(url, answer, etag, last_modified, moved_to)
        raise FetchError(
            url,
            f"more than {MAX_REDIRECTS} redirects (the last to {current}); "
            "open the URL in a browser and put the final address in the config",
        )

    def _redirect_target(self, url: str, current: httpx.URL, answer: _Answer) -> httpx.URL:
        location = answer.headers.get("location", "").strip()
        if not location:
            raise FetchError(
                url,
                f"redirect ({answer.status}) from {current} without a Location header; "
                "the site is misconfigured, check the URL in a browser",
                status=answer.status,
            )
        try:
            target = current.join(location)
        except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
            raise FetchError(
                url, f"redirect to an invalid address {location!r} ({exc})", status=answer.status
            ) from exc
        try:
            return _checked_url(str(target))
        except FetchError as refused:
            raise FetchError(
                url,
                f"redirect from {current} to {location!r} refused: {refused.reason}",
                status=answer.status,
            ) from refused

    def _fetched(
        self,
        url: str,
        answer: _Answer,
        etag: str | None,
        last_modified: str | None,
        moved_to: str | None,
    ) -> Fetched:
        status = answer.status
        if status == 304:
            if not (etag or last_modified):
                raise FetchError(
                    url, "the server answered 304 Not Modified to a plain GET", status=status
                )
            self.stats["not_modified"] += 1
            return Fetched(
                url=url,
                final_url=answer.url,
                status=304,
                content=b"",
                headers=answer.headers,
                # A 304 may omit the validators; the caller should keep the ones it has.
                etag=answer.headers.get("etag") or etag,
                last_modified=answer.headers.get("last-modified") or last_modified,
                not_modified=True,
                moved_permanently_to=moved_to,
            )
        if 200 <= status < 300:
            return Fetched(
                url=url,
                final_url=answer.url,
                status=status,
                content=answer.content,
                headers=answer.headers,
                etag=answer.headers.get("etag"),
                last_modified=answer.headers.get("last-modified"),
                moved_permanently_to=moved_to,
            )
        raise FetchError(url, self._status_problem(url, answer), status=status)

    @staticmethod
    def _status_problem(url: str, answer: _Answer) -> str:
        status = answer.status
        where = "" if answer.url == url else f" at {answer.url}"  # after redirects
        if status == 404:
            return f"not found (404){where}; check the URL in the config"
        if status == 410:
            return f"gone (410){where}: the site removed it; remove the URL from the config"
        if status in (401, 403):
            return (
                f"access denied ({status}){where}; the site refuses monitor, "
                "check the URL or remove the source"
            )
        if status == 451:
            return f"unavailable for legal reasons (451){where}; remove the URL from the config"
        if 400 <= status < 500:
            return f"HTTP {status} {answer.reason}{where}; check the URL in the config"
        return f"unexpected HTTP {status} {answer.reason}{where}; check the URL in a browser"

    # ------------------------------------------------------------------ retries

    async def _get(
        self, url: str, target: httpx.URL, headers: dict[str, str], cap: int, truncate: bool
    ) -> _Answer:
        """One GET of `target` (no redirect following), retried on 429, 5xx and network
        failures. `url` is what the caller asked for, named in errors."""
        host = self._host(target)
        problem = ""
        timeouts = 0
        for attempt in range(1, self.attempts + 1):
            wait = self._backoff(attempt)
            try:
                answer = await self._get_once(url, target, host, headers, cap, truncate)
            except _RetriableError as failure:
                problem = failure.problem
                timeouts += failure.timed_out
                if failure.timed_out and timeouts >= MAX_TIMEOUT_ATTEMPTS:
                    # The server may still be working on the requests we gave up on; more
                    # attempts would pile abandoned work on a site that is already struggling.
                    raise FetchError(
                        url,
                        f"{problem}, {timeouts} times; the site is down or very slow, "
                        "the next poll will try again",
                    ) from failure
            else:
                if answer.status != 429 and answer.status < 500:
                    return answer
                asked = parse_retry_after(answer.headers.get("retry-after"))
                kind = "rate limited" if answer.status == 429 else "server error"
                problem = f"{kind} ({answer.status} {answer.reason})"
                if asked is not None and asked > self.max_retry_after:
                    # Asking earlier than the server allows would be rude and futile.
                    raise FetchError(
                        url,
                        f"{problem}; the server asks to wait {_seconds(asked)}, longer than "
                        f"monitor waits ({_seconds(self.max_retry_after)}); the next poll will "
                        "try again, or poll this source less often",
                        status=answer.status,
                    )
                if attempt == self.attempts:
                    advice = (
                        "poll this source less often (raise `every`)"
                        if answer.status == 429
                        else "the site is having trouble; the next poll will try again"
                    )
                    raise FetchError(
                        url,
                        f"{problem} after {self.attempts} attempts; {advice}",
                        status=answer.status,
                    )
                wait = max(wait, asked or 0.0)
            if attempt == self.attempts:
                raise FetchError(
                    url,
                    f"{problem} after {self.attempts} attempts; the site may be down or slow, "
                    "or check your network; the next poll will try again",
                )
            self.stats["retries"] += 1
            await self._sleep(wait)
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter, so that clients do not retry in lockstep."""
        return self.backoff_seconds * 2 ** (attempt - 1) * (0.5 + self._random.random())

    # ------------------------------------------------------------------ one attempt

    async def _get_once(
        self,
        url: str,
        target: httpx.URL,
        host: _Host,
        headers: dict[str, str],
        cap: int,
        truncate: bool,
    ) -> _Answer:
        client = self._require_client()
        # Host slot first, then a global slot: a request waiting for its busy host must not
        # hold one of the global slots other hosts could use. Slot waits are not part of the
        # deadline, which bounds the time on the wire.
        async with host.slots:
            await self._pace(host)
            async with self._global_slots:
                self.stats["requests"] += 1
                try:
                    async with asyncio.timeout(self.deadline_seconds):
                        request = self._request(url, client, target, headers)
                        response = await client.send(request, stream=True)
                        try:
                            return await self._read(url, response, cap, truncate)
                        finally:
                            await response.aclose()
                except TimeoutError as exc:
                    raise _RetriableError(
                        f"no complete answer within {_seconds(self.deadline_seconds)}",
                        timed_out=True,
                    ) from exc
                except httpx.TimeoutException as exc:
                    raise _RetriableError(
                        f"timed out ({type(exc).__name__}, {_seconds(CONNECT_READ_TIMEOUT)} "
                        "per connect or read)",
                        timed_out=True,
                    ) from exc
                except httpx.ConnectError as exc:
                    raise _RetriableError(f"could not connect to {target.host} ({exc})") from exc
                except (httpx.RemoteProtocolError, httpx.ReadError, httpx.DecodingError) as exc:
                    raise _RetriableError(
                        f"the answer broke off or was garbled ({type(exc).__name__}: {exc})"
                    ) from exc
                except httpx.NetworkError as exc:
                    raise _RetriableError(f"network error ({type(exc).__name__}: {exc})") from exc
                except httpx.InvalidURL as exc:
                    # httpx reads a redirect's Location even when not following it, and a
                    # javascript: or data: address is no URL to it.
                    raise FetchError(
                        url,
                        f"redirect to an address monitor does not follow ({exc}); only http(s) "
                        "redirects are followed: check the URL in a browser",
                    ) from exc
                except httpx.HTTPError as exc:
                    # Not worth retrying: a proxy refusing us, an unsupported protocol, ...
                    raise FetchError(url, f"{type(exc).__name__}: {exc}") from exc

    async def _read(self, url: str, response: httpx.Response, cap: int, truncate: bool) -> _Answer:
        answer = _Answer(
            url=str(response.url),
            status=response.status_code,
            reason=response.reason_phrase,
            headers={name.lower(): value for name, value in response.headers.items()},
        )
        if not 200 <= response.status_code < 300:
            await self._drain(response)
            return answer  # error and redirect bodies are never used
        too_big = (
            f"page larger than {_size(cap)}; monitor stops reading there. Check that the URL "
            "points to a feed or an article, not a download"
        )
        declared = response.headers.get("content-length", "")
        unencoded = "content-encoding" not in response.headers
        if not truncate and unencoded and declared.isdigit() and int(declared) > cap:
            raise FetchError(url, too_big, status=response.status_code)  # don't download it
        try:
            decoder = _Decoder(response.headers.get("content-encoding", ""))
        except _UnsupportedCodingError as exc:
            raise FetchError(
                url, f"the answer is encoded as {exc}, which monitor cannot decode (it asks "
                "for gzip or deflate); the site is misconfigured", status=response.status_code
            ) from None
        chunks: list[bytes] = []
        size = 0
        # Raw bytes, decoded here in bounded steps: the cap bounds the decoded size for any
        # chain of encodings (httpx would inflate each wire chunk whole, however big).
        async for raw in response.aiter_raw():
            for chunk in decoder.feed(raw):
                if size + len(chunk) > cap:
                    if not truncate:
                        raise FetchError(url, too_big, status=response.status_code)
                    chunks.append(chunk[: cap - size])
                    answer.truncated = True
                    self.stats["truncated"] += 1
                    break
                chunks.append(chunk)
                size += len(chunk)
            if answer.truncated:
                break
        answer.content = b"".join(chunks)
        if "content-encoding" in answer.headers or answer.truncated:
            # `content` is the decoded (or cut) body: these no longer describe it.
            answer.headers.pop("content-encoding", None)
            answer.headers.pop("content-length", None)
        return answer

    @staticmethod
    async def _drain(response: httpx.Response) -> None:
        """Read a body that is not used (a 304's is empty, a redirect's or an error's small) to
        its end, so that the connection goes back to the pool: closed unread, httpcore drops the
        connection, and every conditional GET answered 304 cost a new TCP connection. A body
        over DRAIN_MAX_BYTES is not read further (the connection is closed instead)."""
        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > DRAIN_MAX_BYTES:
            return
        read = 0
        # Never a failure of its own: an unused body that breaks off or trickles is dropped
        # with its connection, and the answer stands.
        with contextlib.suppress(httpx.HTTPError, httpx.StreamError, TimeoutError):
            async with asyncio.timeout(DRAIN_SECONDS):
                async for raw in response.aiter_raw():
                    read += len(raw)
                    if read > DRAIN_MAX_BYTES:
                        return

    @staticmethod
    def _request(
        url: str, client: httpx.AsyncClient, target: httpx.URL, headers: dict[str, str]
    ) -> httpx.Request:
        try:
            return client.build_request("GET", target, headers=headers)
        except (UnicodeError, ValueError) as exc:  # an ETag or date that is not ASCII
            raise FetchError(
                url, f"cannot send the request ({exc}); clear the stored ETag/Last-Modified"
            ) from exc

    def _require_client(self) -> httpx.AsyncClient:
        if self._client is None:
            raise RuntimeError("use the Fetcher as `async with Fetcher() as fetcher:`")
        return self._client

    # ------------------------------------------------------------------ hosts, pacing, robots

    def _host(self, parsed: httpx.URL) -> _Host:
        key = _origin(parsed)
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = _Host(slots=asyncio.Semaphore(self.per_host))
        return host

    async def _pace(self, host: _Host) -> None:
        """Keep Crawl-delay between the starts of two requests to one host."""
        if host.crawl_delay <= 0:
            return
        async with host.pace_lock:
            wait = host.next_request_at - time.monotonic()
            if wait > 0:
                await self._sleep(wait)
            host.next_request_at = time.monotonic() + host.crawl_delay

    async def _robots_loaded(self, parsed: httpx.URL) -> _Host:
        host = self._host(parsed)
        if not self._robots_stale(host):
            return host
        async with host.robots_lock:  # concurrent fetches to a new host ask for robots once
            if self._robots_stale(host):
                host.robots, host.crawl_delay = None, 0.0
                max_age = await self._load_robots(parsed, host)
                host.robots_expires_at = time.monotonic() + max_age
        return host

    @staticmethod
    def _robots_stale(host: _Host) -> bool:
        return host.robots_expires_at is None or time.monotonic() >= host.robots_expires_at

    async def _load_robots(self, parsed: httpx.URL, host: _Host) -> float:
        """Fetch and parse the origin's robots.txt into `host`; return how long it holds."""
        robots_url = parsed.copy_with(path="/robots.txt", query=None, fragment=None)
        try:
            answer = await self._get_robots(str(robots_url))
        except FetchError:
            # Network failure or 5xx after retries. RFC 9309 says to assume "disallow all"
            # when robots.txt is unreachable; we allow instead, because the page request that
            # follows costs the site no more than the robots request that failed, fails the
            # same way if the site is down, and a transient robots failure must not silently
            # stop a whole poll cycle. The "allow" is remembered only briefly.
            return ROBOTS_RETRY_AFTER_FAILURE
        if 200 <= answer.status < 300:
            text = answer.content.decode("utf-8", errors="replace")
            try:
                robots = Protego.parse(text)
            except Exception:  # protego on garbage: treat as no rules, as for a 404
                return ROBOTS_MAX_AGE
            host.robots = robots
            host.crawl_delay = min(self._robots_gap(robots), MAX_CRAWL_DELAY)
            if host.crawl_delay:
                # The robots.txt request itself was the last request to the host.
                host.next_request_at = time.monotonic() + host.crawl_delay
        # 4xx (404, 410, also 401/403 as RFC 9309 says): no robots.txt, everything allowed.
        return ROBOTS_MAX_AGE

    @staticmethod
    def _robots_gap(robots: Protego) -> float:
        """Seconds between requests that robots.txt asks for: Crawl-delay or Request-rate."""
        gap = float(robots.crawl_delay(ROBOTS_TOKEN) or 0.0)
        rate = robots.request_rate(ROBOTS_TOKEN)  # e.g. "Request-rate: 1/5s"
        if rate is not None and rate.requests > 0:
            gap = max(gap, rate.seconds / rate.requests)
        return gap

    async def _get_robots(self, robots_url: str) -> _Answer:
        current = httpx.URL(robots_url)
        for _hop in range(MAX_REDIRECTS + 1):  # RFC 9309: follow at least five redirects
            answer = await self._get(robots_url, current, {}, ROBOTS_MAX_BYTES, True)
            if answer.status not in _REDIRECTS:
                return answer
            current = self._redirect_target(robots_url, current, answer)
        raise FetchError(robots_url, "too many redirects for robots.txt")
