"""Speaker after the quote: “…,” Peskov said / said the spokesman / passive agents.

A mixin over ReaderState; ParagraphReader (direct.py) combines the families."""

from __future__ import annotations

import re

from monitor.extract.quotes import QuoteSpan
from monitor.extract.reading import (
    BYLINE,
    CITING,
    DASH_ASIDE,
    INVERTED_ASIDE,
    MASK,
    PASSIVE_REPORT,
    QUOTED_NAME_AFTER,
    RELATIVE_CUE,
    Attribution,
    Cue,
    ReaderState,
)
from monitor.extract.speakers import Resolution

# ", Stovall said." / ", the harbour master added on Monday.": a reporting clause closing its
# sentence, its subject (one to four words) right before the verb.
TRAILING_REPORT = re.compile(
    r",\s+((?:[Tt]he\s+)?(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*|[Tt]he\s+[a-z-]+(?:\s+[a-z-]+)?)"
    r"\s+([a-z]+)(?:\s+[\w’'-]+){0,3}\s*[.!?]?\s*$")


class SpeakerAfterRules(ReaderState):
    def trailing_reporter(self, lo: int, hi: int) -> Resolution | None:
        """Rule trailing_reporting_clause: a sentence closed by ", Stovall said." reports
        what Stovall said, whoever its clause names first ("Orlov electrified the crowds
        with promises, Stovall said."): the reporter is the one a next "he" means."""
        if "," not in self.masked[max(lo, hi - 90):hi]:
            return None  # fast path: no comma near the sentence end
        m = TRAILING_REPORT.search(self.masked, max(lo, hi - 90), hi)
        if m is None or m.group(2) not in self.lex.verbs or MASK in m.group():
            return None
        res = self.d.resolve(m.group(1))
        return res if res.entity is not None and res.explicit and not res.entity.plural \
            else None

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
        for m in re.finditer(r"(?:[A-Z]\.){2,}|[^\s,;:.!?()—–]+\.(?=\s+(?:and\s+)?[A-Z])|"
                             r"[^\s,;:.!?()—–]+|[,;:.!?()—–]", self.masked[pos:hi]):
            token = m.group()
            if token.endswith(".") and token[:-1].lower() not in self.lex.abbreviations and (
                    not re.fullmatch(r"(?:[A-Z]\.){1,}", token)):  # "U.S.", "Marc E. Elias"
                words.append(token[:-1])  # "said Peskov. Then …": the sentence ends
                break
            if token in ",;:.!?()—–" or MASK in token or (
                    token.lower() in self.lex.phrase_stops and not self.joins_titles(
                        words, token, self.masked[pos + m.end():hi])):
                break
            words.append(token)
        return " ".join(words)

    def joins_titles(self, words: list[str], token: str, rest: str) -> bool:
        """Rule titles_joined_by_and: "said former harbour Gov. and Port Committee Chairman
        Tomas Reyes": an "and" right after a title word, before a capitalised word, joins two
        titles of one person (after a name it joins two people)."""
        if token.lower() != "and" or not words or not rest.lstrip()[:1].isupper():
            return False
        last = words[-1].lower().rstrip(".")
        return last in self.lex.person_nouns or last in self.lex.title_abbreviations

    def byline_attribution(self, span: QuoteSpan) -> Attribution | None:
        """Rule byline: a pull quote signed "— Volodymyr Zelensky"."""
        byline = BYLINE.fullmatch(self.masked, span.closed + 1)
        if byline is None:
            return None
        res = self.d.resolve(byline.group(1))
        if res.entity is not None and res.explicit:
            return Attribution(res, "—", 0.8, "byline")
        return Attribution(Resolution(None, byline.group(1), 0.0, True), "—", 0.0)

    def after_clause(self, span: QuoteSpan) -> tuple[int, int]:
        """Where the clause after a quote starts (past commas and dashes) and ends: the next
        sentence end past the quote, the next quote or a semicolon."""
        hi = len(self.text)
        for other in self.spans:
            if other.opened > span.closed:
                hi = other.opened
                break
        after_start = span.closed + 1
        lead = re.match(r"[\s,;:—–-]*", self.masked[after_start:hi])
        pos = after_start + (lead.end() if lead else 0)
        end = hi
        for _, s_end in self.sentences:
            if s_end > pos:
                end = min(hi, s_end)
                break
        semicolon = self.masked.find(";", pos, end)
        if semicolon >= 0:  # "“…” rather than a truce; Zelensky called …": another clause
            end = semicolon
        return pos, end

    def participle_after_quote(self, span: QuoteSpan, cue: Cue, pos: int, end: int,
                               new_sentence: bool) -> Attribution | None:
        """Rule participle_after_quote: "Trump cut the deadline to “10 or 12 days”, saying …":
        the quote sits in the main clause of someone speaking in this very sentence."""
        named = QUOTED_NAME_AFTER.search(self.masked[max(0, span.opened - 8):span.opened + 1])
        if self.masked[span.closed + 1:cue.start].strip() == "," and \
                cue.word in self.lex.bare_clause_verbs \
                and not new_sentence and not named:  # not "rejected the “…”, saying"
            res = self.cue_speaker(pos, cue, end)
            if res is not None and res.entity is not None and \
                    res.entity.actor is not None and res.explicit:
                return Attribution(res, self.cue_evidence(cue, end), 0.7,
                                   "participle_after_quote")
        return None

    def cited_source(self, res: Resolution, cue: Cue, end: int) -> Attribution | None:
        """Rule citing: "“…,” RBC reported, citing Peskov": the agency relays the cited
        person's words."""
        citing = CITING.search(self.masked, cue.end, end)
        if citing and (res.entity is None or res.entity.actor is None):
            cited = self.d.resolve(citing.group(2))
            if cited.entity is not None and cited.entity.actor is not None:
                return Attribution(cited, citing.group(1), cited.confidence * 0.9, "citing")
        return None

    def after_attribution(self, span: QuoteSpan, sentence_end: int) -> Attribution | None:
        """Rule cue_after_quote (and byline, participle_after_quote, citing): the cue and
        speaker in the clause right after the quote."""
        byline = self.byline_attribution(span)
        if byline is not None:
            return byline
        pos, end = self.after_clause(span)
        new_sentence = self.sentence_start(pos) > span.opened  # the quote ended its sentence
        asides = [(pos + m.start(), pos + m.end()) for m in DASH_ASIDE.finditer(
            self.masked[pos:end])]
        for cue in self.cues:
            if not pos <= cue.start < end or any(a <= cue.start < b for a, b in asides):
                continue  # "Peskov — who rarely comments on such matters — said": the aside's
            # an aside between dashes ("Peskov — who rarely comments — said") does not count
            between = DASH_ASIDE.sub(" ", self.masked[pos:cue.start])
            if len(between.split()) > 14 or (len(between.split()) > 8 and "," not in between):
                return None
            first = between.split()[0].lower() if between.split() else ""
            if "," not in between and (first in self.lex.prepositions
                                       or first in self.lex.phrase_stops):
                return None  # "“…” among the demands Putin set out": a relative clause
            if cue.kind == "participle":
                return self.participle_after_quote(span, cue, pos, end, new_sentence)
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
            return self.cited_source(res, cue, end) or Attribution(
                res, self.cue_evidence(cue, end), res.confidence, "cue_after_quote")
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
