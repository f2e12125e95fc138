"""Labels and wording: quoted terms nobody said, works' titles, talk about words.

A mixin over ReaderState; ParagraphReader (direct.py) combines the families."""

from __future__ import annotations

import re

from monitor.extract.actors import key_of
from monitor.extract.quotes import QuoteSpan
from monitor.extract.reading import (
    DEFINITE_WORDS,
    QUOTED_NAME_AFTER,
    ReaderState,
)
from monitor.extract.speakers import Entity, Resolution

# A transcript line's speaker label: "LEAVITT:", "VON DER LEYEN:", "Mr. Peskov:".
TRANSCRIPT_LABEL = re.compile(
    r"\s*((?:(?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z][\w’'-]+)|[A-Z][A-Z’'-]{2,}(?:\s+[A-Z][A-Z’'-]{1,}){0,2})"
    r":\s+(?=\S)")
COURTESY_TITLE = re.compile(r"^(?:mr|mrs|ms|dr)\.?\s+")


class LabelRules(ReaderState):
    def label_speaker(self, label: str) -> Resolution:
        """Who a transcript label names ("VOSS", "Mr. Reyes"): the one tracked person of that
        name, else someone untracked (never the last speaker)."""
        name = COURTESY_TITLE.sub("", label.lower())
        actors = self.d.index.by_name.get(key_of(name), ())
        if len(actors) == 1:
            return Resolution(self.d.entity_for(actors[0]), label, 0.8, True)
        return Resolution(Entity(None, label.title()), label, 0.8, True)

    def transcript_quote(self, span: QuoteSpan) -> Resolution | None:
        """Rule transcript_line_quote: a quoted transcript line that opens its paragraph with
        its speaker's label ("“VOSS: We will reopen the quay.", an excerpt quoted paragraph
        by paragraph) is the labelled speaker's, tracked or not."""
        if self.masked[:span.opened].strip():
            return None
        label = TRANSCRIPT_LABEL.match(self.text, span.start, span.end)
        return self.label_speaker(label.group(1)) if label else None

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

    def names_a_work(self, span: QuoteSpan) -> bool:
        """Rule names_a_work: a title after a preposition or "told" ("said on “Meet the
        Harbour.”", "told “Coast Morning Live”", "said on GBC's “Harbour Week”", "on
        Sunday's “Coast Hour”") names a programme or a paper, not anyone's words."""
        if self.title_case or span.open_end:
            return False
        words = re.findall(r"[\w’'-]+", self.text[span.start:span.end])
        content = [w for w in words if w.lower() not in self.lex.function_words]
        if not 1 <= len(content) <= 5 or len(words) > 7 or not all(
                w[:1].isupper() or w[:1].isdigit() for w in content):
            return False
        before = self.masked[max(0, span.opened - 40):span.opened].lower().split()[-3:]
        while before and (before[-1] in self.lex.determiners or before[-1] in ("his", "her")
                          or before[-1].endswith(("'s", "’s"))):
            # "on the “Coast Morning Show”", "on GBC's “Harbour Week”", "on Sunday's “…”"
            before = before[:-1]
        return bool(before) and before[-1] in self.lex.programme_before

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
