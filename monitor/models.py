"""The records that flow between the steps. Frozen dataclasses, no behaviour beyond views."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

MentionKind = Literal["direct", "indirect"]


# ---------------------------------------------------------------- configuration


@dataclass(frozen=True)
class Role:
    """A role title ("Kremlin spokesman") held by an actor, optionally only between two dates."""

    title: str
    since: date | None = None  # `from:` in the actors file
    until: date | None = None

    def held_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


@dataclass(frozen=True)
class Actor:
    name: str  # canonical, shown to people
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True)
class Topic:
    include: tuple[str, ...] = ()
    require: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    # The topic profile whose knowledge weighs the terms (monitor/data/topics/NAME.yaml);
    # None: the default profile, its related wording only for include terms that call for it.
    profile: str | None = None


@dataclass(frozen=True)
class Source:
    name: str
    kind: Literal["feed", "page"]
    url: str
    every_seconds: int = 900
    links: str | None = None  # CSS selector for article links on a page source
    max_new_articles: int = 200  # articles fetched per poll at most; the rest wait for the next


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    starttls: bool = True
    tls: bool = False  # implicit TLS (port 465)
    username: str | None = None
    password_env: str | None = None
    timeout_seconds: float = 30.0
    # The wait for the reply after the message is transmitted: RFC 5321 (4.5.3.2.6) gives the
    # server 10 minutes there; giving up sooner would resend mail that was accepted.
    data_timeout_seconds: float = 600.0


@dataclass(frozen=True)
class EmailChannel:
    to: tuple[str, ...]
    sender: str  # `from:` in the YAML
    smtp: SmtpSettings


@dataclass(frozen=True)
class WebhookChannel:
    url: str
    secret_env: str | None = None


@dataclass(frozen=True)
class DigestSpec:
    name: str
    cron: str
    email: EmailChannel | None = None
    webhook: WebhookChannel | None = None
    send_empty: bool = False  # send a digest with no statements (else it is skipped)


@dataclass(frozen=True)
class AlertRule:
    name: str
    actors: tuple[str, ...] = ()  # empty: any actor
    keywords: tuple[str, ...] = ()  # empty: any statement
    email: EmailChannel | None = None
    webhook: WebhookChannel | None = None


@dataclass(frozen=True)
class WebSettings:
    """`web:` in the configuration: the web view of `monitor serve` (and of `monitor run` when
    the section is present)."""

    listen: str = "127.0.0.1:8080"  # HOST:PORT
    review_token_env: str | None = None  # the variable holding the review queue's token
    review_below: float = 0.8  # mentions less confident than this are queued for review


@dataclass(frozen=True)
class Config:
    path: str  # the file it was loaded from
    storage: str  # SQLAlchemy-style URL, relative sqlite paths already resolved
    timezone: str
    actors: tuple[Actor, ...]
    topic: Topic
    sources: tuple[Source, ...]
    digests: tuple[DigestSpec, ...] = ()
    alerts: tuple[AlertRule, ...] = ()
    failing_after_seconds: int = 6 * 3600  # health.failing_after: `status --strict` fails past it
    workers: int | None = None  # analysis processes; None: as many as cores
    web: WebSettings | None = None  # None: no `web:` section (monitor run serves no web view)


# ---------------------------------------------------------------- fetching and parsing


@dataclass(frozen=True)
class Fetched:
    """One HTTP answer. `not_modified` is True for a 304 (then `content` is empty)."""

    url: str  # what was asked for
    final_url: str  # after redirects
    status: int
    content: bytes
    headers: dict[str, str]  # lower-cased names
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    moved_permanently_to: str | None = None  # a 301/308 target worth remembering


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    summary: str | None = None
    content_html: str | None = None  # full text when the feed carries it (content:encoded)


@dataclass(frozen=True)
class ArticleText:
    """What a page says: its metadata and main text as paragraphs."""

    url: str | None  # canonical URL from the page, tracking parameters removed
    title: str | None
    author: str | None
    published: datetime | None
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


# ---------------------------------------------------------------- statements


@dataclass(frozen=True)
class Mention:
    """One statement of a tracked actor found in one article (extraction output)."""

    actor: str  # canonical name
    text: str  # the quoted words without marks, or the reported clause
    kind: MentionKind = "direct"
    speaker: str = ""  # the speaker phrase as written ("the Kremlin spokesman", "he")
    cue: str = ""  # the cue as written ("told reporters", "according to")
    confidence: float = 1.0
    start: int = -1  # character offset in the article text, for ordering
    # Evidence: the named extraction rule(s) that produced it, "+"-joined
    # ("cue_after_quote+antecedent").
    # Counted per rule by benchmarks/attribution.py --rules; not stored.
    rule: str = ""


@dataclass(frozen=True)
class Article:
    """An article as stored: one per canonical URL."""

    url: str
    source: str
    title: str | None
    author: str | None
    published: datetime | None
    fetched_at: datetime
    text: str
    on_topic: bool


@dataclass(frozen=True)
class StoredMention:
    url: str
    outlet: str
    title: str | None
    published: datetime | None
    text: str
    kind: MentionKind
    speaker: str
    cue: str
    confidence: float
    seen_at: datetime
    on_topic: bool


@dataclass(frozen=True)
class Statement:
    """A deduplicated statement: one utterance of one actor, with every article reporting it."""

    id: str
    actor: str
    text: str  # the fullest wording seen
    kind: MentionKind
    first_seen: datetime
    first_published: datetime | None
    on_topic: bool
    mentions: tuple[StoredMention, ...] = field(default=())
