"""Reported speech: "Peskov said the talks had been useful" → (Peskov, "the talks had been useful").

Uses the same cues and speaker resolution as direct quotes: a speech verb with a resolvable
subject, and its complement clause up to the end of the sentence. A cue that only attributes a
quotation (“…,” he said) or introduces one (he said: “…”) reports nothing more and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from monitor.extract import reported
from monitor.extract.direct import Cue

if TYPE_CHECKING:
    from monitor.extract.direct import ParagraphReader
    from monitor.extract.lexicon import Lexicon
    from monitor.extract.speakers import Resolution

MIN_CLAUSE_WORDS = 3
# A reported clause this much inside quotation marks is left to the direct quote, which carries
# the same words with the better evidence. Annotators count a clause that quotes a phrase
# ("said the talks had been “a real step forward” but …") as reported speech: 0.5 keeps those
# (on dev, 0.25 gives P 0.97 R 0.71, 0.5 P 0.94 R 0.77; on two fresh corpora and 40 real
# articles 0.5 lifts recall by 0.05–0.10 at equal precision).
QUOTED_SHARE = 0.5
# Where a reported clause stops before the sentence does: another report, a source, a list.
CLAUSE_END = re.compile(
    r":(?=\s*[“\"«~]|\s*$)|,\s+(?:according to|he said|she said|while|after|before|as)\b|"
    r",\s+(?!(?:includ|regard|concern|exclud|follow|accord|notwithstand)ing\b)[a-z]+ing\b|"
    r";|\s[—–-]\s|,?\s+but\s+that\b|,\s+(?:to|at|after|upon)\s+which\b|"
    # "…, which tells us less about the talks": a closing relative clause is the reporter's
    r",\s+which\b(?=[^,;]*$)|"
    # "…, but the Russian leader offered no commitment": the reporter's contrast, not the words
    r",\s+(?:but|yet|whereas|although)\s+(?!that\b|also\b|not\b)|"
    # "…, a phrase Moscow has long used": the reporter's comment on the words
    r",[”\"»]?\s+(?:a|an)\s+(?:[a-z]+\s+)?(?:phrase|term|reference|remark|claim|move|step|sign|"
    r"signal|position|view|demand|condition|message|warning|assessment|idea|notion|proposal|"
    r"apparent|statement|comment|word|formula|euphemism|allusion)\b|"
    r",?\s+(?:but|and)\s+(?:added|said|insisted|warned|noted|stressed|argued|told|wrote)\b|"
    # "…in principle, but listed many conditions": the subject's next act, not its words
    r",\s+(?:but|and|yet)\s+(?:also\s+|then\s+)?[a-z]+ed\b|"
    r"\s+(?:but|and|yet),\s+[^,~]{1,40},\s+[a-z]+ed\b|"
    # "…, and has championed an agenda …": the subject's next act in the present perfect,
    # which a past report does not use for its own words
    r",\s+(?:and|but)\s+(?:to\s+date\s+)?(?:has|have)\s+(?:only\s+|also\s+|since\s+|long\s+)?"
    r"[a-z]+(?:ed|en)\b|"
    # "…, and he reiterated them on Thursday": the reporter goes on about the speaker
    r",\s+(?:and|but)\s+(?:he|she|they)\s+(?!(?:would|will|could|should|had|has|was|were|is|"
    r"are|might|may|must|can)\b)[a-z]+ed\b|"
    # "…would change. ''Some voters …'': a sentence end the splitter missed before a quotation
    # in apostrophes (or any quotation) ends the report
    r"[.?!](?=\s+(?:''|~))"
)
AUXILIARIES = frozenset(["is", "was", "were", "are", "be", "been", "had", "has", "have", "would",
                         "will", "could", "should", "can", "may", "might", "must", "did", "do",
                         "does"])
# Words after "called" that make it a phone call or a summons ("called Putin on Monday",
# "called him to the Kremlin"), not a verdict.
CALL_NOT_VERDICT = frozenset(["on", "at", "to", "after", "before", "during", "from", "by", "via",
                              "into", "yesterday", "today", "tonight"])
# "Trump, while acknowledging …, left the door open": a participle aside ends at its comma.
PARTICIPLE_ASIDE = re.compile(r",\s*(?:while|when|after|before|though|although|even\s+as)?\s*$")
DASH = re.compile(r"\s[—–-]\s")
BUT_THAT = re.compile(r",?\s+but\s+that")
# "did not say what …", "declined to say whether …": nothing was reported.
NEGATED = re.compile(r"(?:\bnot|n[’']t|\bnever|\bdeclined to|\brefused to|\bwould not)\s*$")
# Adverbials that may stand between the verb and "that" ("said on Monday that", "repeated his
# warning that").
# A bare time phrase may stand there too ("said Thursday that", "said a day earlier that").
TIME_PHRASE = (
    r"(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tonight|overnight|"
    r"recently|previously|(?:a|one|two|three|four|five|several|a\s+few)\s+"
    r"(?:days?|weeks?|months?|years?|hours?)\s+(?:earlier|later|ago|before))"
)
ADVERBIAL_THEN_THAT = re.compile(
    r"\s*(?:(?:on|in|at|after|afterwards?|later|earlier|last|this|late|during|via|over|through|"
    r"from|to|of|again|also|repeatedly|privately|publicly|(?:many|several|numerous|multiple)\s+"
    r"times|more\s+than\s+once|once)\b[^“”\"«»~;:.]{0,60}?|" + TIME_PHRASE
    + r"(?:\s+(?:morning|afternoon|evening|night))?,?\s*|"
    r",\s*(?:however|though|nonetheless|nevertheless|meanwhile|moreover|instead|too|again|"
    r"also|once\s+again|in\s+turn),\s*|"
    r"(?:his|her|their|its)\s+(?:warning|view|position|belief|claim|argument|call|demand|"
    r"promise|pledge|assertion|insistence)\s*)?\s*,?\s*that\b"
)
# Listeners after "told": skipped before the clause ("told reporters the talks…").
AUDIENCE = re.compile(
    r"\s*(?:reporters|journalists|lawmakers|parliament|supporters|delegates|officials|"
    r"students|(?:him|them|us|me|her)(?=\s+(?:the|a|an|his|her|their|its|he|she|they|we|it|"
    r"there|that|this|these|those)\s)|"
    # "told the harbor crews the fees …": a two-word listener before the clause's subject
    r"(?:the|his|her|their)\s+[a-z]+\s+[a-z]+s(?=\s+(?:the|a|an|his|her|their|its|he|she|"
    r"they|we|it|there)\s)|"
    r"(?:the|his|her|their)\s+(?:[A-Z][\w.’'-]*\s+)*"
    r"(?!(?:the|a|an|his|her|their|its|this|that)\b)[a-z]+|"
    # "told investigators they were …": a plural noun before the clause's subject
    r"[a-z]+s(?=\s+(?:he|she|they|we|I|it|there|the|his|her|their|its)\s)|"
    r"(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*"
    r"(?:\s+(?:state|public|national))?(?:\s+(?:television|tv|radio|media|newspaper|"
    r"news agency|agency|channel|broadcaster|daily|magazine))?)"
    r"(?:\s+(?:on|in|at|late|early|earlier|this|last)\s+[\w-]+(?:\s+[A-Z][\w-]*)*)?,?"
)
# Verbs whose listener may stand before a "that" clause ("warned Ukrainians on Friday that",
# "reminded reporters that"); only "told" and its kin also take a listener before a bare clause.
AUDIENCE_VERBS = frozenset(["told", "tells", "telling", "informed", "informs", "assured",
                            "assures", "assuring", "reassured", "warned", "warns", "warning",
                            "reminded", "reminds", "reminding", "promised", "promises",
                            "promising"])
# A listener never starts with these: "warned against any deal that …" is a relative clause.
LISTENER_NOT_FIRST = frozenset(["against", "of", "about", "over", "for", "with", "from"])
# "on Wednesday", "in a video address," before a bare clause.
LEADING_ADVERBIAL = re.compile(
    r"\s*(?:(?:on|late on|early on|last|this|in|at)\s+(?:[A-Z][\w-]+|\w+day|week|month|year|"
    r"night|morning|evening|afternoon|(?:an?|his|her|their|the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:address|interview|statement|speech|post|video|briefing|conference))"
    r"(?:\s+(?:night|morning|evening|afternoon))?,?\s+|" + TIME_PHRASE
    + r"(?:\s+(?:night|morning|evening|afternoon))?,?\s+)"
)


# "said during the campaign, the war would …": an adverbial closed by a comma before the clause.
ADVERBIAL_COMMA = re.compile(
    r"\s*(?:during|in|on|at|after|before|earlier|later|last|this|over|throughout)\b"
    r"[^,;:~“”\"«»]{0,50},\s+(?=[A-Za-z])")

# "a way of saying yes": the verb named as an act, not a report of words.
# "left without saying": words withheld, not reported.
GERUND_AS_NOUN = re.compile(r"\b(?:of|without)\s+$")
# "deals he said he had made": a pronoun subject right after a noun phrase with no "that" or
# comma between them reports inside a relative clause on that noun, whose object is missing.
CONTACT_RELATIVE = re.compile(
    r"\b(?:to|of|on|about|with|for|from|the|a|an|his|her|their|its|some|any|all|other|many)\s+"
    r"([a-z]+)\s+(?:he|she|they|we|i)\s+$")
# "what Voss says …", "whom he mentioned …": a relative word as the cue's object.
OBJECT_RELATIVE = re.compile(
    r"(?<![\w’'-])(?:[Ww]hat|whom)\s+(?:(?:[A-Z][\w.’'-]*\s+){1,3}|(?:he|she|they|we|I)\s+)"
    r"(?:(?:has|had|have|also|later|once|often)\s+)*$")
# Words a pronoun subject may follow in a main clause ("in private he said", "but he said").
NOT_A_NOUN_HEAD = frozenset(["private", "public", "person", "turn", "fact", "response", "return",
                             "part", "short", "particular", "general", "addition", "end", "time",
                             "way", "interview", "statement", "speech", "remarks", "comments"])
# "…had been misrepresented after the newspaper reported …", "… as he set out plans …": a
# subordinate clause of the reporter's own that follows the reported words.
TRAILING_SUBORDINATE = re.compile(
    r"\s+(?:after|as)\s+(?!soon\b|long\b|well\b|early\b|much\b|many\b|far\b|if\b|though\b|"
    r"a\s+result\b|part\b|of\b|such\b)")
# A sentence that opens with a subordinate clause: a report inside it ("When Trump said he would
# return, the crowd cheered") sets the scene for the main clause rather than reporting a position
# ("As Trump said, the war …" is different: it cites him for the main clause).
LEADING_SUBORDINATOR = re.compile(r"\s*(?:When|After|Before|Once|Until|Since|If)\b")
# "While Voss has said that she backs the quota, she has not signed it": a concessive
# clause reports what was said; the report ends where the main clause starts.
LEADING_CONCESSIVE = re.compile(r"\s*(?:While|Although|Though|Even though|Whereas)\b")
# A name right before a cue inside another report: "said Reyes had told her that …".
NAMED_SUBJECT = re.compile(
    r"(?<![\w’'-])((?:[A-Z][\w.’'-]*\s+){0,2}[A-Z][\w’'-]+)\s+(?:(?:had|has|have|also|later|once)\s+)*$")
SUBJECT_PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i"])
# "he'd", "it’s", "there's", "they're": a subject and its verb in one word.
PRONOUN_CONTRACTION = re.compile(
    r"(?i)(?:he|she|they|it|we|i|you|there|that)['’](?:s|d|ll|re|ve|m)$")


@dataclass(frozen=True)
class ReportedClause:
    cue: Cue
    start: int  # in the paragraph
    end: int
    rule: str = "bare_clause"  # the rule that found it: the mention's evidence
    speakers: tuple[str, ...] = ()  # phrases naming the speaker(s); empty: the cue's subject
    speaker: Resolution | None = None  # the speaker a repair rule found (_repair_speaker)


def reported_clauses(reader: ParagraphReader, s_start: int, s_end: int) -> list[ReportedClause]:
    """The reported clauses of one sentence, one per reporting cue, and those of the other
    reported-speech forms (reported.py), one per person who reported them."""
    found: list[ReportedClause] = []
    sourced: list[ReportedClause] = []  # "according to X, …"
    lex = reader.lex
    for cue in reader.cues:
        if not s_start <= cue.start < s_end:
            continue
        if cue.kind == "after":
            around = _clause_around(reader, cue, s_start, s_end)
            if around is not None:  # kept apart: a report inside it still counts on its own
                sourced.append(ReportedClause(cue, *around, "according_to"))
            continue
        if any(guard(reader, cue, s_start, s_end) for guard in CUE_GUARDS):
            continue
        outer = next((c for c in found if c.start < cue.start < c.end), None)
        inner_subject = NAMED_SUBJECT.search(reader.masked, outer.start, cue.start) if (
            outer) else None
        if outer is not None and inner_subject is None:
            continue  # "said he had told the leader that …": the outer report holds it
        if reader.inverted_speaker(s_start, cue, s_end) is not None:
            # "That end, said Secretary of State Marco Rubio, would be negotiated …": the
            # whole sentence is the report, as with "Kyiv, he said, would …"
            found.extend(_inverted_report(reader, cue, s_start, s_end))
            continue
        if cue.word in lex.demand_verbs or cue.word in lex.denial_verbs:
            # "demanded that Kyiv withdraw": what they want; "denied that the strike was
            # linked": the opposite of what they said (reported.py reads demands apart)
            continue
        if cue.word in lex.verdict_verbs:
            verdict = _verdict(reader, cue, s_end)
            if verdict is not None:
                found.append(ReportedClause(cue, *verdict, "verdict_verb"))
            continue
        opening = _clause_opening(reader, cue, s_end)
        if opening is None:
            continue
        clauses = _complement(reader, cue, s_start, s_end, opening)
        if inner_subject is not None:  # "Voss said Reyes had told her that …": Reyes's too
            clauses = [replace(c, rule=c.rule + "+nested_report",
                               speakers=(inner_subject.group(1),))
                       if c.rule.split("+")[0] in COMPLEMENTS else c for c in clauses]
        found.extend(clauses)
    clauses = _each_speaker(reader, found + sourced + _other_forms(reader, s_start, s_end, found),
                            s_start)
    return [_repair_speaker(reader, c, s_start, s_end) for c in clauses]


def _cue_attributes_a_quote(reader: ParagraphReader, cue: Cue, s_start: int, s_end: int) -> bool:
    """“…,” Peskov said: the cue names the speaker of the quote before it."""
    return cue.kind == "verb" and _attributes_a_quote(reader, cue, s_start)


def _negated(reader: ParagraphReader, cue: Cue, s_start: int, s_end: int) -> bool:
    """"did not say what …", "declined to say whether …": nothing was reported."""
    return bool(NEGATED.search(reader.masked[max(s_start, cue.start - 24):cue.start].rstrip()))


def _not_said_yet(reader: ParagraphReader, cue: Cue, s_start: int, s_end: int) -> bool:
    """"is expected to say that …", "wants to tell him …": not said yet."""
    return bool(re.search(r"\bto\s+$", reader.masked[max(s_start, cue.start - 4):cue.start]))


def _gerund_as_noun(reader: ParagraphReader, cue: Cue, s_start: int, s_end: int) -> bool:
    """"found a way of saying yes": the act named, not the words reported; "left without
    saying": no words at all."""
    return bool(GERUND_AS_NOUN.search(reader.masked[max(s_start, cue.start - 9):cue.start]))


