"""Quoted spans: pairing of marks in every house style, apostrophes, stray and open marks."""

from __future__ import annotations

import pytest

from monitor.extract.quotes import find_quote_spans


def spans(paragraph: str) -> list[tuple[str, bool]]:
    return [(paragraph[s.start:s.end], s.open_end) for s in find_quote_spans(paragraph)]


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("“We are ready,” he said, “to talk.”", [("We are ready,", False), ("to talk.", False)]),
    ('"We are ready," he said, "to talk."', [("We are ready,", False), ("to talk.", False)]),
    ("«We are ready», he said, «to talk.»", [("We are ready", False), ("to talk.", False)]),
    ("„Wir sind bereit“, sagte er.", [("Wir sind bereit", False)]),
    # apostrophes and nested single quotes stay inside the span
    ("“Russia's offer isn’t ‘final’ yet,” he said.",
     [("Russia's offer isn’t ‘final’ yet,", False)]),
    ("\"Russia's offer isn't 'final' yet,\" he said.",
     [("Russia's offer isn't 'final' yet,", False)]),
    ("Trump's envoy and the Kremlin's aide met.", []),
    # a quotation going on in the next paragraph
    ("He said: “The first part.", [("The first part.", True)]),
    ('He said: "The first part.', [("The first part.", True)]),
    # a stray opening mark: the later, closed quotation is the span
    ("the word “truce came up. “We want a real truce,” he said.",
     [("We want a real truce,", False)]),
    ('He said "yes" and "no" to "the plan."',
     [("yes", False), ("no", False), ("the plan.", False)]),
    ("A closing mark alone” is ignored.", []),
])
def test_quote_spans(paragraph: str, expected: list[tuple[str, bool]]) -> None:
    assert spans(paragraph) == expected
