"""Is an article coverage of the configured topic? (pure, fast, no models)

The contract's rule is literal: an article is on-topic when it contains any `include` term, any
`require` term (when some are given) and no `exclude` term. Read literally it keeps a story
about another war's ceasefire that names Ukraine once, or one in which the Kremlin comments on
someone else's truce, and it drops coverage that speaks of "talks" and "a deal" without ever
writing "negotiations". So the terms are weighed; the checks run in this order:

1. **Exclude vetoes.** Any `exclude` term anywhere: off-topic.
2. **Without `require` terms, include alone decides**: any `include` term anywhere is enough
   (and without `include` terms, any `require` term; with no terms at all, everything is kept).
3. **Where a term occurs counts.** Each hit is weighted by its place: title (`TITLE_WEIGHT`),
   lead paragraph (`LEAD_WEIGHT`), second paragraph (`SECOND_WEIGHT`), the rest (`BODY_WEIGHT`).
4. **Another conflict.** Wording ties a ceasefire, truce, war, conflict, fighting or peace to a
   name: "ceasefire in X", "truce over X", "X truce", "war between X and Y", "X-Y ceasefire". When
   X is a `require` term, or a place the article gives to one ("Ukraine's Donbas", "Russia-annexed
   Crimea", "the Donbas in eastern Ukraine"), the tie is *here*; so is every pair of different
   require terms named together ("Russia and Ukraine", "Kyiv, Moscow": the parties). When X is a
   name the article uses as a place ("in Gaza", "from Sudan") or names as a party ("between Israel
   and Hamas", "Israel-Hezbollah"), the tie is *elsewhere*, and an include term so tied is no
   evidence for the topic. People are neither ("Trump peace plan"), and venues are not theatres:
   "talks in Istanbul" ties nothing, because talks happen somewhere while a ceasefire is in a war;
   but talks, negotiations, a deal or tension "between X and Y", and "X and Y sign (agree, reach)
   …", name X and Y as the parties, tied like a war between them, unless X or Y is a tracked person
   ("talks between Trump and Putin"). When the ties elsewhere outweigh (`ELSEWHERE_RATIO`) the ties
   here plus the evidence that names the subject (below) plus a headline naming the subject, the
   article is about another conflict: off-topic. A *bystander*: when the include terms are tied
   elsewhere (`BYSTANDER_MIN`) and nothing is tied here, the require terms name a mediator or
   commentator ("Kremlin expects ceasefire in Karabakh"); then sharing a sentence with them counts
   only `BYSTANDER_FACTOR`, for include terms and related wording alike ("truce after talks hosted
   in Moscow").
5. **Subject.** The weighted `require` hits (at most `REQUIRE_HITS_PER_SENTENCE` per sentence)
   must reach `SUBJECT_MIN`: a headline mention and one more, two in the lead, or four in the body.
   The subject's *people* count too, `PERSON_FACTOR` a mention: the tracked actors (`actors`)
   whose role titles contain a require term ("Russian President", "Kremlin spokesman", "head
   of the Ukrainian delegation"), by name, alias or surname; a sentence naming one names the
   subject. Fewer is a passing mention, except in a *brief* (at most
   `SHORT_ARTICLE_PARAGRAPHS` paragraphs): there `SHORT_SUBJECT_MIN` is enough when the
   headline carries an include term, include terms fill `SHORT_INCLUDE_SENTENCES_MIN`
   sentences, the subject is named in `SHORT_SUBJECT_SENTENCES_MIN` sentences, and nothing is
   tied elsewhere; a brief is then kept only by the include terms of step 6.
6. **Negotiation evidence.** An `include` hit counts in full when its sentence names the
   subject ("Kyiv backs truce"), `PARAGRAPH_FACTOR` when its paragraph does,
   `ADJACENT_FACTOR` when a neighbouring paragraph does (title and lead count as one), and
   `LOOSE_FACTOR` otherwise. The article is on-topic when the sum reaches `NEGOTIATION_MIN`
   and the terms are linked to the subject: hits naming it reach `NAMED_MIN`, or the article
   ties the theatre here.
7. **Both sides.** The war has sides, read from the actors' roles: require terms found in one
   actor's roles are one side ("Russian", "Kremlin"; "Russia" and "Russian" are one name), and each
   of the subject's people is on the side their roles name (a role naming two, "envoy for Russia
   and Ukraine", takes none; "Kyiv", in no role, takes none). An article naming only one side
   (`SIDE_MIN`) beside wording tied elsewhere is that side mediating or commenting ("Kremlin offers
   to mediate negotiations between Israel and Iran"): off-topic, whatever its include terms (this
   gate runs before step 6). Coverage of the politics of ending the war (leaders' meetings and
   rows, summits, envoys, sanctions, replies to each other's remarks) names both sides (`SIDE_MIN`
   each, or one side leading, `LEADING_SIDE_MIN`, and one of the other side's people in a sentence
   of the body, `OTHER_SIDE_ONCE`: "Zelensky welcomed the sanctions") and the subject's people
   (`PEOPLE_MIN`), ties nothing elsewhere, is the war's story (its headline names the subject, or
   its lead names both sides or one beside related wording: "sanctions on Russia's oil push Putin
   towards a deal"), and has related wording (step 8's lexicon, an include term, or
   `POLITICS_WORDING`: "summit", "met", "sanctions", "rift", "jibe") in sentences naming both sides
   (`BETWEEN_SIDES_MIN`; a side-less term beside one side counts as the other) or in a headline
   naming the subject ("Kremlin rejects Trump's jibe"). NATO spending or the Kremlin on Venezuela
   name the sides apart or under another story, and stay out. Without actors this step is inert.
8. **Related wording.** Peace-process vocabulary (`PEACE_PROCESS_LEXICON`, enabled when the
   include terms are such: "talks", "dialogue", "deal", "diplomacy", "peace", "end the war",
   "swapped prisoners", ...; not inside hyphenated compounds, a "settlement" only a negotiated
   one) adds weak evidence: `WEAK_FACTOR` in a sentence naming the subject,
   `WEAK_PARAGRAPH_FACTOR` in its paragraph; "end the war" anywhere `WEAK_LOOSE_FACTOR`. With
   no linked include term the article is still on-topic when this reaches `WEAK_ONLY_MIN` in
   `WEAK_FAMILIES_MIN` kinds of wording, one of them talk of ending the war ("the war has to
   end", "wants the war to end"; not "after the war ended").
9. **The parties acting.** A sentence naming two require terms of different words together
   ("Russia and Ukraine sign grain deals") or a talk or deal *with* one after another ("Russia
   is ready for talks with Ukraine"; not with a place of the article between), holding
   related wording of `PARTIES_FAMILIES`, counts its weight once; `PARTIES_WORDING_MIN` makes
   it coverage. A pair describing the war ("the war between Russia and Ukraine") is not the
   parties acting.
10. **Ending the war, repeated.** Talk of ending the war weighing `ENDING_ONLY_MIN` in at least
   `ENDING_SENTENCES_MIN` sentences naming the subject is coverage.
   Steps 9 and 10 need no actors: they keep people-less coverage ("Russia and Ukraine sign
   accord with the UN") that step 7 cannot see.

Terms match case-insensitively, tolerant of inflection ("negotiations" finds "negotiate",
"negotiating", "negotiator"; "truce" finds "truces"; "memorandum" finds "memoranda"), of plural
modifiers ("prisoners exchange") and of the separator inside a term ("cease-fire", "cease fire"
and "ceasefire" all match the term "cease-fire"). Capitals mark names, except in a Headline
Where Every Word Is Capitalised: there only a place the body confirms counts.

`topic_score(topic, title, paragraphs, actors=())` returns the verdict with its evidence and a
one-line reason; `is_on_topic` (same arguments) the verdict alone. Capitals mark the people's
names too: they match as written. `benchmarks/topic.py CORPUS_DIR [--actors FILE]` measures
both against an annotated corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from monitor.models import Actor, Topic

# ---------------------------------------------------------------- named thresholds

TITLE_WEIGHT = 3.0  # a headline term is what the story is about
LEAD_WEIGHT = 2.0  # the first paragraph restates the headline
SECOND_WEIGHT = 1.5  # the second paragraph often still carries the news
BODY_WEIGHT = 1.0  # the rest: background, context, passing mentions

SUBJECT_MIN = 4.0  # require weight: a headline mention and one more, two in the lead, ...
REQUIRE_HITS_PER_SENTENCE = 2  # a list of names in one sentence is not "spread"

PARAGRAPH_FACTOR = 0.6  # include hit whose paragraph, not sentence, names the subject
ADJACENT_FACTOR = 0.3  # ... whose neighbouring paragraph does (headline and lead are one)
LOOSE_FACTOR = 0.3  # include hit with no require term in its paragraph
WEAK_FACTOR = 0.4  # related vocabulary ("talks", "deal") in a sentence naming the subject
WEAK_PARAGRAPH_FACTOR = 0.2  # ... in a paragraph naming the subject
WEAK_LOOSE_FACTOR = 0.2  # "end the war" anywhere: in an article about the subject, its war
NEGOTIATION_MIN = 1.5  # more than a passing mention: a lead term, or two anchored in the body
NAMED_MIN = 1.0  # of which include hits sharing a sentence (or paragraph) with the subject
PAIR_WEIGHT = 1.0  # "Russia and Ukraine", "Kyiv, Moscow": the parties, so this topic's theatre
WEAK_FAMILIES_MIN = 2  # weak-only articles: kinds of negotiation vocabulary needed ...
WEAK_FAMILY_NEEDED = "ending"  # ... one of them talk of ending the war
WEAK_ONLY_MIN = 1.0  # weak-only articles: weighted weak evidence needed
PARTIES_WORDING_MIN = 2.0  # "Russia and Ukraine sign deal": in a headline or lead, or twice
# ... with these families: envoys of both sides trading accusations at the UN are not a process
PARTIES_FAMILIES = ("talks", "deal", "peace", "ending", "exchange")
ENDING_ONLY_MIN = 1.2  # talk of ending the war alone: weighted, and repeated ...
ENDING_SENTENCES_MIN = 2  # ... in this many sentences naming the subject (its war, not another)
SHORT_ARTICLE_PARAGRAPHS = 4  # a brief: few paragraphs, so few mentions of the subject ...
SHORT_SUBJECT_MIN = 2.0  # ... whose subject may weigh this little ...
SHORT_SUBJECT_SENTENCES_MIN = 2  # ... if named in this many sentences (not one aside) ...
SHORT_INCLUDE_SENTENCES_MIN = 2  # ... when include terms fill the headline and another sentence
PERSON_FACTOR = 0.75  # a subject person's mention, against a require term's
SIDE_MIN = 1.5  # each side of the war named this much (a second-paragraph sentence) ...
PEOPLE_MIN = 2.0  # ... the subject's people named this much (its politics, not its battles) ...
LEADING_SIDE_MIN = 6.0  # ... or one side leads the story (headline and lead) ...
OTHER_SIDE_ONCE = 1.0  # ... and one of the other side's people is named once, in the body
BETWEEN_SIDES_MIN = 1.0  # ... and related wording in sentences naming both sides weighs this
ELSEWHERE_RATIO = 1.0  # elsewhere > ratio * (this theatre + negotiation): another conflict
BYSTANDER_MIN = 2.0  # wording tied elsewhere this much (a lead or headline tie) and never here:
BYSTANDER_FACTOR = 0.3  # ... then include hits beside a require term count as loose ones

# Related vocabulary of a peace process, by family. Enabled only when an include term shares a
# word with these (the default topic does); a different topic keeps its include terms alone.
PEACE_PROCESS_LEXICON: dict[str, str] = {
    "talks": (
        r"talks|talk(?:s|ed|ing)?\s+(?:to|with)|negotiat\w*|mediat(?:e|es|ed|ing|ion|or|ors)"
        r"|dialogue"
    ),
    # "settlement" alone is as often a village in a battlefield report ("captured the
    # settlement of ..."): only a settlement qualified as a negotiated one counts.
    "deal": (
        r"deals?|agreements?|accords?|pacts?|treaty|treaties|compromise"
        r"|(?:peace|peaceful|political|negotiated|diplomatic|final|lasting|durable|just"
        r"|comprehensive|any)\s+settlement"
        r"|(?:reach|reached|reaching|negotiate|negotiating|seek|seeking|towards?|for)\s+a\s+"
        r"settlement|settlement\s+(?:of|to)\s+the\s+(?:war|conflict|crisis)"
    ),
    "diplomacy": r"diplomacy|diplomatic(?:ally)?|envoys?",
    "peace": r"peace|armistice",
    "ending": (
        r"(?:end|ends|ended|ending|stop|stops|stopping|settle|settles|settled|settling|halt"
        r"|resolve|resolves|resolved|resolving|resolution\s+of)\s+(?:to\s+)?(?:the\s+|this\s+)?"
        r"(?:\w+\s+)?(?:war|conflict|fighting|crisis|killing|bloodshed)"
        r"|(?:war|conflict|fighting)(?:\s+in\s+\w+)?(?:\s+(?:could|would|can|must|should|will"
        r"|to|is|was)(?:\s+be)?\s+brought)?\s+to\s+an\s+end"
        # "the war has to end", "the war in Ukraine must be stopped", "wants the war to end"
        r"|(?:war|conflict|fighting)(?:\s+in\s+\w+)?\s+(?:has|had|have|must|should|would|will"
        r"|could|can|needs?|needed|to)\s+(?:to\s+)?(?:be\s+)?(?:end|ended|stop|stopped|over"
        r"|resolved|settled|halted)"
    ),
    "guarantees": r"guarantees|guarantors?",
    # "swapped 150 prisoners", "exchange the bodies of soldiers": a swap in other words
    "exchange": (
        r"(?:swap|swaps|swapped|swapping|exchange|exchanges|exchanged|exchanging)\s+"
        r"(?:[\w-]+\s+){0,4}?(?:prisoners|POWs|captives|detainees|soldiers|bodies)"
    ),
}
# The politics around a peace process: counted only when both sides of the war are named (step
# 7), where a summit, a meeting, sanctions or a leaders' row are this war's; elsewhere they are
# everyday news.
POLITICS_WORDING = (
    r"(?<![\w-])(?:summits?|meetings?|meet|meets|met|sanctions?|sanctioned|envoys?"
    r"|phone\s+call|call(?:ed)?\s+with|spoke\s+(?:by\s+phone\s+)?(?:to|with)"
    r"|rifts?|rows?|quarrels?|spats?|feuds?|shouting\s+match|rebuk(?:e|es|ed|ing)|jibes?)"
    r"(?![\w-])"
)
LEXICON_TRIGGERS = ("ceasefire", "cease-fire", "truce", "peace", "negotiat", "talks", "deal")

# Words that name what a ceasefire or war is *in*, so that "ceasefire in X" ties it to X.
THEATRE_NOUNS = (
    r"cease[\s-]*fires?|truces?|wars?|conflicts?|fighting|hostilities|invasion|peace(?![\w-])"
)
# Capitalised words that are not places: sentence openers, calendar, holidays, titles.
_NOT_PLACE_WORDS = (
    "the a an this that these those it its he she they we i you his her their our my your but "
    "and or as after before when while if in on at for with without under since then there "
    "here what who which new full first second third last next monday tuesday wednesday "
    "thursday friday saturday sunday january february march april may june july august "
    "september october november december easter christmas orthodox catholic ramadan eid "
    "olympic olympics holiday new year president prime minister foreign secretary general "
    "chancellor king queen mr mrs ms dr state department ministry world europe "
)
NOT_PLACES = frozenset(_NOT_PLACE_WORDS.split())

# A sentence ends at . ! ? before a capital, but not after "U.S." or "Mr." and the like;
# quotation marks of any style (“…”, «…», „…“) may close the one and open the next.
_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])(?<!\.[A-Z]\.)(?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)"
    r"(?<!Mrs\.)|(?<=[.!?][\"”’)»]))\s+(?=[\"“‘(«„]?[A-Z])"
)
_NAME = r"[A-Z][\w’']*(?:-[A-Za-z][\w’']*)*(?:\s+[A-Z][\w’']*(?:-[A-Za-z][\w’']*)*){0,2}"
_DIRECTION = r"(?:(?:eastern|western|southern|northern|central|occupied)\s+)?"
_TIE_PREPOSITION = (
    r"\s+(in|over|for|across|along|against|with|between|on)\s+(?:the\s+)?" + _DIRECTION
)
_AND_NAME = r"(?:\s+and\s+(?:the\s+)?(" + _NAME + r"))?"
_AFTER_THEATRE = re.compile(_TIE_PREPOSITION + r"(" + _NAME + r")" + _AND_NAME)
_AFTER_THEATRE_ANY_CASE = re.compile(
    r"(?i:" + _TIE_PREPOSITION + r")(" + _NAME.replace("[A-Z]", "[A-Za-z]", 1) + r")" + _AND_NAME
)
_BEFORE_THEATRE = re.compile(r"(" + _NAME + r")(?:['’]s)?\s+$")
_PLACE_USE = re.compile(r"\b(?:in|from|across|to|into|near)\s+(?:the\s+)?(" + _NAME + r")")
# "Ukraine's Donbas", "Russia-annexed Crimea" / "the Donbas in eastern Ukraine": {} is the
# require-term pattern. A war there is the subject's war.
_OWNED_PLACE = (
    r"(?:{})(?:['’]s\s+(?:[a-z-]+\s+)?|-(?:occupied|annexed|held|controlled)\s+)(" + _NAME + r")"
)
_PLACE_IN = r"(" + _NAME + r")(?:\s+(?:region|oblast|province))?\s+(?:in|of)\s+(?:the\s+)?"
_PLACE_IN += _DIRECTION + r"(?:{})"
# "talks with Ukraine", "an agreement on exports with Moscow": a require term named as the
# party one talks or deals with, as a noun (so not "talks with Russian governors", nor
# "Ukraine's neighbours"): {} is the require-term pattern.
_WITH_THE_OTHER_SIDE = (
    r"(?:(?:\s+[\w’'-]+){0,4}?\s+with)?\s+(?:the\s+)?({})"
    r"(?=\s*(?:[.,;:!?)\"”]|$)|\s+(?:on|in|over|at|to|after|before|as|that|which|for|about|but"
    r"|and|or|if|since|until|by|from|this|next|last|soon|now|again)\b)"
)
_POLITICS = re.compile(POLITICS_WORDING, re.IGNORECASE)
_TALKS_BETWEEN = re.compile(
    r"(?i:\b(?:talks|negotiat\w*|mediat\w*|dialogue|deal|agreement|accord|treaty|tensions?|"
    r"escalation|hostilit(?:y|ies)|clashes|disputes?|conflicts?|wars?|fighting)"
    r"\s+between\s+(?:the\s+)?)(" + _NAME + r")\s+and\s+(?:the\s+)?(" + _NAME + r")"
)
# "Armenia and Azerbaijan sign a peace framework": two names acting together as the parties.
_PARTIES_SIGN = re.compile(
    r"\b(" + _NAME + r")\s+and\s+(?:the\s+)?(" + _NAME + r")\s+(?i:(?:have\s+|had\s+)?"
    r"(?:sign|signs|signed|seal|seals|sealed|initial|initials|initialled|initialed|agree|agrees|"
    r"agreed|reach|reaches|reached|strike|strikes|struck)\b)"
)
_INFLECTABLE_SUFFIXES = ("ions", "ion", "ors", "or", "ings", "ing", "ed", "es", "s", "e")


# ---------------------------------------------------------------- the verdict


@dataclass(frozen=True)
class TopicVerdict:
    """The decision and its evidence, weighted by where each term occurred."""

    on_topic: bool
    subject: float  # weighted require-term hits
    negotiation: float  # weighted include-term (and related vocabulary) evidence for the topic
    elsewhere: float  # weighted ties of ceasefire/war wording to another place or party
    theatre: float  # weighted ties of that wording to the subject, and its parties named together
    include_hits: tuple[str, ...] = ()  # distinct include terms found, as written
    require_hits: tuple[str, ...] = ()
    exclude_hits: tuple[str, ...] = ()
    elsewhere_names: tuple[str, ...] = ()  # the other places the wording was tied to
    reason: str = ""


def is_on_topic(
    topic: Topic, title: str | None, paragraphs: Sequence[str], actors: Sequence[Actor] = ()
) -> bool:
    """True when the article is coverage of `topic` (see the module docstring for the rule)."""
    return topic_score(topic, title, paragraphs, actors=actors).on_topic


# ---------------------------------------------------------------- term matching


def _word_pattern(word: str, inflect: bool) -> str:
    """A regex for one word of a term: inflected forms when `inflect`, else an optional plural."""
    lower = word.lower()
    if not inflect or len(lower) < 4:
        return re.escape(lower) + r"(?:s|es)?"
    if lower.endswith("um"):  # memorandum, memoranda, memorandums
        return re.escape(lower[:-2]) + r"(?:um|ums|a)"
    stem = lower
    for suffix in _INFLECTABLE_SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 4:
            stem = lower[: -len(suffix)]
            break
    doubled = re.escape(stem[-1]) + "?" if stem[-1] not in "aeiouy" else ""
    return (
        re.escape(stem)
        + r"(?:e|es|s|ed|ing|ion|ions|or|ors|"
        + doubled
        + r"ed|"
        + doubled
        + r"ing)?"
    )


def _term_pattern(term: str, inflect: bool) -> str:
    """Words of a term joined by an optional space or hyphen; only the last word inflects."""
    words = [w for w in re.split(r"[\s\-]+", term.strip()) if w]
    parts = [_word_pattern(w, inflect and i == len(words) - 1) for i, w in enumerate(words)]
    return r"[\s\-]*".join(parts)


def _any_term(terms: Sequence[str], inflect: bool) -> re.Pattern[str] | None:
    """One pattern for all the terms, longest first: one scan instead of one per term, and
    with the word boundaries outside the alternation, which keeps Python's regex engine fast."""
    kept = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    if not kept:
        return None
    alternatives = "|".join(_term_pattern(t, inflect) for t in kept)
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class _CompiledTopic:
    include: re.Pattern[str] | None
    require: re.Pattern[str] | None
    exclude: re.Pattern[str] | None
    lexicon: re.Pattern[str] | None  # one named group per family
    owned_place: tuple[re.Pattern[str], ...]
    pair: re.Pattern[str] | None
    other_side: re.Pattern[str] | None  # "talks with Ukraine", matched after a lexicon hit


