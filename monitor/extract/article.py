"""One article, read in order: every quoted span and reported clause with its speaker.

The reading order matters: the discourse state (who "he" is, who was last described as "the
chancellor") is the one a reader has at that point of the text. Quotations running over
several paragraphs get the attribution any of their parts found. Interview transcripts are
read as such: "A:" answers (and a quote answering a "Q:" line) are the interviewee's — the
tracked person the latest sentence says was interviewed, spoken to or told an outlet — and
questions ("Q: “…?”", "Asked “…?”", a question right before another quote) nobody's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from monitor.extract.actors import ActorIndex, for_article
from monitor.extract.direct import Attribution, ParagraphReader, SentenceSource
from monitor.extract.indirect import clause_speaker, reported_clauses
from monitor.extract.labels import TRANSCRIPT_LABEL
from monitor.extract.lexicon import Lexicon
from monitor.extract.quotes import QuoteSpan, find_quote_spans, starts_with_opening
from monitor.extract.speakers import Discourse, Resolution
from monitor.models import Mention, MentionKind

MIN_WORDS = 3  # shorter quotes are not statements
# No-break and thin spaces read as plain ones (one character each: offsets stay the same).
ODD_SPACES = re.compile("[\u00a0\u2007\u2009\u202f\u200a\u2002\u2003]")
LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][a-z’'-]*(?![\w’'-])")  # a word in lower case
READER_WORD = re.compile(r"\S*\w\S*")  # a word as a reader counts it, punctuation attached
# “…,” the statement said / the Kremlin added: a source named right after the quote.
SOURCE_SAID = re.compile(r"[,\s]*(?:[A-Za-z][\w’'.-]*\s+){1,5}"
                         r"(?:said|says|added|adds|wrote|writes|stated|states|noted)\b")
# The speaker's own pronoun in a participle after their cue: "said, adding that she …".
OWN_PRONOUN = re.compile(r",\s+(?:adding|saying|noting|insisting|arguing|explaining)"
                         r"\s+(?:that\s+)?(he|she)\b")
# A sentence that says someone is being interviewed: "in an interview with", "told Radio X",
# "the paper spoke to the envoy". The speaker (or the one spoken to) answers the "A:" lines.
INTERVIEW = re.compile(
    r"\binterview|\btold\s+[A-Z]|\b(?:spoke|talked)\s+(?:to|with)\s+(?:the\s+)?[A-Z]")
SPOKE_TO = re.compile(
    r"\b(?:spoke|talked|interview)\s+(?:to|with)\s+((?:[A-Z][\w.’'-]*\s*){1,4})")

@dataclass
class QuotedSpan:
    """A quoted span (or a reported clause) found in the article, with its speaker once known."""

    start: int  # offset in the article text
    words: str
    attribution: Attribution | None
    kind: MentionKind = "direct"
    span: QuoteSpan | None = None  # where it sits in its paragraph (direct quotes)
    paragraph: ParagraphReader | None = None


class ArticleReader:
    """Reads an article paragraph by paragraph, attributing every quoted span."""

    def __init__(self, paragraphs: list[str], index: ActorIndex, lexicon: Lexicon,
                 day: date | None, with_indirect: bool = False):
        self.with_indirect = with_indirect
        paragraphs = [ODD_SPACES.sub(" ", p) for p in paragraphs]
        index = for_article(index, "\n".join(paragraphs))
        self.discourse = Discourse(index, lexicon, day)
        self.discourse.common_words = frozenset(LOWER_WORD.findall("\n".join(paragraphs)))
        self.readers = [ParagraphReader(self.discourse, p, find_quote_spans(p))
                        for p in paragraphs]
        for reader in self.readers:
            self.discourse.learn_names(
                reader.masked, [c.start for c in reader.cues if c.kind == "verb"])
        self.quoted: list[QuotedSpan] = []
        # A quotation left open at a paragraph end goes on in the next paragraph: its parts so
        # far, and the attribution found for any of them.
        self.open_quotation: list[QuotedSpan] = []
        self.previous_speaker: Attribution | None = None  # the last sentence's speaker
        self.interviewee: Attribution | None = None  # who answers an interview's "A:" lines

    def read(self) -> list[QuotedSpan]:
        offset = 0
        for reader in self.readers:
            if not starts_with_opening(reader.text, reader.spans) or \
                    reader.transcript_quote(reader.spans[0]):
                self._close_quotation()  # a labelled transcript line is a new turn
            if self.with_indirect:
                self._read_transcript_line(reader, offset)
            for s_start, s_end in reader.sentences:
                self._read_sentence(reader, s_start, s_end, offset)
            if not reader.spans or not reader.spans[-1].open_end:
                self._close_quotation()
            offset += len(reader.text) + 2
        self._close_quotation()
        return join_split_quotes(self.quoted)

    def _read_transcript_line(self, reader: ParagraphReader, offset: int) -> None:
        """A transcript's answer, "LEAVITT: The president has been clear …" or "Mr. Peskov:
        …": the speaker's own words without quotation marks, kept as reported speech."""
        label = TRANSCRIPT_LABEL.match(reader.masked)
        if label is None or "~" in reader.masked[label.end():]:
            return
        resolution = reader.label_speaker(label.group(1))
        words = reader.text[label.end():].strip()
        if resolution.entity is None or resolution.entity.actor is None or \
                len(words.split()) < MIN_WORDS:
            return
        self.discourse.set_speaker(resolution.entity)
        self.quoted.append(QuotedSpan(offset + label.end(), words,
                                      Attribution(resolution, ":", 0.8, "transcript_label"),
                                      "indirect"))

    def _close_quotation(self) -> None:
        """Give every part of a multi-paragraph quotation the attribution one part found."""
        found = next((q.attribution for q in self.open_quotation if q.attribution), None)
        if found is not None:
            for part in self.open_quotation:
                if part.attribution is None:
                    part.attribution = Attribution(found.resolution, found.cue,
                                                   found.confidence * 0.9,
                                                   found.rule + "+quotation_goes_on")
        self.open_quotation = []

    def _attribute(self, reader: ParagraphReader, span: QuoteSpan, lo: int, s_start: int,
                   s_end: int, previous_in_sentence: Attribution | None) -> Attribution | None:
        """The quote's speaker: no one for questions and names of works, else a cue's
        speaker, else one carried over from the sentence or the discourse."""
        unspoken = self._unspoken(reader, span, s_start)
        if unspoken is not None:
            return unspoken
        attribution = self._cued(reader, span, lo, s_start, s_end)
        if attribution is not None:
            return attribution
        labelled = reader.transcript_quote(span)
        if labelled is not None:
            return Attribution(labelled, ":", 0.8, "transcript_line_quote")
        return self._carried(reader, span, lo, s_start, s_end, previous_in_sentence)

    def _unspoken(self, reader: ParagraphReader, span: QuoteSpan,
                  s_start: int) -> Attribution | None:
        """Rule family of lines nobody in the text says: an interview's answer goes to the
        interviewee, a programme's name and an interviewer's question to no one."""
        head = reader.masked[s_start:span.opened].strip(" “\"«").lower()
        nobody = Attribution(Resolution(None, "", 0.0, True), "", 0.0)
        if head in reader.lex.answer_line_openers:  # "Q: Is there a deal? A: “…”"
            return self.interviewee or nobody
        if reader.names_a_work(span):  # "he said on “Meet the Harbour.”": a programme's name
            return Attribution(Resolution(None, "", 0.0, True), "", 0.0, "names_a_work")
        following = next((s for s in reader.spans if s.opened > span.closed), None)
        if head in reader.lex.question_line_openers or (
                reader.text[span.start:span.end].rstrip().endswith("?") and following
                and not reader.masked[span.closed + 1:following.opened].strip()):
            return nobody  # the interviewer's question: "Asked “…?”, he said", "“…?” “…”"
        return None

    def _cued(self, reader: ParagraphReader, span: QuoteSpan, lo: int, s_start: int,
              s_end: int) -> Attribution | None:
        """A cue after the quote, else one before it in its sentence, else a passive agent."""
        attribution = reader.after_attribution(span, s_end)
        # A cue in the next sentence (“… pleased.” Asked about it, she said: …) yields to one
        # before the quote in its own sentence.
        crosses = span.closed >= s_end - 1 or not reader.masked[span.closed + 1:s_end].strip()
        if attribution is None or attribution.resolution.entity is None or crosses:
            before = reader.before_attribution(span, lo)
            named_no_one = attribution is not None and attribution.resolution.explicit and (
                not crosses and not reader.cue_right_before(span, lo)) and bool(
                SOURCE_SAID.match(reader.masked, span.closed + 1))
            if attribution is None or (before is not None and before.resolution.entity
                                       and not named_no_one):
                # but "Trump proposed a halt and “Putin agreed …,” the statement said": the
                # document after the quote is its source, not a verb far before it
                attribution = before
        if attribution is None or attribution.resolution.entity is None:
            # "The plan was called “…” by Trump": the grammatical subject is not the speaker
            attribution = reader.passive_agent(span, s_start, s_end) or attribution
        return attribution

    def _carried(self, reader: ParagraphReader, span: QuoteSpan, lo: int, s_start: int,
                 s_end: int, previous_in_sentence: Attribution | None) -> Attribution | None:
        """Rule family of quotes without a cue of their own: the speaker carried over from
        the sentence before, the quote before in this sentence, or the sentence's subject."""
        previous = self.previous_speaker
        if previous is not None and previous.cue and reader.about_reported_words(s_start, span):
            # “…,” he wrote. The post ended on a warning: “…”
            return Attribution(previous.resolution, previous.cue, previous.confidence * 0.8,
                               "about_reported_words")
        after_semicolon = reader.masked[lo:span.opened].rsplit(";", 1)
        if previous_in_sentence is not None and (
                len(after_semicolon) == 1 or len(after_semicolon[1].split()) < 2):
            # “A” and “B” after one cue, but not across "; Mr Putin bid him farewell with “B”"
            return replace(previous_in_sentence,
                           rule=previous_in_sentence.rule + "+same_cue_next_quote")
        opens_sentence = not reader.masked[s_start:span.opened].strip(" “\"«")
        stands_alone = not re.sub(r"[\W_]", "", reader.masked[span.closed + 1:s_end])
        if opens_sentence and stands_alone:
            if span is reader.spans[0] and bool(self.open_quotation):
                return None  # the quotation's own attribution is given when it closes
            question = reader.text[span.start:span.end].rstrip().endswith("?")
            # "Reyes continued:" ¶ “…?”: a lead-in ending in a colon introduces the speaker's
            # own question (rule colon_lead_in)
            lead_in = self.discourse.previous_sentence.rstrip().endswith(":")
            if previous is not None and not (question and not previous.cue and not lead_in):
                # “A,” he said. “B.” / Zelensky said in his nightly address. “…” — but a
                # bare question after a sentence about someone is an interviewer's
                rule = "previous_sentence_speaker" + (
                    "+colon_lead_in" if question and not previous.cue else "")
                return Attribution(previous.resolution, previous.cue, previous.confidence * 0.8,
                                   rule)
        if not opens_sentence:
            wording = reader.subject_wording(span, s_start)
            if wording is not None:
                return Attribution(wording, "", 0.6, "subject_wording")
        return None

    def _sourced(self, reader: ParagraphReader, span: QuoteSpan, source: SentenceSource,
                 attribution: Attribution | None, s_end: int) -> Attribution | None:
        """A quote in a sentence opening "According to X, …": X's when nobody else in the
        sentence speaks; someone's own when a cue names them right at the quote ("…,” he said;
        he said: “…”); otherwise words inside X's paraphrase ("According to the readout, Putin
        told Trump that the key was “…”"), which are X's wording: a tracked X's, else no one's."""
        inner = [c for c in reader.cues if source.end <= c.start < span.opened]
        own_cue = reader.after_attribution(span, s_end) is not None or reader.masked[
            source.end:span.opened].rstrip(" “\"«").endswith(":")
        if own_cue:
            source_actor = source.resolution.entity.actor if source.resolution.entity else None
            speaker = attribution.resolution.entity if attribution else None
            if source_actor is not None and speaker is not None and (
                    speaker.actor is not None and speaker.actor is not source_actor):
                return None  # "According to Zelensky, Putin said: “…”": whose wording?
            return attribution
        if not inner and source.resolution.entity is not None:
            return Attribution(source.resolution, source.cue, 0.8, "according_to")
        source_words = source.resolution.phrase.lower().split()
        untracked = source.resolution.entity is None or source.resolution.entity.actor is None
        if untracked and source_words and source_words[-1] not in \
                reader.lex.document_nouns and attribution is not None and \
                attribution.resolution.entity is not None:
            # "According to his office, the prime minister said it was “…”": an office
            # relays what its principal said; a summary's paraphrase is the summary's wording
            return attribution
        return None

    def _read_sentence(self, reader: ParagraphReader, s_start: int, s_end: int,
                       offset: int) -> None:
        sentence_speaker = self._read_quotes(reader, s_start, s_end, offset)
        if self.with_indirect:
            self._read_reports(reader, s_start, s_end, offset)
        opener = reader.masked[s_start:s_end].split()[:1]
        if opener and opener[0].lower() in reader.lex.interview_line_openers:
            # "Q: Will you meet him?" names no subject; the quote answering it (or the "A:"
            # line) is the interviewee's
            self.previous_speaker = self.interviewee
            return
        if sentence_speaker is None:
            sentence_speaker = self._sentence_subject(reader, s_start, s_end)
        self.previous_speaker = sentence_speaker
        sentence = reader.masked[s_start:s_end]
        own_pronoun = OWN_PRONOUN.search(sentence)
        speaker = sentence_speaker.resolution.entity if sentence_speaker else None
        if own_pronoun and speaker is not None and speaker.pronoun is None:
            # "…,” a diplomat said, adding that she expected …: a later "he" is someone else
            speaker.pronoun = own_pronoun.group(1).lower()
        self.discourse.previous_sentence = sentence
        if INTERVIEW.search(sentence):
            self._note_interview(sentence, sentence_speaker)

    def _read_quotes(self, reader: ParagraphReader, s_start: int, s_end: int,
                     offset: int) -> Attribution | None:
        """Attribute the sentence's quoted spans in order; the last speaker found."""
        sentence_speaker: Attribution | None = None
        previous_in_sentence: Attribution | None = None
        lo = s_start
        source = reader.sentence_source(s_start, s_end)
        for span in [s for s in reader.spans if s_start <= s.opened < s_end]:
            attribution = self._attribute(reader, span, lo, s_start, s_end, previous_in_sentence)
            if source is not None:
                attribution = self._sourced(reader, span, source, attribution, s_end)
            quoted = QuotedSpan(offset + span.start, reader.text[span.start:span.end].strip(),
                                attribution, "direct", span, reader)
            self.quoted.append(quoted)
            if span is reader.spans[0] and self.open_quotation:
                self.open_quotation.append(quoted)
            elif span.open_end:
                self._close_quotation()
            if span.open_end and quoted not in self.open_quotation:
                self.open_quotation.append(quoted)
            if attribution is not None and attribution.rule != "names_a_work":
                previous_in_sentence = attribution  # a programme's name is no one's turn
                if attribution.resolution.entity is not None:
                    self.discourse.set_speaker(attribution.resolution.entity)
                    sentence_speaker = attribution
            if attribution is None or attribution.rule != "names_a_work":
                lo = span.closed + 1  # a programme's name leaves the cue before it in reach
        return sentence_speaker

    def _read_reports(self, reader: ParagraphReader, s_start: int, s_end: int,
                      offset: int) -> None:
        """The sentence's reported clauses with their speakers (monitor.extract.indirect)."""
        reports = []
        for clause in reported_clauses(reader, s_start, s_end):
            speaker = clause_speaker(reader, clause, s_start, s_end)
            if speaker is None or speaker.entity is None:
                continue
            reports.append((clause, speaker))
        sources = [c for c, sp in reports if c.cue.kind == "after" and sp.entity is not None
                   and sp.entity.actor is not None]
        for clause, speaker in reports:
            if any(o is not clause and o.start <= clause.start and clause.end <= o.end
                   for o in sources):
                continue  # "According to Peskov, Putin told Trump that …": Peskov's account
            self.quoted.append(QuotedSpan(
                offset + clause.start, reader.text[clause.start:clause.end],
                Attribution(speaker, reader.cue_evidence(clause.cue, s_end),
                            speaker.confidence * 0.9,
                            getattr(clause, "rule", "") or "reported_clause"),
                "indirect"))

    def _sentence_subject(self, reader: ParagraphReader, s_start: int,
                          s_end: int) -> Attribution | None:
        """Rule: a sentence without a quoted speaker makes its subject the one a later quote
        or pronoun means ("The Russian leader coupled the order with a warning. “…”")."""
        discourse = self.discourse
        reporter = reader.trailing_reporter(s_start, s_end)
        if reporter is not None and reporter.entity is not None:
            discourse.set_speaker(reporter.entity)
            return Attribution(reporter, "", 0.7, "trailing_reporting_clause")
        subject = reader.sentence_subject(s_start, s_end)
        if subject is not None and subject.entity is not None:
            discourse.set_subject(subject.entity)
            has_cue = any(s_start <= c.start < s_end for c in reader.cues)
            if has_cue:
                discourse.last_speaker = subject.entity
            return Attribution(subject, "", 0.7 if has_cue else 0.6, "sentence_subject")
        if reader.names_someone(s_start, s_end) and not reader.pronoun_keeps_salient(
                s_start, s_end):
            # "The Kremlin said Putin was ready.": whom a later "he" means is unclear;
            # without a cue ("… more upheaval than Clinton, the former secretary") the
            # one person of the pronoun's gender named there may still be meant
            discourse.salient = None
            discourse.reported_about = any(s_start <= c.start < s_end for c in reader.cues)
        return None

    def _note_interview(self, sentence: str, sentence_speaker: Attribution | None) -> None:
        """Rule: a sentence about an interview names who answers its "A:" lines."""
        spoken_to = SPOKE_TO.search(sentence)
        res = self.discourse.resolve(spoken_to.group(1)) if spoken_to else None
        if res is not None and res.entity is not None and res.entity.actor is not None \
                and res.explicit:  # "The paper spoke to the envoy by phone"
            self.interviewee = Attribution(res, "interview", 0.7, "interviewee")
        elif sentence_speaker is not None and sentence_speaker.resolution.entity is not None \
                and sentence_speaker.resolution.entity.actor is not None:
            # "X spoke to a newspaper", "X told Radio Y …"
            self.interviewee = Attribution(sentence_speaker.resolution, "interview", 0.7,
                                           "interviewee")
        elif (res is not None and res.entity is not None) or (
                sentence_speaker is not None and sentence_speaker.resolution.entity):
            self.interviewee = None  # someone untracked is interviewed now