def _in_contact_relative(reader: ParagraphReader, cue: Cue, s_start: int, s_end: int) -> bool:
    """"pointing to deals he said he had made": inside a relative clause on "deals"."""
    noun = CONTACT_RELATIVE.search(reader.masked[max(s_start, cue.start - 40):cue.start])
    return noun is not None and noun.group(1) not in NOT_A_NOUN_HEAD


def _object_relative(reader: ParagraphReader, cue: Cue, s_start: int, s_end: int) -> bool:
    """"what Voss says is now the rule", "a rival whom Reyes mentioned later": the cue's object
    is the relative word before its subject, so no clause follows it."""
    return bool(OBJECT_RELATIVE.search(reader.masked[max(s_start, cue.start - 50):cue.start]))


PASSIVE_CUE = re.compile(r"\b(?:was|were|is|are|be|been|being)\s+(?:[a-z]+ly\s+)?$")


def _passive_cue(reader: ParagraphReader, cue: Cue, s_start: int, s_end: int) -> bool:
    """"Voss was warned the strike would spread", "was declared the winner": the subject was
    told or named, someone else spoke."""
    return cue.kind == "verb" and bool(
        PASSIVE_CUE.search(reader.masked, max(s_start, cue.start - 30), cue.start))


def _sets_the_scene(reader: ParagraphReader, cue: Cue, s_start: int, s_end: int) -> bool:
    """"When Trump said he would return, the crowd cheered": the setting of the main clause
    (but in "While Voss has said so, Reyes said …" the second cue is the main clause's)."""
    masked = reader.masked
    return bool(LEADING_SUBORDINATOR.match(masked, s_start, cue.start)) and (
        "," in masked[cue.end:s_end]) and "," not in masked[s_start:cue.start]