@lru_cache(maxsize=64)
def _compile(topic: Topic) -> _CompiledTopic:
    require = _any_term(topic.require, inflect=False)
    lowered = " ".join(topic.include).lower()
    lexicon = None
    if any(trigger in lowered for trigger in LEXICON_TRIGGERS):
        families = "|".join(f"(?P<{name}>{rx})" for name, rx in PEACE_PROCESS_LEXICON.items())
        # Not inside a hyphenated compound: a "deal-breaker" is no deal.
        lexicon = re.compile(r"(?<![\w-])(?:" + families + r")(?![\w-])", re.IGNORECASE)
    owned_place: tuple[re.Pattern[str], ...] = ()
    pair = other_side = None
    if require is not None:
        subject = "(?i:" + require.pattern + ")"
        owned_place = tuple(
            re.compile(template.replace("{}", subject)) for template in (_OWNED_PLACE, _PLACE_IN)
        )
        pair = re.compile(
            rf"({subject})(?:\s*,\s*|\s+and\s+|\s*&\s*|\s+or\s+|\s*[-–/]\s*)({subject})")
        other_side = re.compile(_WITH_THE_OTHER_SIDE.replace("{}", subject))
    return _CompiledTopic(
        include=_any_term(topic.include, inflect=True),
        require=require,
        exclude=_any_term(topic.exclude, inflect=True),
        lexicon=lexicon,
        owned_place=owned_place,
        pair=pair,
        other_side=other_side,
    )