SPLIT_BETWEEN = re.compile(r"[\s,—–-]*[^.!?;:~“”\"«»]{1,60}?[,:—–-]\s*")


def _word_count(text: str) -> int:
    """Words as a reader counts them: "peacemaker-in-chief" and "30-day" are one each."""
    return len(READER_WORD.findall(text))


def _token_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def join_split_quotes(quoted: list[QuotedSpan]) -> list[QuotedSpan]:
    """“A,” he said, “B.” in one paragraph becomes one mention “A, B.” — when the joined words
    are still recognisably each part (not over three times the shorter one, plus ten words)."""
    joined: list[QuotedSpan] = []
    for q in quoted:
        last = joined[-1] if joined else None
        if (
            last is not None and q.kind == last.kind == "direct"
            and q.paragraph is not None and q.paragraph is last.paragraph
            and q.span is not None and last.span is not None
            and not last.span.open_end and not q.span.open_end
            and q.attribution is not None and last.attribution is not None
            and q.attribution.resolution.entity is not None
            and q.attribution.resolution.entity is last.attribution.resolution.entity
        ):
            between = q.paragraph.masked[last.span.closed + 1:q.span.opened]
            shorter = min(_token_count(last.words), _token_count(q.words))
            together = f"{last.words} {q.words}"
            # one sentence split by its attribution: “We want peace,” he said, “but not …”
            one_sentence = last.words[-1:] not in ".!?" and q.words[:1].islower()
            if (
                one_sentence
                and SPLIT_BETWEEN.fullmatch(between)
                and q.paragraph.lex.cue_pattern.search(between)
                and _token_count(together) <= 3 * shorter + 10
            ):
                joined[-1] = QuotedSpan(last.start, together, last.attribution, "direct",
                                        QuoteSpan(last.span.start, q.span.end, last.span.opened,
                                                  q.span.closed, False), last.paragraph)
                continue
        joined.append(q)
    return joined


def extract_statements(
    paragraphs: list[str], index: ActorIndex, lexicon: Lexicon, day: date | None,
    with_indirect: bool = False,
) -> list[Mention]:
    """Direct quotes (and, if asked, reported speech) of tracked actors, in text order."""
    mentions = []
    reader = ArticleReader(paragraphs, index, lexicon, day, with_indirect)
    for quoted in reader.read():
        attribution = quoted.attribution
        if attribution is None or attribution.resolution.entity is None:
            continue
        actor = attribution.resolution.entity.actor
        if actor is None or _word_count(quoted.words) < MIN_WORDS:
            continue
        mentions.append(Mention(
            actor=actor.name, text=quoted.words, kind=quoted.kind,
            speaker=reader.discourse.tidy_phrase(attribution.resolution.phrase),
            cue=attribution.cue,
            confidence=round(min(1.0, attribution.confidence), 2), start=quoted.start,
            rule=attribution.rule + ("" if attribution.resolution.explicit else "+antecedent")))
    mentions.sort(key=lambda m: (m.start, m.kind))
    return mentions