# A cue that any of these finds reports nothing of its own.
CUE_GUARDS = (_cue_attributes_a_quote, _negated, _not_said_yet, _gerund_as_noun,
              _in_contact_relative, _object_relative, _sets_the_scene, _passive_cue)


# The rules of a cue's own complement clause.
COMPLEMENTS = frozenset(["that_clause", "question_clause", "bare_clause"])


@dataclass(frozen=True)
class Opening:
    """Where a cue's complement clause starts, and how it is introduced."""

    start: int
    that: bool  # "said (on Monday) that …", "told reporters that …"
    question: bool  # "asked whether …"


def _clause_opening(reader: ParagraphReader, cue: Cue, s_end: int) -> Opening | None:
    """After the cue, its listener ("told reporters"), adverbials ("said on Monday") and
    "that"; None for a cue that takes no bare clause and has no "that" or question word."""
    masked, lex = reader.masked, reader.lex
    start = cue.end
    listener_then_that = False  # "warned Ukrainians on Friday that …"
    if cue.word in ("told", "tells", "informed", "assured", "reassured"):
        audience = AUDIENCE.match(masked, start, s_end)
        if audience:
            start = audience.end()
    if cue.word in AUDIENCE_VERBS:
        # "told a small group of journalists that …", but not "told him the plan was so
        # bad that …", "warned against any deal that …" or "warned that the deal that …"
        told_that = re.match(r"(?:\s+[\w’'.-]+){1,12}?\s+that\b", masked[cue.end:s_end])
        listener = told_that.group().lower().split()[:-1] if told_that else []
        if told_that and listener and listener[0] not in LISTENER_NOT_FIRST and not any(
                w in AUXILIARIES or w == "that" for w in listener):
            start = max(start, cue.end + told_that.end())
            listener_then_that = True
    that_match = ADVERBIAL_THEN_THAT.match(masked, start, s_end)
    that = listener_then_that or that_match is not None
    question = bool(re.match(r"\s*(?:whether|if)\b", masked[start:s_end]) or (
        cue.word in lex.ask_verbs  # "asked how a truce would be monitored"
        and re.match(r"\s*(?:how|why|what|where|when|who|which)\b", masked[start:s_end])))
    if that_match:
        start = that_match.end()
        later = re.match(r"[^,;:~]*,\s+that\b", masked[start:s_end])
        if "," in masked[cue.end:start] and later:
            # "written to Trump, in a letter that he read out, that …": the aside's "that"
            # opens a relative clause; the report follows the aside
            start += later.end()
    if not that and not question:  # ("asking whether …" needs no "that")
        if cue.word not in lex.bare_clause_verbs and (
                cue.word not in reported.reporting_words().bare_clause):
            return None
        adverbial = LEADING_ADVERBIAL.match(masked, start, s_end) or ADVERBIAL_COMMA.match(
            masked, start, s_end)
        if adverbial:
            start = adverbial.end()  # "said on Wednesday he had spoken …"
    return Opening(start, that, question)


