"""Configured terms as one pattern each: case-insensitive, tolerant of inflection ("negotiations"
finds "negotiate", "negotiator"; "memorandum" finds "memoranda"), of plural modifiers and of the
separator inside a term ("cease-fire", "cease fire", "ceasefire")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from monitor.topic.anchors import Gated

_INFLECTABLE_SUFFIXES = ("ions", "ion", "ors", "or", "ings", "ing", "ed", "es", "s", "e")
_SHORTEST_INFLECTED = 4  # shorter words ("war", "EU") only take a plural
_SHORTEST_STEM = 4  # a suffix is cut only when this much of the word is left


def word_pattern(word: str, inflect: bool) -> str:
    """A regex for one word of a term: inflected forms when `inflect`, else an optional plural."""
    lower = word.lower()
    if not inflect or len(lower) < _SHORTEST_INFLECTED:
        return re.escape(lower) + r"(?:s|es)?"
    if lower.endswith("um"):  # memorandum, memoranda, memorandums
        return re.escape(lower[:-2]) + r"(?:um|ums|a)"
    stem = lower
    for suffix in _INFLECTABLE_SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= _SHORTEST_STEM:
            stem = lower[: -len(suffix)]
            break
    doubled = re.escape(stem[-1]) + "?" if stem[-1] not in "aeiouy" else ""
    return (
        re.escape(stem)
        + r"(?:e|es|s|ed|ing|ion|ions|or|ors|"
        + doubled
        + r"ed|"
        + doubled
        + r"ing)?"
    )


def term_pattern(term: str, inflect: bool) -> str:
    """Words of a term joined by an optional space or hyphen; only the last word inflects."""
    words = [w for w in re.split(r"[\s\-]+", term.strip()) if w]
    parts = [word_pattern(w, inflect and i == len(words) - 1) for i, w in enumerate(words)]
    return r"[\s\-]*".join(parts)


TERM_PREFIX, TERM_SUFFIX = r"(?<!\w)", r"(?!\w)"


def term_alternatives(terms: Sequence[str], inflect: bool) -> list[str]:
    """One alternative per term, longest first (so "peace talks" wins over "peace")."""
    kept = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    return [term_pattern(t, inflect) for t in kept]


def any_term(terms: Sequence[str], inflect: bool) -> re.Pattern[str] | None:
    """One pattern for all the terms, longest first: one scan instead of one per term, and
    with the word boundaries outside the alternation, which keeps Python's regex engine fast."""
    alternatives = term_alternatives(terms, inflect)
    if not alternatives:
        return None
    return re.compile(TERM_PREFIX + "(?:" + "|".join(alternatives) + ")" + TERM_SUFFIX, re.I)


def gated_terms(terms: Sequence[str], inflect: bool) -> Gated | None:
    """The same pattern as `any_term`, scanning a text only with the terms it may hold."""
    alternatives = term_alternatives(terms, inflect)
    if not alternatives:
        return None
    return Gated(alternatives, TERM_PREFIX, TERM_SUFFIX, re.IGNORECASE)


def surface_forms(wordings: Iterable[str]) -> tuple[str, ...]:
    """The distinct wordings found, lower-cased, in order of first appearance."""
    found: dict[str, None] = {}
    for wording in wordings:
        found.setdefault(_SPACES.sub(" ", wording.lower()))
    return tuple(found)


_SPACES = re.compile(r"\s+")
