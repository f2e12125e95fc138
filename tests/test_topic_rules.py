"""Each evidence rule and each decision rule of the topic engine on its own, with a table of
invented sentences (or evidence) per rule. The whole engine is tested in test_topic.py."""

from __future__ import annotations

import pytest

from monitor.models import Actor, Role, Topic
from monitor.topic import decide
from monitor.topic.article import Sentence
from monitor.topic.compiled import NO_PEOPLE, SubjectPeople, compile_topic, subject_people
from monitor.topic.evidence import (
    Evidence,
    Places,
    Scan,
    View,
    article_places,
    count_subject,
    include_evidence,
    pair_ties,
    parties_named_apart,
    politics_wording,
    related_placement,
    related_wording,
    subject_mentions,
    theatre_ties,
)
from monitor.topic.profile import load_profile

CEASEFIRE = load_profile("ceasefire")
TOPIC = Topic(include=CEASEFIRE.terms.include, require=CEASEFIRE.terms.require)
COMPILED = compile_topic(TOPIC)
ACTORS = (
    Actor("Vladimir Putin", ("Putin",), (Role("Russian President"),)),
    Actor("Volodymyr Zelensky", ("Zelensky",), (Role("Ukrainian President"),)),
    Actor("Donald Trump", ("Trump",), (Role("U.S. President"),)),
)
PEOPLE = subject_people(TOPIC.require, ACTORS)


def view(
    text: str,
    people: SubjectPeople = NO_PEOPLE,
    *,
    paragraph: int = 3,
    subject_paragraph: bool = False,
    next_to_subject: bool = False,
) -> tuple[View, Places]:
    """One sentence as the rules see it, in a body paragraph unless told otherwise."""
    sentence = Sentence(text, 1.0, paragraph)
    scan = Scan([sentence])
    mentions = subject_mentions(COMPILED, people, scan, 0, text)
    names_subject = mentions.require_count + len(mentions.names) > 0
    places = article_places(COMPILED, [sentence], scan, title_case=False)
    return View(
        sentence=sentence, index=0, scan=scan, mentions=mentions, names_subject=names_subject,
        in_subject_paragraph=names_subject or subject_paragraph,
        next_to_subject=next_to_subject, headline_style=False,
    ), places


# ---------------------------------------------------------------- evidence rules


@pytest.mark.parametrize(
    ("text", "subject", "people"),
    [
        ("Kyiv and Moscow traded accusations over the grain corridor.", 2.0, 0.0),
        ("Russia, Ukraine, Kyiv and Moscow all replied within the hour.", 2.0, 0.0),  # capped
        ("Putin said nothing about the harbor.", 0.75, 1.0),
        ("The harbor reopened after the storm.", 0.0, 0.0),
    ],
)
def test_count_subject(text: str, subject: float, people: float) -> None:
    ev = Evidence()
    v, _ = view(text, PEOPLE)
    count_subject(ev, v, COMPILED, PEOPLE)
    assert (ev.subject, ev.people) == (subject, people)


@pytest.mark.parametrize(
    ("text", "here", "acting"),
    [
        ("Russia and Ukraine agreed to exchange lists of prisoners.", 1.0, True),
        ("The war between Russia and Ukraine is in its fourth year.", 1.0, False),
        ("The Russia-Ukraine conflict weighs on grain prices.", 1.0, False),
        ("Russia and Russian officials were not reachable.", 0.0, False),  # one name
        ("Russia said little on Monday.", 0.0, False),
    ],
)
def test_pair_ties(text: str, here: float, acting: bool) -> None:
    ev = Evidence()
    v, _ = view(text)
    pair_ties(ev, v, COMPILED)
    assert (ev.here, v.parties_act) == (here, acting)


@pytest.mark.parametrize(
    ("text", "here", "there", "names"),
    [
        ("The ceasefire in Gaza held for a third day, aid groups said.", 0.0, 1.0, {"Gaza"}),
        ("The war in Ukraine entered its fourth winter.", 1.0, 0.0, set()),
        ("A new Israel-Hamas truce took effect at dawn.", 0.0, 1.0, {"Israel Hamas"}),
        ("Veterans of World War II gathered in the square.", 0.0, 0.0, set()),  # a name
        ("The Trump peace plan divides the allies.", 0.0, 0.0, set()),  # a person
        ("Fighting in Ukraine's Donbas went on overnight.", 1.0, 0.0, set()),
    ],
)
def test_theatre_ties(text: str, here: float, there: float, names: set[str]) -> None:
    ev = Evidence()
    v, places = view(text)
    theatre_ties(ev, v, COMPILED, places)
    assert (ev.here, ev.there, ev.there_names) == (here, there, names)


