"""The cue lexicon (monitor/data/speech_cues.yaml), loaded and compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from monitor.errors import ConfigError
from monitor.extract.inflect import plural, verb_forms
from monitor.extract.patterns import phrase_pattern


@dataclass(frozen=True)
class Lexicon:
    verbs: frozenset[str]
    characterising: frozenset[str]
    participles: frozenset[str]
    speaker_after: tuple[str, ...]
    determiners: frozenset[str]
    pronouns: dict[str, str]
    person_nouns: frozenset[str]
    thing_nouns: frozenset[str]
    message_nouns: frozenset[str]
    speech_nouns: frozenset[str]
    not_names: frozenset[str]
    abbreviations: frozenset[str]
    between_words: frozenset[str]
    clause_openers: frozenset[str]
    phrase_stops: frozenset[str]
    prepositions: frozenset[str]
    function_words: frozenset[str]
    noun_markers: frozenset[str]  # a cue word after one of these is a noun ("the call")
    not_first_names: frozenset[str]  # words before a surname that are not someone's first name
    cue_pattern: re.Pattern[str]  # any cue: verb, participle or speaker-after phrase
    lists: dict[str, frozenset[str]]  # every word list of the file, by its key

    def list(self, key: str) -> frozenset[str]:
        if key not in self.lists:
            raise ConfigError([f"monitor/data/speech_cues.yaml: add the word list '{key}'"])
        return self.lists[key]


def _words(raw: dict, key: str) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            [f"monitor/data/speech_cues.yaml: '{key}' must be a list of strings; fix the file"]
        )
    return [v.lower() for v in value]


def _finite_forms(raw: dict, key: str) -> list[str]:
    """The finite forms (says, said) of the verbs a list gives by base form ("say said")."""
    return sorted({form for entry in _words(raw, key) for form in verb_forms(entry).finite})


def _participles(raw: dict, key: str) -> list[str]:
    return sorted({verb_forms(entry).present_participle for entry in _words(raw, key)})


def _phrasal_forms(raw: dict) -> dict[str, set[str]]:
    """"point out" → {"finite": points out, pointed out; "participle": pointing out}."""
    value = raw.get("phrasal_verbs") or {}
    if not isinstance(value, dict) or not all(
            isinstance(v, list) and all(isinstance(p, str) for p in v) for v in value.values()):
        raise ConfigError(["monitor/data/speech_cues.yaml: 'phrasal_verbs' must map a verb to "
                           "a list of particles; fix the file"])
    forms: dict[str, set[str]] = {"finite": set(), "participle": set()}
    for entry, particles in value.items():
        verb = verb_forms(str(entry))
        for particle in particles:
            forms["finite"] |= {f"{form} {particle.lower()}" for form in verb.finite}
            forms["participle"].add(f"{verb.present_participle} {particle.lower()}")
    return forms


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    text = resources.files("monitor").joinpath("data", "speech_cues.yaml").read_text("utf-8")
    raw = yaml.safe_load(text) or {}
    nouns = set(_words(raw, "noun_forms"))
    phrasal = _phrasal_forms(raw)
    verbs = sorted((set(_finite_forms(raw, "speech_verbs")) - nouns) | phrasal["finite"]
                   | set(_words(raw, "base_form_cues")))
    participles = sorted(set(_participles(raw, "participle_verbs")) | phrasal["participle"]
                         | set(_words(raw, "participles")))
    speaker_after = _words(raw, "speaker_after")
    cue_pattern = re.compile(
        r"(?<![\w'’-])"
        + phrase_pattern(set(verbs) | set(participles) | set(speaker_after))
        + r"(?![\w'’-])",
        re.IGNORECASE,
    )
    return Lexicon(
        verbs=frozenset(verbs),
        characterising=frozenset(set(_finite_forms(raw, "characterising_verbs")) - nouns
                                 | {"call"}),
        participles=frozenset(participles),
        speaker_after=tuple(speaker_after),
        determiners=frozenset(_words(raw, "determiners")),
        pronouns={str(k).lower(): str(v) for k, v in (raw.get("pronouns") or {}).items()},
        person_nouns=frozenset(_words(raw, "person_nouns")
                               + [plural(w) for w in _words(raw, "person_nouns")]),
        thing_nouns=frozenset(_words(raw, "thing_nouns")),
        message_nouns=frozenset(_words(raw, "message_nouns")),
        speech_nouns=frozenset(_words(raw, "speech_nouns")),
        not_names=frozenset(_words(raw, "not_names")),
        abbreviations=frozenset(_words(raw, "abbreviations")),
        between_words=frozenset(_words(raw, "between_words")),
        clause_openers=frozenset(_words(raw, "clause_openers")),
        phrase_stops=frozenset(_words(raw, "phrase_stops")),
        prepositions=frozenset(_words(raw, "prepositions")),
        function_words=frozenset(_words(raw, "function_words")),
        noun_markers=frozenset(_words(raw, "determiners") + _words(raw, "noun_markers")),
        not_first_names=frozenset().union(*(
            _words(raw, key) for key in (
                "not_names", "determiners", "person_nouns", "thing_nouns", "clause_openers",
                "prepositions", "function_words", "descriptive_nouns", "leader_nouns",
                "sentence_adverbs", "he_words", "she_words", "abbreviations")),
            (str(k).lower() for k in (raw.get("pronouns") or {}))),
        cue_pattern=cue_pattern,
        lists={k: frozenset(_words(raw, k)) for k, v in raw.items() if isinstance(v, list)},
    )
