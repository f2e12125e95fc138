"""The evidence rules: each reads one kind of evidence from a sentence (or the article) and adds
it to the article's `Evidence`. `weigh` runs them in order; the decision rules
(monitor/topic/decide.py) read the totals. The numbers and word lists are the profile's."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from monitor.topic.anchors import NO_INDEX, AnchorIndex, Gated, safe_lower
from monitor.topic.article import Sentence, is_title_case, name_words
from monitor.topic.compiled import (
    CAPITALISED,
    COMPOUND_NAME,
    LOOKBACK,
    WAR_LOOKBACK,
    CompiledTopic,
    PlacePatterns,
    SubjectPeople,
    same_name,
)


@dataclass
class Evidence:
    subject: float = 0.0  # weighted require hits
    strong_named: float = 0.0  # include hits sharing a sentence or paragraph with the subject
    strong_any: float = 0.0  # include hits anywhere, except those tied to another place
    negotiation: float = 0.0  # strong and weak evidence for this topic, as weighed
    here: float = 0.0  # ceasefire/war wording tied to a require term, and the parties named
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
    # the include and require terms as written, in order, for the verdict's hits
    include_seen: list[str] = field(default_factory=list)
    require_seen: list[str] = field(default_factory=list)
    fired: dict[str, int] = field(default_factory=dict)  # rule name -> sentences it counted in

    def fire(self, rule: str) -> None:
        self.fired[rule] = self.fired.get(rule, 0) + 1
    # include hits by how close the subject is, and the weak wording, before the totals
    anchored: float = 0.0
    paragraph_only: float = 0.0
    adjacent: float = 0.0
    loose: float = 0.0
    strong_there: float = 0.0  # include hits tied to another place
    weak: float = 0.0


@dataclass
class Mentions:
    """Who and what of the subject one sentence names."""

    require_count: int
    terms: list[str]  # the require terms, as written
    names: list[str]  # the subject's people, as written
    sides: set[int | None]  # the sides they are on (None: no side)


class Scan:
    """The article's text for the anchors (monitor/topic/anchors.py): where each anchor of a
    pattern occurs is found once per article with `str.find`, so each sentence is scanned only
    with the alternatives it may hold, and most sentences not at all."""

    def __init__(self, sentences: list[Sentence], index: AnchorIndex = NO_INDEX) -> None:
        self.texts = [s.text for s in sentences]
        self.whole = "\n".join(self.texts)
        self.text_starts = list(accumulate((len(t) + 1 for t in self.texts[:-1]), initial=0))
        lows = [s.text.lower() for s in sentences]
        trap = not self.whole.isascii() and safe_lower(self.whole) is None
        # None: a case-fold trap in the text, scan every sentence with everything
        self.low: str | None = None if trap else "\n".join(lows)
        self._where: dict[int, tuple[tuple[int, ...], dict[int, tuple[int, ...]]]] = {}
        self._lows = lows
        # The anchors found in each sentence: the index's in one pass each, others on demand.
        self._held: list[set[str]] = (
            [index.held(low) for low in lows] if self.low is not None else []
        )
        self._checked: set[str] = set(index.anchors)
        self._held_anywhere: set[str] | None = None

    def _alternatives(self, gate: Gated) -> tuple[tuple[int, ...], dict[int, tuple[int, ...]]]:
        """(alternatives with no anchors, {sentence: the alternatives it may hold})."""
        found = self._where.get(id(gate))
        if found is not None:
            return found
        assert self.low is not None
        among = gate.present(self.low, self._unindexed(gate))
        always = tuple(i for i in among if gate.anchors[i] is None)
        where: dict[int, tuple[int, ...]] = {}
        if among:
            held = self._anchors_held(gate, among)
            sets = gate.anchor_sets
            for sentence, anchors in enumerate(held):
                present = tuple(
                    i for i in among if sets[i] is None or not anchors.isdisjoint(sets[i])
                )
                if present != always:
                    where[sentence] = present
        found = (always, where)
        self._where[id(gate)] = found
        return found

    def _unindexed(self, gate: Gated) -> tuple[int, ...]:
        """The alternatives that may match somewhere: by the index's anchors found, or (for
        alternatives with anchors outside the index) by `in` on the whole article."""
        held = self._held_anywhere
        if held is None:
            held = self._held_anywhere = set().union(*self._held)
        checked = self._checked
        return tuple(
            i
            for i, anchors in enumerate(gate.anchors)
            if anchors is None
            or not held.isdisjoint(anchors)
            or any(a not in checked for a in anchors)
        )

    def _anchors_held(self, gate: Gated, among: tuple[int, ...]) -> list[set[str]]:
        """Each sentence's anchors, checked once per anchor: `in` on the whole article first,
        then on each sentence only for the anchors the article holds."""
        assert self.low is not None
        held, checked, lows = self._held, self._checked, self._lows
        for i in among:
            for anchor in gate.anchors[i] or ():
                if anchor in checked:
                    continue
                checked.add(anchor)
                if anchor in self.low:
                    for sentence, low in enumerate(lows):
                        if anchor in low:
                            held[sentence].add(anchor)
                    if self._held_anywhere is not None:
                        self._held_anywhere.add(anchor)
        return held

    def find(self, gate: Gated, sentence: int, text: str) -> list[re.Match[str]]:
        """The matches of `gate` in sentence number `sentence`, whose text is `text`."""
        if self.low is None:
            return list(gate.pattern.finditer(text))
        always, where = self._alternatives(gate)
        present = where.get(sentence, always)
        return list(gate.subset(present).finditer(text)) if present else []

    def wordings_by_sentence(self, gate: Gated) -> list[list[str]]:
        """The wordings of `gate` in each sentence, from one scan of the article: only for
        patterns that cannot match across sentences (one-word terms, names)."""
        found: list[list[str]] = [[] for _ in self.texts]
        starts = self.text_starts
        for match in self.find_all(gate):
            found[bisect_right(starts, match.start()) - 1].append(match.group(0))
        return found

    def chunks(self) -> list[tuple[int, int]]:
        """Runs of sentences (first, past the last) that a name may run across: a sentence
        ending in a letter, an apostrophe or a hyphen (a headline) joins the next one."""
        runs: list[tuple[int, int]] = []
        first = 0
        for index, text in enumerate(self.texts):
            if not _RUNS_ON.match(text[-1:]):
                runs.append((first, index + 1))
                first = index + 1
        if first < len(self.texts):
            runs.append((first, len(self.texts)))
        return runs

    def find_all(self, gate: Gated) -> list[re.Match[str]]:
        """The matches of `gate` in the whole article (the sentences joined by newlines)."""
        if self.low is None:
            return list(gate.pattern.finditer(self.whole))
        present = gate.present(self.low)
        return list(gate.subset(present).finditer(self.whole)) if present else []


_RUNS_ON = re.compile(r"[\w’'\-]")  # a last character a name or a place may run on from


@dataclass
class View:
    """One sentence as the rules see it, and what earlier rules found in it."""

    sentence: Sentence
    index: int  # its number in the article, for the scan
    scan: Scan
    mentions: Mentions
    names_subject: bool
    in_subject_paragraph: bool
    next_to_subject: bool
    headline_style: bool
    ties: list[tuple[int, int, bool]] = field(default_factory=list)  # (start, end, is here)
    strong_spans: list[tuple[int, int]] = field(default_factory=list)
    related_here: bool = False  # related wording or an include term, not tied elsewhere
    parties_act: bool = False  # the parties named together as actors, not as the war's sides

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def weight(self) -> float:
        return self.sentence.weight

    def find(self, gate: Gated) -> list[re.Match[str]]:
        return self.scan.find(gate, self.index, self.sentence.text)

    def tied_elsewhere(self, start: int, end: int) -> bool:
        return any(t[0] < end and start < t[1] and not t[2] for t in self.ties)


@dataclass(frozen=True)
class Places:
    """Names the article uses as places, and those it gives to the subject."""

    words: frozenset[str]  # "in Gaza", "from Nagorno-Karabakh" (without the subject's places)
    subject: frozenset[str]  # "Ukraine's Donbas", "Russia-annexed Crimea"


NO_PLACES = Places(frozenset(), frozenset())


# ---------------------------------------------------------------- article-wide rules


def all_mentions(
    compiled: CompiledTopic, people: SubjectPeople, scan: Scan, sentences: list[Sentence]
) -> list[Mentions]:
    """`subject_mentions` of every sentence, from one scan of the article where that finds
    the same (names, one-word require terms)."""
    require = compiled.require
    assert require is not None
    if not compiled.one_word_require:
        return [
            subject_mentions(compiled, people, scan, i, s.text) for i, s in enumerate(sentences)
        ]
    terms = scan.wordings_by_sentence(require)
    names = scan.wordings_by_sentence(people.names) if people.names else [[] for _ in terms]
    return [_mentions(people, t, n) for t, n in zip(terms, names, strict=True)]


def _mentions(people: SubjectPeople, terms: list[str], names: list[str]) -> Mentions:
    sides = {people.side_of_term.get(same_name(t)) for t in terms} | {
        people.side_of_name.get(n) for n in names
    }
    return Mentions(len(terms), terms, names, sides)


def subject_mentions(
    compiled: CompiledTopic, people: SubjectPeople, scan: Scan, index: int, text: str
) -> Mentions:
    """The require terms and the subject's people a sentence names, and their sides."""
    assert compiled.require is not None
    terms = [m.group(0) for m in scan.find(compiled.require, index, text)]
    names = [m.group(0) for m in scan.find(people.names, index, text)] if people.names else []
    return _mentions(people, terms, names)