@dataclass(frozen=True)
class _SubjectPeople:
    """The tracked actors who are the subject's people, and which side of it each term and
    person is on (sides are numbered; None: the term or person takes no side)."""

    names: re.Pattern[str] | None  # their names, aliases and surnames, as written (capitals)
    side_of_name: dict[str, int | None]
    side_of_term: dict[str, int | None]  # by the term's first five letters, lower-cased
    person_words: frozenset[str] = frozenset()  # every actor's name words: people, not parties


_NO_PEOPLE = _SubjectPeople(None, {}, {})


def _stem(term: str) -> str:
    """One key for the forms of a name: "Russia" and "Russian" are one side, as are "Ukraine"
    and "Ukrainian"."""
    return term.lower()[:5]


@lru_cache(maxsize=64)
def _subject_people(require: tuple[str, ...], actors: tuple[Actor, ...]) -> _SubjectPeople:
    """An actor whose role titles contain a require term ("Russian President", "Kremlin
    spokesman") is one of the subject's people. Require terms found in the roles of one actor
    are one side ("Russian", "Kremlin"); terms in no role ("Kyiv") take no side."""
    if not require or not actors:
        return _NO_PEOPLE
    term_patterns = [(t, _any_term([t], inflect=False)) for t in require if t.strip()]
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    people: list[tuple[Actor, list[str]]] = []
    for actor in actors:
        per_role = [
            {_stem(t) for t, rx in term_patterns if rx and rx.search(role.title)}
            for role in actor.roles
        ]
        if not any(per_role):
            continue
        # A role naming two sides ("Russia's envoy to Ukraine") relates them: it says nothing
        # of which side the actor is on, and must not make the two one side.
        found = sorted({stem for stems in per_role if len(stems) == 1 for stem in stems})
        people.append((actor, found))
        for term in found[1:]:
            parent[root(term)] = root(found[0])
    roots = sorted({root(t) for _, found in people for t in found})
    number = {r: i for i, r in enumerate(roots)}
    side_of_term: dict[str, int | None] = {_stem(t): None for t, _ in term_patterns}
    for _, found in people:
        for term in found:
            side_of_term[term] = number[root(term)]
    side_of_name: dict[str, int | None] = {}
    for actor, found in people:
        sides = {number[root(t)] for t in found}
        side = sides.pop() if len(sides) == 1 else None
        forms = {actor.name, *actor.aliases}
        surname = actor.name.split()[-1]
        if len(surname) >= 4:
            forms.add(surname)
        for form in forms:
            if form.strip():
                # a name shared by actors of different sides takes no side
                known = side_of_name.get(form.strip(), side)
                side_of_name[form.strip()] = side if known == side else None
    person_words = frozenset(w.lower() for a in actors for form in (a.name, *a.aliases)
                             for w in form.split())
    if not side_of_name:
        return _SubjectPeople(None, {}, {}, person_words)
    alternatives = "|".join(re.escape(f) for f in sorted(side_of_name, key=len, reverse=True))
    names = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)")
    return _SubjectPeople(names, side_of_name, side_of_term, person_words)


