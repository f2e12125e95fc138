"""canonical_url: one spelling per article URL."""

import pytest

from monitor.parse import canonical_url


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("HTTPS://Example.ORG:443/a/b.html", None, "https://example.org/a/b.html"),
        ("http://example.org:80/x", None, "http://example.org/x"),
        ("http://example.org:8080/x", None, "http://example.org:8080/x"),
        ("https://example.org", None, "https://example.org/"),
        ("https://example.org/a#comments", None, "https://example.org/a"),
        ("/world/story.html", "https://example.org/world/", "https://example.org/world/story.html"),
        ("story.html", "https://example.org/world/index.html", "https://example.org/world/story.html"),
        ("//cdn.example.org/a", "https://example.org/", "https://cdn.example.org/a"),
        (
            "https://example.org/a?utm_source=rss&id=7&utm_medium=feed&fbclid=x&page=2",
            None,
            "https://example.org/a?id=7&page=2",
        ),
        (
            "https://example.org/a?gclid=1&mc_cid=2&mc_eid=3&ocid=4&cmpid=5&ref=6&ref_src=7"
            "&_ga=8&igshid=9&UTM_Campaign=10",
            None,
            "https://example.org/a",
        ),
        # remaining parameters keep their order and spelling
        ("https://example.org/s?b=2&a=1&q=a%20b", None, "https://example.org/s?b=2&a=1&q=a%20b"),
        ("https://example.org/Path/Case.HTML", None, "https://example.org/Path/Case.HTML"),
    ],
)
def test_canonical_url(url: str, base: str | None, expected: str) -> None:
    assert canonical_url(url, base) == expected


def test_canonical_url_is_idempotent() -> None:
    once = canonical_url("HTTP://WWW.Example.org:80/a?utm_term=x&id=1#top")
    assert once == "http://www.example.org/a?id=1"
    assert canonical_url(once) == once