def article_places(
    compiled: CompiledTopic,
    sentences: list[Sentence],
    scan: Scan,
    title_case: bool,
    mentions: list[Mentions] | None = None,
) -> Places:
    """Proper names the article uses as places ("in Gaza", "from Nagorno-Karabakh"): only these
    can be another conflict's theatre, so "Trump peace plan" ties nothing to Trump. Places the
    article gives to the subject ("Ukraine's Donbas", "the Donbas in eastern Ukraine") are the
    subject's theatre."""
    places = compiled.places
    if places is None:
        return NO_PLACES
    words: set[str] = set()
    for index, s in enumerate(sentences):
        if s.paragraph == -1 and title_case:
            continue
        for match in scan.find(places.place_use, index, s.text):
            name = match.group(1)
            if not places.theatre_in_name.search(name):
                words.update(w.lower() for w in name_words(name, places.not_places))
    subject: set[str] = set()
    for text in _texts_naming_the_subject(compiled, scan, mentions):
        for owned in compiled.owned_place:
            if not owned.may_hold(text):
                continue
            for match in owned.pattern.finditer(text):
                subject.update(w.lower() for w in name_words(match.group(1), places.not_places))
    return Places(frozenset(words - subject), frozenset(subject))


def _texts_naming_the_subject(
    compiled: CompiledTopic, scan: Scan, mentions: list[Mentions] | None
) -> list[str]:
    """The parts of the article where a place may be given to the subject: every place
    pattern holds a require term and cannot run across a sentence that ends in punctuation,
    so only the runs of sentences naming the subject (exactly: with one-word require terms)."""
    if mentions is None or not compiled.one_word_require:
        return [scan.whole]
    return [
        "\n".join(scan.texts[first:last])
        for first, last in scan.chunks()
        if any(m.require_count for m in mentions[first:last])
    ]


