"""A topic and its profile compiled once (per configuration): every pattern the evidence rules
use, each with the anchors that let a sentence skip it (monitor/topic/anchors.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from monitor.models import Actor, Topic
from monitor.topic.anchors import AnchorIndex, Gated
from monitor.topic.profile import DEFAULT_PROFILE, ElsewhereRule, TopicProfile, load_profile
from monitor.topic.terms import any_term, gated_terms

# A capitalised name of up to three words ("Nagorno-Karabakh", "the Gaza Strip").
_NAME = r"[A-Z][\w’']*(?:-[A-Za-z][\w’']*)*(?:\s+[A-Z][\w’']*(?:-[A-Za-z][\w’']*)*){0,2}"
COMPOUND_NAME = re.compile(r"[A-Z][\w’']*(?:-[A-Z][\w’']*)+")  # "Israel-Hamas"
CAPITALISED = re.compile(r"\b[A-Z][\w-]*")
LOOKBACK = 80  # characters before a theatre noun where the name it is tied to may stand
WAR_LOOKBACK = 40  # ... before a pair of parties, where "the war between" may stand
_SAME_NAME_LETTERS = 5  # "Russia" and "Russian", "Ukraine" and "Ukrainian" are one name
_SURNAME_MIN = 4  # a tracked person's surname alone counts when this long


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(words)


@dataclass(frozen=True)
class PlacePatterns:
    """The profile's `elsewhere` knowledge as patterns: where a ceasefire or war is."""

    theatre: Gated  # "ceasefire", "war", ... (case-insensitive)
    theatre_in_name: re.Pattern[str]  # ... anywhere in a name: not a place
    after_theatre: re.Pattern[str]  # "... in Gaza", "... between Israel and Hamas"
    after_theatre_any_case: re.Pattern[str]  # the same in a Headline Like This
    before_theatre: re.Pattern[str]  # "Gaza ceasefire", "Israel-Hamas truce"
    place_use: Gated  # "in Gaza", "from Sudan": the article uses the name as a place
    talks_between: Gated  # "talks between Armenia and Azerbaijan"
    parties_sign: Gated  # "Armenia and Azerbaijan sign ..."
    war_before_parties: re.Pattern[str]  # "the war between" (Russia and Ukraine)
    war_after_parties: re.Pattern[str]  # (the Russia-Ukraine) "conflict"
    not_places: frozenset[str]
    held: str  # "occupied|annexed|..." for the subject's places
    regions: str
    direction: str


def _place_patterns(rule: ElsewhereRule) -> PlacePatterns:
    theatres = _alternatives(rule.theatres)
    direction = r"(?:(?:" + _alternatives(rule.directions) + r")\s+)?"
    tie = r"\s+(" + _alternatives(rule.tie_prepositions) + r")\s+(?:the\s+)?" + direction
    and_name = r"(?:\s+and\s+(?:the\s+)?(" + _NAME + r"))?"
    any_case_name = _NAME.replace("[A-Z]", "[A-Za-z]", 1)
    return PlacePatterns(
        theatre=Gated(rule.theatres, flags=re.IGNORECASE),
        theatre_in_name=re.compile(theatres, re.IGNORECASE),
        after_theatre=re.compile(tie + r"(" + _NAME + r")" + and_name),
        after_theatre_any_case=re.compile(r"(?i:" + tie + r")(" + any_case_name + r")" + and_name),
        before_theatre=re.compile(r"(" + _NAME + r")(?:['’]s)?\s+$"),
        place_use=Gated.single(re.compile(
            r"\b(?:" + _alternatives(rule.place_prepositions) + r")\s+(?:the\s+)?(" + _NAME + r")"
        )),
        talks_between=Gated.single(re.compile(
            r"(?i:\b(?:" + _alternatives(rule.between) + r")\s+between\s+(?:the\s+)?)(" + _NAME
            + r")\s+and\s+(?:the\s+)?(" + _NAME + r")"
        )),
        parties_sign=Gated.single(re.compile(
            r"\b(" + _NAME + r")\s+and\s+(?:the\s+)?(" + _NAME + r")\s+(?i:(?:have\s+|had\s+)?"
            r"(?:" + _alternatives(rule.signing) + r")\b)"
        )),
        war_before_parties=re.compile(
            r"(?:" + theatres + r")\s+between\s+(?:the\s+)?$", re.IGNORECASE
        ),
        war_after_parties=re.compile(r"(?:['’]s)?\s*(?:" + theatres + r")", re.IGNORECASE),
        not_places=frozenset(w.lower() for w in rule.not_places),
        held=_alternatives(rule.held),
        regions=_alternatives(rule.regions),
        direction=direction,
    )


