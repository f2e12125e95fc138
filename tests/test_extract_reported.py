"""Reported-speech forms as named rules (monitor/extract/reported.py, indirect.py): each rule
with its own table of invented sentences, and the rule's name on every mention it produces."""

from __future__ import annotations

import pytest

from monitor.extract import extract_mentions
from monitor.extract.reported import inflections, reporting_words
from monitor.models import Actor

ACTORS = (
    Actor("Dana Whitfield", ("Whitfield",), ()),
    Actor("Tomas Reyes", ("Reyes",), ()),
    Actor("Lena Voss", ("Voss",), ()),
    Actor("Pavel Orlov", ("Orlov",), ()),
)


def reports(text: str) -> list[tuple[str, str, str]]:
    return [(m.actor, m.text, m.rule) for m in extract_mentions([text], ACTORS)
            if m.kind == "indirect"]


def texts(text: str) -> list[tuple[str, str]]:
    return [(actor, words) for actor, words, _ in reports(text)]


def rules(text: str) -> set[str]:
    return {rule for _, _, r in reports(text) for rule in r.split("+")}


DIRECTIVE = [
    ("Reyes urged the trawler owners to accept the new quota.",
     [("Tomas Reyes", "the trawler owners to accept the new quota")]),
    ("Voss called on the harbor board to delay the vote until spring.",
     [("Lena Voss", "the harbor board to delay the vote until spring")]),
    ("Orlov asked the ferry crews not to strike before the holiday.",
     [("Pavel Orlov", "the ferry crews not to strike before the holiday")]),
    # passive: the subject was the one asked
    ("Voss was asked to leave the hall before the vote.", []),
    # "to" before a noun phrase is a preposition, not an infinitive
    ("Reyes invited the owners to the table on Monday.", []),
]