# ---------------------------------------------------------------- sentence rules


def count_subject(ev: Evidence, view: View, compiled: CompiledTopic, people: SubjectPeople) -> None:
    """The subject named: require terms in full, its people `person_factor` a mention, at most
    `hits_per_sentence` a sentence; each side it names, and its people, by weight."""
    rule = compiled.profile.subject
    mentions, weight = view.mentions, view.weight
    person_count = len(mentions.names)
    hits = mentions.require_count + rule.person_factor * person_count
    ev.subject += weight * min(hits, rule.hits_per_sentence)
    if hits:
        ev.fire("count_subject")
    for side in mentions.sides - {None}:
        ev.sides[side] = ev.sides.get(side, 0.0) + weight
    for side in {people.side_of_name.get(n) for n in mentions.names} - {None}:
        ev.side_people[side] = ev.side_people.get(side, 0.0) + weight
    ev.people += weight if person_count else 0.0
    ev.subject_sentences += view.names_subject
    ev.require_seen.extend(mentions.terms)


def pair_ties(ev: Evidence, view: View, compiled: CompiledTopic) -> None:
    """Two require terms of different words named together ("Russia and Ukraine", "Kyiv,
    Moscow") are the parties: this topic's theatre. Unless the pair describes the war ("the
    war between Russia and Ukraine"), the parties are acting."""
    parties = compiled.profile.parties
    if not view.names_subject or compiled.pair is None or parties is None:
        return
    if view.mentions.require_count < 2 and compiled.one_word_require:
        return  # a pair holds two require terms, which the subject count found
    for pair in view.find(compiled.pair):
        first, second = pair.group(1).lower(), pair.group(2).lower()
        if same_name(first) != same_name(second):
            ev.here += view.weight * parties.pair_weight
            ev.fire("pair_ties")
            if not _describes_the_war(compiled.places, view.text, pair.start(), pair.end()):
                view.parties_act = True


