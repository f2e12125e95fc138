"""Hypothesis fuzzing of the feed parser (a small budget CI affords): whatever the bytes, the
parser returns FeedItems with absolute http(s) links, each once, or raises ParseError — never
anything else; and a feed cut off anywhere keeps the items before the cut."""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.errors import ParseError
from monitor.models import FeedItem
from monitor.parse import parse_feed

BASE = "https://news.example/world/feed.xml"
BUDGET = settings(max_examples=60, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
links = st.one_of(
    st.from_regex(r"\Ahttps?://[a-z]{1,8}\.example/[a-z0-9/._-]{0,30}\Z"),
    st.from_regex(r"\A/[a-z0-9/._-]{1,30}\Z"),  # relative: resolved against the feed
    st.sampled_from(["javascript:alert(1)", "data:text/html,x", "mailto:a@b", "", "//x.example/a",
                     "http://[::1", "https://news.example/a?utm_source=x&id=1#top"]),
    texts,
)
dates = st.one_of(st.just("Tue, 20 May 2025 09:00:00 GMT"), st.just("2025-05-20T09:00:00Z"),
                  st.just("yesterday"), st.just("Mon, 99 Foo 99999 99:99:99"), texts)


@st.composite
def rss_items(draw: st.DrawFn) -> str:
    title, link, date = draw(texts), draw(links), draw(dates)
    content = draw(st.one_of(st.just(""), texts.map(lambda t: f"<p>{t}</p>")))
    return (f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
            f"<pubDate>{escape(date)}</pubDate>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded></item>")


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    items = "".join(draw(st.lists(rss_items(), max_size=8)))
    kind = draw(st.sampled_from(["rss", "atom", "garbage"]))
    if kind == "rss":
        text = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
                f"<title>Desk</title>{items}</channel></rss>")
    elif kind == "atom":
        entries = "".join(
            f'<entry><title>{escape(draw(texts))}</title><link href="{escape(draw(links))}"/>'
            f"<updated>{escape(draw(dates))}</updated></entry>"
            for _ in range(draw(st.integers(0, 5))))
        text = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>{entries}</feed>'
    else:
        text = draw(texts) + items
    raw = text.encode("utf-8")
    if draw(st.booleans()):  # broken off, or with stray bytes inside
        cut = draw(st.integers(0, len(raw)))
        raw = raw[:cut] + draw(st.binary(max_size=20))
    return raw


def check_items(items: list[FeedItem]) -> None:
    assert all(item.url.startswith(("http://", "https://")) for item in items)
    assert len({item.url for item in items}) == len(items)
    assert all("utm_source" not in item.url for item in items)


@BUDGET
@given(feeds())
def test_any_feed_yields_items_or_a_parse_error(raw: bytes) -> None:
    try:
        items = parse_feed(raw, BASE, {"content-type": "application/rss+xml"})
    except ParseError:
        return
    check_items(items)


@BUDGET
@given(st.binary(max_size=400))
def test_any_bytes_yield_items_or_a_parse_error(raw: bytes) -> None:
    try:
        items = parse_feed(raw, BASE)
    except ParseError:
        return
    check_items(items)


@BUDGET
@given(st.lists(st.from_regex(r"\A[a-z]{1,12}\Z"), min_size=1, max_size=6, unique=True),
       st.integers(0, 10_000))
def test_a_feed_cut_off_keeps_the_items_before_the_cut(slugs: list[str], cut: int) -> None:
    items = "".join(f"<item><title>{s}</title><link>https://news.example/{s}.html</link></item>"
                    for s in slugs)
    raw = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}'.encode()
    raw = raw[: len(raw) - cut % 40] if cut % 3 else raw
    complete = raw.count(b"</item>")
    try:
        got = parse_feed(raw, BASE)
    except ParseError:
        assert complete == 0
        return
    check_items(got)
    assert len(got) >= complete