@dataclass(frozen=True)
class OwnedPlace:
    """A pattern for a place given to the subject, and a cheap test that a text may hold one
    (true of every text that holds one)."""

    pattern: re.Pattern[str]
    may_hold: Callable[[str], bool]


def _owned_places(subject: str, places: PlacePatterns) -> tuple[OwnedPlace, ...]:
    """ "Ukraine's Donbas", "Russia-annexed Crimea"; "the Donetsk region in eastern Ukraine"."""
    possessive = re.compile(
        subject + r"(?:['’]s\s+(?:[a-z-]+\s+)?|-(?:" + places.held + r")\s+)(" + _NAME + r")"
    )
    tail = r"(?:in|of)\s+(?:the\s+)?" + places.direction + subject
    place_in = re.compile(
        r"(" + _NAME + r")(?:\s+(?:" + places.regions + r"))?\s+" + tail
    )
    # Every match of place_in ends with a match of the tail, which Python finds fast (it
    # starts with a literal); every match of possessive holds "'s", "’s" or "-".
    tail_search = re.compile(tail).search
    return (
        OwnedPlace(possessive, lambda text: "'s" in text or "’s" in text or "-" in text),
        OwnedPlace(place_in, lambda text: tail_search(text) is not None),
    )


@dataclass(frozen=True)
class CompiledTopic:
    profile: TopicProfile
    include: Gated | None
    require: Gated | None
    exclude: re.Pattern[str] | None
    wording: Gated | None  # the related vocabulary, one named group per family
    politics: Gated | None
    places: PlacePatterns | None
    owned_place: tuple[OwnedPlace, ...]  # "Ukraine's Donbas", "the Donbas in Ukraine"
    pair: Gated | None  # "Russia and Ukraine", "Kyiv, Moscow"
    other_side: re.Pattern[str] | None  # "talks with Ukraine", matched after a wording hit
    # Every require term is one word: no hit spans two sentences, and a pair's two terms are
    # two separate hits, so a sentence with fewer cannot hold a pair.
    one_word_require: bool = False


def profile_of(topic: Topic) -> TopicProfile:
    return load_profile(topic.profile or DEFAULT_PROFILE)


def _wording_applies(topic: Topic, profile: TopicProfile) -> bool:
    """A named profile brings its wording; without one (the contract's `topic:` shape) the
    default profile's wording is used only when an include term contains one of its triggers:
    another topic keeps its include terms alone."""
    if profile.wording is None:
        return False
    if topic.profile:
        return True
    lowered = " ".join(topic.include).lower()
    return any(trigger in lowered for trigger in profile.wording.triggers)


@lru_cache(maxsize=64)
def compile_topic(topic: Topic) -> CompiledTopic:
    profile = profile_of(topic)
    require = any_term(topic.require, inflect=False)
    wording = politics = None
    if _wording_applies(topic, profile):
        assert profile.wording is not None
        families = [f"(?P<{name}>{_alternatives(rx)})" for name, rx in profile.wording.families]
        # Not inside a hyphenated compound: a "deal-breaker" is no deal.
        wording = Gated(families, r"(?<![\w-])", r"(?![\w-])", re.IGNORECASE)
        if profile.sides is not None:
            politics = Gated(profile.sides.politics, r"(?<![\w-])", r"(?![\w-])", re.IGNORECASE)
    places = _place_patterns(profile.elsewhere) if profile.elsewhere is not None else None
    owned_place: tuple[OwnedPlace, ...] = ()
    pair = other_side = None
    if require is not None:
        subject = "(?i:" + require.pattern + ")"
        if places is not None:
            owned_place = _owned_places(subject, places)
        if profile.parties is not None:
            pair = Gated.single(re.compile(
                rf"({subject})(?:\s*,\s*|\s+and\s+|\s*&\s*|\s+or\s+|\s*[-–/]\s*)({subject})"
            ))
            other_side = re.compile(
                r"(?:(?:\s+[\w’'-]+){0,4}?\s+with)?\s+(?:the\s+)?(" + subject + r")"
                r"(?=\s*(?:[.,;:!?)\"”]|$)|\s+(?:" + _alternatives(profile.parties.followers)
                + r")\b)"
            )
    return CompiledTopic(
        profile=profile,
        include=gated_terms(topic.include, inflect=True),
        require=gated_terms(topic.require, inflect=False),
        exclude=any_term(topic.exclude, inflect=True),
        wording=wording,
        politics=politics,
        places=places,
        owned_place=owned_place,
        pair=pair,
        other_side=other_side,
        one_word_require=all(re.fullmatch(r"\w+", t.strip()) for t in topic.require),
    )


