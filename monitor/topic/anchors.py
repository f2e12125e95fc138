"""Skip a regex on text that cannot match it, exactly: every match of a pattern contains one of
its *anchors*, literal strings read from the compiled pattern's syntax ("between" for "talks
between X and Y"; "war", "truce", "cease", ... for the theatre nouns). Checking them with `in`
on the lower-cased text costs a fraction of a regex scan, so each sentence is scanned only by
the patterns that can match in it. The anchors are read once, when a topic is compiled."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import ahocorasick

try:  # the regex parser of the standard library (re._parser since 3.11)
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - an interpreter without it only loses the shortcut
    sre_parse = sre_constants = None

# Characters that a case-insensitive ASCII letter matches but whose lower case is not that
# letter ("ſ" matches s, "ı" matches i): in text holding one, an anchor check could miss a
# match, so such text is always scanned (tests/test_topic_anchors.py derives this set).
CASE_FOLD_TRAPS = "ıſ"


class Gated:
    """A pattern that is an alternation (prefix (?:alt1|alt2|...) suffix), with the anchors of
    each alternative. In a text, an alternative none of whose anchors occurs cannot match, and
    dropping it changes no match: so a text is scanned by the alternation of only the
    alternatives it may hold (compiled once per combination), or not at all."""

    __slots__ = (
        "_subsets", "alternatives", "anchor_sets", "anchors", "flags", "pattern", "prefix", "suffix"
    )

    def __init__(
        self, alternatives: Sequence[str], prefix: str = "", suffix: str = "", flags: int = 0
    ) -> None:
        self.alternatives = tuple(alternatives)
        self.prefix, self.suffix, self.flags = prefix, suffix, flags
        self.pattern = self._compile(self.alternatives)
        self.anchors = tuple(anchors_of(re.compile(a, flags)) for a in self.alternatives)
        self.anchor_sets = tuple(None if a is None else frozenset(a) for a in self.anchors)
        self._subsets: dict[tuple[int, ...], re.Pattern[str]] = {}

    @classmethod
    def single(cls, pattern: re.Pattern[str]) -> Gated:
        """One pattern, skipped where none of its anchors occurs."""
        return cls([pattern.pattern], flags=pattern.flags)

    def _compile(self, alternatives: tuple[str, ...]) -> re.Pattern[str]:
        if len(self.alternatives) == 1:
            return re.compile(self.prefix + alternatives[0] + self.suffix, self.flags)
        return re.compile(
            self.prefix + "(?:" + "|".join(alternatives) + ")" + self.suffix, self.flags
        )

    def present(self, low: str, among: Iterable[int] | None = None) -> tuple[int, ...]:
        """The alternatives (by index) that may match the text whose lower case is `low`."""
        anchors = self.anchors
        return tuple(
            i
            for i in (range(len(anchors)) if among is None else among)
            if anchors[i] is None or any(a in low for a in anchors[i])  # type: ignore[union-attr]
        )

    def subset(self, present: tuple[int, ...]) -> re.Pattern[str]:
        """The alternation of the `present` alternatives, in their order."""
        if len(present) == len(self.alternatives):
            return self.pattern
        found = self._subsets.get(present)
        if found is None:
            found = self._compile(tuple(self.alternatives[i] for i in present))
            if len(self._subsets) < _MOST_SUBSETS:
                self._subsets[present] = found
        return found

    def finditer(
        self, text: str, low: str | None, among: tuple[int, ...] | None = None
    ) -> list[re.Match[str]]:
        """The matches in `text` (`low` its lower case, None to scan with every alternative),
        trying only the alternatives in `among` (those the whole article may hold)."""
        if low is None:
            return list(self.pattern.finditer(text))
        present = self.present(low, among)
        if not present:
            return []
        return list(self.subset(present).finditer(text))


_SHORTEST_ANCHOR = 3
_MOST_SUBSETS = 256  # combinations of alternatives kept compiled per pattern


class AnchorIndex:
    """Every anchor of a set of patterns in one Aho-Corasick automaton, compiled once per
    configuration: one pass over a sentence finds which anchors it holds."""

    def __init__(self, gates: Iterable[Gated | None]) -> None:
        self.anchors = frozenset(
            a for gate in gates if gate is not None for alt in gate.anchors if alt for a in alt
        )
        self._automaton = ahocorasick.Automaton()
        for anchor in self.anchors:
            self._automaton.add_word(anchor, anchor)
        if self.anchors:
            self._automaton.make_automaton()

    def held(self, low: str) -> set[str]:
        """The anchors the lower-cased text holds."""
        if not self.anchors:
            return set()
        return {anchor for _, anchor in self._automaton.iter(low)}


NO_INDEX = AnchorIndex(())


def safe_lower(text: str) -> str | None:
    """text.lower() for anchor checks, or None when the text holds a case-fold trap."""
    if not text.isascii() and any(trap in text for trap in CASE_FOLD_TRAPS):
        return None
    return text.lower()


def anchors_of(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literal strings (lower-cased, ASCII) one of which every match contains, or None."""
    if sre_parse is None:
        return None
    try:
        found = _factor(sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # an unexpected parse tree: scan always rather than guess
        return None
    # Non-ASCII anchors could miss a case-folded match; anchors this short ("in", "to") are
    # everywhere and save nothing; a newline would let an anchor span two sentences.
    if not found or not all(a.isascii() and len(a) >= _SHORTEST_ANCHOR and "\n" not in a
                            for a in found):
        return None
    # An anchor containing another is implied by it: keep the shorter.
    kept = sorted(found, key=len)
    minimal = [a for i, a in enumerate(kept) if not any(b in a for b in kept[:i])]
    return tuple(minimal)


def _factor(items: Any) -> frozenset[str] | None:
    """For a sequence of regex items: a set of strings one of which every match contains."""
    c = sre_constants
    candidates: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is c.LITERAL:
            run += chr(av).lower()
            continue
        if run:
            candidates.append(frozenset([run]))
            run = ""
        found: frozenset[str] | None = None
        if op is c.SUBPATTERN:
            found = _factor(av[-1])
        elif op is c.ATOMIC_GROUP:
            found = _factor(av)
        elif op is c.BRANCH:
            branches = [_factor(branch) for branch in av[1]]
            if all(b for b in branches):
                found = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            found = _factor(av[2])
        if found:
            candidates.append(found)
    if run:
        candidates.append(frozenset([run]))
    if not candidates:
        return None
    # The most selective: longest shortest anchor, then fewest anchors.
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)))
