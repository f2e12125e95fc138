"""Titles and roles around the speaker phrase: descriptions, appositives, adverbials.

A mixin over ReaderState; ParagraphReader (direct.py) combines the families."""

from __future__ import annotations

import re

from monitor.extract.actors import find_actor_refs
from monitor.extract.reading import (
    MASK,
    PARENTHESIS,
    Cue,
    ReaderState,
)


class RoleRules(ReaderState):
    def description_head(self, phrase: str) -> str:
        """The head noun of a description: its last word before a preposition ("head" in
        "the head of the harbor board", "director" in "the director of the bureau"), else its
        last word; lower-cased."""
        words = phrase.lower().split()
        for n, word in enumerate(words[1:], start=1):
            if word in self.lex.prepositions:
                return words[n - 1]
        return words[-1] if words else ""

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

    def manner_adverb(self, word: str) -> bool:
        """Rule adverb_before_cue: a lower-case -ly adverb right before the verb ("Voss,
        exasperated, famously responded:") is not the subject; the phrase before it is."""
        return len(word) > 5 and word.endswith("ly") and word.isalpha() and word.islower() \
            and word not in self.lex.person_nouns and word not in self.lex.thing_nouns

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
        while words and (words[-1].lower().strip(",") in self.lex.between_words
                         or self.manner_adverb(words[-1])) and not (
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
