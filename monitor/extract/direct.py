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

from monitor.extract.cues import CueRules
from monitor.extract.labels import LabelRules
from monitor.extract.pronouns import PronounRules
from monitor.extract.quotes import QuoteSpan
from monitor.extract.reading import (  # re-exported: the article reader and indirect.py use them
    MASK,
    Attribution,
    Cue,
    SentenceSource,
    is_title_case,
    mask_quotes,
    split_sentences,
)
from monitor.extract.roles import RoleRules
from monitor.extract.speaker_after import SpeakerAfterRules
from monitor.extract.speaker_before import SpeakerBeforeRules
from monitor.extract.speakers import Discourse

__all__ = ["MASK", "Attribution", "Cue", "ParagraphReader", "SentenceSource", "is_title_case",
           "mask_quotes", "split_sentences"]


class ParagraphReader(CueRules, SpeakerBeforeRules, SpeakerAfterRules, PronounRules, RoleRules,
                      LabelRules):
    """Attribution inside one paragraph, sharing the article's discourse state: the rule
    families combined over one ReaderState."""

    def __init__(self, discourse: Discourse, paragraph: str, spans: list[QuoteSpan]):
        self.d = discourse
        self.lex = discourse.lexicon
        self.text = paragraph
        self.spans = spans
        self.masked = mask_quotes(paragraph, spans)
        self.title_case = is_title_case(self.masked)
        self.sentences = split_sentences(self.masked, self.lex)
        self.cues = self.find_cues()
