"""Feed bytes -> FeedItems, with feedparser working on the bytes we fetched (it never fetches)."""

from __future__ import annotations

import calendar
import io
import re
import time
from datetime import UTC, datetime
from typing import Any

import feedparser
from selectolax.lexbor import LexborHTMLParser

from monitor.errors import ParseError
from monitor.models import FeedItem
from monitor.parse.nesting import bounded_nesting
from monitor.parse.urls import canonical_url

_BLOCK_START = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|blockquote|section)\b", re.I)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def _utc(parsed: time.struct_time | None) -> datetime | None:
    # feedparser normalises every date it understands to a UTC struct_time.
    if parsed is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _plain_text(value: str | None) -> str | None:
    """A feed summary as plain text: markup dropped, entities decoded, whitespace collapsed."""
    if not value:
        return None
    if "<" in value or "&" in value:
        # a space where blocks meet, none inside words ("Erdo<b>ğ</b>an")
        # bounded_nesting: unclosed tags nest in the square of the text's size otherwise, as
        # in article pages (monitor/parse/nesting.py); a feed's summary is as hostile as a page.
        spaced = _BLOCK_START.sub(r" \g<0>", value)
        body = LexborHTMLParser(bounded_nesting(spaced)).body
        value = body.text(separator="") if body is not None else value
    text = " ".join(value.split())
    return text or None


def _entry_link(entry: Any, base: str) -> str | None:
    candidates: list[str] = []
    for link in entry.get("links", []) or []:
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            candidates.append(link["href"])
    if entry.get("link"):
        candidates.insert(0, entry["link"])
    guid = entry.get("id") or ""
    if guid.startswith(("http://", "https://")) and entry.get("guidislink", True):
        candidates.append(guid)
    for href in candidates:
        absolute = canonical_url(href, base)
        if absolute.startswith(("http://", "https://")):
            return absolute
    return None


def _entry_author(entry: Any) -> str | None:
    names = [a.get("name") for a in entry.get("authors", []) or [] if a.get("name")]
    if not names and entry.get("author"):
        names = [entry["author"]]
    text = ", ".join(" ".join(n.split()) for n in names if n and n.strip())
    return text or None


def _entry_content_html(entry: Any) -> str | None:
    # content:encoded in RSS, <content> in Atom; prefer an HTML one over plain text.
    contents = [c for c in entry.get("content", []) or [] if c.get("value")]
    contents.sort(key=lambda c: not any(t in (c.get("type") or "") for t in _HTML_TYPES))
    return contents[0]["value"] if contents else None


def parse_feed(content: bytes, url: str, headers: dict[str, str] | None = None) -> list[FeedItem]:
    """Read an RSS or Atom feed. Keeps what a malformed feed still yields; raises ParseError
    when the bytes are no feed at all."""
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    # Relative links in the feed resolve against where we fetched it from.
    response_headers.setdefault("content-location", url)
    parsed = feedparser.parse(
        io.BytesIO(content),  # a stream, so feedparser never treats the input as a URL to fetch
        response_headers=response_headers,
        resolve_relative_uris=False,  # we resolve the links we use; embedded HTML is not ours
        sanitize_html=False,  # costly, and the HTML is parsed by us, never rendered
    )
    entries = parsed.get("entries", [])
    # A feed truncated before its first item still has a version: that is "no news", not an
    # error. Without entries and without a version it was never a feed (an HTML page, JSON...).
    if not entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        detail = f" ({reason})" if reason else ""
        raise ParseError(
            f"{url} is not an RSS or Atom feed{detail}; check the source's feed: URL, "
            "or make it a page: source if it is a web page"
        )
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in entries:
        link = _entry_link(entry, url)
        if link is None or link in seen:
            continue
        seen.add(link)
        title = " ".join((entry.get("title") or "").split()) or None
        items.append(
            FeedItem(
                url=link,
                title=_plain_text(title),
                author=_entry_author(entry),
                published=_utc(entry.get("published_parsed") or entry.get("updated_parsed")),
                summary=_plain_text(entry.get("summary")),
                content_html=_entry_content_html(entry),
            )
        )
    return items