# ---------------------------------------------------------------- the article as weighted units


@dataclass(frozen=True)
class _Sentence:
    text: str
    weight: float
    paragraph: int  # -1 for the title


def _sentences(title: str | None, paragraphs: Sequence[str]) -> list[_Sentence]:
    units: list[_Sentence] = []
    if title and title.strip():
        units.append(_Sentence(title.strip(), TITLE_WEIGHT, -1))
    for index, paragraph in enumerate(paragraphs):
        weight = LEAD_WEIGHT if index == 0 else SECOND_WEIGHT if index == 1 else BODY_WEIGHT
        for sentence in _SENTENCE_END.split(paragraph.strip()):
            if sentence:
                units.append(_Sentence(sentence, weight, index))
    return units


def _is_title_case(title: str) -> bool:
    """Headline Style Capitalises Every Word, so capitals there do not mark names."""
    words = [w for w in re.findall(r"[A-Za-z][\w’']*", title) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _name_words(name: str) -> list[str]:
    """The words of a name, without a possessive and without leading "The", "After", ..."""
    words = [w for w in re.split(r"[\s\-]+", re.sub(r"['’]s$", "", name)) if w]
    while words and words[0].lower() in NOT_PLACES:
        words.pop(0)
    return [w for w in words if w.lower() not in NOT_PLACES]


# ---------------------------------------------------------------- the score


def topic_score(
    topic: Topic, title: str | None, paragraphs: Sequence[str], actors: Sequence[Actor] = ()
) -> TopicVerdict:
    """The verdict with its evidence; the rule is in the module docstring. `actors` (the
    tracked actors) tells who the subject's people are."""
    compiled = _compile(topic)
    sentences = _sentences(title, paragraphs)
    everything = "\n".join(s.text for s in sentences)
    exclude_hits = _surface_forms(compiled.exclude, everything)
    include_hits = _surface_forms(compiled.include, everything)
    require_hits = _surface_forms(compiled.require, everything)

    def verdict(on: bool, reason: str, ev: _Evidence | None = None) -> TopicVerdict:
        ev = ev or _Evidence()
        return TopicVerdict(
            on_topic=on,
            subject=round(ev.subject, 2),
            negotiation=round(ev.negotiation, 2),
            elsewhere=round(ev.there, 2),
            theatre=round(ev.here, 2),
            include_hits=include_hits,
            require_hits=require_hits,
            exclude_hits=exclude_hits,
            elsewhere_names=tuple(sorted(ev.there_names)),
            reason=reason,
        )

    if exclude_hits:
        return verdict(False, f"off-topic: excluded term {exclude_hits[0]!r}")
    if not compiled.include and not compiled.require:
        return verdict(True, "on-topic: no topic terms configured, every article is kept")
    if compiled.require is None:
        if include_hits:
            return verdict(True, f"on-topic: {_listed(include_hits)}")
        return verdict(False, "off-topic: none of the include terms")
    if not compiled.include:  # require only: the subject alone decides
        if require_hits:
            return verdict(True, f"on-topic: {_listed(require_hits)}")
        return verdict(False, "off-topic: none of the require terms")

    people = _subject_people(tuple(topic.require), tuple(actors))
    ev = _weigh(compiled, compiled.require, people, sentences, title)
    subject_named = _listed(require_hits) or "the subject"
    here = ev.here_total
    if ev.there > ELSEWHERE_RATIO * here:
        where = _listed(tuple(sorted(ev.there_names))) or "another place"
        return verdict(
            False,
            f"off-topic: about {where}, not {subject_named} "
            f"(elsewhere {ev.there:.1f} > here {here:.1f})",
            ev,
        )
    # A brief names its subject less often: when its headline and another sentence carry
    # include terms, nothing ties them elsewhere and the subject is named in more than one
    # sentence (not an aside: "welcomed by Russia and China"), fewer mentions are enough.
    brief = (
        sum(1 for p in paragraphs if p.strip()) <= SHORT_ARTICLE_PARAGRAPHS
        and ev.headline_include
        and ev.include_sentences >= SHORT_INCLUDE_SENTENCES_MIN
        and ev.subject_sentences >= SHORT_SUBJECT_SENTENCES_MIN
        and ev.there == 0
    )
    subject_min = SHORT_SUBJECT_MIN if brief else SUBJECT_MIN
    if ev.subject < subject_min:
        return verdict(
            False,
            f"off-topic: {subject_named} only in passing "
            f"(subject {ev.subject:.1f} < {subject_min})",
            ev,
        )
    # One side of the war named alone, beside wording tied to another conflict: that side is a
    # mediator or a commentator ("Kremlin expects ceasefire in Karabakh"), not a party.
    sides_named = sum(1 for weight in ev.sides.values() if weight >= SIDE_MIN)
    if people.names is not None and sides_named < 2 and ev.there > 0:
        where = _listed(tuple(sorted(ev.there_names))) or "another place"
        return verdict(
            False,
            f"off-topic: only one side of the war named, beside wording about {where}",
            ev,
        )
    # Include terms count when some share a sentence or paragraph with the subject, or when
    # the article makes the subject the theatre ("Russia and Ukraine", "war in Ukraine").
    linked = ev.strong_named >= NAMED_MIN or (ev.strong_any > 0 and ev.here > 0)
    if linked and ev.negotiation >= NEGOTIATION_MIN:
        kind = "brief: " if ev.subject < SUBJECT_MIN else ""
        return verdict(
            True,
            f"on-topic: {kind}{_listed(include_hits)} with {subject_named} "
            f"(negotiation {ev.negotiation:.1f}, subject {ev.subject:.1f})",
            ev,
        )
    if ev.subject < SUBJECT_MIN:  # a brief's few mentions carry include terms, nothing weaker
        return verdict(
            False,
            f"off-topic: {subject_named} only in passing in a brief "
            f"(subject {ev.subject:.1f} < {SUBJECT_MIN})",
            ev,
        )
    # A story led by one side may give the other side's leader one sentence, in the body
    # ("Zelensky welcomed the sanctions"); a country named once ("the war with Russia") is
    # only background.
    leading = max(ev.sides, key=ev.sides.__getitem__) if ev.sides else None
    other_side_once = leading is not None and (
        ev.sides[leading] >= LEADING_SIDE_MIN) and any(
        side != leading and weight >= OTHER_SIDE_ONCE for side, weight in ev.side_people.items())
    if (
        (sides_named >= 2 or other_side_once)
        and ev.people >= PEOPLE_MIN
        and ev.there == 0
        and (ev.between_sides >= BETWEEN_SIDES_MIN or ev.headline_related)
        and ev.top_names_subject
    ):
        return verdict(
            True,
            f"on-topic: both sides of the war ({subject_named}) with related wording "
            f"between them (sides {ev.between_sides:.1f}, subject {ev.subject:.1f})",
            ev,
        )
    if (
        ev.negotiation >= WEAK_ONLY_MIN
        and len(ev.weak_families) >= WEAK_FAMILIES_MIN
        and WEAK_FAMILY_NEEDED in ev.weak_families
    ):
        return verdict(
            True,
            f"on-topic: negotiation wording ({_listed(tuple(sorted(ev.weak_families)))}) "
            f"with {subject_named} (negotiation {ev.negotiation:.1f}, subject {ev.subject:.1f})",
            ev,
        )
    if ev.parties_wording >= PARTIES_WORDING_MIN:
        return verdict(
            True,
            f"on-topic: the parties ({subject_named}) named together with "
            f"{_listed(tuple(sorted(ev.weak_families)))} wording "
            f"(parties {ev.parties_wording:.1f}, subject {ev.subject:.1f})",
            ev,
        )
    if ev.ending >= ENDING_ONLY_MIN and ev.ending_sentences >= ENDING_SENTENCES_MIN:
        return verdict(
            True,
            f"on-topic: talk of ending the war in {ev.ending_sentences} sentences naming "
            f"{subject_named} (ending {ev.ending:.1f}, subject {ev.subject:.1f})",
            ev,
        )
    if ev.strong_any > 0 and not linked:
        why = f"{_listed(include_hits)} never near {subject_named}"
    elif include_hits:
        why = f"{subject_named}, but {_listed(include_hits)} only in passing"
    elif ev.weak_families:
        families = _listed(tuple(sorted(ev.weak_families)))
        why = (
            f"{subject_named}, but no include term, and related wording ({families}) is not enough"
        )
    else:
        why = f"{subject_named}, but no include term or related wording"
    return verdict(False, f"off-topic: {why} (negotiation {ev.negotiation:.1f})", ev)


def _listed(items: Sequence[str], most: int = 4) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" (+{len(items) - most})" if len(items) > most else "")


