"""Anchors let a sentence skip the patterns it cannot match: never at the cost of a match."""

from __future__ import annotations

import re
import string
import sys

import pytest

from monitor.models import Topic
from monitor.topic.anchors import CASE_FOLD_TRAPS, NO_INDEX, AnchorIndex, Gated, anchors_of
from monitor.topic.article import Sentence
from monitor.topic.compiled import compile_topic
from monitor.topic.evidence import Scan
from monitor.topic.profile import load_profile

CEASEFIRE = load_profile("ceasefire")
COMPILED = compile_topic(Topic(include=CEASEFIRE.terms.include, require=CEASEFIRE.terms.require))
assert COMPILED.places is not None and COMPILED.wording is not None
PATTERNS = {
    "include": COMPILED.include,
    "require": COMPILED.require,
    "wording": COMPILED.wording,
    "politics": COMPILED.politics,
    "theatre": COMPILED.places.theatre,
    "talks_between": COMPILED.places.talks_between,
    "parties_sign": COMPILED.places.parties_sign,
    "pair": COMPILED.pair,
}
SENTENCES = [
    "Kyiv and Moscow agreed to a 30-day truce after talks in Istanbul.",
    "The war has to end, Russia's envoy said, and the fighting must be stopped.",
    "Talks between Armenia and Azerbaijan resumed; the two sides signed nothing.",
    "Negotiators swapped 150 prisoners, and a CEASE-FIRE memoranda was drafted.",
    "Armenia and Azerbaijan have signed a peace framework.",
    "The Kremlin said Syria was in talks with Russia on a settlement of the war.",
    "A deal-breaker for Kyiv: no summit, no meeting, no sanctions relief.",
    "Nothing here but the harbor, the ferries and the evening tide.",
    "Peace\u017f talks in the Kremlin\u0131 hall",  # case-fold traps: scanned in full
]


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        (r"talks\s+between\s+(\w+)", ("between",)),  # the longest mandatory literal
        (r"(?:war|conflict)s?\s+in", ("war", "conflict")),
        (r"(?i:peace|truce)\s+deal", ("peace", "truce")),  # the longest shortest anchor
        (r"(?:in|to)\s+[A-Z]\w+", None),  # too short to save anything
        (r"[A-Z]\w+", None),  # no literal at all
        (r"(?:talk|talks|talked)", ("talk",)),  # an anchor containing another is implied
        (r"x?(?:deal)?\s+", None),  # nothing mandatory
    ],
)
def test_anchors_are_the_mandatory_literals(pattern: str, anchors: tuple[str, ...] | None
                                            ) -> None:
    found = anchors_of(re.compile(pattern))
    assert (sorted(found) if found else None) == (sorted(anchors) if anchors else None)


def test_the_case_fold_traps_are_every_character_an_ascii_letter_folds_to() -> None:
    """A case-insensitive ASCII letter matches these, yet they do not lower-case to it."""
    letter = re.compile(r"(?i)[a-z]")
    traps = {
        c for c in map(chr, range(0x80, sys.maxunicode + 1))
        if letter.fullmatch(c) and not set(c.lower()) & set(string.ascii_lowercase)
    }
    assert traps == set(CASE_FOLD_TRAPS)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_a_sentence_scanned_through_its_anchors_finds_every_match(name: str) -> None:
    gate = PATTERNS[name]
    assert isinstance(gate, Gated)
    sentences = [Sentence(text, 1.0, i) for i, text in enumerate(SENTENCES)]
    assert Scan(sentences[-1:]).low is None  # the trap sentence disables the shortcut
    # with the automaton of every anchor, with one of only some, and with none
    for anchors in (AnchorIndex(PATTERNS.values()), AnchorIndex([gate]), NO_INDEX):
        scan = Scan(sentences, anchors)
        for index, s in enumerate(sentences):
            expected = [(m.span(), m.lastgroup) for m in gate.pattern.finditer(s.text)]
            assert [(m.span(), m.lastgroup) for m in scan.find(gate, index, s.text)] == expected
        whole = [m.span() for m in gate.pattern.finditer(scan.whole)]
        assert [m.span() for m in scan.find_all(gate)] == whole


def test_an_article_without_an_anchor_is_never_scanned() -> None:
    scan = Scan([Sentence("The ferries run late on Sundays.", 1.0, 0)])
    theatre = COMPILED.places.theatre  # type: ignore[union-attr]
    assert scan.find(theatre, 0, "The ferries run late on Sundays.") == []
    assert theatre.present("the ferries run late on sundays.") == ()


def test_the_automaton_finds_every_anchor_a_sentence_holds() -> None:
    index = AnchorIndex(PATTERNS.values())
    held = index.held("the warring sides signed a truce near the border")
    assert {"war", "truce", "sign"} <= held and "peace" not in held
