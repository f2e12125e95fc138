"""Name rules: which tracked actor a name in the text refers to (invented sentences)."""

from __future__ import annotations

import pytest

from monitor.extract import extract_mentions
from monitor.models import Actor

DANA = Actor("Dana Whitfield", ("Whitfield",), ())
OWEN = Actor("Owen Whitfield", (), ())
REYES = Actor("Tomas Reyes", (), ())
VOSS = Actor("Lena Voss", (), ())

ADA = Actor("Ada Whitfield")
NIALL = Actor("Niall O'Rourke")  # configured with a straight apostrophe
AIDAN = Actor("Aidan O'Rourke")
FROM = Actor("Ezra From", ("From",), ())  # a surname that is also a preposition
HANNAH = Actor("Hannah Reyes", ("Reyes",), ())  # owns the bare surname; her husband untracked
ROBIN = Actor("Robin Whitfield")  # a given name that shows no gender

# (case, actors, paragraphs, expected speaker or None)
CASES: list[tuple[str, tuple[Actor, ...], str | list[str], str | None]] = [
    ("an explicit alias beats another actor's automatic surname", (DANA, OWEN),
     "“We will reopen the east quay within a month,” Whitfield said.", "Dana Whitfield"),
    ("the other actor's full name still names him", (DANA, OWEN),
     "“We will reopen the east quay within a month,” Owen Whitfield said.", "Owen Whitfield"),
    ("a surname two actors share and nobody claims is no one's", (OWEN, ADA),
     "“We will reopen the east quay within a month,” Whitfield said.", None),
    ("a shared surname is the one the article names in full", (OWEN, ADA),
     ["Owen Whitfield toured the harbour on Monday.",
      "“We will reopen the east quay within a month,” Whitfield said."], "Owen Whitfield"),
    ("both named in full: the surname stays ambiguous", (OWEN, ADA),
     ["Owen Whitfield and Ada Whitfield toured the harbour on Monday.",
      "“We will reopen the east quay within a month,” Whitfield said."], None),
    ("the automatic surname of an unshared name", (REYES, VOSS),
     "“We need more data before anyone signs anything,” Reyes said.", "Tomas Reyes"),
    ("a shared surname with a curly apostrophe is the one named in full", (NIALL, AIDAN),
     ["Niall O’Rourke toured the harbour on Monday.",
      "“We will reopen the east quay within a month,” O’Rourke said."], "Niall O'Rourke"),
    ("a preposition opening a sentence before a name is not the surname", (FROM, VOSS),
     ["From Ines Marlow, writing in the Harbour Gazette:",
      "“The quay will not reopen this winter, whatever the board says.”"], None),
    ("nor before a determiner", (FROM, VOSS),
     ["From the east quay the view was grim.",
      "“The quay will not reopen this winter, whatever the board says.”"], None),
    ("and as a sentence's subject", (FROM, VOSS),
     ["From said the board had waited too long.",
      "“We will reopen the east quay within a month.”"], "Ezra From"),
    # courtesy_title_gender
    ("'Mr.' before a shared surname is the man who holds it", (DANA, OWEN),
     "“We will reopen the east quay within a month,” Mr. Whitfield said.", "Owen Whitfield"),
    ("'Mrs.' before it is the woman, alias or not", (DANA, OWEN),
     "“We will reopen the east quay within a month,” Mrs. Whitfield said.", "Dana Whitfield"),
    ("'Ms' without a stop, British style", (OWEN, ADA),
     "“We will reopen the east quay within a month,” Ms Whitfield said.", "Ada Whitfield"),
    ("'Mr.' before a woman's surname is someone untracked", (HANNAH, VOSS),
     "“We will reopen the east quay within a month,” Mr. Reyes said.", None),
    ("'Ms.' before it is her", (HANNAH, VOSS),
     "“We will reopen the east quay within a month,” Ms. Reyes said.", "Hannah Reyes"),
    ("a holder whose gender is unknown: the title changes nothing", (ROBIN, VOSS),
     "“We will reopen the east quay within a month,” Mr. Whitfield said.", "Robin Whitfield"),
    ("no title: the surname as before", (HANNAH, VOSS),
     "“We will reopen the east quay within a month,” Reyes said.", "Hannah Reyes"),
]


@pytest.mark.parametrize("case, actors, paragraph, expected", CASES, ids=[c[0] for c in CASES])
def test_name_rules(case: str, actors: tuple[Actor, ...], paragraph: str | list[str],
                    expected: str | None) -> None:
    paragraphs = [paragraph] if isinstance(paragraph, str) else paragraph
    mentions = [m for m in extract_mentions(paragraphs, actors) if m.kind == "direct"]
    assert [m.actor for m in mentions] == ([expected] if expected else [])