def _clause_extent(reader: ParagraphReader, cue: Cue, s_start: int, s_end: int,
                   start: int) -> tuple[int, re.Match[str] | None]:
    """Where the clause opening at `start` ends, and the stop that ended it (None at the
    sentence end or a relative clause's closing comma)."""
    masked = reader.masked
    rest = masked[start:s_end]
    stop = _clause_end(rest)
    end = start + (stop.start() if stop else len(rest.rstrip()))
    relative = re.search(r",\s*(?:who|which)\s+(?:[a-z]+\s+){0,2}$", masked[s_start:cue.start])
    if relative and "," in masked[start:end]:
        # "Trump, who said last week that the war would end, flew home": the relative
        # clause, and the report in it, end at its closing comma
        end = masked.index(",", start, end)
        stop = None
    end = _before_trailing_subordinate(masked, start, end, reader.lex)
    if LEADING_CONCESSIVE.match(masked, s_start, cue.start) and (
            "," not in masked[s_start:cue.start]) and (comma := masked.find(",", start, end)) != -1:
        end, stop = comma, None
    if cue.kind == "participle" and PARTICIPLE_ASIDE.search(masked, s_start, cue.start):
        comma = masked.find(",", start, end)
        if comma > start:  # "Trump, while acknowledging it would be hard, left …"
            end = comma
    return end, stop