def _surface_forms(pattern: re.Pattern[str] | None, text: str) -> tuple[str, ...]:
    """The distinct wordings found, lower-cased, in order of first appearance."""
    if pattern is None:
        return ()
    found: dict[str, None] = {}
    for match in pattern.finditer(text):
        found.setdefault(re.sub(r"\s+", " ", match.group(0).lower()))
    return tuple(found)


@dataclass
class _Evidence:
    subject: float = 0.0  # weighted require hits
    strong_named: float = 0.0  # include hits sharing a sentence or paragraph with the subject
    strong_any: float = 0.0  # include hits anywhere, except those tied to another place
    negotiation: float = 0.0  # strong and weak evidence for this topic, as weighed
    here: float = 0.0  # ceasefire/war wording tied to a require term
    there: float = 0.0  # ... tied to another place
    here_total: float = 0.0  # here, plus the negotiation evidence that names the subject
    there_names: set[str] = field(default_factory=set)
    weak_families: set[str] = field(default_factory=set)
    ending: float = 0.0  # the weak evidence that is talk of ending the war
    ending_sentences: int = 0  # ... in how many sentences naming the subject
    headline_include: bool = False  # an include term in the headline, not tied elsewhere
    include_sentences: int = 0  # sentences holding such include terms
    subject_sentences: int = 0  # sentences naming the subject
    parties_wording: float = 0.0  # sentences where the parties, named together, talk or deal
    sides: dict[int, float] = field(default_factory=dict)  # weighted sentences naming each side
    side_people: dict[int, float] = field(default_factory=dict)  # ... by one of its people
    people: float = 0.0  # weighted sentences naming the subject's people
    between_sides: float = 0.0  # weighted sentences with related wording naming both sides
    top_names_subject: bool = False  # the headline names it, or the lead names both sides
    headline_related: bool = False  # the headline names the subject with related wording
    lead_related: bool = False  # ... a lead sentence does


