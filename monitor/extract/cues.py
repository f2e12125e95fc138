"""Cue rules: which words in a paragraph are speech cues, and the cue's evidence text.

A mixin over ReaderState; ParagraphReader (direct.py) combines the families."""

from __future__ import annotations

import re
from typing import Literal

from monitor.extract.reading import (
    GERUND_OBJECT,
    NAME_AS_MODIFIER,
    NOUN_PHRASE_BEFORE,
    PASSIVE_ASIDE,
    PASSIVE_BY,
    PREVIOUS_WORD,
    Cue,
    ReaderState,
)

SPACES = re.compile(r"\s+")


class CueRules(ReaderState):
    def find_cues(self) -> list[Cue]:
        cues = []
        for m in self.lex.cue_pattern.finditer(self.masked):
            word = SPACES.sub(" ", m.group().lower())
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