def _complement(reader: ParagraphReader, cue: Cue, s_start: int, s_end: int,
                opening: Opening) -> list[ReportedClause]:
    """The clause a cue reports (rules that_clause, question_clause, bare_clause), or the
    sentence around an aside cue (parenthetical_cue), or the clause before it
    (clause_before_cue)."""
    masked, lex = reader.masked, reader.lex
    start, that, question = opening.start, opening.that, opening.question
    end, stop = _clause_extent(reader, cue, s_start, s_end, start)
    words = reader.text[start:end].strip(" ,.:").split()
    blocked = lex.not_a_clause_start
    if cue.word in lex.say_verbs:
        blocked = blocked - {"a", "an"}  # "said a meeting had been discussed"
    if re.match(r"\s*[:“\"«]", masked[start:start + 3]):
        return []  # "told reporters: “…”": the cue introduces a quotation
    comma_then_little = masked[cue.end:cue.end + 1] == "," and len(words) < MIN_CLAUSE_WORDS
    if not words or comma_then_little or (
            not that and words[0].lower() in ("without", "in", "on", "at", "when", "after")):
        # "Several countries were ready to help, he added, without naming them." (a
        # participle's "insisting on a ceasefire" has no clause before it)
        before = _clause_before(reader, cue, s_start) if cue.kind == "verb" else None
        return [ReportedClause(cue, *before, "clause_before_cue")] if before else []
    if words[0].startswith(("“", '"', "«")) or ":" in masked[cue.end:start + 2]:
        return []  # he said: “…” / said “…”: a direct quote, not reported speech
    parenthetical = re.search(r",\s*[^,]{1,40}$", masked[s_start:cue.start])
    closes_aside = masked[cue.end:cue.end + 1] == "," or (  # "Kyiv, he told reporters, was"
        start > cue.end and masked[cue.end:start].rstrip().endswith(","))
    if parenthetical and closes_aside and s_end - s_start < 400:
        # "Washington, he said, would put the proposal to Moscow": the whole sentence
        return _whole_sentence(reader, cue, s_start, end, "parenthetical_cue")
    if len(words) < MIN_CLAUSE_WORDS or (
            words[0].lower() in blocked | reported.reporting_words().not_a_subject
            and not question and not that):
        return []  # "issues he said were on the table": a relative clause
    present = ""
    if not that and not question and cue.word not in lex.noun_report_verbs and (
            not _has_finite_verb(words, lex)):
        if not _present_verb_after_subject(words):
            return []  # "warned the West on Thursday", "said nothing about it": no clause
        present = "+present_verb"
    if stop is not None and stop.group().startswith(":") and any(
            start <= c.start < end for c in reader.cues):
        return []  # "said Putin had told Trump: “…”": it introduces the quotation
    end = _through_but_that(masked, end, stop, s_end)
    rule = "that_clause" if that else "question_clause" if question else "bare_clause"
    return _clause_from(reader, cue, start, end, rule + present)


def _through_but_that(masked: str, end: int, stop: re.Match[str] | None, s_end: int) -> int:
    """"said X, but that Y" is one report of one cue: apart, each half is only part of it."""
    while stop is not None and BUT_THAT.fullmatch(stop.group()):
        rest = masked[end + len(stop.group()):s_end]
        more = CLAUSE_END.search(rest)
        end = end + len(stop.group()) + (more.start() if more else len(rest.rstrip()))
        stop = more
    return end


def _clause_from(reader: ParagraphReader, cue: Cue, start: int, end: int,
                 rule: str) -> list[ReportedClause]:
    """The clause between start and end, trimmed, unless too short or mostly a quotation (the
    direct quote already carries those words)."""
    clause = reader.text[start:end].strip(" ,.:")
    if len(clause.split()) < MIN_CLAUSE_WORDS or _mostly_quoted(
            reader.masked[start:end], reader.text[start:end]):
        return []
    offset = reader.text.find(clause, start)
    offset = offset if offset >= 0 else start
    return [ReportedClause(cue, offset, offset + len(clause), rule)]


def _other_forms(reader: ParagraphReader, s_start: int, s_end: int,
                 found: list[ReportedClause]) -> list[ReportedClause]:
    """The reports of reported.py's forms ("urged Y to …", "Orlov's claim that …") that no
    clause found above already holds."""
    out: list[ReportedClause] = []
    cues = {c.start: c for c in reader.cues}
    for report in reported.reports(reader.masked, s_start, s_end):
        if any(c.start <= report.start < c.end or report.start <= c.start < report.end
               for c in found + out):
            continue
        word = reader.masked[report.cue_start:report.cue_end].lower()
        cue = cues.get(report.cue_start) or Cue(
            report.cue_start, report.cue_end, word,
            "participle" if word.split()[0].endswith("ing") else "verb")
        if NEGATED.search(reader.masked[max(s_start, cue.start - 24):cue.start].rstrip()):
            continue  # "did not promise to …"
        out.append(ReportedClause(cue, report.start, report.end, report.rule, report.speakers))
    return out


def clause_speaker(reader: ParagraphReader, clause: ReportedClause, s_start: int,
                   s_end: int) -> Resolution | None:
    """Who reported the clause: the speaker a repair rule found, the phrase its rule named (an
    owner, one person of a joint subject), else the cue's subject."""
    if clause.speaker is not None:
        return clause.speaker
    if not clause.speakers:
        return reader.cue_speaker(s_start, clause.cue, s_end)
    return reader.d.resolve(clause.speakers[0], reader.masked[s_start:clause.cue.start])


def _tracked(res: Resolution | None) -> bool:
    return res is not None and res.entity is not None and res.entity.actor is not None


def _repair_speaker(reader: ParagraphReader, clause: ReportedClause, s_start: int,
                    s_end: int) -> ReportedClause:
    """The clause with its speaker settled: the cue's subject when it names a tracked person,
    else the first repair rule (SPEAKER_REPAIRS) that reads the subject phrase as one; the
    rule's name joins the clause's evidence."""
    if clause.speakers or clause.cue.kind == "after":
        return clause
    res = reader.cue_speaker(s_start, clause.cue, s_end)
    if not _tracked(res):
        context = reader.masked[s_start:clause.cue.start]
        phrase = res.phrase if res is not None else ""
        for rule in _repairs_for(clause):
            repaired = rule(reader, phrase, context)
            if _tracked(repaired):
                return replace(clause, rule=f"{clause.rule}+{rule.__name__.lstrip('_')}",
                               speaker=repaired)
    return replace(clause, speaker=res) if res is not None else clause


def _adverb_before_cue(reader: ParagraphReader, phrase: str, context: str) -> Resolution | None:
    """"Voss often says …", "She has since said …": adverbs and auxiliaries left at the end of
    the subject phrase are not part of the name."""
    words = phrase.split()
    rw = reported.reporting_words()
    n = len(words)
    while n > 1 and (words[n - 1].lower() in rw.adverbs_before_cue or (
            words[n - 1].islower() and words[n - 1].endswith("ly") and len(words[n - 1]) > 4)):
        n -= 1
    if n == len(words):
        return None
    return reader.d.resolve(" ".join(words[:n]), context)


