"""Finding tracked actors in text: names, aliases, surnames and role titles, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import product

from monitor.extract.lexicon import load_lexicon
from monitor.extract.patterns import phrase_pattern
from monitor.models import Actor, Role

APOSTROPHES = "'’"
MEMO_SIZE = 4096
# The capitalised word right before a name, separated by spaces only.
SPACES = re.compile(r"\s+")
PREVIOUS_NAME = re.compile(r"(?<![\w.’'-])([A-Z][\w’'-]*)[ \t]+$")


@dataclass(frozen=True)
class ActorRef:
    """One reference to a tracked actor in a piece of text."""

    actor: Actor
    start: int
    end: int
    by_role: bool
    possessive: bool  # "Putin's" (the owner, not the subject)


@dataclass(frozen=True)
class ActorIndex:
    names: re.Pattern[str] | None  # case-sensitive: "Trump" is a name, "trump" a verb
    roles: re.Pattern[str] | None  # case-insensitive: "the Kremlin spokesman"
    by_name: dict[str, tuple[Actor, ...]]
    by_role: dict[str, tuple[tuple[Actor, Role], ...]]
    role_heads: dict[Actor, frozenset[str]]  # "president", "spokesman": for "the president"
    # surnames several actors share and no one claims: key → the actors and their full forms
    shared_surnames: dict[str, tuple[tuple[Actor, tuple[str, ...]], ...]] = field(
        default_factory=dict, compare=False)
    # every actor a surname belongs to, with the gender their given name shows ("he"/"she"):
    # for a courtesy title before the surname ("Mr. Whitfield")
    surname_genders: dict[str, tuple[tuple[Actor, str | None], ...]] = field(
        default_factory=dict, compare=False)
    # find_actor_refs answers by (text, day): the same sentence is looked at several times
    memo: dict[tuple[str, date | None], list[ActorRef]] = field(
        default_factory=dict, compare=False, repr=False)


def key_of(text: str) -> str:
    text = SPACES.sub(" ", text.replace("’", "'").strip().lower())
    return text[4:] if text.startswith("the ") else text


def _pattern(surfaces: set[str], flags: int) -> re.Pattern[str] | None:
    if not surfaces:
        return None
    # A leading \b (implied by the look-behind when every surface opens on a word character)
    # lets the regex engine skip positions inside words quickly: same matches, faster.
    fast = r"\b" if all(re.match(r"\w", s) for s in surfaces) else ""
    return re.compile(fast + r"(?<![\w.])" + phrase_pattern(surfaces) + r"(?![\w])", flags)


@lru_cache(maxsize=32)
def compile_actors(actors: tuple[Actor, ...]) -> ActorIndex:
    """Patterns for one actors tuple; cached because extraction runs once per article."""
    by_name: dict[str, list[Actor]] = {}
    by_role: dict[str, list[tuple[Actor, Role]]] = {}
    role_heads: dict[Actor, frozenset[str]] = {}
    role_surfaces: set[str] = set()
    explicit = {key_of(v) for a in actors for s in (a.name, *a.aliases)
                for v in (s, *spelling_variants(s))}
    automatic: dict[str, list[Actor]] = {}  # surnames no one configured: used when unclaimed
    for actor in actors:
        roles = [Role(title, r.since, r.until) for r in actor.roles
                 for title in (r.title, *sorted(role_variants(r.title)))]
        surfaces = {actor.name, *actor.aliases}
        surfaces |= {v for surface in surfaces for v in spelling_variants(surface)}
        for surface in surfaces:
            by_name.setdefault(key_of(surface), [])
            if actor not in by_name[key_of(surface)]:
                by_name[key_of(surface)].append(actor)
        parts = actor.name.split()
        if len(parts) > 1 and parts[-1][:1].isupper() and len(parts[-1]) > 2:
            for surname in {parts[-1], *spelling_variants(parts[-1])}:
                automatic.setdefault(key_of(surname), []).append(actor)
        heads = set()
        for role in roles:
            by_role.setdefault(key_of(role.title), []).append((actor, role))
            heads.add(key_of(role.title).split()[-1])
        role_heads[actor] = frozenset(heads)
        role_surfaces.update(key_of(role.title) for role in roles)
    shared: dict[str, tuple[tuple[Actor, tuple[str, ...]], ...]] = {}
    for key, owners in automatic.items():
        # The surname alone: an actor whose aliases list it ("Whitfield" for Dana Whitfield)
        # owns it; another actor's automatic surname does not make it ambiguous.
        if key not in explicit:
            by_name[key] = list(dict.fromkeys(owners))
            if len(by_name[key]) > 1:
                shared[key] = tuple((a, tuple(f for f in (a.name, *a.aliases) if " " in f))
                                    for a in by_name[key])
    name_surfaces = {s for a in actors for s in (a.name, *a.aliases)} | {
        a.name.split()[-1] for a in actors if len(a.name.split()) > 1
    }
    name_surfaces |= {v for surface in name_surfaces for v in spelling_variants(surface)}
    return ActorIndex(
        names=_pattern({s for s in name_surfaces if s.strip()}, 0),
        roles=_pattern({s for s in role_surfaces if s}, re.IGNORECASE),
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_role={k: tuple(v) for k, v in by_role.items()},
        role_heads=role_heads,
        shared_surnames=shared,
        surname_genders={k: tuple((a, _given_name_gender(a)) for a in dict.fromkeys(owners))
                         for k, owners in automatic.items()},
    )


def _given_name_gender(actor: Actor) -> str | None:
    """"he"/"she" when the actor's first name is a given name used for one gender only."""
    lexicon = load_lexicon()
    first = actor.name.split()[0].lower()
    return "she" if first in lexicon.she_names else "he" if first in lexicon.he_names else None