def _weigh(
    compiled: _CompiledTopic,
    require_any: re.Pattern[str],
    people: _SubjectPeople,
    sentences: list[_Sentence],
    title: str | None,
) -> _Evidence:
    ev = _Evidence()
    title_case = bool(title) and _is_title_case(title or "")
    # Sides of the war named in each sentence, by its require terms and the subject's people.
    sentence_sides: list[set[int | None]] = []
    mention_counts: list[tuple[int, int]] = []  # (require terms, subject people) per sentence
    names_by_sentence: list[list[str]] = []
    for s in sentences:
        terms = [_stem(m.group(0)) for m in require_any.finditer(s.text)]
        names = [m.group(0) for m in people.names.finditer(s.text)] if people.names else []
        names_by_sentence.append(names)
        sentence_sides.append(
            {people.side_of_term.get(t) for t in terms}
            | {people.side_of_name.get(n) for n in names}
        )
        mention_counts.append((len(terms), len(names)))
    paragraphs_with_subject = {
        s.paragraph for s, sides in zip(sentences, sentence_sides, strict=True) if sides
    }
    # For linking terms to the subject the headline and the lead are one unit (the lead
    # restates the headline); consecutive paragraphs are neighbours.
    units_with_subject = {max(p, 0) for p in paragraphs_with_subject}
    # Proper names the article uses as places ("in Gaza", "from Nagorno-Karabakh"): only these
    # can be another conflict's theatre, so "Trump peace plan" ties nothing to Trump.
    place_words: set[str] = set()
    for s in sentences:
        if s.paragraph == -1 and title_case:
            continue
        for match in _PLACE_USE.finditer(s.text):
            name = match.group(1)
            if not re.search(THEATRE_NOUNS, name, re.IGNORECASE):
                place_words.update(w.lower() for w in _name_words(name))
    subject_places: set[str] = set()
    whole = "\n".join(s.text for s in sentences)
    for pattern in compiled.owned_place:
        for match in pattern.finditer(whole):
            subject_places.update(w.lower() for w in _name_words(match.group(1)))
    place_words -= subject_places

    anchored = paragraph_only = adjacent = loose = 0.0
    strong_there = 0.0
    weak = 0.0
    ties_here = 0.0
    for s, sides, (require_count, person_count), names in zip(
        sentences, sentence_sides, mention_counts, names_by_sentence, strict=True
    ):
        text = s.text
        hits = require_count + PERSON_FACTOR * person_count
        ev.subject += s.weight * min(hits, REQUIRE_HITS_PER_SENTENCE)
        names_subject = hits > 0
        for side in sides - {None}:
            ev.sides[side] = ev.sides.get(side, 0.0) + s.weight
        for side in {people.side_of_name.get(n) for n in names} - {None}:
            ev.side_people[side] = ev.side_people.get(side, 0.0) + s.weight
        ev.people += s.weight if person_count else 0.0
        related_here = False  # related wording or an include term, not tied elsewhere
        ev.subject_sentences += names_subject
        unit = max(s.paragraph, 0)
        in_subject_paragraph = unit in units_with_subject
        next_to_subject = bool({unit - 1, unit + 1} & units_with_subject)
        headline_style = title_case and s.paragraph == -1

        parties_act = False  # the parties named together as actors, not as the war's sides
        if names_subject and compiled.pair is not None:
            for pair in compiled.pair.finditer(text):
                first, second = pair.group(1).lower(), pair.group(2).lower()
                if first[:5] != second[:5]:  # "Russia and Ukraine", not "Russia, Russian"
                    ties_here += s.weight * PAIR_WEIGHT
                    if not _describes_the_war(text, pair.start(), pair.end()):
                        parties_act = True

        ties: list[tuple[int, int, bool]] = []  # (start, end, tied to this topic)
        for noun in re.finditer(THEATRE_NOUNS, text, re.IGNORECASE):
            if noun.group(0)[0].isupper() and noun.start() > 0 and not headline_style:
                continue  # "World War II", "Cold War": part of a name, not a theatre
            tie = _tie(text, noun, require_any, place_words, subject_places, headline_style)
            if tie is None:
                continue
            is_topic, name = tie
            ties.append((noun.start(), noun.end(), is_topic))
            if is_topic:
                ties_here += s.weight
            else:
                ev.there += s.weight
                ev.there_names.add(name)

        # Talks, a deal or tension "between X and Y": X and Y are the parties of their own
        # conflict.
        for talk in [*_TALKS_BETWEEN.finditer(text), *_PARTIES_SIGN.finditer(text)]:
            words = _name_words(talk.group(1)) + _name_words(talk.group(2))
            if not words or any(t[0] < talk.end() and talk.start() < t[1] for t in ties):
                continue
            if any(w.lower() in people.person_words for w in words):
                continue  # "talks between Trump and Putin": people, not the parties
            is_topic = any(require_any.fullmatch(w) or w.lower() in subject_places for w in words)
            ties.append((talk.start(), talk.end(), is_topic))
            if not is_topic:
                ev.there += s.weight
                ev.there_names.add(" ".join(words))

        def tied_elsewhere(start: int, end: int) -> bool:
            return any(t[0] < end and start < t[1] and not t[2] for t in ties)  # noqa: B023

        strong_spans: list[tuple[int, int]] = []
        if compiled.include is not None:
            counted_sentence = False
            for hit in compiled.include.finditer(text):
                strong_spans.append(hit.span())
                if tied_elsewhere(*hit.span()):
                    strong_there += s.weight
                    continue
                related_here = True
                if not counted_sentence:
                    ev.include_sentences += 1
                    counted_sentence = True
                ev.headline_include = ev.headline_include or s.paragraph == -1
                if names_subject:
                    anchored += s.weight
                elif in_subject_paragraph:
                    paragraph_only += s.weight
                elif next_to_subject:
                    adjacent += s.weight
                else:
                    loose += s.weight

        if compiled.lexicon is not None:
            ending_here = False
            parties_talk = False
            for hit in compiled.lexicon.finditer(text):
                family = hit.lastgroup or ""
                start, end = hit.span()
                if tied_elsewhere(start, end) or any(
                    a < end and start < b for a, b in strong_spans
                ):
                    continue  # "peace in Gaza" is no evidence; an include hit counts once
                related_here = True
                if names_subject:
                    gained = s.weight * WEAK_FACTOR
                elif in_subject_paragraph:
                    gained = s.weight * WEAK_PARAGRAPH_FACTOR
                elif family == WEAK_FAMILY_NEEDED:
                    gained = s.weight * WEAK_LOOSE_FACTOR  # "end the war": the article's war
                else:
                    continue
                weak += gained
                ev.weak_families.add(family)
                if family in PARTIES_FAMILIES and not parties_talk:
                    parties_talk = parties_act or _with_the_other_side(
                        compiled.other_side, require_any, text, hit, place_words
                    )
                if family == WEAK_FAMILY_NEEDED:
                    ev.ending += gained
                    ending_here = True
            ev.ending_sentences += ending_here and names_subject
            if parties_talk:
                ev.parties_wording += s.weight  # once a sentence: "sign deals ... agreements"
        if compiled.lexicon is not None and not related_here:
            related_here = any(not tied_elsewhere(*m.span()) for m in _POLITICS.finditer(text))
        if related_here and names_subject and s.paragraph == -1:
            ev.headline_related = True
        if related_here and names_subject and s.paragraph == 0:
            ev.lead_related = True
        if related_here:
            known = sides - {None}
            # Kyiv or Moscow (no side in the roles) beside one side is taken to be the other.
            if len(known) >= 2 or (len(known) == 1 and None in sides):
                ev.between_sides += s.weight

    ev.here = ties_here
    bystander = ties_here == 0 and strong_there >= BYSTANDER_MIN
    if bystander:
        # The wording is tied to another place and never to the subject: the require terms
        # name a bystander (a mediator, a commentator), so sharing a sentence proves nothing.
        anchored *= BYSTANDER_FACTOR
        paragraph_only *= BYSTANDER_FACTOR
        adjacent *= BYSTANDER_FACTOR
        weak *= BYSTANDER_FACTOR  # "after talks hosted in Moscow": the mediator's venue
        ev.ending *= BYSTANDER_FACTOR
    named = anchored + paragraph_only * PARAGRAPH_FACTOR
    ev.strong_named = named + adjacent * ADJACENT_FACTOR
    ev.strong_any = anchored + paragraph_only + adjacent + loose
    ev.negotiation = ev.strong_named + weak + loose * LOOSE_FACTOR
    # Only wording that names the subject weighs against another conflict: loose and adjacent
    # hits are about whichever war the article is about. A headline naming the subject counts
    # too ("After Gaza truce, Trump turns to Ukraine"), unless the subject is a bystander.
    headline_subject = (
        TITLE_WEIGHT
        if sentences and sentences[0].paragraph == -1 and -1 in paragraphs_with_subject
        else 0.0
    )
    ev.here_total = ties_here + named + weak + (0.0 if bystander else headline_subject)
    # The headline (or, without one, the lead) names the subject: the story is about it.
    lead_sides = {
        side
        for s, sides in zip(sentences, sentence_sides, strict=True)
        if s.paragraph == 0
        for side in sides - {None}
    }
    ev.top_names_subject = -1 in paragraphs_with_subject or len(lead_sides) >= 2 or ev.lead_related
    return ev


