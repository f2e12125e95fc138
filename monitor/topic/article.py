"""The article as weighted units: the headline and the sentences of each paragraph."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from monitor.topic.profile import Weights

# A sentence ends at . ! ? before a capital, but not after "U.S." or "Mr." and the like;
# quotation marks of any style (“…”, «…», „…“) may close the one and open the next.
_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])(?<!\.[A-Z]\.)(?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)"
    r"(?<!Mrs\.)|(?<=[.!?][\"”’)»]))\s+(?=[\"“‘(«„]?[A-Z])"
)
_TITLE_WORD = re.compile(r"[A-Za-z][\w’']*")
_TITLE_CASE_SHARE = 0.8  # of the longer words capitalised: a Headline Like This
_TITLE_CASE_WORDS = 3  # ... of at least this many longer words
_NAME_SPLIT = re.compile(r"[\s\-]+")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class Sentence:
    text: str
    weight: float
    paragraph: int  # -1 for the title


def sentences(title: str | None, paragraphs: Sequence[str], weights: Weights) -> list[Sentence]:
    units: list[Sentence] = []
    if title and title.strip():
        units.append(Sentence(title.strip(), weights.title, -1))
    for index, paragraph in enumerate(paragraphs):
        weight = weights.lead if index == 0 else weights.second if index == 1 else weights.body
        for sentence in _SENTENCE_END.split(paragraph.strip()):
            if sentence:
                units.append(Sentence(sentence, weight, index))
    return units


def is_title_case(title: str) -> bool:
    """Headline Style Capitalises Every Word, so capitals there do not mark names."""
    words = [w for w in _TITLE_WORD.findall(title) if len(w) > 3]
    return len(words) >= _TITLE_CASE_WORDS and sum(w[0].isupper() for w in words) >= (
        _TITLE_CASE_SHARE * len(words)
    )


def name_words(name: str, not_places: Collection[str]) -> list[str]:
    """The words of a name, without a possessive and without leading "The", "After", ..."""
    words = [w for w in _NAME_SPLIT.split(_POSSESSIVE.sub("", name)) if w]
    while words and words[0].lower() in not_places:
        words.pop(0)
    return [w for w in words if w.lower() not in not_places]
