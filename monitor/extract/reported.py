"""Reported-speech forms beyond "X said (that) …": each a named rule proposing reports.

A rule reads one sentence of a paragraph (its text with quotations masked as "~") and proposes
`Report`s: the reported words, the cue that carries them, the rule's name (the mention's
evidence, counted per rule by the benchmarks) and, where the grammar names them, the speaker
phrases (the owners in "Orlov's claim that …", each person of a joint subject). Word lists are
in monitor/data/reporting.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from monitor.errors import ConfigError
from monitor.extract.patterns import phrase_pattern

# The end of a report inside its sentence: another clause of the reporter's, a source, a list.
REPORT_END = re.compile(
    r"[;:]|\s[—–-]\s|,\s+(?:according to|he said|she said|while|after|before|as|but|which|"
    r"who|although|though|and\s+(?:he|she|they|it|[A-Z]\w+)\s+[a-z]+(?:ed|s)\b)|"
    r",\s+[a-z]+ing\b|\s+(?:but|while|after|before|because)\s+(?:he|she|they)\b|"
    # "urged the party to unite and tried to make the case …": the subject's next act (a past
    # form does not go on an infinitive or a proposal)
    r"\s+(?:and|but)\s+(?:then\s+|also\s+)?[a-z]+ed\b(?!\s+by\b)")
# A name (or a pronoun) as a subject or owner: "Lena Voss", "Mr. Reyes", "she".
NAME = r"(?:(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w’'-]+|he|she|they|He|She|They)"
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|be|being|get|got)\s+$")
MIN_WORDS = 3


@dataclass(frozen=True)
class Report:
    cue_start: int  # the reporting word, in the paragraph
    cue_end: int
    start: int  # the reported words, in the paragraph
    end: int
    rule: str
    speakers: tuple[str, ...] = ()  # phrases naming the speaker(s); empty: the cue's subject


@dataclass(frozen=True)
class ReportingWords:
    directive: re.Pattern[str]  # "urged Y to …"
    commissive: re.Pattern[str]  # "promised to …"
    proposal: re.Pattern[str]  # "proposed a vote", "called for talks"
    warning: re.Pattern[str]  # "warned Y against …"
    predicate: re.Pattern[str]  # "credited Y with …", "referred to Y as …"
    predicate_link: dict[str, str]  # each form of those verbs -> "with", "as" …
    report_noun: re.Pattern[str]  # "Orlov's claim that …"
    not_an_infinitive: frozenset[str]
    bare_clause: frozenset[str]  # every form of the verbs that report a clause without "that"
    irregular_past: frozenset[str]
    say_type: frozenset[str]  # every form of the core reporting verbs (for measuring)
    subject_openers: frozenset[str]  # "said the transition reflects …": a subject's first word
    object_openers: frozenset[str]  # … and its object's
    not_a_subject: frozenset[str]  # "said them", "says and promises": no clause starts so
    adverbs_before_cue: frozenset[str]  # "Voss often says": left over after the subject
    title_joiners: frozenset[str]  # "Secretary of State Pavel Orlov": inside a title
    # Every word that starts a form, and the forms it may start: one scan of a sentence tells
    # which forms to try (each form's own expression, tried at every position, costs time).
    any_word: re.Pattern[str]
    forms_of: dict[str, frozenset[str]]


def inflections(entry: str) -> set[str]:
    """"urge" -> urge, urges, urged, urging; "call on" -> calls on, called on …; an entry
    "swear/swore" gives its irregular past."""
    head, _, rest = entry.partition(" ")
    base, _, past = head.partition("/")
    tail = f" {rest}" if rest else ""
    if base.endswith("e"):
        forms = {base, base + "s", past or base + "d", base[:-1] + "ing"}
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms = {base, base[:-1] + "ies", past or base[:-1] + "ied", base + "ing"}
    elif base.endswith(("s", "sh", "ch", "x", "z")):
        forms = {base, base + "es", past or base + "ed", base + "ing"}
    else:
        forms = {base, base + "s", past or base + "ed", base + "ing"}
    if past and past.endswith("ed") and past[-3] == past[-4]:
        forms = (forms - {base + "ing"}) | {past[:-2] + "ing"}  # committed -> committing
    return {f + tail for f in forms}


def _words(raw: dict, key: str) -> list[str]:
    value = raw.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError([f"monitor/data/reporting.yaml: '{key}' must be a list of strings; "
                           "fix the file"])
    return [v.lower() for v in value]


def _forms(raw: dict, key: str) -> set[str]:
    return set().union(*(inflections(v) for v in _words(raw, key)))


def _links(raw: dict, key: str) -> dict[str, str]:
    """A mapping of verbs to the word that links their object to its predicate, for every
    form of each verb ("credit: with" -> credited: with …)."""
    value = raw.get(key)
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ConfigError([f"monitor/data/reporting.yaml: '{key}' must map verbs to words; "
                           "fix the file"])
    return {form: link.lower() for verb, link in value.items() for form in inflections(verb)}


def _verbs(raw: dict, key: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w’'-])(" + phrase_pattern(_forms(raw, key)) + r")(?![\w’'-])")


@lru_cache(maxsize=1)
def reporting_words() -> ReportingWords:
    text = resources.files("monitor").joinpath("data", "reporting.yaml").read_text("utf-8")
    raw = yaml.safe_load(text) or {}
    nouns = phrase_pattern(set(_words(raw, "report_nouns")))
    starts: dict[str, set[str]] = {}
    for key in ("directive_verbs", "commissive_verbs", "proposal_verbs", "warning_verbs"):
        for form in _forms(raw, key):
            starts.setdefault(form.split()[0], set()).add(key)
    for noun in _words(raw, "report_nouns"):
        starts.setdefault(noun, set()).add("report_nouns")
    for verb in RELATIVE_VERBS:
        starts.setdefault(verb, set()).add("relative")
    links = _links(raw, "object_predicate_verbs")
    for form in links:
        starts.setdefault(form.split()[0], set()).add("object_predicate_verbs")
    forms_of = {word: frozenset(keys) for word, keys in starts.items()}
    modifiers = phrase_pattern(set(_words(raw, "report_noun_modifiers")))
    return ReportingWords(
        directive=_verbs(raw, "directive_verbs"),
        commissive=_verbs(raw, "commissive_verbs"),
        proposal=_verbs(raw, "proposal_verbs"),
        warning=_verbs(raw, "warning_verbs"),
        predicate=re.compile(r"(?<![\w’'-])(" + phrase_pattern(set(links)) + r")(?![\w’'-])"),
        predicate_link=links,
        report_noun=re.compile(
            r"(?<![\w’'-])(" + NAME + r"[’']s|[Hh]is|[Hh]er|[Tt]heir)\s+(?:(?:" + modifiers
            + r")\s+)?(?:" + nouns + r")\s+that\s+"),
        not_an_infinitive=frozenset(_words(raw, "not_an_infinitive")),
        bare_clause=frozenset().union(*(inflections(v) for v in _words(raw, "bare_clause_verbs"))),
        irregular_past=frozenset(_words(raw, "irregular_past")),
        say_type=frozenset(_forms(raw, "say_type_verbs")),
        subject_openers=frozenset(_words(raw, "subject_openers")),
        object_openers=frozenset(_words(raw, "object_openers")),
        not_a_subject=frozenset(_words(raw, "not_a_subject")),
        adverbs_before_cue=frozenset(_words(raw, "adverbs_before_cue")),
        title_joiners=frozenset(_words(raw, "title_joiners")),
        any_word=re.compile(r"(?<![\w’'-])(" + phrase_pattern(forms_of) + r")(?![\w’'-])"),
        forms_of=forms_of,
    )


def report_end(masked: str, start: int, s_end: int) -> int:
    """Where a report starting at `start` ends: before the reporter's next clause, or at the
    sentence end (its closing punctuation left out)."""
    stop = REPORT_END.search(masked, start, s_end)
    end = stop.start() if stop else s_end
    return start + len(masked[start:end].rstrip(" ,.!?"))


def _enough(masked: str, start: int, end: int) -> bool:
    """At least three words, not mostly a quotation (the direct quote carries those)."""
    words = masked[start:end].split()
    hidden = sum(len(w) for w in words if "~" in w)
    return len(words) >= MIN_WORDS and hidden * 2 < len(masked[start:end])


def _infinitive(masked: str, pos: int, words: ReportingWords) -> re.Match[str] | None:
    """"(not) to accept …" at `pos`, with a verb after "to" (not "to the table")."""
    m = re.compile(r"\s*(?:not\s+)?to\s+([a-z]+)\b").match(masked, pos)
    if m is None or m.group(1) in words.not_an_infinitive:
        return None
    return m


def directive_to(masked: str, s_start: int, s_end: int) -> list[Report]:
    """"Reyes urged the trawler owners to accept the new quota." -> "the trawler owners to
    accept the new quota"; also "called on the board to …", "asked Voss not to …". The
    listener is one to eight words with no clause of its own; a passive ("was asked to")
    reports the one who asked, not the subject, and is left alone."""
    words = reporting_words()
    found = []
    for verb in words.directive.finditer(masked, s_start, s_end):
        if PASSIVE_BEFORE.search(masked, max(s_start, verb.start() - 8), verb.start()):
            continue
        listener = re.compile(r"\s+((?:[\w’'.-]+\s+){0,7}?[\w’'.-]+)(?=\s+(?:not\s+)?to\s)").match(
            masked, verb.end(), s_end)
        if listener is None or re.search(r"\b(?:that|who|which|and|or|was|is|were|are|had|has|"
                                         r"would|will)\b|~", listener.group(1)):
            continue
        infinitive = _infinitive(masked, listener.end(), words)
        if infinitive is None:
            continue
        start = listener.start(1)
        end = report_end(masked, infinitive.end(), s_end)
        if _enough(masked, start, end):
            found.append(Report(verb.start(), verb.end(), start, end, "directive_verb_to"))
    return found


def commissive_to(masked: str, s_start: int, s_end: int) -> list[Report]:
    """"Voss promised to publish the accounts by Friday." -> "to publish the accounts by
    Friday"; "offered to meet …", "threatened not to …"."""
    words = reporting_words()
    found = []
    for verb in words.commissive.finditer(masked, s_start, s_end):
        if PASSIVE_BEFORE.search(masked, max(s_start, verb.start() - 8), verb.start()):
            continue
        infinitive = _infinitive(masked, verb.end(), words)
        if infinitive is None:
            continue
        start = verb.end() + len(infinitive.group()) - len(infinitive.group().lstrip())
        end = report_end(masked, infinitive.end(), s_end)
        if _enough(masked, start, end):
            found.append(Report(verb.start(), verb.end(), start, end, "commissive_verb_to"))
    return found