@pytest.mark.parametrize(("text", "expected"), DIRECTIVE)
def test_directive_verb_to(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected
    if expected:
        assert rules(text) == {"directive_verb_to"}


COMMISSIVE = [
    ("Voss promised to publish the harbor accounts by Friday.",
     [("Lena Voss", "to publish the harbor accounts by Friday")]),
    ("Reyes offered to meet the strikers in person.",
     [("Tomas Reyes", "to meet the strikers in person")]),
    ("Orlov threatened to close the east quay for a month.",
     [("Pavel Orlov", "to close the east quay for a month")]),
    ("Orlov did not promise to publish the accounts this year.", []),
]


@pytest.mark.parametrize(("text", "expected"), COMMISSIVE)
def test_commissive_verb_to(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected
    if expected:
        assert rules(text) == {"commissive_verb_to"}


PROPOSAL = [
    ("Orlov proposed setting up two joint working groups.",
     [("Pavel Orlov", "setting up two joint working groups")]),
    ("Reyes called for a new vote on the fishing quota.",
     [("Tomas Reyes", "a new vote on the fishing quota")]),
    ("Whitfield recommended a second inspection of the old pier.",
     [("Dana Whitfield", "a second inspection of the old pier")]),
    # too little to be a statement
    ("Reyes proposed changes.", []),
]


@pytest.mark.parametrize(("text", "expected"), PROPOSAL)
def test_proposal_object(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected
    if expected:
        assert rules(text) == {"proposal_object"}


WARNED_AGAINST = [
    ("Orlov warned the owners against raising prices before the winter.",
     [("Pavel Orlov", "the owners against raising prices before the winter")]),
    ("Voss cautioned her colleagues against reading too much into the poll.",
     [("Lena Voss", "her colleagues against reading too much into the poll")]),
    # no listener: what is feared is named, nobody is advised
    ("Reyes warned against any deal that would close the harbor.", []),
]


@pytest.mark.parametrize(("text", "expected"), WARNED_AGAINST)
def test_warned_against(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected


NOUN_REPORT = [
    ("Reyes dismissed Orlov's claim that the port had been closed all week.",
     [("Pavel Orlov", "the port had been closed all week")]),
    ("Whitfield spoke after Voss. She stuck to her long-standing position that the quay "
     "must stay public.",
     [("Dana Whitfield", "the quay must stay public")]),
    ("Nobody believed the claim that the port was closed.", []),
]


@pytest.mark.parametrize(("text", "expected"), NOUN_REPORT)
def test_noun_report(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected
    if expected:
        assert "noun_report" in rules(text)


JOINT = [
    ("Voss and Reyes said on Monday they were close to a deal.",
     [("Lena Voss", "they were close to a deal"), ("Tomas Reyes", "they were close to a deal")]),
    ("Whitfield and Orlov also said that the ferry would run again in May.",
     [("Dana Whitfield", "the ferry would run again in May"),
      ("Pavel Orlov", "the ferry would run again in May")]),
    # one of the two is not tracked: the tracked one still reports it
    ("Voss and a harbor clerk said the gates had been left open overnight.",
     [("Lena Voss", "the gates had been left open overnight")]),
    # the talks are no one's subject
    ("The talks between Voss and Reyes ended without a statement on the quota.", []),
]


@pytest.mark.parametrize(("text", "expected"), JOINT)
def test_joint_subject(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected
    if len(expected) > 1:
        assert "joint_subject" in rules(text)


CLAUSES = [
    # a subject pronoun opens a clause, whatever its verb
    ("Reyes said he suspects the owners will sign.",
     [("Tomas Reyes", "he suspects the owners will sign")]),
    ("Voss said she plans to run for the harbor board.",
     [("Lena Voss", "she plans to run for the harbor board")]),
    # a contracted subject too
    ("Orlov said there’s no plan to close the quay.",
     [("Pavel Orlov", "there’s no plan to close the quay")]),
    ("Whitfield said he'd welcome a second inspection.",
     [("Dana Whitfield", "he'd welcome a second inspection")]),
    # verbs that report a bare clause, from reporting.yaml
    ("Reyes announced the ferry would run again in May.",
     [("Tomas Reyes", "the ferry would run again in May")]),
    # a noun phrase after the verb is no clause
    ("Voss announced her candidacy for the harbor board.", []),
    # an irregular past is a verb
    ("Reyes said the inspection found cracks in the pier.",
     [("Tomas Reyes", "the inspection found cracks in the pier")]),
    # the cue after a leading "While …," clause belongs to the main clause, and the concessive
    # clause reports too, up to its comma
    ("While Voss has said that the quay is safe, Reyes said the inspection found cracks.",
     [("Lena Voss", "the quay is safe"), ("Tomas Reyes", "the inspection found cracks")]),
    # but a cue inside a leading subordinate clause is its setting
    ("When Reyes said he would resign, the board adjourned.", []),
    # "afterward" before "that", like "afterwards"
    ("Reyes said afterward that he would meet the strikers in May.",
     [("Tomas Reyes", "he would meet the strikers in May")]),
    # ", to which …" is the reporter's
    ("Voss said the audit had been finished, to which Orlov replied: “Nobody has seen it.”",
     [("Lena Voss", "the audit had been finished")]),
]


@pytest.mark.parametrize(("text", "expected"), CLAUSES)
def test_reported_clause(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected


def test_every_reported_mention_names_its_rule() -> None:
    found = reports("Reyes said the talks had failed. Voss promised to publish the accounts.")
    assert [r for _, _, r in found] == ["bare_clause", "commissive_verb_to"]


@pytest.mark.parametrize(("entry", "forms"), [
    ("urge", {"urge", "urges", "urged", "urging"}),
    ("call on", {"call on", "calls on", "called on", "calling on"}),
    ("vow", {"vow", "vows", "vowed", "vowing"}),
    ("commit/committed", {"commit", "commits", "committed", "committing"}),
    ("swear/swore", {"swear", "swears", "swore", "swearing"}),
    ("testify", {"testify", "testifies", "testified", "testifying"}),
    ("press", {"press", "presses", "pressed", "pressing"}),
])
def test_inflections_are_generated(entry: str, forms: set[str]) -> None:
    assert inflections(entry) == forms


def test_word_lists_load() -> None:
    words = reporting_words()
    assert words.directive.search("she urged them")
    assert "announced" in words.bare_clause


NESTED = [
    ("Voss said Reyes had told her that the port would reopen in May.",
     [("Lena Voss", "Reyes had told her that the port would reopen in May"),
      ("Tomas Reyes", "the port would reopen in May")]),
    # the same speaker's earlier words are the outer report's
    ("Voss said she had told the board that the port would reopen in May.",
     [("Lena Voss", "she had told the board that the port would reopen in May")]),
]


@pytest.mark.parametrize(("text", "expected"), NESTED)
def test_nested_report(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected


RELATIVE = [
    ("The plan, which Orlov said was final, will go to the council.",
     [("Pavel Orlov", "The plan, which Orlov said was final")]),
    ("The new fees, which Voss insists are fair, start in June.",
     [("Lena Voss", "The new fees, which Voss insists are fair")]),
    # a pronoun's contact relative is not this rule's
    ("The plan, which he said was final, will go to the council.", []),
]


@pytest.mark.parametrize(("text", "expected"), RELATIVE)
def test_relative_report(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected


GUARDS = [
    ("_cue_attributes_a_quote", "“We will reopen the quay,” Voss said on Monday.", "said"),
    ("_negated", "Reyes did not say whether the quay would reopen.", "say"),
    ("_not_said_yet", "Orlov is expected to say that the quay will reopen.", "say"),
    ("_gerund_as_noun", "Voss found a way of saying the quay would stay shut.", "saying"),
    ("_in_contact_relative", "Reyes pointed to deals he said he had made in May.", "said"),
    ("_sets_the_scene", "When Reyes said he would resign, the board adjourned.", "said"),
    ("_gerund_as_noun", "Orlov left the hall without saying the vote had been lost.", "saying"),
    ("_object_relative", "At the port, what Orlov says is now the only rule.", "says"),
    ("_object_relative", "She named a rival whom Voss mentioned later in the day.", "mentioned"),
    ("_passive_cue", "Orlov was warned the strike would spread to the east quay.", "warned"),
    ("_passive_cue", "Voss was declared the winner of the harbor vote.", "declared"),
]


@pytest.mark.parametrize(("guard", "text", "word"), GUARDS)
def test_cue_guards(guard: str, text: str, word: str) -> None:
    """Each guard finds its own case and no other guard's: a cue it finds reports nothing."""
    from monitor.extract import indirect
    from monitor.extract.actors import compile_actors
    from monitor.extract.direct import ParagraphReader
    from monitor.extract.lexicon import load_lexicon
    from monitor.extract.quotes import find_quote_spans
    from monitor.extract.speakers import Discourse

    discourse = Discourse(compile_actors(ACTORS), load_lexicon(), None)
    reader = ParagraphReader(discourse, text, find_quote_spans(text))
    cue = next(c for c in reader.cues if c.word == word)
    fired = [g.__name__ for g in indirect.CUE_GUARDS if g(reader, cue, 0, len(text))]
    assert fired == [guard]
    assert texts(text) == []


PRESENT_VERB = [
    ("Reyes said the transition reflects the mood of the harbor town.",
     [("Tomas Reyes", "the transition reflects the mood of the harbor town")]),
    ("Voss says her union deserves a longer season to survive.",
     [("Lena Voss", "her union deserves a longer season to survive")]),
    # a plural noun followed by a preposition is a noun object, not a clause
    ("Orlov announced the plans for the new quay.", []),
    ("Whitfield said nothing about the ferries.", []),
]


@pytest.mark.parametrize(("text", "expected"), PRESENT_VERB)
def test_present_verb(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected
    if expected:
        assert "present_verb" in rules(text)


SENTENCE_END_BEFORE_QUOTATION = [
    # quotation marks written as two apostrophes are no quote spans; the report still ends
    # where its sentence does
    ("Voss said she hoped the rule would change soon. ''Three thousand workers could not vote"
     " today,'' she said.",
     [("Lena Voss", "she hoped the rule would change soon")]),
    ("Reyes argued the quota was too low. “We will not sign it,” he said.",
     [("Tomas Reyes", "the quota was too low")]),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_END_BEFORE_QUOTATION)
def test_report_ends_before_a_quotation(text: str, expected: list[tuple[str, str]]) -> None:
    assert [t for t in texts(text) if "''" not in t[1]] == expected


AUDIENCE_AND_SUBJECT = [
    # a plural listener, a named outlet: skipped before the clause
    ("Reyes told investigators they were unaware of the deletions.",
     [("Tomas Reyes", "they were unaware of the deletions")]),
    ("As Voss told the Harbor Daily News, the levy is paid back in jobs.",
     [("Lena Voss", "the levy is paid back in jobs")]),
    # an object pronoun or a second verb is no clause's subject
    ("Reyes walked back his remarks a day after he said them, but the harm was done.", []),
    ("Whitfield says and promises that the quay will reopen.",
     [("Dana Whitfield", "the quay will reopen")]),
    # a listener of a name, or of two words, is not the clause's subject
    ("Voss later told the Gazette the fees would rise in the spring.",
     [("Lena Voss", "the fees would rise in the spring")]),
    ("Voss told the harbor crews the fees would rise in the spring.",
     [("Lena Voss", "the fees would rise in the spring")]),
    ("Voss told him the fees would rise in the spring.",
     [("Lena Voss", "the fees would rise in the spring")]),
    # "said of X that …": what the words are about, then the clause
    ("Voss said of the owners that they would never pay the crews.",
     [("Lena Voss", "they would never pay the crews")]),
]


@pytest.mark.parametrize(("text", "expected"), AUDIENCE_AND_SUBJECT)
def test_listener_and_subject(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected


OBJECT_PREDICATE = [
    ("Reyes credited the coast guard with saving the season.",
     [("Tomas Reyes", "the coast guard with saving the season")]),
    ("Orlov referred to the strike as a blockade of the port.",
     [("Pavel Orlov", "the strike as a blockade of the port")]),
    # passive: someone else did the crediting
    ("Voss was credited with saving the season.", []),
    # a clause between verb and link word is no object
    ("Reyes credited the crews who stayed with saving the season.", []),
]


@pytest.mark.parametrize(("text", "expected"), OBJECT_PREDICATE)
def test_object_predicate(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected
    if expected:
        assert rules(text) == {"object_predicate"}