def _title_before_name(reader: ParagraphReader, phrase: str, context: str) -> Resolution | None:
    """"Secretary of State Pavel Orlov said …": a capitalised title before a tracked person's
    name; the longest run of capitalised words ending the phrase that names one."""
    words = phrase.strip(" ,").split()
    joiners = reported.reporting_words().title_joiners
    titles = reader.lex.person_nouns | reader.lex.abbreviations
    for k in range(1, min(len(words), 8)):
        head, tail = words[:k], words[k:]
        if not all(w[:1].isupper() or w.lower() in joiners for w in head):
            return None
        if not all(w[:1].isupper() for w in tail) or any(w.endswith(("’s", "'s")) for w in head):
            continue
        if head[-1].lower().rstrip(".") not in titles | joiners and head[-2:-1] != ["of"]:
            continue  # "Senator Kelli Ward": another person's first name before the surname
        name = " ".join(tail)
        res = reader.d.resolve(name, context)
        if _tracked(res) and res.explicit and name in _names_of(res):
            return res  # ("State Rep. Kelli Ward" is not the tracked Steve Ward)
    return None


def _names_of(res: Resolution) -> set[str]:
    actor = res.entity.actor if res.entity is not None else None
    return {actor.name, *actor.aliases} if actor is not None else set()


# "Sen. Lena Voss, D-Maine, a long-shot candidate, said …", "Orlov, the harbor chief, last
# week said …": the sentence opens with a name, then asides closed by a comma before the cue.
OPENING_NAME = re.compile(
    r"\s*((?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w’'-]+)(?:\s*\([^()]{1,20}\))?,\s+[^;:~]{2,160}?,"
    r"\s*(?:(?:on|last|this|this\s+past|late|early|earlier)\s+[\w-]+\s+)?$")


def _opening_name(reader: ParagraphReader, phrase: str, context: str) -> Resolution | None:
    """The subject phrase is an aside or a time phrase ("a long-shot candidate", "last week")
    after the name that opens the sentence: that name is the subject."""
    opening = OPENING_NAME.match(context)
    if opening is None:
        return None
    res = reader.d.resolve(opening.group(1), context)
    return res if _tracked(res) and res.explicit else None


LEADING_NAME = re.compile(r"\s*((?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w-]+)\s+(?:[a-z]+ly\s+)?"
                          r"(?:(?:has|had|have|is|was|did|does|would|will)\s+)?([a-z]+)\b")
COORDINATED_CUE = re.compile(r"(?:,|\s(?:and|but))?\s+(?:and\s+)?then\s+$|\s(?:and|but)\s+"
                             r"(?:also\s+|later\s+|did\s+|then\s+)?$")


def _name_then_verb(reader: ParagraphReader, phrase: str, context: str) -> Resolution | None:
    """The tracked person named at the start of `phrase` when a verb follows the name (a past
    form, an auxiliary or a common finite verb: "Orlov offered …", "Mr. Voss is …"), not a
    noun ("Orlov aides …")."""
    name = LEADING_NAME.match(phrase)
    if name is None:
        return None
    verb = name.group(2)
    if not (verb.endswith("ed") or verb in AUXILIARIES or verb in reader.lex.finite_verbs
            or verb in reported.reporting_words().irregular_past):
        return None
    res = reader.d.resolve(name.group(1), context)
    return res if _tracked(res) and res.explicit else None


def _coordinated_subject(reader: ParagraphReader, phrase: str,
                         context: str) -> Resolution | None:
    """"Orlov offered the crew a bonus, then says he will …", "… but did note that …": a
    second verb shares the sentence subject, a name followed by its first verb."""
    if not COORDINATED_CUE.search(context):
        return None
    return _name_then_verb(reader, phrase, context)


def _verb_chain_subject(reader: ParagraphReader, phrase: str,
                        context: str) -> Resolution | None:
    """"Mr. Reyes decided to urge the owners to …", "Voss used her speech to call for …": a
    report form's verb after another verb of the same subject."""
    return _name_then_verb(reader, phrase, context)


# "On Sunday, Orlov wrote to the board, saying …", "Then she broke with the party, pledging …":
# the main clause's subject (after an opening adverbial) and its verb, before the participle.
MAIN_SUBJECT = re.compile(
    r"\s*(?:(?:[Oo]n|[Ii]n|[Aa]t|[Dd]uring|[Aa]fter|[Ll]ater|[Ee]arlier|[Tt]hen|[Ii]nstead|[Aa]nd|"
    r"[Bb]ut|[Yy]et|[Ss]o)\b[^,;:~]{0,60}?,?\s*|(?:[Tt]hen|[Ii]nstead|[Aa]nd|[Bb]ut|[Yy]et)\s+)?"
    r"((?:[A-Z][\w.’'-]*\s+){0,5}[A-Z][\w’'-]+|[Hh]e|[Ss]he)\s+"
    r"(?:[a-z]+ly\s+)?(?:(?:has|had|was|is)\s+)?(?:[a-z]+ed|[a-z]+s|made|took|went|gave|drew|"
    r"spoke|wrote|came|sent|held|met|led)\b[^;:~]*,\s*$")


def _participle_main_subject(reader: ParagraphReader, phrase: str,
                             context: str) -> Resolution | None:
    """"Mr. Orlov made a third attempt to calm the crews, writing that …": a participle after a
    comma is the main clause's subject's act."""
    main = MAIN_SUBJECT.match(context)
    if main is None:
        return None
    res = reader.d.resolve(main.group(1), context)
    return res if _tracked(res) else _title_before_name(reader, main.group(1), context)


# Tried in this order on a cue subject that names no tracked person: the cue's own clause,
# a report form's (reported.py), a participle's.
SPEAKER_REPAIRS = (_adverb_before_cue, _title_before_name, _opening_name,
                   _coordinated_subject)
