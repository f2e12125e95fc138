"""parse_feed: RSS 2.0, RSS with content:encoded, Atom, broken feeds, non-feeds."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.errors import ParseError
from monitor.parse import parse_feed

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
FEED_URL = "https://harbor-ledger.example/world/rss.xml"


def read(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def test_rss2_items_with_metadata() -> None:
    items = parse_feed(read("rss2.xml"), FEED_URL)
    # the item without a link is left out: it cannot be fetched
    assert [i.url for i in items] == [
        "https://harbor-ledger.example/world/2025/03/12/kremlin-studying-proposal.html?id=7",
        "https://harbor-ledger.example/world/2025/03/11/envoy-to-travel.html",  # was relative
    ]
    first = items[0]
    assert first.title == "Kremlin says it is studying the US ceasefire proposal"
    assert first.author == "Iris Vantongeren"
    assert first.published == datetime(2025, 3, 12, 8, 15, tzinfo=UTC)
    assert first.published.tzinfo is not None
    # summaries are plain text: markup dropped, entities decoded
    assert first.summary == "Moscow wants details first, & says it will answer “in due course”."
    assert first.content_html is None
    assert items[1].author is None


def test_rss_content_encoded_becomes_content_html() -> None:
    (item,) = parse_feed(read("rss_content.xml"), "https://palisade.example/feed.xml")
    assert item.summary == "A short summary."
    assert item.content_html is not None
    assert "<p>President Vladimir Putin declared a truce.</p>" in item.content_html
    assert "“Guided by humanitarian considerations,”" in item.content_html


def test_atom_entries() -> None:
    items = parse_feed(read("atom.xml"), "https://brackwater.example/atom.xml")
    assert [i.url for i in items] == [
        "https://brackwater.example/2025/04/11/d022-putin-receives-envoy.html",
        "https://brackwater.example/2025/04/10/second.html",
    ]
    first, second = items
    assert first.title == "Putin receives Trump envoy Witkoff"
    assert first.author == "Ilse Vandermolen"
    assert first.published == datetime(2025, 4, 11, 19, 40, tzinfo=UTC)
    assert first.content_html == "<p>Full text here.</p>"
    # no <published>: the <updated> date stands in
    assert second.published == datetime(2025, 4, 10, 8, 0, tzinfo=UTC)


def test_truncated_feed_keeps_the_entries_it_could_read() -> None:
    items = parse_feed(read("truncated.xml"), FEED_URL)
    assert items[0].title == "Kremlin says it is studying the US ceasefire proposal"
    assert 1 <= len(items) <= 2


def test_html_page_is_not_a_feed() -> None:
    with pytest.raises(ParseError, match=r"is not an RSS or Atom feed.*feed: URL"):
        parse_feed(read("notafeed.html"), FEED_URL)


def test_garbage_is_not_a_feed() -> None:
    with pytest.raises(ParseError, match=FEED_URL):
        parse_feed(b'{"items": []}', FEED_URL)


def test_empty_feed_is_no_items_not_an_error() -> None:
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    assert parse_feed(feed, FEED_URL) == []


def test_feed_url_in_the_bytes_is_never_fetched() -> None:
    # feedparser fetches a string that looks like a URL; bytes of a URL must be data instead.
    with pytest.raises(ParseError):
        parse_feed(b"http://127.0.0.1:9/feed.xml", FEED_URL)


def test_charset_from_headers_is_used() -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Café talks</title><link>https://e.example/a-b-c-d</link></item>"
        "</channel></rss>"
    ).encode("latin-1")
    headers = {"Content-Type": "application/rss+xml; charset=iso-8859-1"}
    (item,) = parse_feed(feed, FEED_URL, headers)
    assert item.title == "Café talks"


def test_summary_markup_becomes_plain_text_without_gluing_or_splitting_words() -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>'
        "<title>Erdo&lt;b&gt;ğ&lt;/b&gt;an speaks</title><link>https://e.example/a-b-c-d</link>"
        "<description>&lt;p&gt;First.&lt;/p&gt;&lt;p&gt;Second&lt;br&gt;line by "
        "Erdo&lt;i&gt;ğ&lt;/i&gt;an.&lt;/p&gt;</description></item></channel></rss>"
    ).encode()
    (item,) = parse_feed(feed, FEED_URL)
    assert item.title == "Erdoğan speaks"
    assert item.summary == "First. Second line by Erdoğan."