def _describes_the_war(places: PlacePatterns | None, text: str, start: int, end: int) -> bool:
    """Is the pair of parties at text[start:end] a description of the war ("the war between
    Russia and Ukraine", "the Russia-Ukraine conflict") rather than the parties acting?"""
    if places is None:
        return False
    return bool(
        places.war_before_parties.search(text, max(0, start - WAR_LOOKBACK), start)
        or places.war_after_parties.match(text, end)
    )


def theatre_ties(ev: Evidence, view: View, compiled: CompiledTopic, places: Places) -> None:
    """"Ceasefire in X", "truce over X", "X truce", "war between X and Y": the wording is tied
    here when X is a require term or the subject's place, elsewhere when X is a place of the
    article or named as a party. A capitalised noun mid-sentence is part of a name ("World War
    II", "Cold War"), not a theatre."""
    patterns = compiled.places
    if patterns is None:
        return
    text, weight = view.text, view.weight
    for noun in view.find(patterns.theatre):
        if noun.group(0)[0].isupper() and noun.start() > 0 and not view.headline_style:
            continue
        tie = _tie(compiled, text, noun, places, view.headline_style)
        if tie is None:
            continue
        is_topic, name = tie
        view.ties.append((noun.start(), noun.end(), is_topic))
        if is_topic:
            ev.here += weight
        else:
            ev.there += weight
            ev.there_names.add(name)
        ev.fire("theatre_ties")


def _tie(
    compiled: CompiledTopic, text: str, noun: re.Match[str], places: Places, headline_style: bool
) -> tuple[bool, str] | None:
    """What the ceasefire/war word `noun` is tied to: (is this topic, name), or None. People
    ("Trump peace plan") are neither a theatre nor a party."""
    patterns = compiled.places
    assert patterns is not None and compiled.require is not None
    start, end = noun.span()
    candidates: list[tuple[list[str], bool]] = []  # (words, named as a party)
    after = (patterns.after_theatre_any_case if headline_style else patterns.after_theatre).match(
        text, end
    )
    if after:
        words = name_words(after.group(2), patterns.not_places)
        if after.group(3):
            words += name_words(after.group(3), patterns.not_places)
        candidates.append((words, after.group(1).lower() == "between" and bool(after.group(3))))
    before = patterns.before_theatre.search(text, max(0, start - LOOKBACK), start)
    if before:
        words = name_words(before.group(1), patterns.not_places)
        # In a Headline Like This every word is capitalised: only the adjacent one can be a name.
        last = before.group(1).split()[-1]
        is_compound = bool(COMPOUND_NAME.fullmatch(last))
        adjacent = name_words(last, patterns.not_places)
        candidates.append((adjacent if headline_style else words, is_compound))
    require = compiled.require.pattern
    for words, is_party in candidates:
        for word in words:
            if require.fullmatch(word) or word.lower() in places.subject:
                return True, word
        for word in words:
            if is_party or word.lower() in places.words:
                return False, " ".join(words)
    return None


def parties_named_apart(
    ev: Evidence, view: View, compiled: CompiledTopic, people: SubjectPeople, places: Places
) -> None:
    """Talks, a deal or tension "between X and Y", and "X and Y sign (agree, reach) ...": X and
    Y are the parties of their own conflict, tied like a war between them, unless X or Y is a
    tracked person ("talks between Trump and Putin")."""
    patterns = compiled.places
    if patterns is None:
        return
    assert compiled.require is not None
    talks = [*view.find(patterns.talks_between), *view.find(patterns.parties_sign)]
    for talk in talks:
        words = name_words(talk.group(1), patterns.not_places) + name_words(
            talk.group(2), patterns.not_places
        )
        if not words or any(t[0] < talk.end() and talk.start() < t[1] for t in view.ties):
            continue
        if any(w.lower() in people.person_words for w in words):
            continue
        is_topic = any(
            compiled.require.pattern.fullmatch(w) or w.lower() in places.subject for w in words
        )
        view.ties.append((talk.start(), talk.end(), is_topic))
        if not is_topic:
            ev.there += view.weight
            ev.there_names.add(" ".join(words))
            ev.fire("parties_named_apart")