def proposal_object(masked: str, s_start: int, s_end: int) -> list[Report]:
    """"Orlov proposed setting up two joint working groups." / "Reyes called for a new vote on
    the quota." -> the proposal; a that-clause or an infinitive is another rule's."""
    words = reporting_words()
    found = []
    for verb in words.proposal.finditer(masked, s_start, s_end):
        if PASSIVE_BEFORE.search(masked, max(s_start, verb.start() - 8), verb.start()):
            continue
        obj = re.compile(r"\s+(?!that\b|to\b|by\b|in\b|on\b|at\b|it\b|this\b|so\b)"
                         r"(?=[a-z\d$])").match(masked, verb.end(), s_end)
        if obj is None:
            continue
        end = report_end(masked, obj.end(), s_end)
        if _enough(masked, obj.end(), end):
            found.append(Report(verb.start(), verb.end(), obj.end(), end, "proposal_object"))
    return found


def warned_against(masked: str, s_start: int, s_end: int) -> list[Report]:
    """"Orlov warned the owners against raising prices before the winter." -> "the owners
    against raising prices before the winter": advice to a listener. Without one
    ("warned against any deal that …") it names what is feared, not what to do."""
    return _object_then_link(masked, s_start, s_end, reporting_words().warning,
                             lambda verb: "against", "warned_against")


