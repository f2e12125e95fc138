"""Near-duplicate matching of statement wordings (pure: text in, decisions out).

The same utterance reaches us from many outlets in slightly different shapes: other quote marks,
trimmed at either end, "gonna" written as "going to", a clause dropped, one word changed. This
module decides when two wordings are the same statement, and stays conservative where merging
would be wrong: short generic fragments ("very well") only merge on an exact match or when they
sit inside exactly one longer candidate, and a difference in negation ("we are ready" / "we are
not ready") or in numbers ("30-day" / "60-day") blocks a fuzzy match.

`monitor.store` applies this per actor; nothing here knows about actors or databases.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from functools import lru_cache
from typing import TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

Key = TypeVar("Key", bound=Hashable)

# Below this many words a wording is a "fragment": it never matches fuzzily, only exactly or by
# being contained word for word in a longer wording (and then only when that is unambiguous).
MIN_FUZZY_WORDS = 4
# A one-word fragment ("No", "Absolutely") says nothing about which statement it belongs to.
MIN_CONTAINED_WORDS = 2
# Character-level similarity of the shorter wording to its best-aligned window in the longer one.
EXCERPT_MIN_SCORE = 90.0
# Share of the shorter wording's words found, in order, in the longer one.
EXCERPT_MIN_ORDERED = 0.75  # with a good character alignment (trimmed excerpt, a changed word)
DENSE_MIN_ORDERED = 0.85  # without one (a clause dropped from the middle)
DENSE_MIN_LENGTH_RATIO = 0.5  # the shorter has at least half the words of the longer

_APOSTROPHES = re.compile(r"[’‘ʼʻ`´′‛]")
_QUOTE_MARKS = re.compile(r"[\"“”„‟«»‹›〝〞〟＂]")
_IRREGULAR_NOT = {"won't": "will not", "can't": "can not", "shan't": "shall not", "ain't": "is not"}
_IRREGULAR_NOT_RE = re.compile(r"\b(" + "|".join(map(re.escape, _IRREGULAR_NOT)) + r")\b")
_NOT_RE = re.compile(r"(?<=[a-z])n't\b")
_SUFFIXES = {"'re": " are", "'ve": " have", "'ll": " will", "'m": " am", "'d": " would"}
_SUFFIX_RE = re.compile(r"(?<=[a-z])('re|'ve|'ll|'m|'d)\b")
# "'s" is a possessive after nouns ("Russia's"), so it is expanded only after these words.
_IS_AFTER = ("it", "that", "there", "he", "she", "what", "here", "who", "where", "how")
_IS_RE = re.compile(r"\b(" + "|".join(_IS_AFTER) + r")'s\b")
_COLLOQUIAL = {
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "gotten": "got",
    "lemme": "let me",
    "gimme": "give me",
    "cannot": "can not",
    "let's": "let us",
    "ok": "okay",
}
_COLLOQUIAL_RE = re.compile(r"\b(" + "|".join(map(re.escape, _COLLOQUIAL)) + r")\b")
_ELLIPSIS = re.compile(r"\.{2,}|…|\[\s*(?:\.\s*)+\]|\(\s*(?:\.\s*)+\)")
_INWORD_HYPHEN = re.compile(r"(?<=\w)[-‐‑](?=\w)")  # "cease-fire" and "ceasefire" are one word
_DIGIT_SEPARATOR = re.compile(r"(?<=\d)[,.\u00a0\u202f](?=\d{3}\b)")  # "100,000" -> "100000"
_NON_WORD = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")

NEGATIONS = frozenset(
    {"not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without", "nowhere"}
)


@lru_cache(maxsize=65536)  # the store normalises the same candidate wordings over and over
def normalize_wording(text: str) -> str:
    """The wording reduced to what matters for matching: lower-case words separated by single
    spaces; quote marks, punctuation, ellipses and dashes gone; apostrophes unified and common
    contractions and colloquial forms spelled out ("we're" -> "we are", "gonna" -> "going to")."""
    text = _DIGIT_SEPARATOR.sub("", text)  # before NFKC, which turns no-break spaces into spaces
    text = unicodedata.normalize("NFKC", text)  # also turns "…" into "...", full-width into ASCII
    text = _APOSTROPHES.sub("'", text)
    text = _QUOTE_MARKS.sub(" ", text)
    text = text.casefold()
    text = _IRREGULAR_NOT_RE.sub(lambda m: _IRREGULAR_NOT[m.group(1)], text)
    text = _NOT_RE.sub(" not", text)
    text = _SUFFIX_RE.sub(lambda m: _SUFFIXES[m.group(1)], text)
    text = _IS_RE.sub(r"\1 is", text)
    text = _COLLOQUIAL_RE.sub(lambda m: _COLLOQUIAL[m.group(1)], text)
    text = _ELLIPSIS.sub(" ", text)
    text = _INWORD_HYPHEN.sub("", text)
    text = text.replace("'", "")  # possessives and quote-mark apostrophes alike
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def fingerprint(text: str) -> str:
    """A short stable hash of the normalised wording: equal for wordings that differ only in
    marks, case, punctuation, spacing and contractions."""
    return hashlib.sha1(normalize_wording(text).encode("utf-8")).hexdigest()[:16]


# Words per shingle: a run of this many consecutive words of a normalised wording, hashed. A
# wording that contains another word for word holds every shingle of it, so a database index of
# shingles finds, among thousands of statements, the few that can contain or be contained in a
# wording (at least this many words long). Changing it needs a migration that rebuilds the
# stored shingles.
SHINGLE_WORDS = 5


def shingle_hashes(normalized: str, size: int = SHINGLE_WORDS) -> list[int]:
    """The hash of each run of `size` consecutive words of a normalised wording (from
    `normalize_wording`), in order, repeats kept: signed 64-bit integers that any process
    computes alike (not Python's salted hash). A wording of fewer words has none."""
    words = normalized.split()
    return [
        int.from_bytes(
            hashlib.blake2b(" ".join(words[i : i + size]).encode("utf-8"), digest_size=8).digest(),
            "big",
            signed=True,
        )
        for i in range(len(words) - size + 1)
    ]


def word_count(text: str) -> int:
    normalized = normalize_wording(text)
    return normalized.count(" ") + 1 if normalized else 0


def _contains(longer: str, shorter: str) -> bool:
    """Whether normalised `shorter` occurs in normalised `longer` as whole words."""
    return f" {shorter} " in f" {longer} "


def is_excerpt(part: str, whole: str) -> bool:
    """Whether `part` occurs word for word in `whole`, after normalisation of both."""
    normalized_part = normalize_wording(part)
    return bool(normalized_part) and _contains(normalize_wording(whole), normalized_part)


def _ordered_share(short_words: list[str], long_words: list[str]) -> float:
    """Share of the short wording's words that appear in the long one in the same order."""
    return LCSseq.similarity(short_words, long_words) / len(short_words)


def _aligned_window(short: str, long: str) -> tuple[float, str]:
    """The best character alignment of `short` inside `long`, widened to whole words."""
    alignment = fuzz.partial_ratio_alignment(short, long)
    start, end = alignment.dest_start, alignment.dest_end
    while start > 0 and long[start - 1] != " ":
        start -= 1
    while end < len(long) and long[end] != " ":
        end += 1
    return alignment.score, long[start:end]


def _meaning_differs(a_words: Iterable[str], b_words: Iterable[str]) -> bool:
    """A negation or a number present in one and not the other: a different statement however
    similar the rest of the words are."""
    a_list, b_list = list(a_words), list(b_words)
    a_neg = sorted(w for w in a_list if w in NEGATIONS)
    b_neg = sorted(w for w in b_list if w in NEGATIONS)
    if a_neg != b_neg:
        return True
    a_num = sorted(w for w in a_list if any(c.isdigit() for c in w))
    b_num = sorted(w for w in b_list if any(c.isdigit() for c in w))
    return a_num != b_num


def _split_by_length(a: str, b: str) -> tuple[str, str]:
    a_len, b_len = a.count(" "), b.count(" ")
    if (a_len, len(a)) <= (b_len, len(b)):
        return a, b
    return b, a


def _fuzzy_same(short: str, long: str) -> bool:
    """The fuzzy decision for two normalised wordings, the shorter one first (neither contains
    the other word for word)."""
    short_words, long_words = short.split(), long.split()
    if len(short_words) < MIN_FUZZY_WORDS:
        return False
    ordered = _ordered_share(short_words, long_words)
    # A trimmed excerpt with a small change: aligns well with a window of the longer wording.
    score, window = _aligned_window(short, long)
    if score >= EXCERPT_MIN_SCORE and ordered >= EXCERPT_MIN_ORDERED:
        window_words = window.split()
        if _ordered_share(short_words, window_words) >= EXCERPT_MIN_ORDERED and not (
            _meaning_differs(short_words, window_words)
        ):
            return True
    # A clause dropped from the middle: nearly all words of the shorter, in order, and of a
    # comparable length so that common words scattered over a long text do not count.
    return (
        len(short_words) / len(long_words) >= DENSE_MIN_LENGTH_RATIO
        and ordered >= DENSE_MIN_ORDERED
        and not _meaning_differs(short_words, long_words)
    )


def similarity(a: str, b: str) -> float:
    """How alike two wordings are, from 0.0 to 1.0, after normalisation: 1.0 when equal or when
    one contains the other word for word, else the best of the character alignment of the
    shorter inside the longer and the in-order share of its words. A score, not a decision: use
    `same_statement` to decide (it adds the fragment, negation and number guards)."""
    na, nb = normalize_wording(a), normalize_wording(b)
    if not na or not nb:
        return 0.0
    short, long = _split_by_length(na, nb)
    if short == long or _contains(long, short):
        return 1.0
    alignment = fuzz.partial_ratio(short, long) / 100.0
    ordered = _ordered_share(short.split(), long.split())
    return min(max(alignment, ordered), 0.99)  # 1.0 is kept for equal or contained wordings


def same_statement(a: str, b: str) -> bool:
    """Whether two wordings (of the same actor) are the same statement: equal after
    normalisation, one contained word for word in the other (a trimmed excerpt; a fragment needs
    at least two words), or a near match of at least four words with no difference in negation
    or numbers (one word changed, a clause dropped)."""
    na, nb = normalize_wording(a), normalize_wording(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    short, long = _split_by_length(na, nb)
    if _contains(long, short):
        return short.count(" ") + 1 >= MIN_CONTAINED_WORDS
    return _fuzzy_same(short, long)


@lru_cache(maxsize=65536)
def _words(normalized: str) -> tuple[str, ...]:
    return tuple(normalized.split())


def best_match(text: str, candidates: Sequence[tuple[Key, str]]) -> Key | None:
    """The key of the candidate wording that `text` is the same statement as, or None.

    `candidates` are (key, wording) pairs of one actor, in order of preference for ties
    (earliest statement first). An exact normalised match wins; a fragment (fewer than four
    words) otherwise joins only the one statement that contains it (none if several do); a
    longer wording joins the most similar candidate that `same_statement` accepts."""
    normalized = normalize_wording(text)
    if not normalized:
        return None
    words = _words(normalized)
    fragment = len(words) < MIN_FUZZY_WORDS
    one_word = len(words) < MIN_CONTAINED_WORDS  # matches only exactly
    # One pass over the candidates: exact match, containment, word lists for the LCS below.
    normalized_candidates: list[str] = []
    candidate_words: list[tuple[str, ...]] = []
    containing: set[Key] = set()  # candidates containing a fragment
    shortlist: set[int] = set()  # candidates containing, or contained in, a longer wording
    for index, (key, wording) in enumerate(candidates):
        candidate = normalize_wording(wording)
        if candidate == normalized:
            return key
        normalized_candidates.append(candidate)
        candidate_words.append(_words(candidate))
        if not candidate or one_word:
            continue
        if fragment:
            if _contains(candidate, normalized):
                containing.add(key)
        elif _contains(candidate, normalized) or _contains(normalized, candidate):
            shortlist.add(index)
    if one_word:
        return None
    if fragment:
        return containing.pop() if len(containing) == 1 else None

    # Every way to match needs containment or most of the shorter wording's words in order in
    # the longer one: a word-level LCS over all candidates (C speed) finds the few worth the
    # exact decision.
    least = int(EXCERPT_MIN_ORDERED * MIN_CONTAINED_WORDS)
    for _, common, index in process.extract(
        words, candidate_words, scorer=LCSseq.similarity, score_cutoff=least, limit=None
    ):
        if common >= EXCERPT_MIN_ORDERED * min(len(words), len(candidate_words[index])):
            shortlist.add(index)
    # The most similar wins; among equals (say, two statements contained in the new wording)
    # the one sharing more words with it; then the earliest candidate.
    best: tuple[float, int, int] | None = None
    for index in sorted(shortlist):
        candidate = normalized_candidates[index]
        if not same_statement(normalized, candidate):
            continue
        score = (similarity(normalized, candidate), min(len(words), len(candidate_words[index])))
        if best is None or score > best[:2]:
            best = (*score, index)
    return candidates[best[2]][0] if best is not None else None
