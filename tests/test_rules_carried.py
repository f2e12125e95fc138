"""Carried speakers: a quote that opens its sentence goes on with the last sentence's speaker
(invented sentences)."""

from __future__ import annotations

import pytest

from monitor.extract import extract_mentions
from monitor.models import Actor

ACTORS = (Actor("Tomas Reyes", ("Reyes",), ()), Actor("Lena Voss", ("Voss",), ()),
          Actor("Raffa Pantoli"), Actor("Pavel Orlov", ("Orlov",), ()))

# (case, paragraphs, expected (actor, first words) in order)
CASES: list[tuple[str, list[str], list[tuple[str, str]]]] = [
    ("a second quote after the cue sentence",
     ["“Like the east quay. Or the old pier,” Reyes said. “The catch numbers are worse.”"],
     [("Tomas Reyes", "Like the east quay."), ("Tomas Reyes", "The catch numbers")]),
    ("no-break spaces around the quotes read as spaces",
     ["“Like the east quay. Or the old pier,”\u00a0Reyes said.\u00a0“The catch numbers are "
      "worse.”"],
     [("Tomas Reyes", "Like the east quay."), ("Tomas Reyes", "The catch numbers")]),
    ("a pronoun cue, then the next quote",
     ["Voss spoke on Monday.",
      "“There is so much more to be done,” she said. “We are not a one-fish town.”"],
     [("Lena Voss", "There is so much"), ("Lena Voss", "We are not a one-fish")]),
    ("a group is not what 'he' means",
     ["Reyes wants a higher quota. Critics warned that owners might sell fewer boats.",
      "“It is not a radical idea to say that a crew should be paid,” he said."],
     [("Tomas Reyes", "It is not a radical")]),
    ("a gerund's object is no cue: the subject after the opening clause is",
     ["Rattling off promises to lower fees and mend the nets, Voss promised a good season.",
      "“There is so much more to be done,” she said."],
     [("Lena Voss", "There is so much")]),
    ("an adverbial before the subject and an aside after it",
     ["For now, Pantoli, at the Royal Harbour Institute, said the ports had a truce. “I used "
      "to believe the quay would become a bone of contention,” he said."],
     [("Raffa Pantoli", "I used to believe")]),
    ("a pronoun after a subject with a relative clause and an adverbial in it",
     ["Reyes, who since the spring has argued for a longer season, neither backed the quota "
      "nor rejected it. “We need more data before anyone signs anything,” he said."],
     [("Tomas Reyes", "We need more data")]),
    ("a named subject before a characterising verb is the sentence's subject",
     ["Reyes neither backed the quota nor rejected it.",
      "“We need more data before anyone signs anything,” he said."],
     [("Tomas Reyes", "We need more data")]),
    ("an institution's cue leaves the person it names as no subject",
     ["Reyes met the owners.",
      "The ministry said Voss would attend the count.",
      "“We need more data before anyone signs anything,” she said."],
     []),
    ("a sentence naming only the one 'he' means keeps him",
     ["Reyes spoke on Monday. It does not sound like Reyes knows what he will do next.",
      "“I have not thought about the next season yet,” he said."],
     [("Tomas Reyes", "I have not thought")]),
    ("a sentence naming someone else leaves 'she' unclear",
     ["Voss spoke on Monday. It does not sound like Reyes knows what the owners will do.",
      "“I have not thought about the next season yet,” she said."],
     []),
    ("no subject lately: the one person of the pronoun's gender the last sentence named",
     ["Voss spoke on Monday. Reyes spoke on Tuesday.",
      "Some fear the quota could lead to more upheaval than Voss, the former harbour chief.",
      "“Some people feel the count will change everything at once,” she said."],
     [("Lena Voss", "Some people feel")]),
    ("a plural role noun is no one's name",
     ["Reyes wants a higher quota. Two strategists doubted the plan would pass.",
      "“It is not a radical idea to say that a crew should be paid,” he said."],
     [("Tomas Reyes", "It is not a radical")]),
    ("a pronoun before any other name keeps the salient person",
     ["Pavel Orlov has backed the quota since May.",
      "But Orlov’s apology overshadowed an attack he leveled at Reyes and the harbour board "
      "over the strike.",
      "“It bothers me that this became a row about press releases,” he said."],
     [("Pavel Orlov", "It bothers me")]),
    ("her pronoun first, then another person named as an object",
     ["Lena Voss backed the plan on Monday.",
      "It isn't as if she hasn't backed a candidate before - she was a booster of Tomas "
      "Reyes in 2012.",
      "“I was at every meeting on the quay,” she said."],
     [("Lena Voss", "I was at every")]),
    ("a lead-in ending in a colon introduces the speaker's own question",
     ["Reyes turned to the owners.", "Reyes continued:",
      "“You look at the offer: is it fair to the crews? Is it fair to the town?”"],
     [("Tomas Reyes", "You look at the offer")]),
    ("a bare question after a sentence about someone is still nobody's",
     ["Reyes turned to the owners on Monday.",
      "“You look at the offer: is it fair to the crews? Is it fair to the town?”"], []),
    ("a reporting clause closing the sentence names who a next 'he' is",
     ["Orlov has campaigned in the port towns all spring.",
      "Orlov electrified the small crowds with promises to shake up the harbour if elected, "
      "Stovall said.",
      "“He was very articulate, smart, well-spoken,” he said."], []),
    ("a tracked reporter at the sentence end",
     ["Orlov has campaigned in the port towns all spring.",
      "Orlov won over the crews with his speeches on the quay, Lena Voss said on Monday.",
      "“He was very articulate, smart, well-spoken,” she said."],
     [("Lena Voss", "He was very articulate")]),
    ("a capitalised word the article also writes in lower case is no one's name",
     ["Pavel Orlov sings at the harbour festival, where the audiences are loud.",
      "Audiences can expect him to approach the evening with “a little more recklessness "
      "than they are used to.”",
      "“It is straight from the heart,” he said."],
     [("Pavel Orlov", "It is straight")]),
]


