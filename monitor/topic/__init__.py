"""Is an article coverage of the configured topic? (pure, fast, no models)

A generic engine and a topic *profile*: every number and word list below is the profile's
(monitor/data/topics/NAME.yaml, read into typed settings by monitor/topic/profile.py), named
`section.key` here. `topic: {profile: ceasefire}` takes the profile's terms and knowledge;
`topic: {include: ..., require: ..., exclude: ...}` (the contract's shape) weighs those terms
with the default profile (ceasefire), as before profiles existed; `profile: generic` weighs the
user's own terms by place and proximity alone, with no topic's vocabulary. A rule whose profile
section is absent is inert. The evidence rules live in monitor/topic/evidence.py, the decision
rules (steps 4-10, in order) in monitor/topic/decide.py; each verdict names the decision rule
that gave it and the evidence rules that counted (`benchmarks/topic.py CORPUS --rules`).

Speed: each pattern is compiled once per topic (monitor/topic/compiled.py). Its *anchors*, the
literal strings one of which every match contains, are read from the pattern's syntax, and one
Aho-Corasick automaton of all of them finds, in one pass per sentence, which alternatives of
which pattern a sentence may hold: the sentence is scanned by the alternation of only those, or
not at all (monitor/topic/anchors.py). Dropping alternatives that cannot match changes no match,
so the verdicts are those of scanning everything.

The contract's rule is literal: an article is on-topic when it contains any `include` term, any
`require` term (when some are given) and no `exclude` term. Read literally it keeps a story
about another war's ceasefire that names Ukraine once, or one in which the Kremlin comments on
someone else's truce, and it drops coverage that speaks of "talks" and "a deal" without ever
writing "negotiations". So the terms are weighed; the checks run in this order:

1. **Exclude vetoes.** Any `exclude` term anywhere: off-topic.
2. **Without `require` terms, include alone decides**: any `include` term anywhere is enough (and
   without `include` terms, any `require` term; with no terms at all, everything is kept).
3. **Where a term occurs counts.** Each hit is weighted by its place: title (`weights.title`), lead
   paragraph (`weights.lead`), second paragraph (`weights.second`), the rest (`weights.body`).
4. **Another conflict.** Wording ties a ceasefire, truce, war, conflict, fighting or peace to a
   name: "ceasefire in X", "truce over X", "X truce", "war between X and Y", "X-Y ceasefire". When
   X is a `require` term, or a place the article gives to one ("Ukraine's Donbas", "Russia-annexed
   Crimea", "the Donbas in eastern Ukraine"), the tie is *here*; so is every pair of different
   require terms named together ("Russia and Ukraine", "Kyiv, Moscow": the parties). When X is a
   name the article uses as a place ("in Gaza", "from Sudan") or names as a party ("between Israel
   and Hamas", "Israel-Hezbollah"), the tie is *elsewhere*, and an include term so tied is no
   evidence for the topic. People are neither ("Trump peace plan"), and venues are not theatres:
   "talks in Istanbul" ties nothing, because talks happen somewhere while a ceasefire is in a war;
   but talks, negotiations, a deal or tension "between X and Y", and "X and Y sign (agree, reach)
   …", name X and Y as the parties, tied like a war between them, unless X or Y is a tracked person
   ("talks between Trump and Putin"). When the ties elsewhere outweigh (`elsewhere.ratio`) the ties
   here plus the evidence that names the subject (below) plus a headline naming the subject, the
   article is about another conflict: off-topic. A *bystander*: when the include terms are tied
   elsewhere (`elsewhere.bystander_min`) and nothing is tied here, the require terms name a
   mediator or commentator ("Kremlin expects ceasefire in Karabakh"); then sharing a sentence with
   them counts only `elsewhere.bystander_factor`, for include terms and related wording alike
   ("truce after talks hosted in Moscow").
5. **Subject.** The weighted `require` hits (at most `subject.hits_per_sentence` per sentence) must
   reach `subject.min`: a headline mention and one more, two in the lead, or four in the body. The
   subject's *people* count too, `subject.person_factor` a mention: the tracked actors (`actors`)
   whose role titles contain a require term ("Russian President", "Kremlin spokesman", "head of the
   Ukrainian delegation"), by name, alias or surname; a sentence naming one names the subject.
   Fewer is a passing mention, except in a *brief* (at most `brief.paragraphs` paragraphs): there
   `brief.subject_min` is enough when the headline carries an include term, include terms fill
   `brief.include_sentences_min` sentences, the subject is named in `brief.subject_sentences_min`
   sentences, and nothing is tied elsewhere; a brief is then kept only by the include terms of step
   6.
6. **Negotiation evidence.** An `include` hit counts in full when its sentence names the subject
   ("Kyiv backs truce"), `include.paragraph_factor` when its paragraph does,
   `include.adjacent_factor` when a neighbouring paragraph does (title and lead count as one), and
   `include.loose_factor` otherwise. The article is on-topic when the sum reaches
   `include.negotiation_min` and the terms are linked to the subject: hits naming it reach
   `include.named_min`, or the article ties the theatre here.
7. **Both sides.** The war has sides, read from the actors' roles: require terms found in one
   actor's roles are one side ("Russian", "Kremlin"; "Russia" and "Russian" are one name), and each
   of the subject's people is on the side their roles name (a role naming two, "envoy for Russia
   and Ukraine", takes none; "Kyiv", in no role, takes none). An article naming only one side
   (`sides.side_min`) beside wording tied elsewhere is that side mediating or commenting ("Kremlin
   offers to mediate negotiations between Israel and Iran"): off-topic, whatever its include terms
   (this gate runs before step 6). Coverage of the politics of ending the war (leaders' meetings
   and rows, summits, envoys, sanctions, replies to each other's remarks) names both sides
   (`sides.side_min` each, or one side leading, `sides.leading_side_min`, and one of the other
   side's people in a sentence of the body, `sides.other_side_once`: "Zelensky welcomed the
   sanctions") and the subject's people (`sides.people_min`), ties nothing elsewhere, is the war's
   story (its headline names the subject, or its lead names both sides or one beside related
   wording: "sanctions on Russia's oil push Putin towards a deal"), and has related wording (step
   8's lexicon, an include term, or `sides.politics`: "summit", "met", "sanctions", "rift", "jibe")
   in sentences naming both sides (`sides.between_sides_min`; a side-less term beside one side
   counts as the other) or in a headline naming the subject ("Kremlin rejects Trump's jibe"). NATO
   spending or the Kremlin on Venezuela name the sides apart or under another story, and stay out.
   Without actors this step is inert.
8. **Related wording.** Peace-process vocabulary (`wording.families`, enabled when the profile is
   named or the include terms contain a `wording.triggers` word: "talks", "dialogue", "deal",
   "diplomacy", "peace", "end the war", "swapped prisoners", ...; not inside hyphenated compounds,
   a "settlement" only a negotiated one) adds weak evidence: `wording.sentence_factor` in a
   sentence naming the subject, `wording.paragraph_factor` in its paragraph; "end the war" anywhere
   `wording.loose_factor`. With no linked include term the article is still on-topic when this
   reaches `wording.only_min` in `wording.families_min` kinds of wording, one of them talk of
   ending the war ("the war has to end", "wants the war to end"; not "after the war ended").
9. **The parties acting.** A sentence naming two require terms of different words together ("Russia
   and Ukraine sign grain deals") or a talk or deal *with* one after another ("Russia is ready for
   talks with Ukraine"; not with a place of the article between), holding related wording of
   `parties.families`, counts its weight once; `parties.wording_min` makes it coverage. A pair
   describing the war ("the war between Russia and Ukraine") is not the parties acting.
10. **Ending the war, repeated.** Talk of ending the war weighing `wording.ending_only_min` in at
   least `wording.ending_sentences_min` sentences naming the subject is coverage. Steps 9 and 10
   need no actors: they keep people-less coverage ("Russia and Ukraine sign accord with the UN")
   that step 7 cannot see.

Terms match case-insensitively, tolerant of inflection ("negotiations" finds "negotiate",
"negotiating", "negotiator"; "truce" finds "truces"; "memorandum" finds "memoranda"), of plural
modifiers ("prisoners exchange") and of the separator inside a term ("cease-fire", "cease fire"
and "ceasefire" all match the term "cease-fire"). Capitals mark names, except in a Headline
Where Every Word Is Capitalised: there only a place the body confirms counts.

`topic_score(topic, title, paragraphs, actors=())` returns the verdict with its evidence and a
one-line reason; `is_on_topic` (same arguments) the verdict alone. Capitals mark the people's
names too: they match as written. `benchmarks/topic.py CORPUS_DIR [--actors FILE]` measures
both against an annotated corpus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from monitor.topic.profile import (
    DEFAULT_PROFILE,
    ProfileError,
    TopicProfile,
    available_profiles,
    load_profile,
)

if TYPE_CHECKING:
    from monitor.topic.decide import TopicVerdict, is_on_topic, topic_score

_DECIDING = ("TopicVerdict", "is_on_topic", "topic_score")


def __getattr__(name: str) -> Any:
    """The scoring loads on first use: reading a configuration (monitor/config.py reads the
    profiles) and a poll that finds nothing new never import it."""
    if name in _DECIDING:
        from monitor.topic import decide

        return getattr(decide, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "DEFAULT_PROFILE",
    "ProfileError",
    "TopicProfile",
    "TopicVerdict",
    "available_profiles",
    "is_on_topic",
    "load_profile",
    "topic_score",
]