@pytest.mark.parametrize(
    ("text", "there", "tied"),
    [
        ("Talks between Armenia and Azerbaijan resumed in the spring.", 1.0, 1),
        ("Armenia and Azerbaijan signed a border framework on Friday.", 1.0, 1),
        ("Talks between Trump and Putin lasted two hours.", 0.0, 0),  # people, not parties
        ("Talks between Russia and Ukraine resumed in Istanbul.", 0.0, 1),  # tied here
        ("The talks resumed on Monday.", 0.0, 0),
    ],
)
def test_parties_named_apart(text: str, there: float, tied: int) -> None:
    ev = Evidence()
    v, places = view(text, PEOPLE)
    parties_named_apart(ev, v, COMPILED, PEOPLE, places)
    assert (ev.there, len(v.ties)) == (there, tied)


@pytest.mark.parametrize(
    ("text", "where", "counted"),
    [
        ("Kyiv backs the truce proposal.", {}, "anchored"),
        ("The truce proposal was backed by the council.", {"subject_paragraph": True},
         "paragraph_only"),
        ("The truce proposal was backed by the council.", {"next_to_subject": True}, "adjacent"),
        ("The truce proposal was backed by the council.", {}, "loose"),
    ],
)
def test_include_evidence(text: str, where: dict[str, bool], counted: str) -> None:
    ev = Evidence()
    v, _ = view(text, **where)
    include_evidence(ev, v, COMPILED)
    found = {k: getattr(ev, k) for k in ("anchored", "paragraph_only", "adjacent", "loose")}
    assert found == {k: (1.0 if k == counted else 0.0) for k in found}
    assert v.related_here and ev.include_sentences == 1


def test_include_evidence_tied_elsewhere_counts_for_the_other_place() -> None:
    ev = Evidence()
    v, places = view("Kyiv watched the truce in Gaza closely.")
    theatre_ties(Evidence(), v, COMPILED, places)
    include_evidence(ev, v, COMPILED)
    assert (ev.anchored, ev.strong_there, v.related_here) == (0.0, 1.0, False)


@pytest.mark.parametrize(
    ("text", "weak", "families", "parties"),
    [
        ("Kyiv is ready for talks, an adviser said.", 0.4, {"talks"}, 0.0),
        ("Russia wants the war to end on its terms.", 0.4, {"ending"}, 0.0),
        ("Russia is ready for talks with Ukraine, the envoy said.", 0.8,
         {"talks", "diplomacy"}, 1.0),
        ("For Kyiv that clause is a deal-breaker.", 0.0, set(), 0.0),  # a compound
        ("Kyiv said it had no comment.", 0.0, set(), 0.0),
    ],
)
def test_related_wording(text: str, weak: float, families: set[str], parties: float) -> None:
    ev = Evidence()
    v, places = view(text)
    related_wording(ev, v, COMPILED, places)
    assert (round(ev.weak, 2), ev.weak_families, ev.parties_wording) == (weak, families, parties)


def test_related_wording_counts_ending_the_war_even_far_from_the_subject() -> None:
    ev = Evidence()
    v, places = view("Everyone here wants the war to end.")
    related_wording(ev, v, COMPILED, places)
    assert (ev.weak, ev.ending) == (0.2, 0.2)


@pytest.mark.parametrize(
    ("text", "related"),
    [
        ("Putin met Zelensky's envoy in the evening.", True),
        ("The sanctions were extended for six months.", True),
        ("The meeting-room was empty.", False),  # a compound
        ("The harbor reopened.", False),
    ],
)
def test_politics_wording(text: str, related: bool) -> None:
    v, _ = view(text)
    ev = Evidence()
    politics_wording(ev, v, COMPILED)
    assert v.related_here is related and ev.fired.get("politics_wording", 0) == related


