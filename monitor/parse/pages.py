"""Section page HTML -> the article links it lists, in page order."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from monitor.errors import ParseError
from monitor.parse.nesting import bounded_nesting
from monitor.parse.urls import canonical_url

_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "menu"})
# Path segments of pages that are not articles.
_NON_ARTICLE_SEGMENTS = frozenset(
    {
        "tag", "tags", "topic", "topics", "category", "categories", "section", "sections",
        "author", "authors", "profile", "profiles", "video", "videos", "watch",
        "gallery", "galleries", "photos", "pictures", "picture", "live", "podcast", "podcasts",
        "audio", "about", "about-us", "contact", "contact-us", "privacy", "privacy-policy",
        "terms", "terms-of-use", "terms-of-service", "cookies", "cookie-policy", "subscribe",
        "subscription", "subscriptions", "newsletter", "newsletters", "login", "signin",
        "sign-in", "logout", "register", "signup", "sign-up", "account", "my-account", "search",
        "feed", "feeds", "rss", "page", "advertise", "advertising", "careers", "jobs", "help",
        "faq", "puzzles", "crosswords", "shop", "store", "donate", "membership",
        "wp-login.php", "cdn-cgi", "static", "assets", "images", "img",
        # not "archive" or "media": stories live under /politics/archive/2025/... and /media/
    }
)
# A link text this long is a headline; a section or tag link says a word or two.
HEADLINE_WORDS = 6
_PAGINATION_PARAMS = frozenset({"page", "p", "pg", "offset", "start", "paged"})
_NON_ARTICLE_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|pdf|mp3|mp4|zip|xml|rss|css|js|json|ico)$", re.IGNORECASE
)
_DATE_IN_PATH = re.compile(
    r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])(?:/(?:0?[1-9]|[12]\d|3[01]))?/"
    r"|(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"|/(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])/"
)
_NUMERIC_ID = re.compile(r"(?:^|[/_.-])\d{5,}(?:$|[/_.-])")
_PAGE_FILE = re.compile(r"\.s?html?$|\.php$|\.aspx?$", re.IGNORECASE)


def _site(host: str) -> str:
    """The host without `www.`, to tell our site's links from other hosts'."""
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def _same_site(host: str, page_host: str) -> bool:
    a, b = _site(host), _site(page_host)
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def _same_page_key(url: str) -> str:
    """Spellings of one page's URL that differ in scheme or `www.` only share this key."""
    parts = urlsplit(url)
    return f"{_site(parts.netloc)}{parts.path}?{parts.query}"


def _in_chrome(node: LexborNode) -> bool:
    """Is the link in the site's navigation, masthead, footer or a sidebar? A <header> or
    <footer> inside an <article> or <main> belongs to that story card, not to the site."""
    in_header_or_footer = False
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html", "-document"):
        tag = parent.tag
        if tag in ("nav", "aside"):
            return True
        if tag in ("header", "footer"):
            in_header_or_footer = True
        elif tag in ("article", "main") and in_header_or_footer:
            return False
        role = parent.attributes.get("role") if parent.attributes else None
        if role and role.lower() in _CHROME_ROLES:
            return True
        parent = parent.parent
    return in_header_or_footer


def looks_like_article(url: str, link_text: str = "") -> bool:
    """Does this URL's path look like one story (a date, a long slug, a page file, an id, or
    a short slug behind a headline-long link text)?"""
    parts = urlsplit(url)
    path = parts.path
    if not path or path == "/" or _NON_ARTICLE_EXT.search(path):
        return False
    segments = [s for s in path.lower().split("/") if s]
    # "about.html" is the about page as much as "about/" is
    stems = {s.rsplit(".", 1)[0] for s in segments}
    if stems & _NON_ARTICLE_SEGMENTS:
        return False
    if parts.query:
        names = {pair.split("=", 1)[0].lower() for pair in parts.query.split("&")}
        if names & _PAGINATION_PARAMS:
            return False
    last = segments[-1] if segments else ""
    if _DATE_IN_PATH.search(path):
        return True
    if last.count("-") >= 3 or last.count("_") >= 3:
        return True
    if _PAGE_FILE.search(last) and not last.startswith("index."):
        return True
    if _NUMERIC_ID.search(path):
        return True
    return len(link_text.split()) >= HEADLINE_WORDS and ("-" in last or "_" in last)


def _selected_anchors(tree: LexborHTMLParser, selector: str) -> list[LexborNode]:
    try:
        matched = tree.css(selector)
    except Exception as exc:  # selectolax raises several types for a bad selector
        raise ParseError(
            f"the links selector {selector!r} is not valid CSS ({exc}); "
            "fix `links:` of this source or remove it to let monitor find the article links"
        ) from exc
    anchors: list[LexborNode] = []
    for node in matched:
        if node.tag == "a":
            anchors.append(node)
        else:
            anchors.extend(node.css("a[href]"))
    return anchors


def find_article_links(html: str, page_url: str, selector: str | None = None) -> list[str]:
    """Absolute, canonical article URLs listed on a section page, in page order, each once."""
    tree = LexborHTMLParser(bounded_nesting(html))
    base_node = tree.css_first("base[href]")
    base = canonical_url(base_node.attributes.get("href") or "", page_url) if base_node else None
    base = base or page_url
    page_canonical = canonical_url(page_url)
    page_host = urlsplit(page_canonical).hostname or ""

    anchors = _selected_anchors(tree, selector) if selector else tree.css("a[href]")
    links: list[str] = []
    seen: set[str] = {_same_page_key(page_canonical)}
    for anchor in anchors:
        href = (anchor.attributes.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        if href.lower().startswith(("mailto:", "javascript:", "tel:", "data:", "sms:")):
            continue
        url = canonical_url(href, base)
        key = _same_page_key(url)
        if not url.startswith(("http://", "https://")) or key in seen:
            continue
        if not selector:
            host = urlsplit(url).hostname or ""
            if not _same_site(host, page_host) or _in_chrome(anchor):
                continue
            if not looks_like_article(url, anchor.text(separator=" ")):
                continue
        seen.add(key)
        links.append(url)
    return links
