"""Direct quotes: which quoted spans a tracked actor said, with the evidence for it.

For each quoted span, in reading order:
1. a cue after the quote (“…,” Peskov said / said the Kremlin spokesman / he added), unless
   the cue sits in a relative clause about the words (“…,” terms the mediator said were …);
   a signature (“…” — Volodymyr Zelensky);
2. else the owner of words the quote is the content of (dismissed Zelensky's claim that “…”;
   in Trump's words, “…”), or the governing cue before it in its sentence (Peskov said Putin
   told Trump “…” is Peskov's: a cue inside the complement of another is second-hand;
   TASS quoted Peskov as saying “…” is Peskov's);
   a quoted modifier inside a clause such a cue reports is the speaker's wording (said he
   had a “long and useful” call), while a label in narration stays nobody's; a possessive
   right before an utterance (Putin's “See you soon in Moscow”); a colon after a clause whose
   subject follows the last cue (…, while Putin closed with a joke: “…”);
3. else a passive report's agent (was called “…” by Trump), a headline-style "Putin: “…”";
4. else the speaker of the previous sentence or paragraph, when the quote opens its sentence
   (Zelensky said in his nightly address. “…”), or the rest of a multi-paragraph quotation;
   a sentence about the words just quoted (The post began on a warning: “…”) goes on with
   their author.
Interview transcripts: an "A:" answer is the interviewee's, a "Q:" or "Asked “…?”"
question the interviewer's (monitor.extract.article). Someone's words as a sentence subject
("Zelensky's later post went further.") make the owner the one "he" means.
Quotes no one is reported as saying (scare quotes, labels, a readout's wording) get no
speaker and are dropped. Speaker phrases are resolved in monitor.extract.speakers; when the
reading is genuinely ambiguous (two presidents taking turns and "the president said") the
quote gets no one rather than a guess. The article-level reading order lives in
monitor.extract.article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from monitor.extract.actors import find_actor_refs
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


class ParagraphReader:
    """Attribution inside one paragraph, sharing the article's discourse state."""

    def __init__(self, discourse: Discourse, paragraph: str, spans: list[QuoteSpan]):
        self.d = discourse
        self.lex = discourse.lexicon
        self.text = paragraph
        self.spans = spans
        self.masked = mask_quotes(paragraph, spans)
        self.title_case = is_title_case(self.masked)
        self.sentences = split_sentences(self.masked, self.lex)
        self.cues = self._find_cues()

    def _find_cues(self) -> list[Cue]:
        cues = []
        for m in self.lex.cue_pattern.finditer(self.masked):
            word = re.sub(r"\s+", " ", m.group().lower())
            kind_of: Literal["verb", "participle", "after"] = (
                "after" if word in self.lex.speaker_after else
                "participle" if word in self.lex.participles else "verb")
            if m.group()[0].isupper() and word not in self.lex.speaker_after and \
                    not self.title_case:
                continue  # "Asked about…", "Says who" at a sentence start are not cues
            before = PREVIOUS_WORD.search(self.masked, max(0, m.start() - 24), m.start())
            if word in self.lex.speech_nouns or word in ("call", "calls"):
                named_noun = NAME_AS_MODIFIER.search(self.masked, max(0, m.start() - 40),
                                                     m.start())
                if named_noun and named_noun.group(1).lower() in self.lex.noun_markers:
                    continue  # "after the Putin call", "a Trump post": a name modifying a noun
                if NOUN_PHRASE_BEFORE.search(self.masked, max(0, m.start() - 40), m.start()):
                    continue  # "held a lengthy call", "a two-hour call": an adjective between
            if before and (before.group(1).lower() in self.lex.noun_markers
                           or before.group(1).endswith(("'s", "’s"))):
                continue  # "after the call", "his claims", "Zelensky's call" are nouns
            if kind_of != "participle" and "ing" in self.masked[max(0, m.start() - 14):
                                                                 m.start()] and \
                    self.after_gerund(m.start()):
                continue  # "Rattling off promises", "issuing warnings": a gerund's object
            if PASSIVE_BY.match(self.masked, m.end()) and word not in self.lex.speaker_after:
                continue  # "the truce demanded by Kyiv": a passive participle, not a report
            if word in ("asked", "told") and before and (
                    before.group(1).lower() in self.lex.passive_markers or (
                        before.group(1).endswith(",") and PASSIVE_ASIDE.match(
                            self.masked, m.end()))):
                continue  # "Trump, asked whether …, said", "was told that": someone else asked
            cues.append(Cue(m.start(), m.end(), word, kind_of))
        return cues

    def after_gerund(self, pos: int) -> bool:
        """Whether a gerund stands right before `pos` ("issuing warnings"), a noun in -ing
        ("on Thursday evening said", rule ing_noun_before_cue) aside."""
        gerund = GERUND_OBJECT.search(self.masked, max(0, pos - 30), pos)
        return gerund is not None and gerund.group().split()[0].lower() not in self.lex.ing_nouns

    # ------------------------------------------------------------------ clause geometry

    def clause_start(self, lo: int, pos: int) -> int:
        """Where the clause holding `pos` starts: a quote's end, a semicolon, colon or dash."""
        start = lo
        for span in self.spans:
            if lo <= span.closed < pos:
                start = max(start, span.closed + 1)
        for m in re.finditer(r"[;:—–]", self.masked[lo:pos]):
            start = max(start, lo + m.end())
        return start

    def subject_phrase(self, lo: int, cue: Cue) -> tuple[str, str]:
        """The phrase before a verb that is its subject, and an appositive after it if any.

        Returns ("", "and") for a verb coordinated with an earlier one ("X did Y, and said"),
        whose subject is the sentence's.
        """
        chunk = self.masked[self.clause_start(lo, cue.start):cue.start]
        aside = re.search(r"\s[—–][^—–~]{2,160}[—–]\s*$", self.masked[lo:cue.start])
        if not chunk.strip() and aside:
            # "Peskov — who rarely comments — said": the subject is before the dashes
            end = lo + aside.start()
            chunk = self.masked[self.clause_start(lo, end):end]
        if MASK in chunk:
            chunk = chunk[chunk.rfind(MASK) + 1:]
        chunk = PARENTHESIS.sub(" ", chunk)  # "Dmitry Peskov (pictured) said"
        words = chunk.split()
        while words and words[-1].lower().strip(",") in self.lex.between_words and not (
                words[-1].endswith(",") and len(words) > 1 and "," in " ".join(words[:-1])):
            words.pop()  # "Peskov later said", but not the end of an aside ("who spoke first,")
        words = self.without_trailing_adverbial(words)
        stripped = " ".join(words)
        if words and words[-1].lower() in ("and", "but", "or"):
            return "", "and"
        segments = stripped.rstrip(",").split(",")
        if stripped.endswith(","):
            # "Andriy Yermak, the chief of staff, who led the team with X and Y, said": the
            # relative clause is about the subject, never the subject itself
            for n, segment in enumerate(segments[1:], start=1):
                opener = segment.split()[0].lower() if segment.split() else ""
                if opener in ("who", "whose", "which") or opener in self.lex.aside_prepositions or (
                        opener.endswith("ing") and opener not in self.lex.person_nouns):
                    # "Lavrov, speaking beside his counterpart, X, said": an aside about the
                    # subject runs to the verb, commas and names within it included
                    segments = segments[:n]
                    break
            if len(segments) == 1:
                return segments[0], ""
        if stripped.endswith(",") and len(segments) >= 2:
            if self.introductory(segments[-2]):
                return segments[-1], ""  # "For now, Pantoli, at the institute, said"
            return segments[-2], segments[-1]  # "Dmitry Peskov, the Kremlin spokesman, said"
        last = segments[-1].split()
        if last and last[-1].lower() in self.lex.pronouns:
            return last[-1], ""  # "In a Fox News interview he said"
        if len(last) == 1 and last[0].lower() in ("and", "but"):
            return "", "and"
        return segments[-1], ""

    # A time or occasion phrase after a name is this short: "in a radio interview".
    MAX_ADVERBIAL_WORDS = 6

    def without_trailing_adverbial(self, words: list[str]) -> list[str]:
        """Rule adverbial_before_cue: "Reyes in a radio interview said", "Voss last week said",
        "Reyes on Thursday evening said": a short time or occasion phrase right after a name
        and before the verb is dropped from the subject."""
        if words and words[-1].lower() in self.lex.pronouns:
            return words  # "Moments later he said": the pronoun is the subject
        tail = len(words) - self.MAX_ADVERBIAL_WORDS
        for n in range(max(1, tail), len(words)):
            if words[n].lower() in self.lex.subject_adverbial_openers and (
                    words[n - 1][:1].isupper() and not words[n - 1].endswith(",")) and not any(
                    "," in w for w in words[n:]):
                return words[:n]
        return words

    def introductory(self, segment: str) -> bool:
        """Whether a comma-closed segment opening the clause is an adverbial ("For now",
        "On Monday", "Meanwhile") rather than a subject: it starts with a preposition, an
        opener or a sentence adverb and names no tracked person."""
        words = segment.split()
        if not words:
            return False
        first = words[0].lower()
        if first not in self.lex.prepositions and first not in self.lex.clause_openers and \
                first not in self.lex.sentence_adverbs and first not in ("in", "for"):
            return False
        return not find_actor_refs(self.d.index, segment, self.d.day)

    def inverted_speaker(self, lo: int, cue: Cue, hi: int) -> Resolution | None:
        """The speaker named after a cue set off by commas: "That end, said Secretary of State
        Marco Rubio, would be …"; None when the cue is not such an aside."""
        if not self.masked[lo:cue.start].rstrip().endswith(",") or not INVERTED_ASIDE.match(
                self.masked, cue.end, hi):
            return None
        speaker = self.d.resolve(self.phrase_after(cue.end, hi))
        return speaker if speaker.entity is not None and speaker.explicit else None

    def phrase_after(self, pos: int, hi: int) -> str:
        words = []
        for m in re.finditer(r"(?:[A-Z]\.){2,}|[^\s,;:.!?()—–]+\.(?=\s+[A-Z])|[^\s,;:.!?()—–]+|"
                             r"[,;:.!?()—–]", self.masked[pos:hi]):
            token = m.group()
            if token.endswith(".") and token[:-1].lower() not in self.lex.abbreviations and (
                    not re.fullmatch(r"(?:[A-Z]\.){1,}", token)):  # "U.S.", "Marc E. Elias"
                words.append(token[:-1])  # "said Peskov. Then …": the sentence ends
                break
            if token in ",;:.!?()—–" or token.lower() in self.lex.phrase_stops or MASK in token:
                break
            words.append(token)
        return " ".join(words)

    def cue_evidence(self, cue: Cue, hi: int) -> str:
        """The cue as written, with its audience or channel ("told reporters", "wrote on X",
        "said in a statement"), but not the words it reports."""
        tail = re.match(r"[^,;:.!?—–“”\"«»~]*", self.masked[cue.end:hi])
        words = (tail.group() if tail else "").split()
        extra: list[str] = []
        if cue.kind != "after" and words:
            told = cue.word in ("told", "tells", "informed", "assured")
            infinitive = words[0].lower() == "to" and len(words) > 1 and words[1][:1].islower() \
                and words[1].lower() not in self.lex.determiners  # "promised to settle"
            if told or (words[0].lower() in self.lex.channel_prepositions and not infinitive):
                phrase = words[:5] if told else words[1:5]
                extra = [] if told else [words[0]]
                dates = self.lex.speaker_phrase_stops
                for word in phrase:
                    low = word.lower()
                    content = [w for w in extra[1 - told:] if w.lower() not in
                               self.lex.determiners]
                    if low == "that" or low in self.lex.pronouns:
                        break
                    if low in self.lex.determiners and content:
                        break  # "told Fox News the talks …"
                    if low in self.lex.prepositions or (
                            low in self.lex.function_words and low not in self.lex.determiners):
                        break  # "told a small group of journalists", "on Truth Social on"
                    if not told and content and (
                            word[:1].isupper() != content[-1][:1].isupper()
                            or (content[-1][:1].isupper() and content[-1].lower() in dates)
                            or low.endswith("ing")
                            or (low.endswith("ed") and extra[-1].lower() not in
                                self.lex.determiners)):
                        break  # "in a statement Russia …", "on Monday Russia", "published"
                    extra.append(word)
                    if told and low in self.lex.audience_nouns:
                        break  # "told reporters"
        return " ".join([self.text[cue.start:cue.end], *extra]).strip()

    # ------------------------------------------------------------------ cue → speaker

    def sentence_start(self, pos: int) -> int:
        for start, end in self.sentences:
            if start <= pos < end:
                return start
        return 0

    def description_head(self, phrase: str) -> str:
        """The head noun of a description: its last word before a preposition ("head" in
        "the head of the harbor board", "director" in "the director of the bureau"), else its
        last word; lower-cased."""
        words = phrase.lower().split()
        for n, word in enumerate(words[1:], start=1):
            if word in self.lex.prepositions:
                return words[n - 1]
        return words[-1] if words else ""

    def cue_speaker(self, lo: int, cue: Cue, hi: int) -> Resolution | None:
        """Who speaks through a cue: the speaker after "according to", a participle's subject,
        the object of "quoted … as saying", else the verb's subject (or the name after an
        inverted verb), through the relative-pronoun and pronoun rules below."""
        if cue.kind == "after":
            phrase = self.phrase_after(cue.end, hi)
            return self.d.resolve(phrase) if phrase else None
        if cue.kind == "participle":
            return self.participle_speaker(lo, cue, hi)
        quoted = self.quoted_as_speaker(cue, hi)
        if quoted is not None:
            return quoted
        phrase, appositive = self.subject_phrase(lo, cue)
        if appositive == "and":
            return self.sentence_subject(self.sentence_start(cue.start), cue.start)
        if self.inverted_speaker(lo, cue, hi) is not None:
            phrase = ""  # "That end, said Secretary of State Marco Rubio, would be …"
        if not phrase.strip(" ,”\"»"):
            phrase = self.phrase_after(cue.end, hi)  # inverted: “…,” said Peskov
            more = re.match(r"\s*" + re.escape(phrase) + r"\s*,\s*", self.masked[cue.end:hi])
            if phrase and more:  # "said Ukraine's foreign minister, Dmytro Kuleba"
                appositive = self.phrase_after(cue.end + more.end(), hi)
        if not phrase.strip():
            return None
        if self.lex.cue_pattern.search(phrase):
            return None  # the cue sits inside another cue's clause: second-hand
        who = phrase.split()
        if who and who[0].lower() == "who" and all(w[:1].islower() or w.lower() in
                                                   self.lex.sentence_adverbs
                                                   for w in who[1:]):
            # "Zelensky, who on Friday had said …", "who since the spring has argued": an
            # adverbial in between; "who Voss said …" names another subject
            phrase = "who"
        if phrase.strip().lower() == "who":
            return self.relative_who_speaker(lo, cue)
        if phrase.strip().lower() == "which":
            return self.relative_which_speaker(lo, cue)
        if phrase.strip().lower() in ("he", "she"):
            pronoun = self.pronoun_in_sentence_speaker(cue, phrase)
            if pronoun is not None:
                return pronoun
        # "Asked about his call with Putin, the president said": not Putin
        head = self.masked[self.sentence_start(cue.start):cue.start]
        objects = frozenset(r.actor for r in find_actor_refs(self.d.index, head, self.d.day)
                            if self.d.after_preposition(head, r.start)) \
            if phrase.split()[:1] in (["the"], ["The"]) else frozenset()
        res = self.d.resolve(phrase, exclude=objects)
        if appositive and (res.entity is None or res.entity.actor is not None) and (
            self.d.has_name(appositive) and not self.d.has_name(phrase)
        ):
            return self.d.resolve(appositive)  # "Ukraine's foreign minister, Dmytro Kuleba,"
        if appositive and self.description_head(phrase) in self.lex.person_nouns and (
                res.entity is None or res.entity.actor is None):
            # "Putin's foreign policy aide, Yuri Ushakov,", "The head of the harbor board,
            # Tomas Reyes,": a description, then who it is (rule described_then_named)
            named = self.d.resolve(appositive)
            if named.entity is not None and named.entity.actor is not None and named.explicit \
                    and any(not r.by_role for r in find_actor_refs(
                        self.d.index, appositive, self.d.day)):
                return named
        return res

    def participle_speaker(self, lo: int, cue: Cue, hi: int) -> Resolution | None:
        """Rule: the subject of a participle cue ("…, saying", "quoted X as saying", "with X
        accusing …", "blamed Y for telling …")."""
        previous = PREVIOUS_WORD.search(self.masked, max(0, cue.start - 24), cue.start)
        if previous and previous.group(1).lower() == "as":
            # "Zelensky quoted Putin as saying …": the words are the object's
            quoting = [c for c in self.cues if c.word in ("quoted", "cited")
                       and self.sentence_start(cue.start) <= c.start < cue.start]
            if quoting:
                return self.cue_speaker(lo, quoting[-1], hi)
            if not re.search(r"\b(?:quoted|cited)\b",
                             self.masked[self.sentence_start(cue.start):cue.start]):
                return None  # "a remark widely read as suggesting …": no one says it
        if previous and previous.group(1).lower() == "for":
            # "lashed out at the Ukrainian president for telling reporters …": the one
            # blamed or thanked spoke, not the subject; unclear, no one
            target = re.search(r"(?:^|\b(?:at|on|to|with)\s|[,;]\s*|\b[a-z]+ed\s)"
                               r"([^,;~]{2,60}?)\s+for\s*$", self.masked[lo:cue.start])
            if target is None:
                return None
            res = self.d.resolve(target.group(1))
            return res if res.entity is not None else None
        if previous and previous.group(1).lower() in ("and", "or"):
            # "accusing him of … and warning that …": the first participle's subject
            earlier = [c for c in self.cues if c.kind == "participle"
                       and self.sentence_start(cue.start) <= c.start < cue.start]
            if earlier:
                return self.cue_speaker(lo, earlier[-1], hi)
        # "with Trump accusing his guest of …": the name right before is the subject
        near = self.masked[self.clause_start(lo, cue.start):cue.start].split()[-5:]
        if near and near[-1].endswith(","):
            near = []  # "talks with the Russian president, stating …": the clause's subject
        for k in range(len(near) - 2, -1, -1):
            if near[k].lower() == "with":
                res = self.d.resolve(" ".join(near[k + 1:]))
                if res.entity is not None and res.explicit:
                    return res
                break
        return self.sentence_subject(self.sentence_start(cue.start), cue.start)

    def quoted_as_speaker(self, cue: Cue, hi: int) -> Resolution | None:
        """Rule: "TASS quoted Peskov as saying …": the object of "quoted"/"cited" speaks."""
        passive = re.search(r"\b(?:was|were|is|are|been|being)\s+(?:[a-z]+ly\s+)?$",
                            self.masked[max(0, cue.start - 30):cue.start])
        if cue.word in ("quoted", "cited") and passive is None:
            # "TASS quoted Peskov as saying …": the speaker is the object
            object_ = re.match(r"\s+([^,;:.~“”\"«»]{2,60}?)\s+as\s+[a-z]+ing\b",
                               self.masked[cue.end:hi])
            if object_:
                quoted = object_.group(1)
                # the object pronoun stands for the person "he"/"she" would
                pronoun = OBJECT_PRONOUNS.get(quoted.strip().lower())
                quoted = pronoun or quoted
                context = self.masked[self.sentence_start(cue.start):cue.start]
                owner = re.search(r"\b([A-Z][\w.-]*)['’]s\s+[a-z]+\s*$", context)
                if pronoun and owner:
                    # "Zelensky's office quoted him as saying": him is the office's principal
                    res = self.d.resolve(owner.group(1))
                    if res.entity is not None and res.entity.actor is not None:
                        return Resolution(res.entity, owner.group(1), 0.8, True)
                subject = self.d.first_person(context) if pronoun else None
                if subject is not None and subject.pronoun in (None, pronoun):
                    # "Erdogan spoke to Putin, and his office quoted him as saying": the
                    # sentence's subject, not an earlier sentence's
                    return Resolution(subject, quoted, 0.8, False)
                return self.d.resolve(quoted, context=context)
        return None

    def relative_who_speaker(self, lo: int, cue: Cue) -> Resolution | None:
        """Rule: "Erdogan, who told them that …": the name before the relative pronoun."""
        head = self.masked[self.clause_start(lo, cue.start):cue.start]
        head = head[:head.lower().rfind("who")].rstrip(" ,")
        refs = [r for r in find_actor_refs(self.d.index, head, self.d.day)
                if not r.possessive]
        if refs and refs[-1].end >= len(head) - 1:
            return Resolution(self.d.entity_for(refs[-1].actor),
                              head[refs[-1].start:refs[-1].end], 0.85, True)
        names = self.d.name_tokens(head.split(",")[-1])
        if names:
            return self.d.resolve(" ".join(names))
        return None

    def relative_which_speaker(self, lo: int, cue: Cue) -> Resolution | None:
        """Rule: "Trump's post on Wednesday, which said “…”": the owner of the words."""
        head = self.masked[self.clause_start(lo, cue.start):cue.start]
        head = head[:head.lower().rfind("which")].rstrip(" ,").split(",")[-1].strip()
        refs = find_actor_refs(self.d.index, head, self.d.day)
        if refs and all(r.possessive for r in refs) and len(head.split()) <= 8:
            res = self.d.resolve(head)
            if res.entity is not None and res.entity.actor is not None:
                return Resolution(res.entity, head, 0.8, True)
        return None

    def pronoun_in_sentence_speaker(self, cue: Cue, phrase: str) -> Resolution | None:
        """Rule: a "he"/"she" cue reaching the owner of words ("Trump's post, in which he
        wrote") or a person named earlier in the sentence ("Trump listed issues he said were")."""
        start = self.sentence_start(cue.start)
        owned = OWNED_RELATIVE.search(self.masked, start, cue.start)
        if owned and owned.group("noun").lower() in (
                self.lex.speech_nouns | self.lex.content_nouns):
            # "responded to Trump's post, in which he wrote …": the owner of the words
            res = self.d.resolve(owned.group("owner"))
            if res.entity is None or res.entity.actor is None:
                return Resolution(None, phrase.strip(), 0.0, True)
            return Resolution(res.entity, phrase.strip(), 0.8, False)
        # "Trump listed issues he said were …": a person named earlier in the sentence,
        # but not the topic before a parenthetical ("Trump, he said, wanted no escalation")
        before_pronoun = self.masked[start:cue.start].rstrip()
        before_pronoun = before_pronoun[:-len(phrase.strip())].rstrip()
        earlier = None if before_pronoun.endswith(",") else self.d.first_person(
            self.masked[start:cue.start])
        if earlier is not None and earlier.pronoun in (None, phrase.strip().lower()):
            return Resolution(earlier, phrase.strip(), 0.8, False)
        return None

    def sentence_source(self, s_start: int, s_end: int) -> SentenceSource | None:
        """The source of a sentence that opens "According to X," (or "In the words of X,")."""
        for cue in self.cues:
            if cue.kind != "after" or not s_start <= cue.start < s_end:
                continue
            if self.masked[s_start:cue.start].strip():
                return None
            phrase = re.match(r"\s*([^,;:.“”\"«»~]{2,80}),", self.masked[cue.end:s_end])
            if phrase is None:
                return None
            source = phrase.group(1).strip()
            res = self.d.resolve(OBJECT_PRONOUNS.get(source.lower(), source))  # "According to her"
            return SentenceSource(res, self.text[cue.start:cue.end].lower(),
                                  cue.end + phrase.end())
        return None

    def names_someone(self, lo: int, hi: int) -> bool:
        """Whether the sentence names a tracked person other than as an owner, and other than
        the one "he"/"she" means now ("It does not sound like Reyes knows …" keeps Reyes)."""
        text = self.masked[lo:hi]
        salient = self.d.salient.actor if self.d.salient is not None else None
        named = {r.actor for r in find_actor_refs(self.d.index, text, self.d.day)
                 if not r.possessive and not self.d.modifies_noun(text, r)}
        return bool(named) and (salient is None or named != {salient})

    def sentence_subject(self, lo: int, hi: int) -> Resolution | None:
        """Who the sentence up to `hi` is about: a speaker of a cue, else its first person."""
        if self.masked[lo:hi].lstrip()[:12].lower() == "according to":
            source = self.sentence_source(lo, hi)
            if source is not None:  # "According to his office, the Prime Minister …"
                lo = source.end
        owner = OWNED_SUBJECT.match(self.masked, lo, hi)
        if owner and self.lex.speech_nouns & {owner.group("first"), owner.group("noun")} \
                and not self.d.named_subjects(self.masked[owner.end("owner"):hi]):
            # but "Putin's remarks came after Zelensky spoke": the other person is the subject
            res = self.d.resolve(owner.group("owner"))
            if res.entity is not None and res.explicit:
                return res
        first_cue = True
        for cue in self.cues:
            if lo <= cue.start < hi and cue.kind == "verb":
                if INFINITIVE_TO.search(self.masked, max(lo, cue.start - 4), cue.start):
                    continue  # "He declined to call Putin a criminal": no one spoke
                res = self.cue_speaker(lo, cue, hi)
                if res is not None and res.entity is not None:
                    return res
                if first_cue and res is not None and res.explicit and (
                        len(self.masked[lo:cue.start].split()) <= 6) and not any(
                        not r.possessive for r in find_actor_refs(
                            self.d.index, res.phrase, self.d.day)):
                    # "The Kremlin said Putin was ready": an institution speaks; the person
                    # in what it said is not the sentence's subject
                    return None
                first_cue = False
        first = self.masked[lo:hi].split()
        if first and first[0].lower() in self.lex.pronouns and (
                first[0].lower() != "it" or first[1:2] not in (["was"], ["is"])):
            # but "It was the second time that Trump had …": a cleft, its person is the subject
            res = self.d.resolve(first[0])
            return res if res.entity is not None else None
        described = DESCRIBED_SUBJECT.match(self.masked[lo:hi])
        if not described or described.group(2).lower() not in self.lex.person_nouns:
            described = DESCRIBED_SUBJECT_TITLE.match(self.masked[lo:hi]) or described
        if described and described.group(2).lower() in self.lex.person_nouns:
            # "The Kremlin spokesman made clear …", "A senior official said …"; the whole noun
            # phrase: "The former president had …" is not "The former".
            phrase_end = lo + described.end(1)
            more = re.match(r"(?:\s+[a-z]+)+", self.masked[phrase_end:hi])
            if more:
                for word in re.finditer(r"[a-z]+", more.group()):
                    if word.group() not in self.lex.person_nouns:
                        break
                    phrase_end = phrase_end + word.end()
            appositive = APPOSITIVE_AFTER.match(self.masked, phrase_end, hi)
            if appositive:  # "Zelensky's chief of staff, Andriy Yermak, met …"
                named = self.d.resolve(appositive.group(1))
                if named.entity is not None and named.explicit:
                    return named
            # Someone named later in the clause is its object, not its subject.
            objects = frozenset(r.actor for r in find_actor_refs(
                self.d.index, self.masked[phrase_end:hi], self.d.day) if not r.possessive)
            res = self.d.resolve(self.masked[lo:phrase_end], exclude=objects)
            if res.entity is not None:
                return res
        owned = next((m for m in (OWNED_WORDS.match(self.masked, lo, hi),
                                  OWNED_WORDS_ADJ.match(self.masked, lo, hi))
                      if m and m.group("noun") in self.lex.speech_nouns), None)
        if owned and self.masked[lo:hi].rstrip().endswith(":"):
            # "His answer was short:", "Trump's message was blunt:": whose words follow
            res = self.d.resolve(owned.group("phrase"))
            if res.entity is not None:
                return res
        person = self.d.first_person(self.masked[lo:hi])
        if person is not None:
            named = next((self.masked[lo:lo + r.end] for r in find_actor_refs(  # tidied later
                self.d.index, self.masked[lo:hi], self.d.day) if r.actor is person.actor), "")
            return Resolution(person, named, 0.8, True)
        return None

    # ------------------------------------------------------------------ quote → speaker

    def after_attribution(self, span: QuoteSpan, sentence_end: int) -> Attribution | None:
        byline = BYLINE.fullmatch(self.masked, span.closed + 1)
        if byline:  # a pull quote signed "— Volodymyr Zelensky"
            res = self.d.resolve(byline.group(1))
            if res.entity is not None and res.explicit:
                return Attribution(res, "—", 0.8, "byline")
            return Attribution(Resolution(None, byline.group(1), 0.0, True), "—", 0.0)
        hi = len(self.text)
        for other in self.spans:
            if other.opened > span.closed:
                hi = other.opened
                break
        after_start = span.closed + 1
        rest = self.masked[after_start:hi]
        lead = re.match(r"[\s,;:—–-]*", rest)
        pos = after_start + (lead.end() if lead else 0)
        # the after-clause ends at the next sentence end past the quote itself
        end = hi
        for _, s_end in self.sentences:
            if s_end > pos:
                end = min(hi, s_end)
                break
        semicolon = self.masked.find(";", pos, end)
        if semicolon >= 0:  # "“…” rather than a truce; Zelensky called …": another clause
            end = semicolon
        new_sentence = self.sentence_start(pos) > span.opened  # the quote ended its sentence
        asides = [(pos + m.start(), pos + m.end()) for m in DASH_ASIDE.finditer(
            self.masked[pos:end])]
        for cue in self.cues:
            if not pos <= cue.start < end:
                continue
            if any(a <= cue.start < b for a, b in asides):
                continue  # "Peskov — who rarely comments on such matters — said": the aside's
            between = self.masked[pos:cue.start]
            # an aside between dashes ("Peskov — who rarely comments — said") does not count
            between = DASH_ASIDE.sub(" ", between)
            if len(between.split()) > 14 or (len(between.split()) > 8 and "," not in between):
                return None
            first = between.split()[0].lower() if between.split() else ""
            if "," not in between and (first in self.lex.prepositions
                                       or first in self.lex.phrase_stops):
                return None  # "“…” among the demands Putin set out": a relative clause
            if cue.kind == "participle":
                named = QUOTED_NAME_AFTER.search(
                    self.masked[max(0, span.opened - 8):span.opened + 1])
                if self.masked[after_start:cue.start].strip() == "," and \
                        cue.word in self.lex.bare_clause_verbs \
                        and not new_sentence and not named:  # not "rejected the “…”, saying"
                    # "Trump cut the deadline to “10 or 12 days”, saying …": the quote sits in
                    # the main clause of someone speaking in this very sentence
                    res = self.cue_speaker(pos, cue, end)
                    if res is not None and res.entity is not None and \
                            res.entity.actor is not None and res.explicit:
                        return Attribution(res, self.cue_evidence(cue, end), 0.7,
                                           "participle_after_quote")
                return None
            if RELATIVE_CUE.match(self.masked, cue.end, end):
                # "“…,” terms the mediator said could not work": the cue sits in a relative
                # clause about the quote's words (its verb follows at once), it is not their source
                continue
            if len(between.split()) > 6 and self.is_label(span):
                # "a “coalition of the willing” was ready to deploy …, and called": a name
                # inside a clause of the narration, whose verb comes much later
                return None
            if new_sentence and self.masked[cue.end:end].rstrip().endswith(":"):
                return None  # “… out.” Zelensky, asked, said: “…”: the next quote's cue
            res = self.cue_speaker(pos, cue, end)
            if res is None:
                return None
            citing = CITING.search(self.masked, cue.end, end)
            if citing and (res.entity is None or res.entity.actor is None):
                # "“…,” RBC reported, citing Peskov": the agency relays the cited person's words
                cited = self.d.resolve(citing.group(2))
                if cited.entity is not None and cited.entity.actor is not None:
                    return Attribution(cited, citing.group(1), cited.confidence * 0.9, "citing")
            return Attribution(res, self.cue_evidence(cue, end), res.confidence,
                               "cue_after_quote")
        return None

    def passive_agent(self, span: QuoteSpan, s_start: int, s_end: int) -> Attribution | None:
        """“…” in a passive report names its speaker after "by": "The plan was called “a
        historic step” by Trump." Only a named or described person counts, not "by critics"."""
        passive = PASSIVE_REPORT.search(self.masked, max(s_start, span.opened - 60), span.opened)
        if passive is None or passive.group(1).lower() not in self.lex.verbs:
            return None
        agent = re.match(r"[\s,.]*by\s+([^,;:.!?~“”\"«»]{2,60})",
                         self.masked[span.closed + 1:s_end])
        if agent is None:
            return None
        res = self.d.resolve(agent.group(1))
        if res.entity is None or not res.explicit:
            return None
        return Attribution(res, f"{passive.group().strip()} by", res.confidence * 0.9,
                           "passive_agent")

    def is_label(self, span: QuoteSpan, reported: bool = False) -> bool:
        """A quoted name used as a modifier (“land for peace” deal, the “America First”
        policy): the next word carries on the noun phrase rather than the sentence.

        `reported`: a speech cue governs the clause, so a modifier inside it is the speaker's
        wording ("said he had held a “long and useful” call"); only a quoted name used as a
        subject ("a “coalition of the willing” was …") or a so-called term stays a label."""
        if span.open_end or len(self.text[span.start:span.end].split()) > 5:
            return False
        if re.search(r"\bso-called\s*[“\"«]?$",
                     self.masked[max(0, span.opened - 12):span.opened + 1]):
            return True  # the so-called “coalition of the willing”: someone else's term
        nxt = re.match(r"\s+([a-z][a-z-]*)\b", self.masked[span.closed + 1:])
        inner = self.text[span.start:span.end].rstrip()
        if not nxt or inner[-1:] in ",.!?;:":
            return False
        if nxt.group(1) in self.lex.label_verbs and re.search(
                r"\b(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir)\s*[“\"«]?$",
                self.masked[max(0, span.opened - 8):span.opened + 1]):
            return True  # "a “coalition of the willing” would …": a name used as a subject
        words = [w for w in re.findall(r"[\w’'-]+", inner) if w.lower() not in
                 self.lex.function_words and w.lower() not in self.lex.determiners]
        title = len(words) > 1 and all(w[:1].isupper() or w[:1].isdigit() for w in words) \
            and not self.title_case
        # a name in title case (the “Peace Through Strength” plan) stays a label when reported
        return (title or not reported) and nxt.group(1) not in self.lex.function_words

    def subject_wording(self, span: QuoteSpan, s_start: int) -> Resolution | None:
        """Rule: a quoted fragment inside a sentence about a tracked person, with no cue, is
        that person's wording: "Voss called the offer “an insult to every crew”", "Reyes
        vowed to “keep every boat at sea”". Labels, titles and single words stay nobody's."""
        words = self.text[span.start:span.end].split()
        if len(words) < 3 or not words[0][:1].islower() or span.open_end:
            return None
        if QUOTED_NAME_AFTER.search(self.masked[max(0, span.opened - 8):span.opened + 1]):
            return None  # "studied the “thirty day truce plan”": a name after a determiner
        if self.is_label(span) or self.names_a_work(span) or re.search(
                r"\bso-called\s*[“\"«]?$", self.masked[max(0, span.opened - 12):span.opened + 1]):
            return None
        if any(s_start <= c.start < span.opened for c in self.cues):
            return None  # a cue decides (and did not name anyone)
        subject = self.sentence_subject(s_start, span.opened)
        if subject is None or subject.entity is None or subject.entity.actor is None:
            return None
        return subject

    def names_a_work(self, span: QuoteSpan) -> bool:
        """A title after a preposition or "told": "said on “Meet the Harbour.”", "told “Coast
        Morning Live”" name a programme or a paper, not anyone's words."""
        if self.title_case or span.open_end:
            return False
        words = re.findall(r"[\w’'-]+", self.text[span.start:span.end])
        content = [w for w in words if w.lower() not in self.lex.function_words]
        if not 1 <= len(content) <= 5 or len(words) > 7 or not all(
                w[:1].isupper() or w[:1].isdigit() for w in content):
            return False
        before = self.masked[max(0, span.opened - 30):span.opened].lower().split()[-2:]
        if before[-1:] and before[-1] in self.lex.determiners:
            before = before[:-1]  # "on the “Coast Morning Show”"
        return bool(before) and before[-1] in self.lex.programme_before

    def colon_clause_subject(self, start: int, span: QuoteSpan) -> Resolution | None:
        """The tracked subject of the clause ending in the colon before a quote, when it
        follows the last cue ("Trump said …, while Putin closed with a joke: “…”"; "When
        Trump thanked him, the Russian leader switched to English: “…”")."""
        clause = self.masked[start:span.opened].rstrip(" “\"«")[:-1]
        segment = clause.split(",")[-1]
        words = segment.split()
        opened = bool(words) and words[0].lower() in self.lex.clause_openers
        if opened:
            segment = segment[segment.index(words[0]) + len(words[0]):]
            words = words[1:]
        if len(words) < 3 or re.search(r"[;.!?—–]", segment):
            return None
        refs = find_actor_refs(self.d.index, segment, self.d.day)
        lead = len(segment) - len(segment.lstrip())
        if words[0].lower() == "the":
            lead += 4
        if not refs or refs[0].possessive or refs[0].start > lead or \
                self.d.modifies_noun(segment, refs[0]):
            if words[0].lower() == "the" and any(
                    w.lower() in self.lex.person_nouns for w in words[1:4]) and not refs:
                # "When Trump thanked him, the Belarusian leader switched to English:"
                return Resolution(None, " ".join(words[:3]), 0.0, True)
            if opened and words[0][:1].isupper() and self.d.name_tokens(words[0]) and (
                    words[1][:1].isupper() or words[1].islower()) and not words[0].endswith(
                    ("'s", "’s")):
                # "…, while Kowalczyk closed with a joke: “…”": someone untracked
                return Resolution(None, words[0], 0.0, True)
            return None
        return Resolution(self.d.entity_for(refs[0].actor),
                          segment[len(segment) - len(segment.lstrip()):refs[0].end], 0.7, True)

    def about_reported_words(self, s_start: int, span: QuoteSpan) -> bool:
        """Whether the quote follows a colon ending a sentence about words just reported
        ("The post began on a conciliatory note: “…”"), which are the last speaker's."""
        before = self.masked[s_start:span.opened].rstrip(" “\"«")
        if not before.endswith(":") or any(s_start <= c.start < span.opened for c in self.cues):
            return False
        if re.search(r"\s[A-Z]", before.strip()):
            return False  # "The statement from Moscow was blunt:": someone else's words
        opening = DEFINITE_WORDS.match(before)
        if opening:  # "The post began", "The long post ran"
            return bool(self.lex.speech_nouns & {opening.group("first"),
                                                 opening.group("second")})
        # "It ended with a flourish:": a text's course told right after it was quoted
        it = re.match(r"\s*It\s+([a-z]+)\b", before)
        return bool(it and it.group(1) in self.lex.text_course_verbs)

    def governed_by_cue(self, chunk_cues: list[Cue], span: QuoteSpan, lo: int) -> bool:
        """Whether a speech verb of a tracked person reports the clause holding the quote
        ("Trump said on Monday he had a “very good” call"): no sentence end, colon or
        semicolon between them, and not a verb that only characterises ("called")."""
        reporting = self.lex.bare_clause_verbs | self.lex.wording_verbs
        for cue in reversed(chunk_cues):
            if cue.kind != "verb" or cue.word in self.lex.characterising:
                continue
            if cue.word not in reporting:
                return False  # "Peskov denied the “secret protocol” report": not his wording
            if re.search(r"[;:.!?]", self.masked[cue.end:span.opened]):
                return False
            res = self.cue_speaker(lo, cue, span.opened)
            return bool(res is not None and res.entity is not None
                        and res.entity.actor is not None)
        return False

    def content_owner(self, lo: int, span: QuoteSpan) -> Attribution | None:
        """A quote that is the content of someone's words: "dismissed Zelensky's claim that
        “…”", "welcomed Trump's statement that “…”" — the owner's, whoever the verb's subject
        is; "rejected the Western assertion that “…”" — nobody's. His/her own words stay with
        the sentence's speaker (None: decide as usual)."""
        gap = self.masked[lo:span.opened]
        m = CONTENT_OF.search(gap)
        if m is None or m.group("noun").lower() not in self.lex.content_nouns:
            return None
        if any(lo + m.start() <= c.start < span.opened for c in self.cues):
            return None  # "a message in which he said that “…”": the cue decides
        if m.group("of") and len(self.text[span.start:span.end].split()) < MIN_UTTERANCE_WORDS:
            return None  # "her assertion of a “claim of right”": a term, not her words
        if re.search(r"\sfor\s*[“\"«]?$", m.group()) and m.group("noun").lower() not in (
                "demand", "demands", "call", "calls"):
            return None  # "Putin's demand for “…”" is his wording; "his claim for …" is not
        if re.search(r"\b(?:to|about|on|over|against|with|at|by)\s*$", gap[:m.start()]):
            return None  # "referring to Trump's remarks: “…”": the topic, not the quote
        if m.group().rstrip(" “\"«").endswith(":"):
            # "recalled Putin's words: “…”" relays them; "dismissed Trump's remarks: “…”"
            # answers them with the subject's own
            verbs = [c for c in self.cues if lo <= c.start < span.opened and c.start < m.start()]
            if verbs and verbs[-1].word not in self.lex.relay_verbs:
                return None
        owner = m.group("owner")
        if owner is None or owner.lower() in ("his", "her", "their", "its"):
            if owner is None:  # "the assertion that “…”": words no one here is said to own
                return Attribution(Resolution(None, m.group().strip(), 0.0, True), "", 0.0)
            if owner.lower() in ("his", "her") and not any(
                    lo <= c.start < span.opened for c in self.cues):
                # "It echoed his remark in Paris that “…”": whom "his" means
                res = self.d.resolve("he" if owner.lower() == "his" else "she")
                if res.entity is not None and res.entity.actor is not None:
                    return Attribution(res, m.group("owner_phrase") + " " + m.group("noun"),
                                       0.7, "content_owner")
            return None
        res = self.d.resolve(owner)  # the name without its possessive ending
        if res.entity is None or res.entity.actor is None:
            return Attribution(Resolution(None, m.group().strip(), 0.0, True), "", 0.0)
        return Attribution(res, m.group("owner_phrase") + " " + m.group("noun"), 0.8,
                           "content_owner")

    def cue_right_before(self, span: QuoteSpan, lo: int) -> bool:
        """Whether a cue stands close before the quote ("said “…”", "told reporters: “…”")."""
        cues = [c for c in self.cues if lo <= c.start and c.end <= span.opened]
        if not cues:
            return False
        gap = self.masked[cues[-1].end:span.opened]
        return len(gap.split()) <= NEAR_WORDS or gap.rstrip(" “\"«").endswith(":")

    def before_attribution(self, span: QuoteSpan, lo: int) -> Attribution | None:
        chunk_cues = [c for c in self.cues if lo <= c.start and c.end <= span.opened]
        before = self.masked[lo:span.opened].rstrip(" “\"«")
        owner = POSSESSIVE_BEFORE.search(self.masked, lo, span.opened + 1)
        words = self.text[span.start:span.end].split()
        content = [w for w in words if w.lower() not in self.lex.function_words]
        title = len(content) > 1 and all(w[:1].isupper() for w in content) and \
            not self.title_case  # in a title-case subhead every quote looks like a title
        named_as_words = re.match(r"[”\"»]?\s*([a-z]+)", self.masked[span.closed + 1:])
        uttered = bool(words) and not title and (words[0][:1].isupper() or any(
            w.lower().strip(",.!?") in self.lex.speaking_pronouns for w in words) or bool(
            named_as_words and named_as_words.group(1) in self.lex.speech_nouns))  # “…” quip
        if owner and uttered:
            # "Putin's “See you soon in Moscow” drew laughs" — but "Putin's “special military
            # operation”" is a term, which the label rules below judge
            res = self.d.resolve(owner.group(1))
            if res.entity is not None and res.entity.actor is not None and res.explicit:
                return Attribution(res, owner.group().rstrip(" “\"«"), 0.75, "possessive_before")
        if self.is_label(span) and (not self.governed_by_cue(chunk_cues, span, lo)
                                    or self.is_label(span, reported=True)):
            return None
        content = self.content_owner(lo, span)
        if content is not None:
            return content if content.resolution.entity is not None else None
        if before.endswith(":") and chunk_cues:
            own = self.colon_clause_subject(chunk_cues[-1].end, span)
            if own is not None:
                return Attribution(own, ":", 0.7 if own.entity is not None else 0.0,
                                   "colon_clause_subject")
        for cue in reversed(chunk_cues):
            if cue.word in self.lex.characterising and CONDITIONAL_SUBJECT.search(
                    self.masked, lo, cue.start):
                continue  # "he said, and if Russia rejected the offer “…”": no one spoke
            if AFTER_ASIDE_THAT.match(self.masked, cue.end, span.opened) and IN_ASIDE.match(
                    self.masked[lo:cue.start][::-1]):
                continue  # "written to him, in a letter that Trump read out, that …": the aside
            if cue.word in self.lex.characterising and cue.kind == "verb":
                gap = self.masked[cue.end:span.opened].split()
                as_at = gap[-2:-1] if gap[-1:] and gap[-1].lower() in ("a", "an", "the") else \
                    gap[-1:]
                verb_as = as_at == ["as"] and len(gap) <= 3 * NEAR_WORDS and not any(
                    w.endswith((",", ";")) for w in gap)  # "dismissed X's reply to … as “…”"
                if len(gap) > NEAR_WORDS and not before.endswith(":") and not verb_as:
                    continue
            res = self.cue_speaker(lo, cue, span.opened)
            if res is None or (res.entity is None and not res.explicit):
                continue
            return Attribution(res, self.cue_evidence(cue, span.opened), res.confidence,
                               "cue_before_quote")
        lead = re.split(r"[—–•|]", self.masked[lo:span.opened])[-1]  # "10:32 GMT — Putin:"
        head = re.fullmatch(r"\s*([^:,;]{2,60}?)\s*:\s*", lead)
        if head and all(w[:1].isupper() or w.lower() in self.lex.person_nouns
                        or w.lower() in self.lex.determiners or w.lower() == "of"
                        for w in head.group(1).split()):  # "Putin: “…”", "Kremlin spokesman:"
            res = self.d.resolve(head.group(1))
            if res.entity is not None and res.explicit:
                return Attribution(res, ":", 0.8, "label_colon")
        if before.endswith((":", ",")):
            # "a fuller version of his remarks:", "In his words,", "Trump's message was blunt:"
            for owner in OWNER.finditer(before):
                if any(lo + owner.end() <= c.start < span.opened for c in self.cues):
                    continue  # "shrugged off Trump's comments, telling reporters, “…”"
                following = before[owner.end():].split()[:3]
                for n, word in enumerate(following):
                    if word.lower().strip(",:") in self.lex.speech_nouns:
                        phrase = " ".join([owner.group(), *following[:n + 1]]).strip(",:")
                        res = self.d.resolve(phrase)
                        if res.entity is not None:
                            return Attribution(res, phrase, 0.75, "owner_words")
                        break
        if before.endswith(":"):
            # "Trump raised his voice: “…”": the quote is the sentence subject's
            start = self.sentence_start(span.opened)
            res = self.sentence_subject(start, span.opened)
            if res is not None and res.entity is not None:
                return Attribution(res, ":", 0.7, "colon_subject")
        return None