FORM_REPAIRS = (*SPEAKER_REPAIRS, _verb_chain_subject)
PARTICIPLE_REPAIRS = (_participle_main_subject,)


def _repairs_for(clause: ReportedClause) -> tuple:
    if clause.cue.kind != "verb":
        return PARTICIPLE_REPAIRS
    return SPEAKER_REPAIRS if clause.rule.split("+")[0] in COMPLEMENTS else FORM_REPAIRS


def _each_speaker(reader: ParagraphReader, clauses: list[ReportedClause],
                  s_start: int) -> list[ReportedClause]:
    """"Voss and Reyes said on Monday they were close to a deal.": one report for each person
    of a joint subject (rule joint_subject)."""
    out = []
    for clause in clauses:
        joint = None
        if not clause.speakers and clause.cue.kind == "verb":
            joint = reported.joint_subject(
                reader.masked, reader.clause_start(s_start, clause.cue.start), clause.cue.start)
        if joint is None:
            out.append(clause)
            continue
        out.extend(replace(clause, rule=f"{clause.rule}+joint_subject", speakers=(phrase,))
                   for phrase in joint)
    return out


def _inverted_report(reader: ParagraphReader, cue: Cue, s_start: int,
                     s_end: int) -> list[ReportedClause]:
    """"That end, said Rubio, would be negotiated …": the whole sentence; but "The fees will
    rise, said Voss, the harbor chief.": a full clause before the cue is the report, the
    speaker and a description of them follow it (rule inverted_cue)."""
    comma = reader.masked.rfind(",", s_start, cue.start)
    head = reader.text[s_start:comma].split()
    if len(head) >= MIN_CLAUSE_WORDS and _has_finite_verb(head, reader.lex) and (
            not any(c.start < comma for c in reader.cues if s_start <= c.start < cue.start)):
        return _whole_sentence(reader, cue, s_start, comma, "inverted_cue")
    return _whole_sentence(reader, cue, s_start, s_end, "inverted_cue")


def _whole_sentence(reader: ParagraphReader, cue: Cue, start: int,
                    end: int, rule: str) -> list[ReportedClause]:
    """The sentence up to `end` as the report of a cue set inside it, unless it is mostly one
    quotation (the direct quote carries those words)."""
    whole = reader.text[start:end].strip().rstrip(" ,.:")
    if not whole or _mostly_quoted(reader.masked[start:end], reader.text[start:end]):
        return []
    offset = reader.text.index(whole, start)
    return [ReportedClause(cue, offset, offset + len(whole), rule)]


def _clause_end(rest: str) -> re.Match[str] | None:
    """Where the reported clause in `rest` ends; a paired dash aside ("Thursday — Thanksgiving
    Day — was …") is inside the clause, not its end."""
    pos = 0
    while (stop := CLAUSE_END.search(rest, pos)) is not None:
        closing = DASH.search(rest, stop.end(), stop.end() + 80)
        if not DASH.fullmatch(stop.group()) or closing is None:
            return stop
        pos = closing.end()
    return None


def _before_trailing_subordinate(masked: str, start: int, end: int, lex: Lexicon) -> int:
    """Where the reported words end before a trailing "after/as" clause with its own subject
    and verb ("…misrepresented after the paper reported…"); a phrase ("after a settlement",
    "as soon as Kyiv accepted") stays part of what was said."""
    for m in TRAILING_SUBORDINATE.finditer(masked, start, end):
        tail = masked[m.end():end].split(",")[0].split()[:6]
        if re.search(r"\bas\s+\w+$", masked[start:m.start()]):
            continue  # "as early as next year": a comparison
        if not tail or "~" in " ".join(tail):
            continue
        lows = [w.lower().strip(".;:") for w in tail]
        if lows[0] in SUBJECT_PRONOUNS and len(lows) > 1:
            return m.start()
        finite = lex.finite_verbs
        for n, low in enumerate(lows[1:], start=1):
            previous = lows[n - 1]
            if previous.endswith(("ly", "’s", "'s")) or previous in ("a", "an", "the"):
                continue  # "democratically elected", "the elected": a modifier, not a verb
            if low in AUXILIARIES or low in finite or (low.endswith("ed") and len(low) > 4):
                return m.start()
    return end


def _verdict(reader: ParagraphReader, cue: Cue, s_end: int) -> tuple[int, int] | None:
    """"described the talks as useful", "called the summit a success": the verb and its
    object with the verdict on it are what was said, when the verdict is not quoted (the
    quote carries it). "Called" needs a plain verdict ("called Putin on Monday", "called for
    talks" are no verdicts)."""
    masked = reader.masked
    rest = masked[cue.end:s_end]
    stop = CLAUSE_END.search(rest)
    end = cue.end + (stop.start() if stop else len(rest.rstrip()))
    words = masked[cue.end:end].split()
    if len(words) < 3 or words[0].lower() in reader.lex.not_a_clause_start:
        return None
    lows = [w.lower().strip(",.") for w in words]
    before = masked[max(0, cue.start - 30):cue.start].split()
    if len(before) >= 2 and before[-2].lower() in ("what", "which", "whom"):
        return None  # "what he called X" names X
    if cue.word.startswith("accus"):
        # "accused the envoy of lying": the charge is the report, quoted words and all
        if "of" not in lows[1:8]:
            return None
    elif "~" in masked[cue.end:end]:
        return None  # a quoted verdict is the direct quote's
    elif cue.word.startswith("descri"):
        if "as" not in lows[1:10]:
            return None
    elif lows[0] in ("for", "off", "up", "back", "out") or any(
            w in CALL_NOT_VERDICT or w in AUXILIARIES for w in lows):
        return None
    clause = reader.text[cue.start:end].rstrip(" ,.")
    return cue.start, cue.start + len(clause)


