"""Where a reported clause ends (monitor/extract/indirect.py CLAUSE_END): the reporter's own
next clause about the speaker is not part of the words. Invented sentences."""

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


def texts(text: str) -> list[tuple[str, str]]:
    return [(m.actor, m.text) for m in extract_mentions([text], ACTORS) if m.kind == "indirect"]


CLAUSE_END = [
    # the subject's next act in the present perfect
    ("Voss insists the union must be a union of ideas, and has championed a plan that drew "
     "the owners' scorn.",
     [("Lena Voss", "the union must be a union of ideas")]),
    ("Reyes had said he would visit the quay later, and to date has only issued a short note.",
     [("Tomas Reyes", "he would visit the quay later")]),
    # "…, and he <past verb>": the reporter goes on
    ("Orlov said the strike was a mistake on Wednesday, and he repeated it on the radio "
     "on Thursday.",
     [("Pavel Orlov", "the strike was a mistake on Wednesday")]),
    # a report form's words end before the subject's next act in the past
    ("Reyes urged the crews to back the deal and tried to calm the owners.",
     [("Tomas Reyes", "the crews to back the deal")]),
    ("Voss promised to publish the accounts and then asked for a delay.",
     [("Lena Voss", "to publish the accounts")]),
    # but a modal after the pronoun is still the speaker's words
    ("Orlov said the strike was a mistake, and he would say so again.",
     [("Pavel Orlov", "the strike was a mistake, and he would say so again")]),
    # a concessive opening clause reports; the report ends where the main clause starts
    ("While Voss has said that she backs the quota, she has not signed it.",
     [("Lena Voss", "she backs the quota")]),
    ("Although Reyes said the offer was fair, the crews walked out.",
     [("Tomas Reyes", "the offer was fair")]),
]


@pytest.mark.parametrize(("text", "expected"), CLAUSE_END)
def test_clause_end(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected


NO_CLAUSE = [
    # a temporal opening clause sets the scene of the main clause
    "When Reyes said he would stay, the crowd cheered.",
    # a second verb of the cue's subject ("… and seemed") makes no clause of the object
    "Reyes mentioned the union five times and seemed to blame it for the delay.",
]


@pytest.mark.parametrize("text", NO_CLAUSE)
def test_no_clause(text: str) -> None:
    assert texts(text) == []


INVERTED = [
    # a full clause before an inverted cue at the sentence end is the report
    ("The fees would rise in the spring, said Voss, the harbor chief.",
     [("Lena Voss", "The fees would rise in the spring")]),
    # a subject alone before it: the whole sentence is
    ("That plan, said Voss, would be put to the board in May.",
     [("Lena Voss", "That plan, said Voss, would be put to the board in May")]),
]


@pytest.mark.parametrize(("text", "expected"), INVERTED)
def test_inverted_cue(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected
