"""Cue rules: speech verbs generated from base forms, and the sentences they attribute
(invented sentences)."""

from __future__ import annotations

import pytest

from monitor.extract import extract_mentions
from monitor.extract.inflect import plural, verb_forms
from monitor.extract.lexicon import load_lexicon
from monitor.models import Actor

ACTORS = (Actor("Tomas Reyes", ("Reyes",), ()), Actor("Lena Voss", ("Voss",), ()),
          Actor("Pavel Orlov", ("Orlov",), ()))

# (data entry, third person, past forms, -ing form)
FORMS: list[tuple[str, str, tuple[str, ...], str]] = [
    ("gush", "gushes", ("gushed",), "gushing"),
    ("quip", "quips", ("quipped",), "quipping"),
    ("advise", "advises", ("advised",), "advising"),
    ("reply", "replies", ("replied",), "replying"),
    ("tweet", "tweets", ("tweeted",), "tweeting"),
    ("argue", "argues", ("argued",), "arguing"),
    ("say said", "says", ("said",), "saying"),
    ("write wrote written", "writes", ("wrote", "written"), "writing"),
    ("admit admitted", "admits", ("admitted",), "admitting"),
    ("agree", "agrees", ("agreed",), "agreeing"),
    ("lie", "lies", ("lied",), "lying"),
]


@pytest.mark.parametrize("noun, plural_form", [("critic", "critics"), ("spokesman", "spokesmen"),
                                               ("ally", "allies"), ("witness", "witnesses")])
def test_noun_plurals(noun: str, plural_form: str) -> None:
    assert plural(noun) == plural_form


@pytest.mark.parametrize("entry, third, past, ing", FORMS, ids=[f[0] for f in FORMS])
def test_verb_forms(entry: str, third: str, past: tuple[str, ...], ing: str) -> None:
    forms = verb_forms(entry)
    assert (forms.third_person, forms.past, forms.present_participle) == (third, past, ing)


def test_lexicon_generates_cues_and_keeps_nouns_out() -> None:
    lex = load_lexicon()
    assert {"gushed", "advises", "tweeted", "quipped", "wondered aloud"} <= lex.verbs
    assert {"quipping", "tweeting", "according", "pointing out"} <= lex.participles
    assert {"points out", "pointed out", "went on", "spelt out"} <= lex.verbs
    assert not {"terms", "remarks", "comments"} & lex.verbs  # nouns first


# (case, paragraph, expected speaker or None)
CASES: list[tuple[str, str, str | None]] = [
    ("an expressive verb after the quote", "“We will reopen the quay within a month,” Reyes "
     "gushed.", "Tomas Reyes"),
    ("a verb with its speaker after it", "“Read every clause before you sign anything,” "
     "advises Lena Voss.", "Lena Voss"),
    ("a verb of posting", "“The boats will sail at dawn on Friday,” Voss tweeted.", "Lena Voss"),
    ("a phrasal cue", "“The boats will sail at dawn on Friday,” Orlov wondered aloud.",
     "Pavel Orlov"),
    ("a phrasal verb's inflected form", "“The boats will sail at dawn on Friday,” Orlov "
     "points out.", "Pavel Orlov"),
    ("a quip as a participle", "Orlov closed the meeting early, quipping: “Nobody here wants "
     "another hour of this.”", "Pavel Orlov"),
    ("a relative clause's verb inside dashes is not the cue", "“We are ready to talk,” Voss — "
     "who rarely comments on such matters — said.", "Lena Voss"),
    ("a plural noun is no cue", "“a fair share for every boat” terms Reyes proposed were "
     "rejected.", None),
]


@pytest.mark.parametrize("case, paragraph, expected", CASES, ids=[c[0] for c in CASES])
def test_cue_rules(case: str, paragraph: str, expected: str | None) -> None:
    mentions = [m for m in extract_mentions([paragraph], ACTORS) if m.kind == "direct"]
    assert [m.actor for m in mentions] == ([expected] if expected else [])
