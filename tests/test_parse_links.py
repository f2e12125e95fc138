"""find_article_links: article links on a section page, with heuristics or a CSS selector."""

from pathlib import Path

import pytest

from monitor.errors import ParseError
from monitor.parse import find_article_links

PAGE_URL = "https://www.steppe-courier.example/world/"
SECTION = (Path(__file__).parent / "fixtures" / "pages" / "section.html").read_text("utf-8")


def test_heuristics_keep_articles_in_page_order_and_drop_the_rest() -> None:
    links = find_article_links(SECTION, PAGE_URL)
    assert links == [
        # tracking parameter and fragment gone; the same story once
        "https://www.steppe-courier.example/2025/05/19/d001-trump-and-putin-speak-for-two-hours.html",
        # relative to <base href>, a long slug without a date
        "https://www.steppe-courier.example/europe/kremlin-says-memorandum-is-being-drafted",
        # another spelling of the same site (no www.), a numeric id
        "https://steppe-courier.example/news/article-48213577",
        # a page file
        "https://www.steppe-courier.example/opinion/why-talks-fail.htm",
    ]


@pytest.mark.parametrize(
    "fragment",
    ["/video/", "/gallery/", "/live/", "/topic/", "/author/", "/category/", "/tags/", "/tag/",
     "about", "contact", "subscribe", "login", "mailto:", "javascript:", "other-site", "page=2",
     "/page/3", "nav-link", "most-read", "footer-link", "#"],
)
def test_heuristics_drop(fragment: str) -> None:
    assert not [u for u in find_article_links(SECTION, PAGE_URL) if fragment in u]


def test_selector_takes_matched_anchors_and_anchors_inside_matched_elements() -> None:
    assert find_article_links(SECTION, PAGE_URL, "main .card h2 a") == [
        "https://www.steppe-courier.example/2025/05/19/d001-trump-and-putin-speak-for-two-hours.html",
        "https://www.steppe-courier.example/europe/kremlin-says-memorandum-is-being-drafted",
        "https://steppe-courier.example/news/article-48213577",
        "https://www.steppe-courier.example/opinion/why-talks-fail.htm",
    ]
    # a container selector: the links inside it, even ones the heuristics would drop
    assert find_article_links(SECTION, PAGE_URL, "aside.most-read") == [
        "https://www.steppe-courier.example/2025/05/18/d002-most-read-story-in-the-sidebar.html"
    ]


def test_selector_matching_nothing_gives_no_links() -> None:
    assert find_article_links(SECTION, PAGE_URL, "section.nothing-here a") == []


def test_bad_selector_is_a_parse_error_naming_it() -> None:
    with pytest.raises(ParseError, match=r"main h2 a\[\["):
        find_article_links(SECTION, PAGE_URL, "main h2 a[[")


def test_relative_links_without_base_resolve_against_the_page() -> None:
    html = "<main><a href='2025/05/19/talks-resume-in-istanbul-today.html'>x</a></main>"
    assert find_article_links(html, "https://e.example/world/index.html") == [
        "https://e.example/world/2025/05/19/talks-resume-in-istanbul-today.html"
    ]


def test_short_slug_behind_a_headline_is_an_article_and_behind_a_word_is_not() -> None:
    html = (
        "<main><a href='/news/ukraine-talks'>Ukraine and Russia agree to hold new talks</a>"
        "<a href='/news/ukraine-war'>Ukraine war</a></main>"
    )
    assert find_article_links(html, "https://e.example/news/") == [
        "https://e.example/news/ukraine-talks"
    ]


def test_story_cards_with_their_own_header_are_not_site_chrome() -> None:
    # WordPress themes: <article><header class="entry-header"><h2><a>...
    html = (
        "<header><a href='/2025/05/19/site-header-promo-for-a-story.html'>Promo</a></header>"
        "<main><article><header class='entry-header'><h2>"
        "<a href='/2025/05/19/talks-resume-in-istanbul.html'>Talks resume</a></h2></header>"
        "<footer><a href='/2025/05/19/talks-resume-in-istanbul.html#comments'>3 comments</a>"
        "</footer></article></main>"
    )
    assert find_article_links(html, "https://e.example/") == [
        "https://e.example/2025/05/19/talks-resume-in-istanbul.html"
    ]


def test_story_paths_under_archive_or_media_sections_are_articles() -> None:
    html = (
        "<main><a href='/politics/archive/2025/05/peace-plan-ukraine/682811/'>A</a>"
        "<a href='/media/2025/may/19/broadcasters-cover-the-istanbul-talks'>B</a>"
        "<a href='/archive/'>Archive</a></main>"
    )
    assert find_article_links(html, "https://e.example/") == [
        "https://e.example/politics/archive/2025/05/peace-plan-ukraine/682811/",
        "https://e.example/media/2025/may/19/broadcasters-cover-the-istanbul-talks",
    ]