def noun_report(masked: str, s_start: int, s_end: int) -> list[Report]:
    """"Orlov's claim that the port was closed drew criticism." -> "the port was closed" by
    the owner ("Orlov's", "her"); the report ends where its sentence goes on ("drew")."""
    found = []
    for m in reporting_words().report_noun.finditer(masked, s_start, s_end):
        owner = m.group(1)
        owner = re.sub(r"[’']s$", "", owner)
        owner = {"his": "he", "her": "she", "their": "they"}.get(owner.lower(), owner)
        end = report_end(masked, m.end(), s_end)
        if _enough(masked, m.end(), end):
            found.append(Report(m.start(), m.end(), m.end(), end, "noun_report", (owner,)))
    return found


def object_predicate(masked: str, s_start: int, s_end: int) -> list[Report]:
    """"Reyes credited the coast guard with saving the season." -> "the coast guard with
    saving the season"; "Orlov referred to the strike as a blockade." -> "the strike as a
    blockade": the object and what the speaker said of it."""
    words = reporting_words()
    return _object_then_link(masked, s_start, s_end, words.predicate,
                             lambda verb: words.predicate_link[verb.lower()], "object_predicate")


def _object_then_link(masked: str, s_start: int, s_end: int, verbs: re.Pattern[str],
                      link_of: Callable[[str], str], rule: str) -> list[Report]:
    """The reports of verb + object (one to six words) + the verb's link word + what follows
    ("warned the owners against …", "credited the coast guard with …"), from the object on;
    none after a passive ("was warned") or when the object holds a clause or a quote."""
    found = []
    for verb in verbs.finditer(masked, s_start, s_end):
        if PASSIVE_BEFORE.search(masked, max(s_start, verb.start() - 8), verb.start()):
            continue
        phrase = re.compile(r"\s+((?:[\w’'.-]+\s+){1,6}?)" + link_of(verb.group())
                            + r"\s+(?=[a-z\d])").match(masked, verb.end(), s_end)
        if phrase is None or re.search(r"\b(?:that|who|which|was|is|were|are)\b|~",
                                       phrase.group(1)):
            continue
        start = verb.end() + len(phrase.group()) - len(phrase.group().lstrip())
        end = report_end(masked, phrase.end(), s_end)
        if _enough(masked, start, end):
            found.append(Report(verb.start(), verb.end(), start, end, rule))
    return found


