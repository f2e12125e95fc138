"""The parse step: fetched bytes -> feed items, article links, article text."""

from monitor.parse.article import extract_article, parse_datetime
from monitor.parse.charset import decode_html
from monitor.parse.feeds import parse_feed
from monitor.parse.pages import find_article_links, looks_like_article
from monitor.parse.urls import canonical_url

__all__ = [
    "canonical_url",
    "decode_html",
    "extract_article",
    "find_article_links",
    "looks_like_article",
    "parse_datetime",
    "parse_feed",
]
