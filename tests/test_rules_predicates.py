"""Characterising verbs with a long object: the quoted predicate is the subject's wording
(rule called_object_predicate; invented sentences)."""

from __future__ import annotations

import pytest

from monitor.extract import extract_mentions
from monitor.models import Actor

ACTORS = (Actor("Tomas Reyes", ("Reyes",), ()), Actor("Lena Voss", ("Voss",), ()))

# (case, paragraph, expected (actor, rule) or None)
CASES: list[tuple[str, str, tuple[str, str] | None]] = [
    ("a long object, then the quoted predicate",
     "In April, Reyes called the owners' plans to move the whole fleet to the south coast “an "
     "absolute disgrace,” and threatened a strike.", ("Tomas Reyes", "called_object_predicate")),
    ("an object with a relative clause",
     "Voss called the assault that hurt five crew members at the east quay “an attack on our "
     "whole town,” but she also praised the police.", ("Lena Voss", "called_object_predicate")),
    ("a short object needs no rule",
     "Reyes called the plan “an absolute disgrace” on Monday.", ("Tomas Reyes",
                                                                 "cue_before_quote")),
    ("a predicate without an article stays out when far",
     "Voss called the owners' plans to move the whole fleet to the south coast “disgraceful "
     "and reckless” on Monday.", None),
]


@pytest.mark.parametrize("case, paragraph, expected", CASES, ids=[c[0] for c in CASES])
def test_predicate_rules(case: str, paragraph: str, expected: tuple[str, str] | None) -> None:
    mentions = [m for m in extract_mentions([paragraph], ACTORS) if m.kind == "direct"]
    assert [(m.actor, m.rule) for m in mentions] == ([expected] if expected else [])
