"""The speaker-repair rules of reported speech (monitor/extract/indirect.py SPEAKER_REPAIRS,
FORM_REPAIRS, PARTICIPLE_REPAIRS): a cue subject phrase that names no tracked person is read
again by each rule; the rule that finds one joins the mention's evidence. Invented sentences."""

from __future__ import annotations

import pytest

from monitor.extract import extract_mentions
from monitor.models import Actor

ACTORS = (
    Actor("Dana Whitfield", ("Whitfield",), ()),
    Actor("Tomas Reyes", ("Reyes",), ()),
    Actor("Lena Voss", ("Voss",), ()),
    Actor("Pavel Orlov", ("Orlov",), ()),
)


def reports(text: str) -> list[tuple[str, str, set[str]]]:
    return [(m.actor, m.text, set(m.rule.split("+")))
            for m in extract_mentions([text], ACTORS) if m.kind == "indirect"]


def check(text: str, rule: str, expected: list[tuple[str, str]]) -> None:
    found = reports(text)
    assert [(actor, words) for actor, words, _ in found] == expected
    assert all(rule in rules for _, _, rules in found)


ADVERB_BEFORE_CUE = [
    ("Mrs. Voss often says she is not running for another term.",
     [("Lena Voss", "she is not running for another term")]),
    ("Reyes however said he would welcome the new quota.",
     [("Tomas Reyes", "he would welcome the new quota")]),
    ("Voss went to the launch in May. She has since said that the launch had been a success.",
     [("Lena Voss", "the launch had been a success")]),
]


@pytest.mark.parametrize(("text", "expected"), ADVERB_BEFORE_CUE)
def test_adverb_before_cue(text: str, expected: list[tuple[str, str]]) -> None:
    check(text, "adverb_before_cue", expected)


TITLE_BEFORE_NAME = [
    ("Secretary of State Pavel Orlov said the sailors were close to finishing their contracts.",
     [("Pavel Orlov", "the sailors were close to finishing their contracts")]),
    ("Minister of Fisheries Lena Voss said the fees would rise in the spring.",
     [("Lena Voss", "the fees would rise in the spring")]),
]


@pytest.mark.parametrize(("text", "expected"), TITLE_BEFORE_NAME)
def test_title_before_name(text: str, expected: list[tuple[str, str]]) -> None:
    check(text, "title_before_name", expected)


# A first name before a tracked surname is another person, not a title.
OTHER_PERSON_SAME_SURNAME = [
    "Senator Kelda Voss said the fees would rise in the spring.",
    "Councillor Ivo Orlov said the sailors were close to finishing their contracts.",
]


@pytest.mark.parametrize("text", OTHER_PERSON_SAME_SURNAME)
def test_title_before_name_needs_the_tracked_name(text: str) -> None:
    assert reports(text) == []


OPENING_NAME = [
    ("Sen. Lena Voss, D-Maine, a long-shot candidate for the board, said the fees would rise.",
     [("Lena Voss", "the fees would rise")]),
    ("Lena Voss, who has fought the owners for years, last week said the fees would rise.",
     [("Lena Voss", "the fees would rise")]),
]


@pytest.mark.parametrize(("text", "expected"), OPENING_NAME)
def test_opening_name(text: str, expected: list[tuple[str, str]]) -> None:
    check(text, "opening_name", expected)


COORDINATED = [
    ("Orlov offered the man a job on the boat, then says he will welcome advice from anyone.",
     [("Pavel Orlov", "he will welcome advice from anyone")]),
]


@pytest.mark.parametrize(("text", "expected"), COORDINATED)
def test_coordinated_subject(text: str, expected: list[tuple[str, str]]) -> None:
    check(text, "coordinated_subject", expected)


VERB_CHAIN = [
    ("Mr. Reyes decided to press the owners to freeze the new fees.",
     [("Tomas Reyes", "the owners to freeze the new fees")]),
    ("Voss used her speech to call for the resignation of the harbor board.",
     [("Lena Voss", "the resignation of the harbor board")]),
]


@pytest.mark.parametrize(("text", "expected"), VERB_CHAIN)
def test_verb_chain_subject(text: str, expected: list[tuple[str, str]]) -> None:
    check(text, "verb_chain_subject", expected)


def test_verb_chain_needs_a_verb_after_the_name() -> None:
    # "Orlov aides": a noun after the name, the aides speak
    assert reports("Orlov aides plan to press the owners to freeze the new fees.") == []


PARTICIPLE_MAIN_SUBJECT = [
    ("On Sunday morning Mr. Orlov made a third attempt to calm the crews, writing that the "
     "fees would stay frozen.",
     [("Pavel Orlov", "the fees would stay frozen")]),
]


@pytest.mark.parametrize(("text", "expected"), PARTICIPLE_MAIN_SUBJECT)
def test_participle_main_subject(text: str, expected: list[tuple[str, str]]) -> None:
    check(text, "participle_main_subject", expected)


OUTLETS = [
    ("the Post", True),
    ("The Harbor Gazette", True),
    ("the President", False),  # a title: a person
    ("Voss", False),
    ("the harbor board", False),
]


@pytest.mark.parametrize(("phrase", "outlet"), OUTLETS)
def test_according_to_an_outlet(phrase: str, outlet: bool) -> None:
    """"according to the Post, …" reports no one's speech."""
    from types import SimpleNamespace

    from monitor.extract import indirect
    from monitor.extract.lexicon import load_lexicon

    reader = SimpleNamespace(lex=load_lexicon())
    assert indirect._names_an_outlet(reader, phrase) is outlet