# ---------------------------------------------------------------- the subject's people


@dataclass(frozen=True)
class SubjectPeople:
    """The tracked actors who are the subject's people, and which side of it each term and
    person is on (sides are numbered; None: the term or person takes no side)."""

    names: Gated | None  # their names, aliases and surnames, as written (capitals)
    side_of_name: dict[str, int | None]
    side_of_term: dict[str, int | None]  # by the term's first letters, lower-cased
    person_words: frozenset[str] = frozenset()  # every actor's name words: people, not parties


NO_PEOPLE = SubjectPeople(None, {}, {})


def same_name(term: str) -> str:
    """One key for the forms of a name: "Russia" and "Russian" are one side, as are "Ukraine"
    and "Ukrainian"."""
    return term.lower()[:_SAME_NAME_LETTERS]


@lru_cache(maxsize=64)
def subject_people(require: tuple[str, ...], actors: tuple[Actor, ...]) -> SubjectPeople:
    """An actor whose role titles contain a require term ("Russian President", "Kremlin
    spokesman") is one of the subject's people. Require terms found in the roles of one actor
    are one side ("Russian", "Kremlin"); terms in no role ("Kyiv") take no side."""
    if not require or not actors:
        return NO_PEOPLE
    term_patterns = [(t, any_term([t], inflect=False)) for t in require if t.strip()]
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    people: list[tuple[Actor, list[str]]] = []
    for actor in actors:
        per_role = [
            {same_name(t) for t, rx in term_patterns if rx and rx.search(role.title)}
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
    side_of_term: dict[str, int | None] = {same_name(t): None for t, _ in term_patterns}
    for _, found in people:
        for term in found:
            side_of_term[term] = number[root(term)]
    side_of_name = _sides_of_names(people, number, root)
    person_words = frozenset(w.lower() for a in actors for form in (a.name, *a.aliases)
                             for w in form.split())
    if not side_of_name:
        return SubjectPeople(None, {}, {}, person_words)
    forms = [re.escape(f) for f in sorted(side_of_name, key=len, reverse=True)]
    names = Gated(forms, r"(?<!\w)", r"(?!\w)")
    return SubjectPeople(names, side_of_name, side_of_term, person_words)


def _sides_of_names(
    people: list[tuple[Actor, list[str]]], number: dict[str, int], root: Callable[[str], str]
) -> dict[str, int | None]:
    """Each person's name, aliases and surname, with the side the person's roles name."""
    side_of_name: dict[str, int | None] = {}
    for actor, found in people:
        sides = {number[root(t)] for t in found}
        side = sides.pop() if len(sides) == 1 else None
        forms = {actor.name, *actor.aliases}
        surname = actor.name.split()[-1]
        if len(surname) >= _SURNAME_MIN:
            forms.add(surname)
        for form in forms:
            if form.strip():
                # a name shared by actors of different sides takes no side
                known = side_of_name.get(form.strip(), side)
                side_of_name[form.strip()] = side if known == side else None
    return side_of_name




_INDEXES: dict[tuple[int, int], tuple[CompiledTopic, SubjectPeople, AnchorIndex]] = {}
_MOST_INDEXES = 64


def anchor_index(compiled: CompiledTopic, people: SubjectPeople) -> AnchorIndex:
    """The anchors of every pattern of a topic and its people in one automaton, built once
    (kept with the two objects, so their ids stay theirs while cached)."""
    key = (id(compiled), id(people))
    found = _INDEXES.get(key)
    if found is not None:
        return found[2]
    places = compiled.places
    gates = [compiled.include, compiled.require, compiled.wording, compiled.politics,
             compiled.pair, people.names]
    if places is not None:
        gates += [places.theatre, places.place_use, places.talks_between, places.parties_sign]
    index = AnchorIndex(gates)
    if len(_INDEXES) >= _MOST_INDEXES:
        _INDEXES.clear()
    _INDEXES[key] = (compiled, people, index)
    return index
