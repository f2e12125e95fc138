"""English word forms generated from a base form, so word lists in the data hold bases only.

"gush" → gushes, gushed, gushing; "quip" → quips, quipped, quipping; "advise" → advises,
advised, advising; "reply" → replies, replied, replying. A data entry may give its past forms
after the base ("say said", "write wrote written", "admit admitted"): irregular verbs and a
doubled final consonant of a longer verb, which spelling alone does not show.
"""

from __future__ import annotations

from dataclasses import dataclass

VOWELS = frozenset("aeiou")
# Final letters never doubled ("row" → rowed, "box" → boxed, "play" → played).
NOT_DOUBLED = frozenset("wxy")


@dataclass(frozen=True)
class VerbForms:
    base: str
    third_person: str  # "says"
    past: tuple[str, ...]  # "said"; past participle too when it differs ("written")
    present_participle: str  # "saying"

    @property
    def finite(self) -> frozenset[str]:
        """The forms a verb takes after its subject: says, said, written."""
        return frozenset((self.third_person, *self.past))


def _is_vowel(word: str, i: int) -> bool:
    ch = word[i]
    if ch == "u" and i > 0 and word[i - 1] == "q":
        return False  # "quip": the u belongs to the q
    return ch in VOWELS


def _doubles(word: str) -> bool:
    """One syllable ending consonant-vowel-consonant doubles its consonant: quip, chat, jab."""
    if len(word) < 3 or word[-1] in NOT_DOUBLED or word[-1] in VOWELS:
        return False
    if not _is_vowel(word, len(word) - 2) or _is_vowel(word, len(word) - 3):
        return False
    return sum(1 for i in range(len(word) - 2) if _is_vowel(word, i)) == 0


def third_person(base: str) -> str:
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        return base + "es"
    if base.endswith("y") and len(base) > 1 and base[-2] not in VOWELS:
        return base[:-1] + "ies"
    return base + "s"


def regular_past(base: str) -> str:
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and len(base) > 1 and base[-2] not in VOWELS:
        return base[:-1] + "ied"
    if _doubles(base):
        return base + base[-1] + "ed"
    return base + "ed"


def present_participle(base: str, doubled: bool) -> str:
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")) and len(base) > 2:
        return base[:-1] + "ing"
    if doubled:
        return base + base[-1] + "ing"
    return base + "ing"


def verb_forms(entry: str) -> VerbForms:
    """The forms of one data entry: "gush", or a base with its past forms ("say said")."""
    base, *given = entry.lower().split()
    past = tuple(given) or (regular_past(base),)
    doubled = past[0] == base + base[-1:] + "ed" or _doubles(base)
    return VerbForms(base, third_person(base), past, present_participle(base, doubled))


def plural(noun: str) -> str:
    """"critic" → critics, "spokesman" → spokesmen, "ally" → allies, "witness" → witnesses."""
    if noun.endswith("man"):
        return noun[:-3] + "men"
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in VOWELS:
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    return noun + "s"