def _has_finite_verb(words: list[str], lex: Lexicon) -> bool:
    """Whether a bare complement reads as a clause: it has an auxiliary, a past form or a
    common present-tense verb, not only a noun phrase ("warned the West on Thursday", "said
    nothing about it"; but "stressed the importance of X" is a report: noun_report_verbs)."""
    if words and (words[0].lower() in SUBJECT_PRONOUNS - {"it"} or PRONOUN_CONTRACTION.match(
            words[0])):
        return True  # "said he plans to …", "said there's no plan": a subject opens a clause
    finite = lex.finite_verbs
    irregular = reported.reporting_words().irregular_past
    for n, word in enumerate(words):
        low = word.lower().strip(",.;:“”\"«»")
        if n and words[n - 1].lower() in ("and", "but", "or"):
            continue  # "mentioned the union and seemed to …": the cue's own second verb
        if low in AUXILIARIES or low in finite or low in irregular or low.endswith(
                ("ed", "n't", "n’t")):
            return True
    return False


PRESENT_S = re.compile(r"[a-z]{2,}[^sui’'\W]s")


def _present_verb_after_subject(words: list[str]) -> bool:
    """"said the transition reflects the mood of the city": a short subject, then a word in -s
    right before an object's first word is the clause's present-tense verb (rule
    present_verb)."""
    rw = reported.reporting_words()
    if len(words) < 3 or not (words[0].lower() in rw.subject_openers or words[0][:1].isupper()):
        return False
    for i in range(1, min(5, len(words) - 1)):
        if PRESENT_S.fullmatch(words[i]) and words[i + 1].lower() in rw.object_openers:
            return True
        if not re.fullmatch(r"[\w’'-]+", words[i]):
            return False  # a comma or a quotation mark: the subject ended without a verb
    return False


def _mostly_quoted(masked_clause: str, clause: str) -> bool:
    """A good part of the clause is inside quotation marks (masked as ~) that make a direct
    quote of their own: quoted words fewer than a statement's three (an “understanding”) stay
    with the reported clause, since no direct quote will carry them."""
    hidden = 0
    for run in re.finditer(r"~+", masked_clause):
        if len(re.findall(r"\w+", clause[run.start():run.end()])) >= 3:
            hidden += run.end() - run.start()
    return hidden > 0 and hidden >= QUOTED_SHARE * len(masked_clause.strip())


def _clause_around(reader: ParagraphReader, cue: Cue, s_start: int,
                   s_end: int) -> tuple[int, int] | None:
    """"According to Peskov, the talks will go on." / "The talks will go on, according to
    Peskov." — the rest of the sentence is what the speaker after the cue said."""
    masked = reader.masked
    speaker = re.match(r"[^,;:.“”\"«»~]{2,60}", masked[cue.end:s_end])
    if speaker is None or _names_an_outlet(reader, speaker.group()):
        return None
    after = cue.end + speaker.end()
    if not masked[s_start:cue.start].strip() and masked[after:after + 1] == ",":
        start, end = after + 1, s_end  # the cue opens the sentence
    elif masked[s_start:cue.start].rstrip().endswith(",") and not masked[after:s_end].strip(
            " .!?"):
        start, end = s_start, masked.rfind(",", s_start, cue.start)  # the cue closes it
    else:
        return None
    clause = reader.text[start:end].strip().rstrip(" ,.")
    if len(clause.split()) < MIN_CLAUSE_WORDS or clause[:1] in "“\"«" or "~" in masked[start:end]:
        return None  # a direct quote, or too little to be a statement
    offset = reader.text.index(clause, start)
    return offset, offset + len(clause)


OUTLET = re.compile(r"\s*[Tt]he\s+(?:[A-Z][\w.&’'-]*\s*)+")


def _names_an_outlet(reader: ParagraphReader, phrase: str) -> bool:
    """"according to the Post", "according to The Guardian": a publication (the article and
    a proper name) is a source, no one's speech; "the President" is a person (a title)."""
    return bool(OUTLET.fullmatch(phrase)) and (
        phrase.split()[-1].lower() not in reader.lex.person_nouns)


def _clause_before(reader: ParagraphReader, cue: Cue, s_start: int) -> tuple[int, int] | None:
    """"Russia must answer the proposal, Sybiha told his counterparts." — the clause before."""
    head = reader.masked[s_start:cue.start]
    comma = head.rfind(",")
    if comma < 0 or len(head[comma + 1:].split()) > 8:
        return None
    subject = head[comma + 1:].split()
    if not subject or subject[0].lower() in reader.lex.clause_openers | {"who", "which"}:
        return None  # "…, when the president said: “…”": a subordinate clause
    if re.match(r"\s*[:“\"«]", reader.masked[cue.end:cue.end + 3]):
        return None  # the cue introduces a quotation
    clause = reader.text[s_start:s_start + comma].strip()
    if "~" in reader.masked[s_start:s_start + comma] or clause[:1] in "“\"«":
        return None  # “…,” he said: a direct quote
    if len(clause.split()) < MIN_CLAUSE_WORDS or clause.split()[0].lower() in (
            reader.lex.not_a_main_clause):
        return None  # "Asked whether he would …, he answered": a question, not a report
    if clause.split()[0].lower().endswith("ing") or not _has_finite_verb(
            clause.split(), reader.lex):
        return None  # "Sharing the details of the call, the president wrote": no clause
    start = reader.text.index(clause, s_start)
    return start, start + len(clause)


def _attributes_a_quote(reader: ParagraphReader, cue: Cue, s_start: int) -> bool:
    """“…,” Peskov said (in an interview). — the cue names the speaker of a quote before it."""
    for span in reader.spans:
        if s_start <= span.closed < cue.start:
            between = reader.masked[span.closed + 1:cue.start]
            if len(between.split()) <= 8 and not re.search(r"\b(?:and|but|that)\b", between):
                return not any(span.closed < c.start < cue.start for c in reader.cues)
    return False
