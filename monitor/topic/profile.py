"""Topic profiles: a topic's knowledge as data (monitor/data/topics/NAME.yaml), read into typed
settings. The engine holds no number and no word list of its own; a profile without a section
(`wording`, `parties`, `sides`, `elsewhere`) leaves the rules that need it inert."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

import yaml

DEFAULT_PROFILE = "ceasefire"  # the profile of a `topic:` that names none (the contract's shape)


class ProfileError(ValueError):
    """A profile is unknown or its data file is malformed; the message names it and the fix."""


@dataclass(frozen=True)
class Weights:
    """Where a term occurs counts: headline, lead, second paragraph, the rest."""

    title: float
    lead: float
    second: float
    body: float


@dataclass(frozen=True)
class SubjectRule:
    min: float  # weighted require hits needed: more than a passing mention
    hits_per_sentence: int  # a list of names in one sentence is not "spread"
    person_factor: float  # a subject person's mention, against a require term's


@dataclass(frozen=True)
class BriefRule:
    paragraphs: int  # at most this many paragraphs is a brief ...
    subject_min: float  # ... whose subject may weigh this little ...
    subject_sentences_min: int  # ... named in this many sentences ...
    include_sentences_min: int  # ... with include terms in the headline and this many sentences


@dataclass(frozen=True)
class IncludeRule:
    paragraph_factor: float
    adjacent_factor: float
    loose_factor: float
    negotiation_min: float
    named_min: float


@dataclass(frozen=True)
class WordingRule:
    """Related vocabulary of the topic, by family (one regex alternative a line)."""

    triggers: tuple[str, ...]
    sentence_factor: float
    paragraph_factor: float
    loose_factor: float
    only_min: float
    families_min: int
    ending_family: str  # talk of ending the war: counts loose, and is needed alone
    ending_only_min: float
    ending_sentences_min: int
    families: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class PartiesRule:
    pair_weight: float
    wording_min: float
    families: tuple[str, ...]
    followers: tuple[str, ...]


@dataclass(frozen=True)
class SidesRule:
    side_min: float
    people_min: float
    leading_side_min: float
    other_side_once: float
    between_sides_min: float
    politics: tuple[str, ...]


@dataclass(frozen=True)
class ElsewhereRule:
    ratio: float
    bystander_min: float
    bystander_factor: float
    theatres: tuple[str, ...]
    between: tuple[str, ...]
    signing: tuple[str, ...]
    tie_prepositions: tuple[str, ...]
    place_prepositions: tuple[str, ...]
    directions: tuple[str, ...]
    held: tuple[str, ...]
    regions: tuple[str, ...]
    not_places: tuple[str, ...]


@dataclass(frozen=True)
class ProfileTerms:
    include: tuple[str, ...]
    require: tuple[str, ...]
    exclude: tuple[str, ...]


@dataclass(frozen=True)
class TopicProfile:
    name: str
    description: str
    terms: ProfileTerms
    weights: Weights
    subject: SubjectRule
    brief: BriefRule
    include: IncludeRule
    wording: WordingRule | None = None
    parties: PartiesRule | None = None
    sides: SidesRule | None = None
    elsewhere: ElsewhereRule | None = None


_Section = TypeVar("_Section")
_SECTIONS: dict[str, type] = {
    "terms": ProfileTerms,
    "weights": Weights,
    "subject": SubjectRule,
    "brief": BriefRule,
    "include": IncludeRule,
    "wording": WordingRule,
    "parties": PartiesRule,
    "sides": SidesRule,
    "elsewhere": ElsewhereRule,
}
_OPTIONAL = {"wording", "parties", "sides", "elsewhere"}


def available_profiles() -> tuple[str, ...]:
    """The names of the profiles monitor ships, sorted."""
    folder = resources.files("monitor") / "data" / "topics"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


@lru_cache(maxsize=16)
def load_profile(name: str = DEFAULT_PROFILE) -> TopicProfile:
    """The named profile; ProfileError, listing the available ones, when there is none."""
    known = available_profiles()
    if name not in known:
        raise ProfileError(
            f"unknown topic profile {name!r}; available profiles: {', '.join(known)}"
        )
    source = resources.files("monitor") / "data" / "topics" / f"{name}.yaml"
    # libyaml's loader where installed (a tenth of the pure-Python one's time, same data).
    data = yaml.load(source.read_text(encoding="utf-8"),
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    where = f"monitor/data/topics/{name}.yaml"
    if not isinstance(data, dict):
        raise ProfileError(f"{where}: expected a mapping of sections")
    sections: dict[str, Any] = {}
    for key, kind in _SECTIONS.items():
        if key not in data:
            if key in _OPTIONAL:
                continue
            raise ProfileError(f"{where}: section {key!r} is missing")
        sections[key] = _section(kind, data[key], f"{where}: {key}")
    return TopicProfile(
        name=str(data.get("name", name)), description=str(data.get("description", "")),
        **sections,
    )


def _section(kind: type[_Section], value: object, where: str) -> _Section:
    """Read one section into its dataclass, checking every field's type."""
    if not isinstance(value, dict):
        raise ProfileError(f"{where}: expected a mapping")
    unknown = set(value) - {f.name for f in fields(kind)}  # type: ignore[arg-type]
    if unknown:
        raise ProfileError(f"{where}: unknown keys {', '.join(sorted(map(str, unknown)))}")
    values: dict[str, Any] = {}
    for f in fields(kind):  # type: ignore[arg-type]
        if f.name not in value:
            raise ProfileError(f"{where}.{f.name}: missing")
        values[f.name] = _typed(str(f.type), value[f.name], f"{where}.{f.name}")
    return kind(**values)


def _typed(annotation: str, value: object, where: str) -> object:
    if annotation == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if annotation == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if annotation == "str" and isinstance(value, str):
        return value
    if annotation == "tuple[str, ...]" and isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return tuple(value)
        raise ProfileError(f"{where}: every item must be quoted text (YAML reads on/no/yes "
                           "as booleans: write 'on')")
    if annotation.startswith("tuple[tuple[str,") and isinstance(value, dict):
        return tuple(
            (str(name), _typed("tuple[str, ...]", items, f"{where}.{name}"))
            for name, items in value.items()
        )
    raise ProfileError(f"{where}: expected {annotation}, found {type(value).__name__}")
