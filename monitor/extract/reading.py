"""The shared ground of the direct-quote rules: patterns, the candidates they produce
(Attribution, SentenceSource, Cue), paragraph masking and sentence splitting, and the state a
paragraph reader holds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from monitor.extract.lexicon import Lexicon
from monitor.extract.quotes import QuoteSpan
from monitor.extract.speakers import Discourse, Resolution

MASK = "~"
# A wire dateline opening a story's first paragraph ("KYIV, Ukraine (AP) — ", "PARIS, Sept 4 — ",
# "MOSCOW, March 14 (Reuters) - ", "WASHINGTON — "), a live blog's time stamp ("3:33 p.m. — ",
# "14.05 GMT – ") or an agency's tag ("(MENAFN) ").
DATELINE = re.compile(
    r"(?:[A-Z][A-Z.’' -]{2,}(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?(?:,?\s+\d{1,2}|,\s*\d{4})*"
    r"(?:\s*\([^()]{1,30}\))?|"
    r"\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|[A-Z]{2,4}))?(?:\s+[A-Z]{2,4})?)"
    r"\s*(?:[—–]|--?)\s+(?=\S)|\([A-Z][A-Za-z]{1,14}\)\s*(?:[—–]|--?)?\s*(?=[A-Z])")
SENTENCE_END = re.compile(r"[.!?]+[”\"»’']?(?=\s+[“\"«‘'(\[]?[A-Z0-9~])")
# "Voss's warning of a “long winter for every crew”": quoted words after "of" are someone's
# utterance only when this long; shorter ones are terms ("her assertion of a “claim of right”").
MIN_UTTERANCE_WORDS = 5
NEAR_WORDS = 6  # a characterising verb ("called it") must be this close to its quote
# A sentence opening with a description of someone: "The Kremlin spokesman made clear …".
DESCRIBED_SUBJECT = re.compile(
    r"\s*((?:[Tt]he|[Aa]n?|[Oo]ne|[Hh]is|[Hh]er|[A-Z][\w.-]*['’]s)\s+(?:[\w’'.-]+\s+){0,3}?"
    r"([a-z]+))\b(?=\s+[a-z])")
DESCRIBED_SUBJECT_TITLE = re.compile(  # "The Prime Minister expressed …": a capitalised head
    r"\s*((?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[A-Z][\w.-]*['’]s)\s+(?:[\w’'.-]+\s+){0,3}?"
    r"([A-Z][a-z]+))\b(?=\s+[a-z])")
PARENTHESIS = re.compile(r"\s*\([^()]*\)")
# The owner in "his remarks", "Trump's message": someone's words, for "…: “quote”".
OWNER = re.compile(r"\b(?:[Hh]is|[Hh]er|[A-Z][\w-]*['’]s)(?=\s)")
# A cue followed at once by a finite verb: "the terms he said were unacceptable".
RELATIVE_CUE = re.compile(
    r"\s+(?:could|would|was|were|is|are|had|has|have|will|might|may|should|must|can|did)\b")
# ", asked about the plan, said": an aside ending in a comma right before the real verb.
PASSIVE_ASIDE = re.compile(
    r"[^,;:.!?~]{1,80},\s+(?:\w+\s+)?(?:said|says|replied|answered|told|added|responded)\b")
# "was called “…” by X", "has been described as “…” by X": a passive speech verb before a quote.
PASSIVE_REPORT = re.compile(
    r"\b(?:was|were|is|are|been|being)\s+(?:[a-z]+ly\s+)?([a-z]+ed)(?:\s+as)?\s*[“\"«]?$")
# "<owner>'s claim that “…”", "his own promise to “…”", "the assertion that “…”", "in Trump's
# words, “…”": a quote that is the content of a noun for someone's words, linked to it by
# "that", "to", a colon or a comma ("Trump's remarks “about …”" are described, not quoted).
CONTENT_OF = re.compile(
    r"(?:\b(?P<owner_phrase>(?P<owner>[A-Z][\w.-]*|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)"
    r"(?:['’]s)?)(?:\s+own)?|\b(?:[Tt]he|an?|this|that))"
    r"\s+(?:[\w-]+\s+){0,2}?(?P<noun>[a-z]+)"
    # "Trump's line at the press conference — “…”", "his remark in Paris that “…”"
    r"(?:\s+(?:at|in|on|during|from|after)\s+(?!which\b|whom\b)(?:[\w’'-]+\s+){0,3}?[\w’'-]+)?"
    r"(?:\s*(?:\s(?:that|to|for)|:|,|\s[—–]|(?P<of>\sof(?:\s+(?:an?|the))?))\s*"
    # "Trump's own summary — that there was “…”": a short clause of the content before it
    r"|\s*(?:[—–]\s*)?\sthat\s+(?:[\w’'-]+\s+){1,4})[“\"«]?$")
# A quote right after a determiner is a name ("studied the “… plan”"), not someone's words.
QUOTED_NAME_AFTER = re.compile(
    r"\b(?:[Tt]he|an?|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s*[“\"«]?$")
# "Putin's “See you soon in Moscow”": a tracked person's words named by a possessive alone.
POSSESSIVE_BEFORE = re.compile(r"\b([A-Z][\w.-]*)['’]s\s*[“\"«]?$")
# "Trump's post, in which he wrote": a relative clause about someone's words.
OWNED_RELATIVE = re.compile(
    r"\b(?P<owner>[A-Z][\w.-]*)['’]s\s+(?:[\w-]+\s+){0,2}?(?P<noun>[a-z]+)"
    r"(?:\s+(?:on|last|this|in)\s+[\w-]+){0,2},?\s+"  # "Zelensky's address on Friday, in which"
    r"(?:in\s+which|where|which)\s+(?:[a-z]+\s+)?(?:he|she)\s+(?:[a-z]+\s+)?$")
# A sentence opening with someone's words: "His answer was short", "Trump's post read".
OWNED_WORDS = re.compile(
    r"\s*(?P<phrase>(?:[Hh]is|[Hh]er|[A-Z][\w.-]*['’]s)\s+(?P<noun>[a-z]+))\b")
OWNED_WORDS_ADJ = re.compile(  # "His terse answer"
    r"\s*(?P<phrase>(?:[Hh]is|[Hh]er|[A-Z][\w.-]*['’]s)\s+[a-z-]+\s+(?P<noun>[a-z]+))\b")
# A sentence whose subject is someone's words: "Mr Trump's own reply came later",
# "Zelensky's later post went further": the owner is who the next "he" means.
OWNED_SUBJECT = re.compile(
    r"\s*(?P<owner>(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*)['’]s(?:\s+own)?"
    r"(?:\s+(?P<first>[a-z-]+))?\s+(?P<noun>[a-z]+)\b")
# A sentence opening with words just reported: "The post began on a conciliatory note:".
DEFINITE_WORDS = re.compile(
    r"\s*(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?P<first>[a-z-]+)\s+(?P<second>[a-z]+)\s+[a-z]")
# "“…” — Volodymyr Zelensky": a quote signed by its speaker, nothing else after it.
BYLINE = re.compile(r"\s*[—–-]\s*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*")
PASSIVE_BY = re.compile(r"\s+by\b")
# "Rattling off promises", "issuing warnings": a word right after a gerund (and its particle)
# is the gerund's object, a noun.
GERUND_OBJECT = re.compile(r"(?<![\w’'-])[A-Za-z]{2,}ing(?:\s+(?:off|up|out|on|in|back|down))?\s+$")
# A word starting in lower case after a space or an opening mark (not inside "Well-known").
LOWER_WORD = re.compile(r"(?:^|[\s(“\"«—–])[a-z]")
# An aside between dashes ("Peskov — who rarely comments — said"): not the main clause.
DASH_ASIDE = re.compile(r"\s[—–][^—–~]{2,80}[—–](?=\s)")
# ", Andriy Yermak," right after a description (an "of …" complement allowed before it).
APPOSITIVE_AFTER = re.compile(r"(?:\s+of\s+[a-z][\w\s]{0,30}?)?,\s*([A-Z][^,;:~]{2,40}),")
OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they"}
PREVIOUS_WORD = re.compile(r"(\S+)\s*$")
# "…, citing Peskov", "quoting a Kremlin aide": whose words an agency relays.
CITING = re.compile(r",\s+(citing|quoting)\s+([^,;:.!?~“”\"«»]{2,60})")
INFINITIVE_TO = re.compile(r"\bto\s+$")
# "…, said Secretary of State Marco Rubio, …": a speaker after the verb, inside commas.
INVERTED_ASIDE = re.compile(r"\s+(?:the\s+)?[A-Z][^,;:~“”\"«»]{1,80},")
AFTER_ASIDE_THAT = re.compile(r"[^,;:~]*,\s+that\b")
# "…, and if Russia rejected the offer": a verb in a condition reports nothing.
CONDITIONAL_SUBJECT = re.compile(r"\b(?:if|unless|whether|once|until)\s+[^,;:~]{1,40}$")
# Reversed text before a cue that opens with ", in a letter that …" / ", which …": the cue is in
# an aside (read backwards: no comma back to "that/which/who" after a noun, then a comma).
IN_ASIDE = re.compile(r"[^,;:~]*?\b(?:taht|hcihw|ohw)\b[^,;:~]*,")
# "a lengthy call", "the two-hour phone call": a determiner and one or two adjectives before
NOUN_PHRASE_BEFORE = re.compile(
    r"\b(?:a|an|the|his|her|their|its|this|that|another|first|second)\s+"
    r"(?:[a-z][\w-]*(?:ly)?\s+){1,2}$")
# "the Putin call", "a Trump post": a determiner, then a capitalised name, then the cue word
NAME_AS_MODIFIER = re.compile(r"(?<![\w’'])(\w+)\s+[A-Z][\w’'-]+\s+$")


@dataclass(frozen=True)
class Attribution:
    resolution: Resolution
    cue: str
    confidence: float
    rule: str = ""  # the named rule that found it: evidence, counted per rule (Mention.rule)


@dataclass(frozen=True)
class SentenceSource:
    """"According to X," opening a sentence: who X is, and where the phrase ends."""

    resolution: Resolution
    cue: str
    end: int


@dataclass
class Cue:
    start: int
    end: int
    word: str  # lower-cased, spaces collapsed
    kind: Literal["verb", "participle", "after"]


def mask_quotes(paragraph: str, spans: list[QuoteSpan]) -> str:
    """The paragraph with quoted words hidden, so cues and sentence ends inside are ignored."""
    chars = list(paragraph)
    for span in spans:
        chars[span.start:span.end] = MASK * (span.end - span.start)
        inner = paragraph[span.start:span.end].rstrip()
        if inner and inner[-1] in ".!?,":  # keep the sentence end a quote carries
            chars[span.start + len(inner) - 1] = inner[-1]
    return "".join(chars)


def is_title_case(masked: str) -> bool:
    """A subhead in title case ("Voss Praised “…”"): every word outside the quotes, two or
    more, is capitalised, so capitals mark neither names nor sentence starts."""
    if LOWER_WORD.search(masked):
        return False  # prose: some word starts in lower case (the common case, found early)
    words = re.findall(r"[A-Za-z][\w’'-]*", masked)
    return 2 <= len(words) <= 12 and all(w[0].isupper() for w in words)


def split_sentences(masked: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    dateline = DATELINE.match(masked)
    start = dateline.end() if dateline else 0  # "KYIV, Ukraine (AP) — ": not the sentence's
    for m in SENTENCE_END.finditer(masked):
        words = masked[start:m.start()].split()
        last = words[-1].lower().strip("(\"“") if words else ""
        if m.group()[0] == "." and (last in lexicon.abbreviations or "." in last
                                    or (len(last) == 1 and last.isalpha())):
            continue  # "U.S. President", "Mr. Trump", "J. Smith"
        bounds.append((start, m.end()))
        start = m.end()
    bounds.append((start, len(masked)))
    return [(s, e) for s, e in bounds if masked[s:e].strip()]


class ReaderState:
    """One paragraph as the rules read it: its text, quote spans, masked text (quoted words
    hidden), sentences and cues, with the article's discourse state. The rule families
    (cues.py, speaker_before.py, speaker_after.py, pronouns.py, roles.py, labels.py) are mixins
    over this state; ParagraphReader (direct.py) combines them."""

    d: Discourse
    lex: Lexicon
    text: str
    spans: list[QuoteSpan]
    masked: str
    title_case: bool
    sentences: list[tuple[int, int]]
    cues: list[Cue]
