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
    return Lexicon(
        verbs=frozenset(verbs),
        characterising=frozenset(set(_finite_forms(raw, "characterising_verbs")) - nouns
                                 | {"call"}),
        participles=frozenset(participles),
        speaker_after=tuple(speaker_after),
        determiners=frozenset(_words(raw, "determiners")),
        pronouns={str(k).lower(): str(v) for k, v in (raw.get("pronouns") or {}).items()},
        title_abbreviations={str(k).lower(): str(v).lower() for k, v in
                             (raw.get("title_abbreviations") or {}).items()},
        person_nouns=frozenset(_words(raw, "person_nouns")
                               + [plural(w) for w in _words(raw, "person_nouns")]),
        thing_nouns=frozenset(_words(raw, "thing_nouns")),
        message_nouns=frozenset(_words(raw, "message_nouns")),
        speech_nouns=frozenset(_words(raw, "speech_nouns")),
        not_names=frozenset(_words(raw, "not_names")),
        abbreviations=frozenset(_words(raw, "abbreviations")),
        between_words=frozenset(_words(raw, "between_words")),
        subject_adverbial_openers=_required(raw, "subject_adverbial_openers"),
        ing_nouns=_required(raw, "ing_nouns"),
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
        document_nouns=_required(raw, "document_nouns"),
        bare_clause_verbs=_required(raw, "bare_clause_verbs"),
        content_nouns=_required(raw, "content_nouns"),
        relay_verbs=_required(raw, "relay_verbs"),
        sentence_adverbs=_required(raw, "sentence_adverbs"),
        speaker_phrase_stops=_required(raw, "speaker_phrase_stops"),
        text_course_verbs=_required(raw, "text_course_verbs"),
        wording_verbs=_required(raw, "wording_verbs"),
        descriptive_nouns=_required(raw, "descriptive_nouns"),
        generic_person_heads=_required(raw, "generic_person_heads"),
        he_names=_required(raw, "he_names"),
        he_words=_required(raw, "he_words"),
        she_names=_required(raw, "she_names"),
        she_words=_required(raw, "she_words"),
        leader_nouns=_required(raw, "leader_nouns"),
        not_a_clause_start=_required(raw, "not_a_clause_start"),
        not_a_main_clause=_required(raw, "not_a_main_clause"),
        other_office_words=_required(raw, "other_office_words"),
        role_modifiers=_required(raw, "role_modifiers"),
        subject_verbs=_required(raw, "subject_verbs"),
        ask_verbs=_required(raw, "ask_verbs"),
        demand_verbs=_required(raw, "demand_verbs"),
        denial_verbs=_required(raw, "denial_verbs"),
        finite_verbs=_required(raw, "finite_verbs"),
        noun_report_verbs=_required(raw, "noun_report_verbs"),
        say_verbs=_required(raw, "say_verbs"),
        verdict_verbs=_required(raw, "verdict_verbs"),
        programme_before=_required(raw, "programme_before"),
        audience_nouns=_required(raw, "audience_nouns"),
        channel_prepositions=_required(raw, "channel_prepositions"),
        passive_markers=_required(raw, "passive_markers"),
        speaking_pronouns=_required(raw, "speaking_pronouns"),
        aside_prepositions=_required(raw, "aside_prepositions"),
        label_verbs=_required(raw, "label_verbs"),
        subordinators=_required(raw, "subordinators"),
        office_qualifiers=_required(raw, "office_qualifiers"),
        answer_line_openers=_required(raw, "answer_line_openers"),
        question_line_openers=_required(raw, "question_line_openers"),
        interview_line_openers=_required(raw, "interview_line_openers"),
    )
