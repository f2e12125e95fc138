"""Statements for a window -> a Digest; rendering it to HTML, plain text and JSON (pure).

Nothing here touches the network or the database: callers pass the statements (from the store)
and the health of the sources, and get back text. The same functions serve alerts, which are a
digest of a few statements without a window.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from monitor.models import Actor, Statement, StoredMention

DigestKind = Literal["digest", "alert"]


# ---------------------------------------------------------------- JSON (shared with the CLI)


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # the store keeps UTC; a naive value is UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def mention_to_json(mention: StoredMention) -> dict[str, Any]:
    return {
        "url": mention.url,
        "outlet": mention.outlet,
        "title": mention.title,
        "published": _iso(mention.published),
        "text": mention.text,
        "kind": mention.kind,
        "speaker": mention.speaker,
        "cue": mention.cue,
        "confidence": round(mention.confidence, 3),
    }


def statement_to_json(statement: Statement) -> dict[str, Any]:
    """One statement as in `monitor statements --format jsonl` and in webhook bodies."""
    return {
        "id": statement.id,
        "actor": statement.actor,
        "text": statement.text,
        "first_seen": _iso(statement.first_seen),
        "first_published": _iso(statement.first_published),
        "on_topic": statement.on_topic,
        "kind": statement.kind,
        "mentions": [mention_to_json(m) for m in statement.mentions],
    }


# ---------------------------------------------------------------- the digest


@dataclass(frozen=True)
class SourceHealth:
    """What the digest header says about one source (built from the store's SourceStatus)."""

    name: str
    last_poll_at: datetime | None
    consecutive_failures: int = 0
    last_error: str | None = None

    @property
    def failing(self) -> bool:
        return self.consecutive_failures > 0


@dataclass(frozen=True)
class OutletLink:
    outlet: str
    url: str
    title: str | None
    published: datetime | None


@dataclass(frozen=True)
class DigestItem:
    """One statement as shown: its fullest wording, where it was first reported, every link."""

    statement: Statement
    updated: bool  # first seen before the window; gained new reports in it
    new_reports: int  # mentions seen in the window (all of them for a new statement)
    first_outlet: str | None
    first_url: str | None
    first_reported: datetime  # earliest publication time, else when first seen
    speaker: str  # the speaker phrase and cue of the first report, for the small print
    cue: str
    links: tuple[OutletLink, ...]  # one per article, first report first

    @property
    def other_outlets(self) -> int:
        """How many outlets besides the first one reported it ("also reported by N outlets")."""
        return len({link.outlet for link in self.links} - {self.first_outlet})

    @property
    def first_title(self) -> str | None:
        return next((link.title for link in self.links if link.url == self.first_url), None)

    @property
    def other_links(self) -> tuple[OutletLink, ...]:
        """One link per other outlet (its earliest article): the first outlet is named once,
        in "first reported by"."""
        seen = {self.first_outlet}
        others = []
        for link in self.links:
            if link.outlet not in seen:
                seen.add(link.outlet)
                others.append(link)
        return tuple(others)


@dataclass(frozen=True)
class ActorSection:
    actor: str
    direct: tuple[DigestItem, ...]  # quoted words
    indirect: tuple[DigestItem, ...]  # reported speech, shown separately

    @property
    def items(self) -> tuple[DigestItem, ...]:
        return self.direct + self.indirect

    @property
    def anchor(self) -> str:
        """The id the index at the top of the HTML digest jumps to."""
        slug = re.sub(r"[^\w]+", "-", self.actor.casefold()).strip("-")
        return f"actor-{slug or 'unnamed'}"


@dataclass(frozen=True)
class Digest:
    kind: DigestKind
    name: str
    start: datetime | None  # the window, UTC; None for an alert
    end: datetime | None
    timezone: str  # times are shown to people in this zone
    sections: tuple[ActorSection, ...]
    sources: tuple[SourceHealth, ...] = ()

    @property
    def items(self) -> list[DigestItem]:
        return [item for section in self.sections for item in section.items]

    @property
    def new_statements(self) -> list[Statement]:
        return [item.statement for item in self.items if not item.updated]

    @property
    def updated_statements(self) -> list[Statement]:
        return [item.statement for item in self.items if item.updated]

    @property
    def sources_polled(self) -> list[SourceHealth]:
        """Sources polled during the window (any poll at all for an alert)."""
        return [
            s
            for s in self.sources
            if s.last_poll_at is not None
            and (self.start is None or _utc(s.last_poll_at) >= self.start)
        ]

    @property
    def sources_failing(self) -> list[SourceHealth]:
        return [s for s in self.sources if s.failing]


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _in_window(moment: datetime, start: datetime | None, end: datetime | None) -> bool:
    moment = _utc(moment)
    return (start is None or moment >= start) and (end is None or moment < end)


def _evidence(phrase: str) -> str:
    """A speaker phrase or cue worth showing: words, not a lone punctuation mark."""
    phrase = phrase.strip()
    return phrase if any(ch.isalnum() for ch in phrase) else ""


def display_wording(text: str) -> str:
    """The wording as shown: without the comma that closes a quote before its attribution
    ("... madness," he said)."""
    return text.strip().rstrip(",;").rstrip()


def _item(statement: Statement, start: datetime | None, end: datetime | None,
          updated: bool) -> DigestItem:
    mentions = list(statement.mentions)
    # First reported: the earliest publication; articles without a date count from when seen.
    mentions.sort(key=lambda m: (_utc(m.published or m.seen_at), _utc(m.seen_at)))
    first = mentions[0] if mentions else None
    links: list[OutletLink] = []
    seen_urls: set[str] = set()
    for m in mentions:
        if m.url not in seen_urls:
            seen_urls.add(m.url)
            links.append(OutletLink(m.outlet, m.url, m.title, m.published))
    first_reported = statement.first_published or statement.first_seen
    if first is not None:
        first_reported = min(_utc(first_reported), _utc(first.published or first.seen_at))
    return DigestItem(
        statement=statement,
        updated=updated,
        new_reports=sum(1 for m in mentions if _in_window(m.seen_at, start, end)),
        first_outlet=first.outlet if first else None,
        first_url=first.url if first else None,
        first_reported=_utc(first_reported),
        speaker=_evidence(first.speaker) if first else "",
        cue=_evidence(first.cue) if first else "",
        links=tuple(links),
    )


def _newest_first(item: DigestItem) -> tuple[datetime, datetime]:
    """Newest news first: by when it was first published (else first seen), then first seen;
    statements found in one poll have nearly the same first-seen time."""
    s = item.statement
    return (_utc(s.first_published or s.first_seen), _utc(s.first_seen))


def build_digest(
    name: str,
    *,
    new: Sequence[Statement],
    updated: Sequence[Statement] = (),
    actors: Sequence[Actor] = (),
    timezone: str = "UTC",
    start: datetime | None = None,
    end: datetime | None = None,
    sources: Sequence[SourceHealth] = (),
    kind: DigestKind = "digest",
) -> Digest:
    """Group statements by actor (in the order of the actors file, others after by name), newest
    first within an actor, direct quotes apart from reported speech. `new` are the statements
    first seen in the window, `updated` those first seen before it that gained reports in it."""
    start = _utc(start) if start else None
    end = _utc(end) if end else None
    new_ids = {s.id for s in new}
    items = [_item(s, start, end, updated=False) for s in new]
    items += [_item(s, start, end, updated=True) for s in updated if s.id not in new_ids]
    order = {actor.name.casefold(): i for i, actor in enumerate(actors)}
    by_actor: dict[str, list[DigestItem]] = {}
    for item in items:
        by_actor.setdefault(item.statement.actor, []).append(item)
    sections = []
    for actor in sorted(by_actor, key=lambda a: (order.get(a.casefold(), len(order)), a)):
        # New statements before updated ones, each newest first.
        group = sorted(by_actor[actor], key=_newest_first, reverse=True)
        group.sort(key=lambda item: item.updated)
        sections.append(
            ActorSection(
                actor=actor,
                direct=tuple(i for i in group if i.statement.kind != "indirect"),
                indirect=tuple(i for i in group if i.statement.kind == "indirect"),
            )
        )
    return Digest(
        kind=kind,
        name=name,
        start=start,
        end=end,
        timezone=timezone,
        sections=tuple(sections),
        sources=tuple(sources),
    )


# ---------------------------------------------------------------- rendering


def format_time(moment: datetime | None, timezone: str) -> str:
    """A time as people read it, in the configured zone: "2025-05-19 23:58 EEST"."""
    if moment is None:
        return "unknown time"
    return _utc(moment).astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M %Z")


def safe_href(url: str | None) -> str:
    """Only web links become links: a feed could carry javascript: or data: URLs."""
    if url and urlsplit(url).scheme.lower() in ("http", "https"):
        return url
    return "#"


def window_label(digest: Digest, separator: str = " – ") -> str:
    if digest.start is None or digest.end is None:
        return ""
    zone = digest.timezone
    return f"{format_time(digest.start, zone)}{separator}{format_time(digest.end, zone)}"


def digest_subject(digest: Digest) -> str:
    """The email subject: names the digest and its window, or the alert and what triggered it."""
    count = len(digest.new_statements)
    if digest.kind == "alert":
        actors = ", ".join(section.actor for section in digest.sections)
        noun = "statement" if count == 1 else "statements"
        return f"[monitor alert] {digest.name}: {count} new {noun} by {actors}"
    noun = "statement" if count == 1 else "statements"
    # ASCII " to ": the subject stays readable even where a client shows it raw.
    return (f"[monitor] {digest.name} digest, {window_label(digest, ' to ')}: "
            f"{count} new {noun}")


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("monitor", "templates"),
        # HTML is escaped everywhere; the text part is shown as is.
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _context(digest: Digest) -> dict[str, Any]:
    def when(moment: datetime | None) -> str:
        return format_time(moment, digest.timezone)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}" if n == 1 else f"{n} {word}s"

    return {
        "digest": digest,
        "subject": digest_subject(digest),
        "window": window_label(digest),
        "new_count": len(digest.new_statements),
        "updated_count": len(digest.updated_statements),
        "actor_count": len({s.actor for s in digest.new_statements}),
        "polled": digest.sources_polled,
        "failing": digest.sources_failing,
        "when": when,
        "plural": plural,
        "href": safe_href,
        "wording": display_wording,
    }


def render_html(digest: Digest) -> str:
    """The HTML email: inline styles only, no scripts, no external images."""
    return _environment().get_template("digest.html").render(_context(digest))


def render_text(digest: Digest) -> str:
    """The plain-text part, the same content as the HTML."""
    return _environment().get_template("digest.txt").render(_context(digest))


def digest_payload(digest: Digest) -> dict[str, Any]:
    """The webhook body of the contract: {"type": "digest"|"alert", name, window, statements}."""
    payload: dict[str, Any] = {"type": digest.kind, digest.kind: digest.name}
    if digest.start is not None and digest.end is not None:
        payload["window"] = {"start": _iso(digest.start), "end": _iso(digest.end)}
    payload["statements"] = [statement_to_json(s) for s in digest.new_statements]
    if digest.kind == "digest":
        # Statements seen before the window that gained reports in it, apart from the new ones.
        payload["updated"] = [statement_to_json(s) for s in digest.updated_statements]
    return payload
