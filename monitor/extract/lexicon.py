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
    title_abbreviations: dict[str, str]  # "gov" → "governor": the role noun a title abbreviates
    courtesy_titles: dict[str, str]  # "mr" → "he": the gender a courtesy title shows
    person_nouns: frozenset[str]
    thing_nouns: frozenset[str]
    message_nouns: frozenset[str]
    speech_nouns: frozenset[str]
    not_names: frozenset[str]
    abbreviations: frozenset[str]
    between_words: frozenset[str]
    subject_adverbial_openers: frozenset[str]
    ing_nouns: frozenset[str]
    clause_openers: frozenset[str]
    phrase_stops: frozenset[str]
    prepositions: frozenset[str]
    function_words: frozenset[str]
    noun_markers: frozenset[str]  # a cue word after one of these is a noun ("the call")
    not_first_names: frozenset[str]  # words before a surname that are not someone's first name
    cue_pattern: re.Pattern[str]  # any cue: verb, participle or speaker-after phrase
    # Word lists read as they are (see speech_cues.yaml for what each holds).
    document_nouns: frozenset[str]
    bare_clause_verbs: frozenset[str]
    content_nouns: frozenset[str]
    relay_verbs: frozenset[str]
    sentence_adverbs: frozenset[str]
    speaker_phrase_stops: frozenset[str]
    text_course_verbs: frozenset[str]
    wording_verbs: frozenset[str]
    descriptive_nouns: frozenset[str]
    generic_person_heads: frozenset[str]
    he_names: frozenset[str]
    he_words: frozenset[str]
    she_names: frozenset[str]
    she_words: frozenset[str]
    leader_nouns: frozenset[str]
    not_a_clause_start: frozenset[str]
    not_a_main_clause: frozenset[str]
    other_office_words: frozenset[str]
    role_modifiers: frozenset[str]
    subject_verbs: frozenset[str]
    ask_verbs: frozenset[str]
    demand_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    finite_verbs: frozenset[str]
    noun_report_verbs: frozenset[str]
    say_verbs: frozenset[str]
    verdict_verbs: frozenset[str]
    programme_before: frozenset[str]
    audience_nouns: frozenset[str]
    channel_prepositions: frozenset[str]
    passive_markers: frozenset[str]
    speaking_pronouns: frozenset[str]
    aside_prepositions: frozenset[str]
    label_verbs: frozenset[str]
    subordinators: frozenset[str]
    office_qualifiers: frozenset[str]
    answer_line_openers: frozenset[str]
    question_line_openers: frozenset[str]
    interview_line_openers: frozenset[str]

    def names_for(self, pronoun: str) -> frozenset[str]:
        """Given names used for only one gender: "she" → she_names, "he" → he_names."""
        return self.she_names if pronoun == "she" else self.he_names if pronoun == "he" \
            else frozenset()


def _words(raw: dict, key: str) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            [f"monitor/data/speech_cues.yaml: '{key}' must be a list of strings; fix the file"]
        )
    return [v.lower() for v in value]


def _required(raw: dict, key: str) -> frozenset[str]:
    if key not in raw:
        raise ConfigError([f"monitor/data/speech_cues.yaml: add the word list '{key}'"])
    return frozenset(_words(raw, key))


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


# The word lists read as they are, each under its own name in speech_cues.yaml (required).
READ_AS_IS = (
    "document_nouns", "bare_clause_verbs", "content_nouns", "relay_verbs", "sentence_adverbs",
    "speaker_phrase_stops", "text_course_verbs", "wording_verbs", "descriptive_nouns",
    "generic_person_heads", "he_names", "he_words", "she_names", "she_words", "leader_nouns",
    "not_a_clause_start", "not_a_main_clause", "other_office_words", "role_modifiers",
    "subject_verbs", "ask_verbs", "demand_verbs", "denial_verbs", "finite_verbs",
    "noun_report_verbs", "say_verbs", "verdict_verbs", "programme_before", "audience_nouns",
    "channel_prepositions", "passive_markers", "speaking_pronouns", "aside_prepositions",
    "label_verbs", "subordinators", "office_qualifiers", "answer_line_openers",
    "question_line_openers", "interview_line_openers", "subject_adverbial_openers", "ing_nouns",
)
# Words that are never the first name before a surname: these lists together, and pronouns.
NOT_FIRST_NAMES = (
    "not_names", "determiners", "person_nouns", "thing_nouns", "clause_openers", "prepositions",
    "function_words", "descriptive_nouns", "leader_nouns", "sentence_adverbs", "he_words",
    "she_words", "abbreviations")


def _cue_lists(raw: dict) -> dict:
    """The speech cues with their generated inflections, and one pattern matching any."""
    nouns = set(_words(raw, "noun_forms"))
    phrasal = _phrasal_forms(raw)
    verbs = sorted((set(_finite_forms(raw, "speech_verbs")) - nouns) | phrasal["finite"]
                   | set(_words(raw, "base_form_cues")))
    participles = sorted(set(_participles(raw, "participle_verbs")) | phrasal["participle"]
                         | set(_words(raw, "participles")))
    speaker_after = _words(raw, "speaker_after")
    cues = set(verbs) | set(participles) | set(speaker_after)
    # \b first: implied by the look-behind when every cue opens on a word character, and it
    # lets the engine skip positions inside words (same matches, about a third faster).
    fast = r"\b" if all(re.match(r"\w", c) for c in cues if c) else ""
    cue_pattern = re.compile(
        fast + r"(?<![\w'’-])"
        + phrase_pattern(cues)
        + r"(?![\w'’-])",
        re.IGNORECASE,
    )
    return {
        "verbs": frozenset(verbs),
        "characterising": frozenset(set(_finite_forms(raw, "characterising_verbs")) - nouns
                                    | {"call"}),
        "participles": frozenset(participles),
        "speaker_after": tuple(speaker_after),
        "cue_pattern": cue_pattern,
    }


def _word_lists(raw: dict) -> dict:
    """The lists of words the rules look words up in."""
    lists = {key: frozenset(_words(raw, key)) for key in (
        "determiners", "thing_nouns", "message_nouns", "speech_nouns", "not_names",
        "abbreviations", "between_words", "clause_openers", "phrase_stops", "prepositions",
        "function_words")}
    return {
        **lists,
        "pronouns": {str(k).lower(): str(v) for k, v in (raw.get("pronouns") or {}).items()},
        "title_abbreviations": {str(k).lower(): str(v).lower() for k, v in
                                (raw.get("title_abbreviations") or {}).items()},
        "courtesy_titles": {str(k).lower(): str(v).lower() for k, v in
                            (raw.get("courtesy_titles") or {}).items()},
        "person_nouns": frozenset(_words(raw, "person_nouns")
                                  + [plural(w) for w in _words(raw, "person_nouns")]),
        "noun_markers": frozenset(_words(raw, "determiners") + _words(raw, "noun_markers")),
        "not_first_names": frozenset().union(
            *(_words(raw, key) for key in NOT_FIRST_NAMES),
            (str(k).lower() for k in (raw.get("pronouns") or {}))),
        **{key: _required(raw, key) for key in READ_AS_IS},
    }


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    text = resources.files("monitor").joinpath("data", "speech_cues.yaml").read_text("utf-8")
    raw = yaml.safe_load(text) or {}
    return Lexicon(**_cue_lists(raw), **_word_lists(raw))