@pytest.mark.parametrize("case, paragraphs, expected", CASES, ids=[c[0] for c in CASES])
def test_carried_speakers(case: str, paragraphs: list[str],
                          expected: list[tuple[str, str]]) -> None:
    mentions = [m for m in extract_mentions(paragraphs, ACTORS) if m.kind == "direct"]
    assert len(mentions) == len(expected)
    got = [(m.actor, m.text[:len(words)])
           for m, (_, words) in zip(mentions, expected, strict=True)]
    assert got == expected


# (case, paragraph, expected speaker or None): a quoted fragment with no cue in its sentence
WORDING: list[tuple[str, str, str | None]] = [
    ("a fragment after a verb is the subject's wording",
     "Voss likened the offer to “an insult to every crew” on Monday.", "Lena Voss"),
    ("a fragment after an infinitive", "Reyes wants to “keep every boat at sea all winter.”",
     "Tomas Reyes"),
    ("a quoted name after a determiner is a label",
     "Voss studied the “thirty day quota plan”, saying it ignored the crews.", None),
    ("a so-called term is nobody's", "Voss rejected the so-called “fair share for all” plan.",
     None),
    ("a quoted name before a noun is a label",
     "Reyes backed the “boats for all” plan at the meeting.", None),
    ("a fragment in a sentence about someone untracked",
     "Marta Lind likened the offer to “an insult to every crew” on Monday.", None),
]


@pytest.mark.parametrize("case, paragraph, expected", WORDING, ids=[w[0] for w in WORDING])
def test_subject_wording(case: str, paragraph: str, expected: str | None) -> None:
    mentions = [m for m in extract_mentions([paragraph], ACTORS) if m.kind == "direct"]
    assert [m.actor for m in mentions] == ([expected] if expected else [])
    assert all(m.rule == "subject_wording" for m in mentions)


def test_given_name_tells_the_pronoun() -> None:
    """A common given name tells whom "she" cannot mean (he_names / she_names)."""
    mentions = extract_mentions(["Lena Voss spoke first at the harbour meeting.",
                                 "Tomas Reyes criticised the quota plan.",
                                 "“We need more data before anyone signs anything,” she said."],
                                ACTORS, indirect=False)
    assert [m.actor for m in mentions] == ["Lena Voss"]