def _with_the_other_side(
    other_side: re.Pattern[str] | None,
    require_any: re.Pattern[str],
    text: str,
    hit: re.Match[str],
    place_words: set[str],
) -> bool:
    """Is the talk or deal at `hit` one with a require term ("talks with Ukraine") by another
    require term, of a different word, before it ("Russia is ready for talks with Ukraine")?
    The two are then the parties, as when named together. Not when a place of the article
    stands between them: "the Kremlin said Syria was in talks with Russia" is Syria's talk."""
    if other_side is None:
        return False
    with_word = hit.group(0).lower().endswith((" with", " to"))
    obj = other_side.match(text, hit.end())
    if obj is None or (not with_word and " with" not in obj.group(0).lower()):
        return False
    party = obj.group(1).lower()[:5]
    actors = [
        m for m in require_any.finditer(text, 0, hit.start()) if m.group(0).lower()[:5] != party
    ]
    if not actors:
        return False
    between = text[actors[-1].end() : hit.start()]
    return not any(w.lower() in place_words for w in re.findall(r"\b[A-Z][\w-]*", between))


_WAR_BEFORE_PARTIES = re.compile(
    r"(?:" + THEATRE_NOUNS + r")\s+between\s+(?:the\s+)?$", re.IGNORECASE
)
_WAR_AFTER_PARTIES = re.compile(r"(?:['’]s)?\s*(?:" + THEATRE_NOUNS + r")", re.IGNORECASE)