@pytest.mark.parametrize(
    ("text", "paragraph", "headline", "lead", "between"),
    [
        ("Putin and Zelensky trade jibes over the summit", -1, True, False, 1.0),
        ("Putin rejects the summit idea.", 0, False, True, 0.0),
        ("Putin answered Kyiv within the hour.", 3, False, False, 1.0),  # Kyiv: the other side
    ],
)
def test_related_placement(
    text: str, paragraph: int, headline: bool, lead: bool, between: float
) -> None:
    ev = Evidence()
    v, _ = view(text, PEOPLE, paragraph=paragraph)
    v.related_here = True
    related_placement(ev, v)
    assert (ev.headline_related, ev.lead_related, ev.between_sides) == (headline, lead, between)


@pytest.mark.parametrize(
    ("text", "words", "subject"),
    [
        ("Shelling resumed near Kharkiv and in Gaza overnight.", {"kharkiv", "gaza"}, set()),
        ("Drones struck Russia-annexed Crimea overnight.", set(), {"crimea"}),
        ("Drones hit the Donetsk region in eastern Ukraine.", set(), {"donetsk"}),
        ("The mayor said the bridge would reopen.", set(), set()),
    ],
)
def test_article_places(text: str, words: set[str], subject: set[str]) -> None:
    _, places = view(text)
    assert (set(places.words) - {"russia", "ukraine"}, set(places.subject)) == (words, subject)


# ---------------------------------------------------------------- decision rules


def case(paragraphs: int = 6, **evidence: object) -> decide.Case:
    ev = Evidence(**evidence)  # type: ignore[arg-type]
    return decide.Case(COMPILED, PEOPLE, ev, paragraphs=paragraphs, include_hits=("truce",),
                       require_hits=("kyiv",))


@pytest.mark.parametrize(
    ("rule", "evidence", "verdict"),
    [
        (decide.another_conflict, {"there": 3.0, "here_total": 2.0}, False),
        (decide.another_conflict, {"there": 2.0, "here_total": 2.0}, None),
        (decide.passing_mention, {"subject": 3.5}, False),
        (decide.passing_mention, {"subject": 4.0}, None),
        (decide.one_side_beside_elsewhere, {"there": 1.0, "sides": {0: 6.0}}, False),
        (decide.one_side_beside_elsewhere, {"there": 1.0, "sides": {0: 2.0, 1: 2.0}}, None),
        (decide.negotiation_evidence, {"strong_named": 1.0, "negotiation": 1.5, "subject": 5},
         True),
        (decide.negotiation_evidence, {"strong_named": 0.5, "negotiation": 3.0}, None),
        (decide.negotiation_evidence, {"strong_any": 1.0, "here": 1.0, "negotiation": 1.5},
         True),
        (decide.brief_needs_include, {"subject": 2.0}, False),
        (decide.both_sides, {"sides": {0: 2.0, 1: 2.0}, "people": 2.0, "between_sides": 1.0,
                             "top_names_subject": True}, True),
        (decide.both_sides, {"sides": {0: 2.0, 1: 2.0}, "people": 2.0, "between_sides": 1.0,
                             "top_names_subject": True, "there": 1.0}, None),
        (decide.both_sides, {"sides": {0: 7.0}, "side_people": {1: 1.0}, "people": 2.0,
                             "headline_related": True, "top_names_subject": True}, True),
        (decide.related_wording_alone, {"negotiation": 1.0, "weak_families": {"talks",
                                                                              "ending"}}, True),
        (decide.related_wording_alone, {"negotiation": 1.0, "weak_families": {"talks",
                                                                              "deal"}}, None),
        (decide.parties_acting, {"parties_wording": 2.0}, True),
        (decide.parties_acting, {"parties_wording": 1.5}, None),
        (decide.ending_repeated, {"ending": 1.2, "ending_sentences": 2}, True),
        (decide.ending_repeated, {"ending": 1.2, "ending_sentences": 1}, None),
    ],
)
def test_decision_rules(rule: decide.Rule, evidence: dict[str, object], verdict: bool | None
                        ) -> None:
    found = rule(case(**evidence))
    assert (None if found is None else found.on_topic) is verdict
    if found is not None:
        assert found.reason.startswith("on-topic:" if verdict else "off-topic:")


def test_a_brief_needs_a_headline_include_term_and_nothing_elsewhere() -> None:
    brief = {"headline_include": True, "include_sentences": 2, "subject_sentences": 2}
    assert decide.passing_mention(case(3, subject=2.0, **brief)) is None
    assert decide.passing_mention(case(3, subject=2.0, there=0.5, **brief)) is not None
    assert decide.passing_mention(case(6, subject=2.0, **brief)) is not None
