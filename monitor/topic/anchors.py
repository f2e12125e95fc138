"""Skip a regex on text that cannot match it, exactly: every match of a pattern contains one of
its *anchors*, literal strings read from the compiled pattern's syntax ("between" for "talks
between X and Y"; "war", "truce", "cease", ... for the theatre nouns). Checking them with `in`
on the lower-cased text costs a fraction of a regex scan, so each sentence is scanned only by
the patterns that can match in it. The anchors are read once, when a topic is compiled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

try:  # the regex parser of the standard library (re._parser since 3.11)
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - an interpreter without it only loses the shortcut
    sre_parse = sre_constants = None

# Characters that a case-insensitive ASCII letter matches but whose lower case is not that
# letter ("ſ" matches s, "ı" matches i): in text holding one, an anchor check could miss a
# match, so such text is always scanned (tests/test_topic_anchors.py derives this set).
CASE_FOLD_TRAPS = "ıſ"


@dataclass(frozen=True)
class Gated:
    """A pattern with the anchors one of which every match contains (None: no shortcut)."""

    pattern: re.Pattern[str]
    anchors: tuple[str, ...] | None

    def may_match(self, low: str) -> bool:
        """False only when the pattern cannot match the text whose lower case is `low`."""
        anchors = self.anchors
        if anchors is None:
            return True
        return any(anchor in low for anchor in anchors)

    def finditer(self, text: str, low: str | None) -> list[re.Match[str]]:
        """The pattern's matches in `text`; `low` is text.lower(), or None to always scan."""
        if low is not None and not self.may_match(low):
            return []
        return list(self.pattern.finditer(text))


def gated(pattern: re.Pattern[str]) -> Gated:
    return Gated(pattern, anchors_of(pattern))


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
    if not found or not all(a.isascii() and a for a in found):
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
