"""Hostile pages: unclosed nesting and deep JSON-LD cost time and memory linear in their size,
and the page parser never raises, whatever bytes it is given (fuzzed with Hypothesis)."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from monitor.parse import extract_article, find_article_links, nesting
from monitor.parse.article import JSON_LD_MAX_DEPTH, json_nesting
from monitor.parse.nesting import _TOKENS, MAX_DEPTH, bounded_nesting, could_nest_deep

FIVE_MIB = 5 * 1024 * 1024
PROSE = "<p>" + "The harbour board met on Tuesday to weigh the new ferry timetable. " * 4 + "</p>"


def tree_depth(html: str) -> int:
    root = LexborHTMLParser(html).root
    deepest = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.iter())
    return deepest


# ---------------------------------------------------------------- unclosed nesting

_MEMORY_LIMITED = textwrap.dedent(
    """
    import resource, sys
    limit = int(sys.argv[1]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from monitor.parse import extract_article
    unit = "<div><span><b>text "
    html = "<html><body>" + unit * (int(sys.argv[2]) // len(unit))
    article = extract_article(html, "https://example.org/a")
    print(len(article.paragraphs))
    """
)


def test_a_five_mib_page_of_unclosed_nesting_parses_in_bounded_memory() -> None:
    # Linear costs ~70 MB of RSS here; the quadratic walk needed 1 GB for 0.29 MB and the
    # tree builder alone ran for minutes at 1.16 MB.
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_LIMITED, "512", str(FIVE_MIB)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) >= 0


HOSTILE_UNITS = [
    "<div><span><b>text ",
    "<div>x ",
    "<b><div>x</b>",  # misnested: the adoption agency re-parents and clones
    "<li><ul>x",
    "<table><tr><td><div>x",
    "<em><section>x",
    "<svg><g>",
    "<b id=1><p>x</p>",
]


@pytest.mark.parametrize("unit", HOSTILE_UNITS)
def test_hostile_nesting_is_capped(unit: str) -> None:
    html = "<html><body>" + PROSE + unit * 3000
    assert tree_depth(html) > 2 * MAX_DEPTH  # hostile as given
    assert tree_depth(bounded_nesting(html)) <= 2 * MAX_DEPTH + 8
    assert extract_article(html).text  # the text is still read


@pytest.mark.parametrize(
    "hiding",
    [
        "<script>" + "</" * 3000 + "</script>",  # end tags in a script are text
        "<!--" + "</a>" * 3000 + "-->",  # and in a comment
        "<a title='</b>'>" * 3000,  # and in attribute values
    ],
)
def test_unclosed_tags_cannot_hide_behind_text_that_looks_like_end_tags(hiding: str) -> None:
    html = "<html><body>" + hiding + "<div>" * 3000 + PROSE
    assert could_nest_deep(html)
    assert tree_depth(bounded_nesting(html)) <= 2 * MAX_DEPTH + 8


@pytest.mark.parametrize(
    "tag",
    [
        '<a title="x>y">', '<a x"y z="q>w">', "<br =\">\"", "<a t='>' u=v>", '</div x=">">', "<div",
        # plain tags (read by the shorter pattern) and near misses of it
        '<a href="/x" class=\'y\'>', "<a href=/x/y>", "<a b=c/>", "<a b = 'c' / >", "<a b=c'>'>",
        '<a b=`x>`>', "<a =\">\">", "<a b/c='>'>",
    ],
)
def test_tags_are_read_as_the_html_tokenizer_reads_them(tag: str) -> None:
    # where the tag ends decides what is markup after it; lexbor is the reference
    html = tag + "<i>after</i>"
    ours = [re.match(r"[^\s/>]*", t).group(0) for t in _TOKENS.findall(html) if t]
    assert ("i" in ours) == (LexborHTMLParser(html).css_first("i") is not None)


def test_script_text_does_not_set_off_the_guard() -> None:
    script = "<script>" + "if (a<b) { s = '<div>' + s; }" * 2000 + "</script>"
    assert not could_nest_deep(f"<html><body>{script}<article>{PROSE}</article></body></html>")


def test_sloppy_but_ordinary_pages_are_left_alone() -> None:
    # unclosed paragraphs, list items and cells close themselves: nothing to cap
    html = (
        "<html><body><article>"
        + "<p>A short line about the quay<br><img src=x.png>" * 500
        + "<ul>" + "<li>an item" * 300 + "</ul>"
        + "<table>" + "<tr><td>cell<td>cell" * 200 + "</table>"
        + "<p><b>bold<p>still bold" * 100
        + "</article></body></html>"
    )
    bounded = bounded_nesting(html)
    for tag in ("<p>", "<li>", "<td>", "<tr>", "<img"):
        assert bounded.count(tag) == html.count(tag)  # no element capped away
    # only a <b> opened inside the same open <b> goes; the text is the same
    assert bounded.count("<b>") == 1
    assert LexborHTMLParser(bounded).text() == LexborHTMLParser(html).text()
    assert extract_article(bounded) == extract_article(html)


def test_section_pages_are_capped_too() -> None:
    html = "<html><body>" + "<div><span>" * 40_000 + "<a href='/2026/01/02/quay-deal'>x</a>"
    assert find_article_links(html, "https://example.org/") is not None


# ---------------------------------------------------------------- JSON-LD


def test_json_ld_nested_100k_deep_is_skipped_not_a_crash() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    good = json.dumps({"@type": "NewsArticle", "headline": "Quay deal signed", "author": "Ana"})
    html = (
        f'<html><head><script type="application/ld+json">{deep}</script>'
        f'<script type="application/ld+json">{good}</script></head>'
        f"<body><article>{PROSE}</article></body></html>"
    )
    article = extract_article(html, "https://example.org/a")
    assert article.title == "Quay deal signed"
    assert article.author == "Ana"
    assert "harbour board" in article.text


def test_json_nesting_counts_brackets_outside_strings() -> None:
    assert json_nesting('{"a": [1, {"b": "[[[[{{{{"}]}') == 3
    assert json_nesting("[" * 5000 + "]" * 5000) == 5000
    assert json_nesting('{"a": "\\"[[[[[[[[[[[[[[[[[["}' + " " * 200) == 1


def test_authors_nested_in_lists_are_read_without_recursion() -> None:
    author = {"name": "Lena Holm"}
    for _ in range(JSON_LD_MAX_DEPTH - 5):
        author = [author]
    data = json.dumps({"@type": "NewsArticle", "headline": "Quay", "author": author})
    html = f'<script type="application/ld+json">{data}</script><article>{PROSE}</article>'
    assert extract_article(html).author == "Lena Holm"


# ---------------------------------------------------------------- fuzzing

_FRAGMENTS = st.sampled_from(
    [
        "<div>", "</div>", "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<span>", "</span>",
        "<a href='/x'>", "</a>", "<table>", "<tr>", "<td>", "</td>", "</table>", "<ul>", "<li>",
        "</ul>", "<h1>", "</h1>", "<h2>", "<br>", "<img src=a>", "<script>", "</script>",
        "<style>", "<!--", "-->", "<svg>", "<path/>", "</svg>", "<article>", "</article>",
        "<nav>", "</nav>", "<footer>", "<div class='related'>", "<div class='entry-content'>",
        "<figure>", "<figcaption>", "&amp;", "&lt;", "<", ">", "\"", "'", " ", "\n",
        "The ferry board met. ", "Officials said the talks would resume on Monday. ",
        "<script type=\"application/ld+json\">", '{"@type": "NewsArticle", "articleBody": "',
        '"}', "[", "]", "{", "}", "\x00", "é", "中文",
    ]
)
_PAGES = st.lists(_FRAGMENTS, max_size=300).map("".join) | st.text(max_size=500)
_FUZZ = settings(
    max_examples=100, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@_FUZZ
@given(_PAGES)
def test_fuzzed_pages_never_raise(html: str) -> None:
    article = extract_article(html, "https://example.org/a")
    assert all(p and p == " ".join(p.split()) for p in article.paragraphs)
    find_article_links(html, "https://example.org/")


@_FUZZ
@given(st.lists(_FRAGMENTS, max_size=200).map("".join), st.integers(1, 400))
def test_fuzzed_nesting_is_capped_and_keeps_shallow_pages(html: str, repeat: int) -> None:
    bounded = bounded_nesting(html)
    assert tree_depth(bounded) <= max(tree_depth(html), 2 * MAX_DEPTH + 8)
    deep = "<div><b>" * repeat + html
    assert tree_depth(bounded_nesting(deep)) <= 2 * MAX_DEPTH + 8


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet="ab[]{}\"\\ ", max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner,
                                                                max_size=4),
    max_leaves=40,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@_FUZZ
@given(_JSON, st.integers(0, 150))
def test_fuzzed_json_ld_nesting_and_reading(value: object, wrap: int) -> None:
    for _ in range(wrap):
        value = [value]
    raw = json.dumps(value)
    assert json_nesting(raw) == _depth(value)
    html = f'<script type="application/ld+json">{raw}</script><article>{PROSE}</article>'
    assert "harbour board" in extract_article(html).text


# ---------------------------------------------------------------- hostile feeds

_FEED_UNDER_CPU_LIMIT = textwrap.dedent(
    """
    import resource, sys
    from xml.sax.saxutils import escape
    resource.setrlimit(resource.RLIMIT_CPU, (int(sys.argv[1]), int(sys.argv[1])))
    from monitor.parse import parse_feed
    unit = "<div><span><b>text "
    summary = escape(unit * (int(sys.argv[2]) // len(unit)))
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title><item>'
            '<title>Talks</title><link>https://news.example/a</link>'
            f'<description>{summary}</description></item></channel></rss>')
    [item] = parse_feed(feed.encode(), "https://news.example/feed.xml", {})
    print(item.summary.count("text"))
    """
)


def test_a_feed_summary_of_unclosed_nesting_is_read_in_linear_time() -> None:
    # A 1.2 MB summary of `<div><span><b>text`: 0.8 s of CPU with the nesting bounded, 41 s
    # without (the tree builder walks its stack of open elements per tag). The CPU limit
    # (SIGXCPU kills the child) is far from both.
    size = 1_200_000
    done = subprocess.run(
        [sys.executable, "-c", _FEED_UNDER_CPU_LIMIT, "15", str(size)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert int(done.stdout) == size // len("<div><span><b>text "), "every text is kept"


def test_a_page_of_countless_tiny_paragraphs_keeps_its_article_and_bounds_the_walk() -> None:
    # 5 MiB of "<p>x</p>" is 650,000 block elements: past the cap they are read as inline
    # text, so the walk's bookkeeping stays bounded while the article before them is intact.
    from monitor.parse.article import MAX_BLOCK_ELEMENTS, _blocks

    article = "<article>" + PROSE.replace("Tuesday", "Monday") + PROSE + "</article>"
    html = f"<html><body>{article}" + "<p>x</p>" * (MAX_BLOCK_ELEMENTS + 10_000) + "</body>"
    walk = _blocks(LexborHTMLParser(html))
    assert len(walk.tag_of) <= MAX_BLOCK_ELEMENTS
    paragraphs = extract_article(html, "https://example.org/a").paragraphs
    assert [p for p in paragraphs if "harbour" in p][:2] == [
        re.sub("<[^>]+>", "", PROSE.replace("Tuesday", "Monday")).strip(),
        re.sub("<[^>]+>", "", PROSE).strip(),
    ]


def test_the_plain_tag_pattern_ends_tags_where_the_full_one_does() -> None:
    full = re.compile(
        r"<(?:!--(?:>|->|[^-]*+(?:-(?!-!?>)[^-]*+)*+(?:--!?>)?)"
        rf"|{nesting._RAW_ELEMENT}|(/?[A-Za-z][^\s/>]*+){nesting._ATTRIBUTES}(?:>|\Z))"
    )
    atoms = ["<a", " ", "href", "=", '"', "'", ">", "/", "x", "<", "`", "\t", "-", ":", "<!--"]
    rng = random.Random(7)
    for _ in range(3000):
        html = "".join(rng.choice(atoms) for _ in range(rng.randint(1, 25)))
        spans = [m.span() for m in nesting._TOKENS.finditer(html)]
        assert spans == [m.span() for m in full.finditer(html)], html
