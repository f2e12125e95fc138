"""Quoted spans in a paragraph: pairing of opening and closing marks of every house style.

Curly “…”, guillemets «…» and low-high „…“ have distinct opening and closing marks. Straight
"…" marks are told apart by what surrounds them (an opening mark follows a space and precedes a
word), falling back to alternation. Single marks (‘…’, '…') are only nested quotes inside a
double-quoted span and are never spans of their own, so apostrophes (don’t, Russia's) are safe.
A span opened and not closed in its paragraph runs to the paragraph's end (`open_end`): the
next paragraph that starts with an opening mark continues the same quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = {"“": "curly", "«": "guillemet", "„": "low"}
CLOSING = {"”": "curly", "»": "guillemet"}
# „ closes with “ in German style; “ then doubles as a closing mark for a span opened by „.
STRAIGHT = '"'
MARKS = re.compile("[“”«»„\"]")
_BEFORE_OPEN = set(" \t\n([{—–-/:;")
_AFTER_CLOSE = set(" \t\n,.;:!?)]}—–-…")


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    opened: int  # position of the opening mark
    closed: int  # position of the closing mark, or len(paragraph) when left open
    open_end: bool  # not closed in this paragraph: the quotation goes on in the next one


def _straight_role(text: str, i: int) -> str:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in _BEFORE_OPEN and after not in " \t\n":
        return "open"
    if after in _AFTER_CLOSE and before not in " \t\n":
        return "close"
    return "either"


def find_quote_spans(paragraph: str) -> list[QuoteSpan]:
    """The top-level quoted spans of one paragraph, in order."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    open_style = ""
    for mark in MARKS.finditer(paragraph):  # only the marks: a paragraph is mostly words
        i, ch = mark.start(), mark.group()
        if ch == STRAIGHT:
            role = _straight_role(paragraph, i)
            if open_at is None:
                if role != "close":
                    open_at, open_style = i, "straight"
                continue
            if open_style != "straight":
                continue  # a straight mark inside a curly quotation is nested
            if role == "open" and i + 1 < len(paragraph) and paragraph[i - 1] in " \t\n":
                # Two openings in a row: the first was a stray mark; start again here.
                open_at = i
                continue
            spans.append(QuoteSpan(open_at + 1, i, open_at, i, False))
            open_at = None
        elif ch in OPENING or (ch == "“" and open_style == "low"):
            if open_at is not None and open_style == "low" and ch == "“":
                spans.append(QuoteSpan(open_at + 1, i, open_at, i, False))
                open_at = None
            elif open_at is None:
                open_at, open_style = i, OPENING[ch]
            elif open_style == OPENING[ch]:
                # An opening mark inside an open span of the same style: the earlier mark was
                # stray (a quotation that was never closed). Keep the earlier text as its own
                # span only if it ends a sentence, else restart here.
                open_at = i
        elif ch in CLOSING and open_at is not None and open_style == CLOSING[ch]:
            spans.append(QuoteSpan(open_at + 1, i, open_at, i, False))
            open_at = None
    if open_at is not None:
        spans.append(QuoteSpan(open_at + 1, len(paragraph), open_at, len(paragraph), True))
    return spans


def starts_with_opening(paragraph: str, spans: list[QuoteSpan]) -> bool:
    """True when the paragraph begins with a quotation (possibly continuing the last one)."""
    return bool(spans) and not paragraph[: spans[0].opened].strip()