# A subject of two people before a reporting verb: "Voss and Reyes said …".
# One person of it: a name, or a short description ("a harbor clerk", untracked).
CONJUNCT = NAME + r"|(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[a-z-]+\s+){0,2}[a-z-]+"
JOINT_SUBJECT = re.compile(
    r"(?:^|[,;]\s+|\b(?:and|but)\s+)?(" + CONJUNCT + r")\s+and\s+(" + CONJUNCT
    + r")(?:\s+(?:also|jointly|together|on\s+\w+|have|had|has))*\s*$")


def joint_subject(masked: str, s_start: int, cue_start: int) -> tuple[str, str] | None:
    """"Voss and Reyes said on Monday they were close to a deal.": both report it. The two
    names must open the clause before the cue."""
    s_start = max(s_start, cue_start - 100)  # two names, a few words each
    m = JOINT_SUBJECT.search(masked, s_start, cue_start)
    if m is None:
        return None
    before = masked[s_start:m.start(1)].strip(" ,;")
    if before and not re.search(r"(?:^|[,;]|\b(?:and|but))$", masked[s_start:m.start(1)].rstrip()):
        return None  # "talks between Voss and Reyes said …" is no joint subject
    return m.group(1), m.group(2)


# "the plan, which Orlov said was final": a report inside a relative clause on its topic.
RELATIVE_VERBS = ("said", "says", "claimed", "claims", "insisted", "insists", "argued",
                  "argues", "believed", "believes")
RELATIVE_REPORT = re.compile(
    r"\b(?:which|that|who)\s+(" + NAME + r")\s+(?:has\s+|had\s+)?"
    r"(" + "|".join(RELATIVE_VERBS) + r")\s+"
    r"(?=(?:was|were|is|are|would|will|had|has|could|should|might|must)\b)")
# The topic the relative clause is on, right before it: "the plan,", "a fee that".
TOPIC_BEFORE = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Tt]his|[Tt]hat)\s+(?:[\w’'-]+\s+){0,4}?"
    r"[\w’'-]+,?\s+$")


def relative_report(masked: str, s_start: int, s_end: int) -> list[Report]:
    """"The plan, which Orlov said was final, will go to the council." -> "The plan, which
    Orlov said was final": the topic, the speaker's verdict on it and the cue between."""
    found = []
    for m in RELATIVE_REPORT.finditer(masked, s_start, s_end):
        topic = TOPIC_BEFORE.search(masked, max(s_start, m.start() - 60), m.start())
        if topic is None or m.group(1).lower() in ("he", "she", "they"):
            continue  # "deals he said he had made": another rule's (a contact relative)
        stop = re.compile(r"[,;:]|\s[—–-]\s").search(masked, m.end(), s_end)
        end = stop.start() if stop else s_end
        end = m.end() + len(masked[m.end():end].rstrip(" .!?"))
        if _enough(masked, m.end(), end) or len(masked[m.end():end].split()) >= 2:
            found.append(Report(m.start(2), m.end(2), topic.start(), end, "relative_report",
                                (m.group(1),)))
    return found


# Each form with the word list whose words start it (ReportingWords.forms_of).
FORMS = ((directive_to, "directive_verbs"), (commissive_to, "commissive_verbs"),
         (proposal_object, "proposal_verbs"), (warned_against, "warning_verbs"),
         (noun_report, "report_nouns"), (relative_report, "relative"),
         (object_predicate, "object_predicate_verbs"))



def reports(masked: str, s_start: int, s_end: int) -> list[Report]:
    """Every report the forms find in one sentence."""
    words = reporting_words()
    present = {key for m in words.any_word.finditer(masked, s_start, s_end)
               for key in words.forms_of[m.group().lower()]}
    return [r for form, key in FORMS if key in present for r in form(masked, s_start, s_end)]
