"""The decision rules: each reads the weighed evidence and returns a verdict, or None to let
the next rule decide. `topic_score` runs them in the order of the module docstring of
monitor/topic/__init__.py; the first verdict stands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from monitor.models import Actor, Topic
from monitor.topic.anchors import Gated
from monitor.topic.article import sentences
from monitor.topic.compiled import (
    CompiledTopic,
    SubjectPeople,
    anchor_index,
    compile_topic,
    subject_people,
)
from monitor.topic.evidence import Evidence, Scan, weigh
from monitor.topic.terms import surface_forms


@dataclass(frozen=True)
class TopicVerdict:
    """The decision and its evidence, weighted by where each term occurred."""

    on_topic: bool
    subject: float  # weighted require-term hits
    negotiation: float  # weighted include-term (and related vocabulary) evidence for the topic
    elsewhere: float  # weighted ties of ceasefire/war wording to another place or party
    theatre: float  # weighted ties of that wording to the subject, and its parties named together
    include_hits: tuple[str, ...] = ()  # distinct include terms found, as written
    require_hits: tuple[str, ...] = ()
    exclude_hits: tuple[str, ...] = ()
    elsewhere_names: tuple[str, ...] = ()  # the other places the wording was tied to
    reason: str = ""
    rule: str = ""  # the decision rule that gave the verdict
    evidence_rules: tuple[tuple[str, int], ...] = ()  # evidence rule, sentences it counted in


@dataclass(frozen=True)
class Case:
    """What the decision rules read: the article's evidence and its terms."""

    compiled: CompiledTopic
    people: SubjectPeople
    ev: Evidence
    paragraphs: int  # non-empty paragraphs
    include_hits: tuple[str, ...]
    require_hits: tuple[str, ...]

    @property
    def subject_named(self) -> str:
        return listed(self.require_hits) or "the subject"

    def verdict(self, on: bool, reason: str) -> TopicVerdict:
        ev = self.ev
        return TopicVerdict(
            on_topic=on,
            subject=round(ev.subject, 2),
            negotiation=round(ev.negotiation, 2),
            elsewhere=round(ev.there, 2),
            theatre=round(ev.here, 2),
            include_hits=self.include_hits,
            require_hits=self.require_hits,
            elsewhere_names=tuple(sorted(ev.there_names)),
            reason=reason,
        )

    def named(self, verdict: TopicVerdict, rule: str) -> TopicVerdict:
        return replace(verdict, rule=rule, evidence_rules=tuple(sorted(self.ev.fired.items())))

    def is_brief(self) -> bool:
        """A brief names its subject less often: when its headline and another sentence carry
        include terms, nothing ties them elsewhere and the subject is named in more than one
        sentence (not an aside: "welcomed by Russia and China"), fewer mentions are enough."""
        rule, ev = self.compiled.profile.brief, self.ev
        return (
            self.paragraphs <= rule.paragraphs
            and ev.headline_include
            and ev.include_sentences >= rule.include_sentences_min
            and ev.subject_sentences >= rule.subject_sentences_min
            and ev.there == 0
        )

    def sides_named(self) -> int:
        sides = self.compiled.profile.sides
        if sides is None:
            return 0
        return sum(1 for weight in self.ev.sides.values() if weight >= sides.side_min)

    def linked(self) -> bool:
        """Include terms count when some share a sentence or paragraph with the subject, or
        when the article makes the subject the theatre ("Russia and Ukraine", "war in
        Ukraine")."""
        ev = self.ev
        named_min = self.compiled.profile.include.named_min
        return ev.strong_named >= named_min or (ev.strong_any > 0 and ev.here > 0)


Rule = Callable[[Case], TopicVerdict | None]


def another_conflict(case: Case) -> TopicVerdict | None:
    """Ties elsewhere outweigh the ties here and the evidence naming the subject."""
    rule, ev = case.compiled.profile.elsewhere, case.ev
    if rule is None or not ev.there > rule.ratio * ev.here_total:
        return None
    where = listed(tuple(sorted(ev.there_names))) or "another place"
    return case.verdict(
        False,
        f"off-topic: about {where}, not {case.subject_named} "
        f"(elsewhere {ev.there:.1f} > here {ev.here_total:.1f})",
    )


def passing_mention(case: Case) -> TopicVerdict | None:
    """The subject weighs less than `subject.min` (a brief's `brief.subject_min`)."""
    profile = case.compiled.profile
    subject_min = profile.brief.subject_min if case.is_brief() else profile.subject.min
    if case.ev.subject >= subject_min:
        return None
    return case.verdict(
        False,
        f"off-topic: {case.subject_named} only in passing "
        f"(subject {case.ev.subject:.1f} < {subject_min})",
    )


