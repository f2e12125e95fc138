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
    ("an interviewer's follow-up verb", "“Would you let some crews stay on the water?” Orlov "
     "pressed.", "Pavel Orlov"),
    ("a verb of reacting", "“Nobody in this town was asked about the quota,” reacted Lena Voss.",
     "Lena Voss"),
    ("a verb of questioning", "“What was the turning point for the owners?” Reyes questioned.",
     "Tomas Reyes"),
    ("its plural noun is no cue", "“every crew paid on time” questions Reyes raised were "
     "ignored.", None),
    ("an aside and a manner adverb between the subject and its verb", "Voss, exasperated, "
     "famously responded: “At this point it makes no difference at all.”", "Lena Voss"),
    ("a message noun after the cue and a channel preposition", "Reyes told the Gazette in a "
     "written statement, “I really do not want the owners' endorsement.”", "Tomas Reyes"),
    ("a channel with its owner", "Voss wrote in a long post on her blog, “Every crew stays "
     "on the water until the season ends.”", "Lena Voss"),
    ("a plural noun is no cue", "“a fair share for every boat” terms Reyes proposed were "
     "rejected.", None),
]


@pytest.mark.parametrize("case, paragraph, expected", CASES, ids=[c[0] for c in CASES])
def test_cue_rules(case: str, paragraph: str, expected: str | None) -> None:
    mentions = [m for m in extract_mentions([paragraph], ACTORS) if m.kind == "direct"]
    assert [m.actor for m in mentions] == ([expected] if expected else [])


def said(text: str) -> list[tuple[str, str, str]]:
    return [(m.kind, m.actor, m.text) for m in extract_mentions([text], ACTORS)]


# Rule ing_noun_before_cue: a noun in -ing ("evening", "briefing") before a cue is no gerund
# whose object the cue word would be; a real gerund still is.
ING_NOUN = [
    ("The crews waited. Reyes on Thursday evening said the quota was unfair to them.",
     [("indirect", "Tomas Reyes", "the quota was unfair to them")]),
    ("The crews waited. Voss on Monday morning told the crews the quay would reopen soon.",
     [("indirect", "Lena Voss", "the quay would reopen soon")]),
    ("Rattling off promises, Reyes left the hall before the vote was taken.", []),
    ("Issuing warnings about the quota, Orlov left the hall before anyone could answer.", []),
]


@pytest.mark.parametrize("text, expected", ING_NOUN, ids=[t[:40] for t, _ in ING_NOUN])
def test_ing_noun_before_cue(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert said(text) == expected


# Rule adverbial_before_cue: a short time or occasion phrase between a named speaker and the
# verb is not part of the subject; a pronoun after a time phrase stays the subject.
ADVERBIAL = [
    ("The board met twice. Reyes in a radio interview said he would stay on the board.",
     [("indirect", "Tomas Reyes", "he would stay on the board")]),
    ("The board met twice. Voss last week said the quota was unfair to the crews.",
     [("indirect", "Lena Voss", "the quota was unfair to the crews")]),
    ("The board met twice. Orlov earlier Thursday said the board had met twice.",
     [("indirect", "Pavel Orlov", "the board had met twice")]),
    ("Reyes left early. Moments later he said: “Nobody signs anything before the count.”",
     [("direct", "Tomas Reyes", "Nobody signs anything before the count.")]),
    ("The board met twice. The Maine board in Portland said the quota was unfair.", []),
    # "after" opens a clause with its own subject as often as a time phrase: not an adverbial
    ("It set Voss against Orlov after Reyes said the count was rigged.",
     [("indirect", "Tomas Reyes", "the count was rigged")]),
]


@pytest.mark.parametrize("text, expected", ADVERBIAL, ids=[t[21:60] for t, _ in ADVERBIAL])
def test_adverbial_before_cue(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert said(text) == expected
