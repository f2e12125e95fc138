"""Pronouns and relative speakers: “who said”, “which he said”, “he” inside the sentence.

A mixin over ReaderState; ParagraphReader (direct.py) combines the families."""

from __future__ import annotations

import re

from monitor.extract.actors import find_actor_refs
from monitor.extract.reading import (
    OWNED_RELATIVE,
    Cue,
    ReaderState,
)
from monitor.extract.speakers import Resolution

SUBJECT_PRONOUN = re.compile(r"\b(he|she|He|She)\b")


class PronounRules(ReaderState):
    def pronoun_keeps_salient(self, lo: int, hi: int) -> bool:
        """Rule pronoun_keeps_salient: a sentence that refers to the salient person by
        pronoun before it names anyone else ("But he refused to concede that critics …
        Orlov", "It isn't as if she hasn't backed anyone — she was a booster of Reyes")
        is still about them, whoever it names later."""
        salient = self.d.salient
        if salient is None or salient.plural:
            return False
        text = self.masked[lo:hi]
        pronoun = SUBJECT_PRONOUN.search(text)
        if pronoun is None or salient.pronoun not in (None, pronoun.group(1).lower()):
            return False
        before = text[:pronoun.start()]
        if any(not r.possessive for r in find_actor_refs(self.d.index, before, self.d.day)):
            return False
        words = before.split()[1:]  # a capitalised first word is the sentence's
        return not any(w[:1].isupper() and not w.endswith(("'s", "’s", "s’", "s'"))
                       and self.d.name_tokens(w) for w in words)

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