def one_side_beside_elsewhere(case: Case) -> TopicVerdict | None:
    """One side of the war named alone, beside wording tied to another conflict: that side is
    a mediator or a commentator ("Kremlin expects ceasefire in Karabakh"), not a party."""
    if case.compiled.profile.sides is None or case.people.names is None:
        return None
    if case.sides_named() >= 2 or case.ev.there <= 0:
        return None
    where = listed(tuple(sorted(case.ev.there_names))) or "another place"
    return case.verdict(
        False, f"off-topic: only one side of the war named, beside wording about {where}"
    )


def negotiation_evidence(case: Case) -> TopicVerdict | None:
    """Linked include terms (and related wording) reach `include.negotiation_min`."""
    profile, ev = case.compiled.profile, case.ev
    if not (case.linked() and ev.negotiation >= profile.include.negotiation_min):
        return None
    kind = "brief: " if ev.subject < profile.subject.min else ""
    return case.verdict(
        True,
        f"on-topic: {kind}{listed(case.include_hits)} with {case.subject_named} "
        f"(negotiation {ev.negotiation:.1f}, subject {ev.subject:.1f})",
    )


def brief_needs_include(case: Case) -> TopicVerdict | None:
    """A brief's few mentions carry include terms, nothing weaker."""
    subject_min = case.compiled.profile.subject.min
    if case.ev.subject >= subject_min:
        return None
    return case.verdict(
        False,
        f"off-topic: {case.subject_named} only in passing in a brief "
        f"(subject {case.ev.subject:.1f} < {subject_min})",
    )


def both_sides(case: Case) -> TopicVerdict | None:
    """The politics of ending the war names both sides (or one leading and one of the other
    side's people once, in the body) and the subject's people, ties nothing elsewhere, is the
    war's story and has related wording between the sides or in a headline naming it."""
    rule, ev = case.compiled.profile.sides, case.ev
    if rule is None:
        return None
    leading = max(ev.sides, key=ev.sides.__getitem__) if ev.sides else None
    other_side_once = (
        leading is not None
        and ev.sides[leading] >= rule.leading_side_min
        and any(side != leading and w >= rule.other_side_once for side, w in ev.side_people.items())
    )
    if not (
        (case.sides_named() >= 2 or other_side_once)
        and ev.people >= rule.people_min
        and ev.there == 0
        and (ev.between_sides >= rule.between_sides_min or ev.headline_related)
        and ev.top_names_subject
    ):
        return None
    return case.verdict(
        True,
        f"on-topic: both sides of the war ({case.subject_named}) with related wording "
        f"between them (sides {ev.between_sides:.1f}, subject {ev.subject:.1f})",
    )


def related_wording_alone(case: Case) -> TopicVerdict | None:
    """Without a linked include term: related wording of `families_min` kinds, one of them
    talk of ending the war, reaching `only_min`."""
    rule, ev = case.compiled.profile.wording, case.ev
    if rule is None or not (
        ev.negotiation >= rule.only_min
        and len(ev.weak_families) >= rule.families_min
        and rule.ending_family in ev.weak_families
    ):
        return None
    return case.verdict(
        True,
        f"on-topic: negotiation wording ({listed(tuple(sorted(ev.weak_families)))}) "
        f"with {case.subject_named} (negotiation {ev.negotiation:.1f}, subject {ev.subject:.1f})",
    )


def parties_acting(case: Case) -> TopicVerdict | None:
    """The parties named together (or one "with" the other) talk or deal: `wording_min`."""
    rule, ev = case.compiled.profile.parties, case.ev
    if rule is None or ev.parties_wording < rule.wording_min:
        return None
    return case.verdict(
        True,
        f"on-topic: the parties ({case.subject_named}) named together with "
        f"{listed(tuple(sorted(ev.weak_families)))} wording "
        f"(parties {ev.parties_wording:.1f}, subject {ev.subject:.1f})",
    )


def ending_repeated(case: Case) -> TopicVerdict | None:
    """Talk of ending the war weighing `ending_only_min` in `ending_sentences_min` sentences
    naming the subject."""
    rule, ev = case.compiled.profile.wording, case.ev
    if rule is None or not (
        ev.ending >= rule.ending_only_min and ev.ending_sentences >= rule.ending_sentences_min
    ):
        return None
    return case.verdict(
        True,
        f"on-topic: talk of ending the war in {ev.ending_sentences} sentences naming "
        f"{case.subject_named} (ending {ev.ending:.1f}, subject {ev.subject:.1f})",
    )


