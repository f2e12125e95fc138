"""Transcript rules: quoted transcript excerpts, paragraph by paragraph, each line opening with
its speaker's label (invented sentences). Straight marks, as many outlets serve them: every
paragraph opens a mark, only the last one closes it."""

from __future__ import annotations

import pytest

from monitor.extract import extract_mentions
from monitor.models import Actor

ACTORS = (Actor("Tomas Reyes", ("Reyes",), ()), Actor("Lena Voss", ("Voss",), ()),
          Actor("Pavel Orlov", ("Orlov",), ()))

# (case, paragraphs, expected (actor, first words) in order)
CASES: list[tuple[str, list[str], list[tuple[str, str]]]] = [
    ("a tracked label's line is theirs, an untracked host's no one's",
     ["Tomas Reyes spoke to the harbour radio on Sunday about the quota.",
      '"HOST: Will the quota hold through the winter, and what will the crews do?',
      '"REYES: We need more data before anyone signs anything.',
      '"HOST: And the night shift at the east quay?',
      '"REYES: Every crew stays on the water until the season ends."'],
     [("Tomas Reyes", "REYES: We need more data"), ("Tomas Reyes", "REYES: Every crew")]),
    ("the host's lines do not go to the person the sentence before named",
     ["Lena Voss was interviewed on the morning show about the wage offer.",
      '"HOST: Is the offer an insult to every worker who stayed on?',
      '"VOSS: It is, and the owners know it very well.',
      '"HOST: Governor Reyes says it is fair. Do you agree with him at all?"'],
     [("Lena Voss", "VOSS: It is, and the owners")]),
    ("a line without a label goes on with the last labelled speaker",
     ["Pavel Orlov appeared on the evening programme.",
      '"HOST: Will the strike end this week?',
      '"ORLOV: The blockade ends when the owners sign the agreement.',
      '"And every worker who stayed on the night shift deserves that much."'],
     [("Pavel Orlov", "ORLOV: The blockade ends"), ("Pavel Orlov", "And every worker")]),
    ("an untracked guest's unlabelled lines stay theirs",
     ["Reyes has pushed for a longer season.",
      '"ANCHOR: Mr. Kettering, is the season too long?',
      '"KETTERING: It is far too long for the small boats in the bay.',
      '"Nobody in the bay can keep a crew for that many months."'],
     []),
    ("curly marks, a courtesy title in the label",
     ["Reyes took questions from the port committee on Tuesday.",
      "“CHAIR: Will you back the quota in the vote on Friday?",
      "“Mr. Reyes: Not before we have seen the full catch numbers.”"],
     [("Tomas Reyes", "Mr. Reyes: Not before")]),
]


@pytest.mark.parametrize("case, paragraphs, expected", CASES, ids=[c[0] for c in CASES])
def test_transcript_rules(case: str, paragraphs: list[str],
                          expected: list[tuple[str, str]]) -> None:
    mentions = [m for m in extract_mentions(paragraphs, ACTORS, indirect=False)
                if m.kind == "direct"]
    assert len(mentions) == len(expected)
    assert [(m.actor, m.text[:len(words)])
            for m, (_, words) in zip(mentions, expected, strict=True)] == expected