def include_evidence(ev: Evidence, view: View, compiled: CompiledTopic) -> None:
    """An include hit counts by how close the subject is: its sentence, its paragraph, a
    neighbouring paragraph, or none; tied to another place it is evidence for that place."""
    if compiled.include is None:
        return
    counted_sentence = False
    weight = view.weight
    for hit in view.find(compiled.include):
        ev.include_seen.append(hit.group(0))
        view.strong_spans.append(hit.span())
        if view.tied_elsewhere(*hit.span()):
            ev.strong_there += weight
            continue
        view.related_here = True
        if not counted_sentence:
            ev.include_sentences += 1
            counted_sentence = True
        ev.headline_include = ev.headline_include or view.sentence.paragraph == -1
        ev.fire("include_evidence")
        if view.names_subject:
            ev.anchored += weight
        elif view.in_subject_paragraph:
            ev.paragraph_only += weight
        elif view.next_to_subject:
            ev.adjacent += weight
        else:
            ev.loose += weight


def related_wording(
    ev: Evidence, view: View, compiled: CompiledTopic, places: Places
) -> None:
    """The profile's related vocabulary ("talks", "deal", "end the war"), weak evidence by how
    close the subject is; talk of ending the war counts anywhere. Not when tied elsewhere
    ("peace in Gaza"), and an include hit counts once. A talk or deal of the parties (named
    together, or one "with" the other) is the parties acting."""
    rule, parties = compiled.profile.wording, compiled.profile.parties
    if compiled.wording is None or rule is None:
        return
    text, weight = view.text, view.weight
    ending_here = parties_talk = False
    for hit in view.find(compiled.wording):
        family = hit.lastgroup or ""
        start, end = hit.span()
        if view.tied_elsewhere(start, end) or any(
            a < end and start < b for a, b in view.strong_spans
        ):
            continue
        view.related_here = True
        if view.names_subject:
            gained = weight * rule.sentence_factor
        elif view.in_subject_paragraph:
            gained = weight * rule.paragraph_factor
        elif family == rule.ending_family:
            gained = weight * rule.loose_factor
        else:
            continue
        ev.weak += gained
        ev.fire("related_wording")
        ev.weak_families.add(family)
        if parties is not None and family in parties.families and not parties_talk:
            parties_talk = view.parties_act or _with_the_other_side(compiled, text, hit, places)
        if family == rule.ending_family:
            ev.ending += gained
            ending_here = True
    ev.ending_sentences += ending_here and view.names_subject
    if parties_talk:
        ev.parties_wording += weight  # once a sentence: "sign deals ... agreements"


def _with_the_other_side(
    compiled: CompiledTopic, text: str, hit: re.Match[str], places: Places
) -> bool:
    """Is the talk or deal at `hit` one with a require term ("talks with Ukraine") by another
    require term, of a different word, before it ("Russia is ready for talks with Ukraine")?
    Not when a place of the article stands between them: "the Kremlin said Syria was in talks
    with Russia" is Syria's talk."""
    if compiled.other_side is None or compiled.require is None:
        return False
    with_word = hit.group(0).lower().endswith((" with", " to"))
    obj = compiled.other_side.match(text, hit.end())
    if obj is None or (not with_word and " with" not in obj.group(0).lower()):
        return False
    party = same_name(obj.group(1))
    actors = [
        m
        for m in compiled.require.pattern.finditer(text, 0, hit.start())
        if same_name(m.group(0)) != party
    ]
    if not actors:
        return False
    between = text[actors[-1].end() : hit.start()]
    return not any(w.lower() in places.words for w in CAPITALISED.findall(between))


def politics_wording(ev: Evidence, view: View, compiled: CompiledTopic) -> None:
    """The politics around the process (a summit, sanctions, a row) is related wording in a
    sentence that has none of the above; `both_sides` counts it only between the sides."""
    if compiled.politics is None or view.related_here:
        return
    view.related_here = any(
        not view.tied_elsewhere(*m.span()) for m in view.find(compiled.politics)
    )
    if view.related_here:
        ev.fire("politics_wording")


