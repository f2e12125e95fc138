"""One fast regular expression for a long list of phrases (names, titles, speech verbs).

A plain alternation "a|b|c|…" makes the regex engine try every phrase at every position; a trie
of the phrases ("Vladimir (?:Putin|Medinsky)") tries each first letter once. Longer phrases win
where they share a start, as in the plain alternation sorted longest first.
"""

from __future__ import annotations

from collections.abc import Iterable

# How a character of a phrase may appear in text.
_FLEXIBLE = {" ": r"\s+", "'": "['’]", "’": "['’]"}


def _fragment(ch: str) -> str:
    if ch in _FLEXIBLE:
        return _FLEXIBLE[ch]
    return "\\" + ch if ch in r".^$*+?{}[]\|()-#&~" else ch


def phrase_pattern(phrases: Iterable[str]) -> str:
    """A regex source matching any of `phrases` (no boundaries: the caller adds them)."""
    trie: dict = {}
    for phrase in phrases:
        if not phrase:
            continue
        node = trie
        for ch in phrase:
            node = node.setdefault(_fragment(ch), {})
        node[""] = {}
    return _render(trie)


def _render(node: dict) -> str:
    ends = "" in node
    branches = [frag + _render(child) for frag, child in sorted(node.items()) if frag]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?"
    return body
