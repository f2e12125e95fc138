"""Titles and roles: title-case subheads, role nouns around the speaker (invented sentences)."""

from __future__ import annotations

import pytest

from monitor.extract import extract_mentions
from monitor.models import Actor

ACTORS = (Actor("Tomas Reyes", ("Reyes",), ()), Actor("Lena Voss", ("Voss",), ()),
          Actor("Dana K. Whitfield"), Actor("Pavel Orlov"))

# (case, paragraphs, expected (actor, first words) in order)
CASES: list[tuple[str, list[str], list[tuple[str, str]]]] = [
    ("a title-case subhead: its capitalised cue counts and its quote is no title",
     ["Voss Praised “Every Single Worker Who Stayed On The Night Shift.”"],
     [("Lena Voss", "Every Single Worker")]),
    ("a title-case headline with the cue in the present",
     ["Reyes Says “The Quota Is Final” After Talks"], [("Tomas Reyes", "The Quota Is Final")]),
    ("in prose, a title-case quote before a noun is a name",
     ["Voss praised the “Night Shift Heroes” campaign at the festival on Sunday."], []),
    ("in prose, a capitalised word at the sentence start is no cue",
     ["Praised by everyone, the “long night shift” ended at dawn."], []),
    ("two titles of one person joined by 'and' after an inverted cue",
     ["“Where crews have an effect is turnout,” said former harbour Gov. and Port Committee "
      "Chairman Tomas Reyes."], [("Tomas Reyes", "Where crews have")]),
    ("a programme's name after a channel's possessive is no one's words",
     ["“The harbour will reopen within a month,” Reyes said on GBC's “Harbour Week.”"],
     [("Tomas Reyes", "The harbour will reopen")]),
    ("the cue before a programme's name still reaches the quote after it",
     ["Voss said on GBC's “Harbour Week” that she would “take a long look at the offer.”"],
     [("Lena Voss", "take a long look")]),
    ("a programme's name after a day's possessive",
     ["Voss spoke on Sunday's “Coast Morning Hour” about the quota."], []),
    ("a role noun between an inverted cue and the name",
     ["“Read every clause before you sign anything,” advises union leader Lena Voss."],
     [("Lena Voss", "Read every clause")]),
    ("the speaker inside a noun phrase: someone's words 'of' an utterance",
     ["Voss’s warning of a “long winter for every crew on the coast” drew applause."],
     [("Lena Voss", "long winter for")]),
    ("a short term after 'of' is no utterance",
     ["The union called Voss’s assertion of a “right of way” over the quay odd."], []),
    ("the sender of a letter is its speaker",
     ["The letter from Voss to Reyes says: “We cannot sign this quota as it stands.”"],
     [("Lena Voss", "We cannot sign")]),
    ("someone's words before a comma are theirs",
     ["Reyes took the floor. In Voss’s words, “Nobody signs anything until the count is in.”"],
     [("Lena Voss", "Nobody signs anything")]),
    ("but not when another cue stands between them and the quote",
     ["Reyes’s office shrugged off Voss’s comments, telling reporters, “Nobody here asked for "
      "her backing.”"], []),
    ("a middle initial in a name after the cue is no sentence end",
     ["“The count must be finished before anyone signs,” said Dana K. Whitfield, the lawyer "
      "for the union."], [("Dana K. Whitfield", "The count must")]),
    ("a middle initial the configured name lacks",
     ["“The count must be finished before anyone signs,” said Pavel N. Orlov, his colleague."],
     [("Pavel Orlov", "The count must")]),
    ("a programme's name after 'on' is nobody's words",
     ["“We will keep the quay open,” Voss said on “Harbour Morning Live.”"],
     [("Lena Voss", "We will keep")]),
    ("a programme's name after 'on the'",
     ["“We will keep the quay open,” Voss said on the “Coast Morning Show.”"],
     [("Lena Voss", "We will keep")]),
    ("a programme's name after 'told'",
     ["Reyes told “The Coast Weekly” that the count would wait."], []),
    ("a title-case phrase after 'with' stays someone's wording",
     ["Voss said Reyes was gambling with the season and with “The Whole Coast.”"],
     [("Lena Voss", "The Whole Coast")]),
    ("an abbreviated title makes the description that follows",
     ["Gov. Tomas Reyes said the harbour would reopen. Voss disagreed.",
      "“We will reopen the east quay within a month,” the governor said."],
     [("Tomas Reyes", "We will reopen")]),
    ("a profession before the name after the cue",
     ["“Sleep is the first thing a night shift takes,” adds psychologist Lena Voss."],
     [("Lena Voss", "Sleep is the first")]),
]


@pytest.mark.parametrize("case, paragraphs, expected", CASES, ids=[c[0] for c in CASES])
def test_title_and_role_rules(case: str, paragraphs: list[str],
                              expected: list[tuple[str, str]]) -> None:
    mentions = [m for m in extract_mentions(paragraphs, ACTORS) if m.kind == "direct"]
    assert len(mentions) == len(expected)
    got = [(m.actor, m.text[:len(words)])
           for m, (_, words) in zip(mentions, expected, strict=True)]
    assert got == expected


# Rule described_then_named: a description whose head noun is a person noun ("head" in "the
# head of the harbor board"), then the name of who it is, as the subject of the cue.
DESCRIBED_THEN_NAMED: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("a description with a prepositional tail, then the name (direct quote)",
     "The head of the harbor board, Tomas Reyes, said: “The quota holds until spring.”",
     [("direct", "Tomas Reyes", "The quota holds")]),
    ("the same before reported speech",
     "The director of the port authority, Lena Voss, said the ferries would run again.",
     [("indirect", "Lena Voss", "the ferries would")]),
    ("two prepositional phrases after the head",
     "The chair of the committee for the north coast, Lena Voss, said the ferries would run.",
     [("indirect", "Lena Voss", "the ferries would")]),
    ("the head noun at the end, as before",
     "His deputy, Tomas Reyes, said that the quota would hold until spring.",
     [("indirect", "Tomas Reyes", "the quota would")]),
    ("a name inside the description is not who is described",
     "The lawyer for Reyes, a harbor pilot from the north, said the quota would hold.", []),
]


@pytest.mark.parametrize("case, text, expected", DESCRIBED_THEN_NAMED,
                         ids=[c[0] for c in DESCRIBED_THEN_NAMED])
def test_described_then_named(case: str, text: str,
                              expected: list[tuple[str, str, str]]) -> None:
    got = [(m.kind, m.actor, m.text) for m in extract_mentions([text], ACTORS)]
    assert [(kind, actor, words[:len(start)]) for (kind, actor, words), (_, _, start)
            in zip(got, expected, strict=False)] == expected
    assert len(got) == len(expected)


SENATOR = (Actor("Lena Voss", ("Voss", "Sen. Lena Voss"), ()), Actor("Tomas Reyes", ("Reyes",), ()))


def test_alias_title_names_the_description() -> None:
    """Rule alias_title: the title in a configured alias is what "the senator" means."""
    mentions = extract_mentions(["Sen. Lena Voss defended the quota on Monday night.",
                                 "“I apologize to nobody for that,” the senator said."],
                                SENATOR, indirect=False)
    assert [m.actor for m in mentions] == ["Lena Voss"]