@lru_cache(maxsize=1)
def _courtesy_title() -> re.Pattern[str]:
    """A courtesy title ("Mr.", "Ms") right before a name, capitalised as in running text."""
    titles = sorted(load_lexicon().courtesy_titles, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(t.capitalize()) for t in titles)
                      + r")\.?\s$")


def courtesy_title_holder(index: ActorIndex, text: str, start: int, key: str,
                          actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
    """Rule courtesy_title_gender: a surname right after "Mr."/"Mrs."/"Ms." is the tracked
    holder of that surname of that gender ("Mr. Whitfield" is Owen when Dana owns the bare
    surname), and nobody tracked when every holder whose gender is known is of the other one
    (an untracked husband or wife). Unknown genders change nothing."""
    holders = index.surname_genders.get(key)
    title = _courtesy_title().search(text, max(0, start - 6), start) if holders else None
    if title is None:
        return actors
    wanted = load_lexicon().courtesy_titles[title.group(1).lower()]
    same = [a for a, gender in holders if gender == wanted]
    if len(same) == 1:
        return (same[0],)
    if not same and all(gender is not None for _, gender in holders):
        return ()
    return actors


def for_article(index: ActorIndex, text: str) -> ActorIndex:
    """The index for one article: a surname two tracked people share ("Murphy") is the one
    whose full name the article uses, when it names only one of them in full (apostrophes
    either way: "Brett O’Donnell" is "Brett O'Donnell")."""
    claimed: dict[str, tuple[Actor, ...]] = {}
    if index.shared_surnames:
        text = text.replace("’", "'")
    for key, holders in index.shared_surnames.items():
        named = [actor for actor, forms in holders
                 if any(f.replace("’", "'") in text for f in forms)]
        if len(named) == 1:
            claimed[key] = (named[0],)
    if not claimed:
        return index
    return replace(index, by_name={**index.by_name, **claimed}, memo={})


# Endings that English-language outlets transliterate from Cyrillic in several ways:
# Zelensky/Zelenskyy/Zelenskiy/Zelenski, Dmitry/Dmitri/Dmitriy, Sergey/Sergei.
_SKY_ENDINGS = ("skyy", "skiy", "skii", "sky", "ski")
_Y_ENDINGS = ("iy", "ii", "y", "i")


def spelling_variants(surface: str) -> set[str]:
    """Other transliterations of a Slavic name's ending, word by word ("Vladimir Medinsky" →
    "Vladimir Medinski", …), for names of five letters or more."""
    options: list[list[str]] = []
    for word in surface.split():
        forms = {word}
        low = word.lower()
        if len(word) >= 5 and word[:1].isupper():
            for ending in _SKY_ENDINGS:
                if low.endswith(ending):
                    forms |= {word[: -len(ending)] + other for other in _SKY_ENDINGS}
                    break
            else:
                if low.endswith(("ey", "ei")):
                    forms |= {word[:-2] + "ey", word[:-2] + "ei"}
                elif low.endswith(_Y_ENDINGS) and not low.endswith(("ay", "oy", "uy", "ai",
                                                                    "oi", "ui")):
                    stem = word[:-2] if low.endswith(("iy", "ii")) else word[:-1]
                    forms |= {stem + other for other in _Y_ENDINGS}
        options.append(sorted(forms))
    variants = {" ".join(combo) for combo in product(*options)}
    variants.discard(surface)
    return variants


# Role words that outlets write in more than one way: "Putin's spokesperson" is his spokesman.
_ROLE_SYNONYMS = (("spokesman", "spokesperson"), ("chairman", "chairperson"), ("U.S.", "US"))


def role_variants(title: str) -> set[str]:
    """The same role title in the other usual wordings ("Kremlin spokesman" → "Kremlin
    spokesperson", "U.S. special envoy" → "US special envoy")."""
    variants = {title}
    for one, other in _ROLE_SYNONYMS:
        for form in list(variants):
            for a, b in ((one, other), (other, one)):
                if re.search(rf"(?<![\w.]){re.escape(a)}(?![\w])", form):
                    variants.add(re.sub(rf"(?<![\w.]){re.escape(a)}(?![\w])", b, form))
    variants.discard(title)
    return variants


def _is_possessive(text: str, end: int) -> bool:
    if text[end : end + 2] in ("'s", "’s"):
        return end + 2 >= len(text) or not text[end + 2].isalnum()
    # "Lavrov's" above; "Witkoffs'" style plural possessives are not names.
    return end < len(text) and text[end] in APOSTROPHES and text[end - 1] in "sS" and (
        end + 1 >= len(text) or not text[end + 1].isalnum())


@lru_cache(maxsize=256)
def _name_words(actor: Actor) -> frozenset[str]:
    """The words of an actor's own names: "Tayyip" in "Tayyip Erdogan" is no one else's."""
    return frozenset(w for form in (actor.name, *actor.aliases) for w in form.split())


def _other_first_name(text: str, start: int, end: int, role_ends: set[int],
                      own_words: frozenset[str] = frozenset()) -> bool:
    """A one-word name right after someone else's first name ("Eric Trump", "Melania Trump"):
    a relative or namesake, not the tracked person. Titles, role titles ("Secretary of State
    Rubio"), owners ("Ukraine's Zelensky"), sentence adverbs and other words that are not
    first names do not count."""
    if start < 2 or text[start - 1] not in " \t" or not text[start - 2].isalpha():
        return False  # cheap test first: no word right before the name
    if " " in text[start:end].strip():
        return False  # a full name or a multi-word alias
    before = PREVIOUS_NAME.search(text, max(0, start - 40), start)
    if before is None or before.end(1) in role_ends:
        return False
    word = before.group(1)
    if word in own_words:
        return False  # "Tayyip Erdogan" for "Recep Tayyip Erdogan": a shorter form of the name
    if word[-2:] in ("'s", "’s") or word.isupper():
        return False  # "Ukraine's Zelensky", "NATO Rutte"
    return word.lower() not in load_lexicon().not_first_names


def _word_not_name(text: str, start: int, end: int) -> bool:
    """Rule common_word_name: a one-word name that is also a preposition or function word
    ("From" for Al From, "May") opening a sentence before a name or a determiner ("From Ines
    Marlow, writing in the Gazette: …", "From the harbour, …") is the word, not the person."""
    if not text[start:start + 1].isupper() or " " in text[start:end]:
        return False
    lex = load_lexicon()
    if text[start:end].lower() not in lex.function_words:
        return False
    before = text[max(0, start - 3):start].rstrip(" “\"«\t")
    if before and before[-1] not in ".!?:\n":
        return False  # mid-sentence: "…,” From said."
    following = re.match(r"\s+([\w’'-]+)", text[end:end + 40])
    return following is not None and (following.group(1)[:1].isupper()
                                      or following.group(1).lower() in lex.determiners)


def find_actor_refs(index: ActorIndex, text: str, day: date | None) -> list[ActorRef]:
    """Every unambiguous reference in `text`, longest first where they overlap, in order."""
    known = index.memo.get((text, day))
    if known is not None:
        return list(known)
    if len(index.memo) > MEMO_SIZE:
        index.memo.clear()
    refs = _find_actor_refs(index, text, day)
    index.memo[(text, day)] = refs
    return list(refs)


def _find_actor_refs(index: ActorIndex, text: str, day: date | None) -> list[ActorRef]:
    found: list[ActorRef] = []
    role_ends: set[int] = set()
    if index.roles is not None:
        for m in index.roles.finditer(text):
            role_ends.add(m.end())
            holders = {a for a, role in index.by_role.get(key_of(m.group()), ())
                       if role.held_on(day)}
            if len(holders) == 1:
                found.append(ActorRef(holders.pop(), m.start(), m.end(), True,
                                      _is_possessive(text, m.end())))
    if index.names is not None:
        for m in index.names.finditer(text):
            key = key_of(m.group())
            actors = courtesy_title_holder(index, text, m.start(), key,
                                           index.by_name.get(key, ()))
            if len(actors) == 1 and not _other_first_name(text, m.start(), m.end(), role_ends,
                                                          _name_words(actors[0])) and \
                    not _word_not_name(text, m.start(), m.end()):
                found.append(ActorRef(actors[0], m.start(), m.end(), False,
                                      _is_possessive(text, m.end())))
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[ActorRef] = []
    for ref in found:
        if kept and ref.start < kept[-1].end:
            continue  # inside a longer reference ("Russian President Vladimir Putin")
        kept.append(ref)
    return kept