def not_enough(case: Case) -> TopicVerdict:
    """The last word: off-topic, saying which evidence fell short."""
    ev, subject = case.ev, case.subject_named
    if ev.strong_any > 0 and not case.linked():
        why = f"{listed(case.include_hits)} never near {subject}"
    elif case.include_hits:
        why = f"{subject}, but {listed(case.include_hits)} only in passing"
    elif ev.weak_families:
        families = listed(tuple(sorted(ev.weak_families)))
        why = f"{subject}, but no include term, and related wording ({families}) is not enough"
    else:
        why = f"{subject}, but no include term or related wording"
    return case.verdict(False, f"off-topic: {why} (negotiation {ev.negotiation:.1f})")


RULES: tuple[Rule, ...] = (
    another_conflict,
    passing_mention,
    one_side_beside_elsewhere,
    negotiation_evidence,
    brief_needs_include,
    both_sides,
    related_wording_alone,
    parties_acting,
    ending_repeated,
)


def topic_score(
    topic: Topic, title: str | None, paragraphs: Sequence[str], actors: Sequence[Actor] = ()
) -> TopicVerdict:
    """The verdict with its evidence; the rule is in monitor/topic/__init__.py. `actors` (the
    tracked actors) tells who the subject's people are."""
    compiled = compile_topic(topic)
    units = sentences(title, paragraphs, compiled.profile.weights)
    people = subject_people(tuple(topic.require), tuple(actors))
    scan = Scan(units, anchor_index(compiled, people))
    exclude = compiled.exclude
    exclude_hits = (
        surface_forms(m.group(0) for m in exclude.finditer(scan.whole)) if exclude else ()
    )
    if exclude_hits or compiled.include is None or compiled.require is None:
        return literal_terms(compiled, Hits(
            include=_found(scan, compiled.include),
            require=_found(scan, compiled.require),
            exclude=exclude_hits,
        ))
    ev = weigh(compiled, people, units, scan, title)
    # The hits the rules saw, sentence by sentence (a term is never read across two sentences).
    case = Case(
        compiled=compiled,
        people=people,
        ev=ev,
        paragraphs=sum(1 for p in paragraphs if p.strip()),
        include_hits=surface_forms(ev.include_seen),
        require_hits=surface_forms(ev.require_seen),
    )
    for rule in RULES:
        verdict = rule(case)
        if verdict is not None:
            return case.named(verdict, rule.__name__)
    return case.named(not_enough(case), "not_enough")


@dataclass(frozen=True)
class Hits:
    """The distinct wordings of each kind of term found in the article."""

    include: tuple[str, ...]
    require: tuple[str, ...]
    exclude: tuple[str, ...]


def _found(scan: Scan, gate: Gated | None) -> tuple[str, ...]:
    return surface_forms(m.group(0) for m in scan.find_all(gate)) if gate else ()


def literal_terms(compiled: CompiledTopic, hits: Hits) -> TopicVerdict:
    """The contract's literal rule where nothing is weighed: an exclude term vetoes; without
    require terms an include term decides (without include terms a require term); with no
    terms every article is kept. None: both kinds of terms are configured, weigh them."""

    def verdict(on: bool, reason: str) -> TopicVerdict:
        return TopicVerdict(
            on_topic=on, subject=0.0, negotiation=0.0, elsewhere=0.0, theatre=0.0,
            include_hits=hits.include, require_hits=hits.require, exclude_hits=hits.exclude,
            reason=reason, rule="literal_terms",
        )

    if hits.exclude:
        return verdict(False, f"off-topic: excluded term {hits.exclude[0]!r}")
    if not compiled.include and not compiled.require:
        return verdict(True, "on-topic: no topic terms configured, every article is kept")
    if compiled.require is None:
        if hits.include:
            return verdict(True, f"on-topic: {listed(hits.include)}")
        return verdict(False, "off-topic: none of the include terms")
    if not compiled.include:
        if hits.require:
            return verdict(True, f"on-topic: {listed(hits.require)}")
        return verdict(False, "off-topic: none of the require terms")
    raise AssertionError("literal_terms: both include and require terms are configured")


def listed(items: Sequence[str], most: int = 4) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" (+{len(items) - most})" if len(items) > most else "")


def is_on_topic(
    topic: Topic, title: str | None, paragraphs: Sequence[str], actors: Sequence[Actor] = ()
) -> bool:
    """True when the article is coverage of `topic` (see monitor/topic/__init__.py)."""
    return topic_score(topic, title, paragraphs, actors=actors).on_topic