def related_placement(ev: Evidence, view: View) -> None:
    """Where the related wording stands: in a headline or lead naming the subject, and in a
    sentence naming both sides (Kyiv or Moscow, in no role, beside one side is the other)."""
    if not view.related_here:
        return
    paragraph = view.sentence.paragraph
    if view.names_subject and paragraph == -1:
        ev.headline_related = True
    if view.names_subject and paragraph == 0:
        ev.lead_related = True
    known = view.mentions.sides - {None}
    if len(known) >= 2 or (len(known) == 1 and None in view.mentions.sides):
        ev.between_sides += view.weight
        ev.fire("related_placement")


# ---------------------------------------------------------------- the totals


def totals(ev: Evidence, compiled: CompiledTopic, sentences: list[Sentence],
           mentions: list[Mentions], subject_paragraphs: set[int]) -> None:
    """The bystander discount, then the weighed sums the decision rules read. A bystander:
    wording tied elsewhere (`bystander_min`) and never here, so the require terms name a
    mediator or commentator and sharing a sentence with them proves little."""
    profile = compiled.profile
    elsewhere = profile.elsewhere
    bystander = elsewhere is not None and ev.here == 0 and (
        ev.strong_there >= elsewhere.bystander_min
    )
    if bystander:
        assert elsewhere is not None
        factor = elsewhere.bystander_factor
        ev.fire("bystander")
        ev.anchored *= factor
        ev.paragraph_only *= factor
        ev.adjacent *= factor
        ev.weak *= factor  # "after talks hosted in Moscow": the mediator's venue
        ev.ending *= factor
    rule = profile.include
    named = ev.anchored + ev.paragraph_only * rule.paragraph_factor
    ev.strong_named = named + ev.adjacent * rule.adjacent_factor
    ev.strong_any = ev.anchored + ev.paragraph_only + ev.adjacent + ev.loose
    ev.negotiation = ev.strong_named + ev.weak + ev.loose * rule.loose_factor
    # Only wording that names the subject weighs against another conflict; a headline naming
    # the subject counts too ("After Gaza truce, Trump turns to Ukraine"), unless a bystander.
    headline_subject = (
        profile.weights.title
        if sentences and sentences[0].paragraph == -1 and -1 in subject_paragraphs
        else 0.0
    )
    ev.here_total = ev.here + named + ev.weak + (0.0 if bystander else headline_subject)
    # The headline (or, without one, the lead) names the subject: the story is about it.
    lead_sides = {
        side
        for s, m in zip(sentences, mentions, strict=True)
        if s.paragraph == 0
        for side in m.sides - {None}
    }
    ev.top_names_subject = -1 in subject_paragraphs or len(lead_sides) >= 2 or ev.lead_related


# ---------------------------------------------------------------- all of them


def weigh(
    compiled: CompiledTopic,
    people: SubjectPeople,
    sentences: list[Sentence],
    scan: Scan,
    title: str | None,
) -> Evidence:
    """Run the evidence rules over the article's sentences, in order."""
    ev = Evidence()
    title_case = bool(title) and is_title_case(title or "")
    mentions = all_mentions(compiled, people, scan, sentences)
    subject_paragraphs = {s.paragraph for s, m in zip(sentences, mentions, strict=True) if m.sides}
    # For linking terms to the subject the headline and the lead are one unit (the lead
    # restates the headline); consecutive paragraphs are neighbours.
    subject_units = {max(p, 0) for p in subject_paragraphs}
    places = article_places(compiled, sentences, scan, title_case, mentions)
    person_factor = compiled.profile.subject.person_factor
    for index, (s, m) in enumerate(zip(sentences, mentions, strict=True)):
        unit = max(s.paragraph, 0)
        view = View(
            sentence=s, index=index, scan=scan, mentions=m,
            names_subject=m.require_count + person_factor * len(m.names) > 0,
            in_subject_paragraph=unit in subject_units,
            next_to_subject=bool({unit - 1, unit + 1} & subject_units),
            headline_style=title_case and s.paragraph == -1,
        )
        count_subject(ev, view, compiled, people)
        pair_ties(ev, view, compiled)
        theatre_ties(ev, view, compiled, places)
        parties_named_apart(ev, view, compiled, people, places)
        include_evidence(ev, view, compiled)
        related_wording(ev, view, compiled, places)
        politics_wording(ev, view, compiled)
        related_placement(ev, view)
    totals(ev, compiled, sentences, mentions, subject_paragraphs)
    return ev