def _describes_the_war(text: str, start: int, end: int) -> bool:
    """Is the pair of parties at text[start:end] a description of the war ("the war between
    Russia and Ukraine", "the Russia-Ukraine conflict") rather than the parties acting?"""
    return bool(
        _WAR_BEFORE_PARTIES.search(text, max(0, start - 40), start)
        or _WAR_AFTER_PARTIES.match(text, end)
    )


def _tie(
    text: str,
    noun: re.Match[str],
    require_any: re.Pattern[str],
    place_words: set[str],
    subject_places: set[str],
    headline_style: bool,
) -> tuple[bool, str] | None:
    """What the ceasefire/war word `noun` is tied to: (is this topic, name), or None.

    A name is another theatre when the article uses it as a place ("in Gaza") or names it as a
    party ("between Israel and Hamas", "Israel-Hamas truce"); people ("Trump peace plan") are
    neither.
    """
    start, end = noun.span()
    candidates: list[tuple[list[str], bool]] = []  # (words, named as a party)
    after = (_AFTER_THEATRE_ANY_CASE if headline_style else _AFTER_THEATRE).match(text, end)
    if after:
        words = _name_words(after.group(2))
        if after.group(3):
            words += _name_words(after.group(3))
        candidates.append((words, after.group(1).lower() == "between" and bool(after.group(3))))
    before = _BEFORE_THEATRE.search(text, max(0, start - 80), start)
    if before:
        words = _name_words(before.group(1))
        # In a Headline Like This every word is capitalised: only the adjacent one can be a name.
        last = before.group(1).split()[-1]
        is_compound = bool(re.fullmatch(r"[A-Z][\w’']*(?:-[A-Z][\w’']*)+", last))
        candidates.append((_name_words(last) if headline_style else words, is_compound))
    for words, is_party in candidates:
        for word in words:
            if require_any.fullmatch(word) or word.lower() in subject_places:
                return True, word
        for word in words:
            if is_party or word.lower() in place_words:
                return False, " ".join(words)
    return None
