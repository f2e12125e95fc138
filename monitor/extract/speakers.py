"""Who a speaker phrase refers to: a tracked actor, someone untracked, or no person at all.

The discourse state follows an article the way a reader does: the latest subject or speaker is
the antecedent of "he"/"she"; a definite description ("the chancellor") is the latest person
described with the same noun; an indefinite one ("a senior official") or a name that is not
tracked is a new, untracked person, who blocks pronouns from reaching back past them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from monitor.extract.actors import ActorIndex, ActorRef, find_actor_refs
from monitor.extract.lexicon import Lexicon
from monitor.models import Actor

# "Firstname Lastname, a/an/the … <function noun>" or "…, who …": someone untracked.
APPOSITIVE_NAME = re.compile(
    r"\b([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2}),\s+((?:an?|the|who)\b[^,.;:]{0,60})"
)
# A capitalised word opening a sentence, right before a lower-case word (a verb, maybe).
SUBJECT_NAME = re.compile(
    r"(?:^|[.!?][”\"»’']?\s+)(?:[A-Z][\w’'-]+\s+){0,3}([A-Z][\w’'-]+)\s+([a-z]+)\b")
# "the president" is ambiguous when this many latest people hold two who fit it.
AMBIGUITY_WINDOW = 3
# More people coordinated with a name: ", Merz and Starmer", " and Zelensky".
JOINED_SUBJECT = re.compile(r"(?:\s*,\s*[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)*,?\s+(?:and|&)\s+[A-Z]")
# Capitalised words right after a role title: "… Chancellor Olaf Scholz".
ATTACHED_NAME = re.compile(r"(?:[ \t]+[A-Z][\w’'.-]*){1,3}")
# "Russian President Vladimir Putin's envoy": the titled name owns what follows
OWNED_AFTER_TITLE = re.compile(r"(?:[ \t]+[A-Z][\w.-]*){1,3}['’]s\b")
# "Germany's chancellor, Olaf Scholz, was …": a name set off by commas after the title
TITLE_APPOSITIVE = re.compile(r",((?:[ \t]+[A-Z][\w’'.-]*){1,3})(?=,)")
WORD = re.compile(r"[\w][\w'’.-]*")
# "The letter from Voss to Reyes", "a new statement from the minister": words and their sender.
WORDS_FROM = re.compile(r"(?:[Tt]he|[Aa]n?)\s+(?:[\w-]+\s+){0,2}?(?P<noun>[a-z]+)\s+from\s+"
                        r"(?P<who>.+?)(?:\s+to\s+.+)?$")
# A capitalised word, as untracked names are learnt ("Scholz" in "Scholz-led", not in "Scholz's").
CAPITALISED = re.compile(r"(?<![\w])[A-Z][\w’']*(?:-[A-Z][\w’']*)*")
# "the 72-year-old": an age describing the latest subject
AGE = re.compile(r"\d{2,3}-year-old")


def is_plural(phrase: str) -> bool:
    """Whether a description's head noun is plural: "critics", "two senior officials"."""
    words = phrase.lower().split()
    head = words[-1].strip(",.;:") if words else ""
    return len(head) > 3 and head.endswith("s") and not head.endswith(
        ("ss", "us", "is", "'s", "’s"))


def key_of_words(title: str) -> list[str]:
    """A role title's words, lower-cased, possessive endings dropped ("Russia's" → "russia")."""
    return [w.removesuffix("'s").replace(".", "")
            for w in title.lower().replace("’", "'").split()]


@lru_cache(maxsize=4)
def _preposition_splitter(prepositions: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"\s(?:" + "|".join(re.escape(p) for p in sorted(prepositions)) + r")\s")


@dataclass(eq=False)
class Entity:
    """A person (or group) the article talks about."""

    actor: Actor | None  # None: someone who is not tracked
    label: str
    heads: frozenset[str] = frozenset()
    pronoun: str | None = None  # "he"/"she" once the article has used one for them
    described: frozenset[str] = frozenset()  # words the article has described them with
    plural: bool = False  # "critics", "officials": a group, never what "he"/"she" means


@dataclass(frozen=True)
class Resolution:
    entity: Entity | None  # None: the phrase names no person (an institution, a document)
    phrase: str
    confidence: float
    explicit: bool  # named or described in the phrase itself, not reached through a pronoun


@dataclass
class Discourse:
    index: ActorIndex
    lexicon: Lexicon
    day: date | None
    salient: Entity | None = None  # the antecedent of "he"/"she"
    salient_spoke: bool = False  # salient by speaking (not by being a sentence's subject)
    # no salient person because a sentence reported what someone said about others
    reported_about: bool = False
    last_speaker: Entity | None = None
    recent: list[Entity] = field(default_factory=list)
    recent_speakers: list[Entity] = field(default_factory=list)  # who spoke, latest last
    by_actor: dict[Actor, Entity] = field(default_factory=dict)
    untracked_names: set[str] = field(default_factory=set)
    common_words: frozenset[str] = frozenset()  # words the article writes in lower case
    # the previous sentence: the people it names as subjects are rivals for "the president"
    previous_sentence: str = ""

    # ------------------------------------------------------------------ entities

    def entity_for(self, actor: Actor) -> Entity:
        entity = self.by_actor.get(actor)
        if entity is None:
            entity = Entity(actor, actor.name, self.index.role_heads.get(actor, frozenset())
                            | self.alias_titles(actor), self.gender_of_name(actor.name))
            self.by_actor[actor] = entity
        return entity

    def alias_titles(self, actor: Actor) -> frozenset[str]:
        """Rule alias_title: a title abbreviation in a configured alias ("Sen. Lena Voss")
        is what a definite description calls them ("the senator")."""
        abbreviations = self.lexicon.title_abbreviations
        return frozenset(abbreviations[w] for alias in actor.aliases
                         for w in alias.lower().replace(".", " ").split() if w in abbreviations)

    def touch(self, entity: Entity) -> None:
        if entity in self.recent:
            self.recent.remove(entity)
        self.recent.append(entity)
        del self.recent[:-12]

    def set_subject(self, entity: Entity) -> None:
        self.salient = entity
        self.reported_about = False
        self.salient_spoke = False
        self.touch(entity)

    def set_speaker(self, entity: Entity) -> None:
        self.salient = entity
        self.reported_about = False
        self.salient_spoke = True
        self.last_speaker = entity
        self.touch(entity)
        if entity in self.recent_speakers:
            self.recent_speakers.remove(entity)
        self.recent_speakers.append(entity)
        del self.recent_speakers[:-AMBIGUITY_WINDOW]

    # ------------------------------------------------------------------ phrases

    def name_tokens(self, text: str) -> list[str]:
        """Capitalised words that look like part of someone's name."""
        lex = self.lexicon
        names = []
        for m in WORD.finditer(text):
            word = m.group()
            low = word.lower().rstrip(".").replace("’", "'")
            low = low[:-2] if low.endswith("'s") else low
            if not word[0].isupper() or low in lex.not_names or low in lex.determiners:
                continue
            if low in lex.person_nouns or low in lex.thing_nouns or low in lex.pronouns:
                continue
            names.append(word)
        return names

    def resolve(self, phrase: str, context: str = "",
                exclude: frozenset[Actor] = frozenset()) -> Resolution:
        """The person a speaker phrase refers to.

        `context` is the sentence before the phrase: a definite description ("the president")
        refers to the nearest person it fits, and someone named there, even as an owner
        ("Zelensky's spokesman quoted the president"), is nearer than earlier sentences.
        `exclude` holds actors named as objects in the same clause, whom the subject cannot be
        ("The president criticised Zelensky": not Zelensky).
        """
        lex = self.lexicon
        text = phrase.strip(" \t\n,;:—–-“”\"«»•·*")
        words = text.split()
        while words and words[0].lower() in lex.clause_openers:
            words.pop(0)
        while words and words[-1].lower() in lex.between_words:
            words.pop()
        text = " ".join(words)
        if not text:
            return Resolution(None, phrase.strip(), 0.0, False)
        low = text.lower()
        pronoun = lex.pronouns.get(low)
        if pronoun is not None:
            return self._pronoun(text, low, pronoun)
        sender = WORDS_FROM.match(text)
        if sender and sender.group("noun").lower() in lex.message_nouns | lex.speech_nouns:
            # "The letter from Voss to Reyes", "a statement from his office": the sender's words
            return self.resolve(sender.group("who"), context, exclude)
        all_refs = find_actor_refs(self.index, text, self.day)
        refs = [r for r in all_refs if not r.possessive
                and not self.after_preposition(text, r.start)]
        owned = self._owned_words(text, words, refs, all_refs)
        if owned is not None:
            return owned
        if len({r.actor for r in refs}) > 1 and re.search(r"\band\b|&", text[refs[-2].end:
                                                                              refs[-1].start]):
            return Resolution(None, text, 0.0, True)  # "Trump and Zelensky said": a joint text
        if refs:
            return self._named(text, refs, all_refs)
        return self._description(text, words, context, exclude)

    def _pronoun(self, text: str, low: str, pronoun: str) -> Resolution:
        """Rule: "he"/"she" (and "they" for people) is the antecedent the discourse holds."""
        entity = self.antecedent(low) if pronoun == "person" else None
        if entity is None:
            return Resolution(None, text, 0.0, False)
        if low in ("he", "she") and entity.pronoun is None:
            entity.pronoun = low
        return Resolution(entity, text, 0.85 if entity is self.salient else 0.7, False)

    def _owned_words(self, text: str, words: list[str], refs: list[ActorRef],
                     all_refs: list[ActorRef]) -> Resolution | None:
        """Rule: someone's words as the speaker phrase ("Trump's post on Wednesday", "his
        remarks"): the owner said them."""
        lex = self.lexicon
        last_word = text.split()[-1].lower().strip(".,")
        owners = [r for r in all_refs if r.possessive]
        if owners and not refs:
            # "Trump's post on Wednesday": the noun before a trailing phrase is the head
            owned = text[owners[-1].end:].split()
            cut = next((i for i, w in enumerate(owned) if i and w.lower() in lex.prepositions),
                       len(owned))
            if owned[:cut]:
                last_word = owned[cut - 1].lower().strip(".,")
        if owners and not refs and last_word in lex.speech_nouns:
            # "Trump's post", "Putin's remarks": the owner's words
            return Resolution(self.entity_for(owners[-1].actor), text, 0.85, True)
        if words[0].lower() in ("his", "her") and last_word in lex.speech_nouns:
            return Resolution(self.salient, text, 0.75, False)
        return None

    def _description(self, text: str, words: list[str], context: str,
                     exclude: frozenset[Actor]) -> Resolution:
        """A phrase naming no tracked person: a description of someone mentioned before, an
        untracked name or person, or no person at all (an institution, a document)."""
        lex = self.lexicon
        low = text.lower()
        lows = [w.lower().strip(".,") for w in words]
        first = lows[0]
        nouns = [w for w in lows if w in lex.person_nouns]
        things = [w for w in lows if w in lex.thing_nouns] or (
            [t for t in lex.thing_nouns if " " in t and t in low])
        if first in ("the", "his", "her", "its", "their") and lows[-1] in lex.message_nouns:
            return Resolution(self.last_speaker, text, 0.7, False)
        if things and not nouns:
            return Resolution(None, text, 0.0, True)
        if first == "the" and len(words) > 1 and lows[-1] in lex.person_nouns:
            described = self._described(words[1:-1], lows[-1], context, exclude)
            if described is not None:
                return Resolution(described, text, 0.75, False)
        names = self.name_tokens(text)
        if names:
            return self._untracked(text, names)
        if first in ("the",) and len(words) > 1:
            definite = self._definite(text, words, lows, exclude)
            if definite is not None:
                return definite
        if nouns:
            return self._untracked(text, [])
        return Resolution(None, text, 0.0, True)

    def _definite(self, text: str, words: list[str], lows: list[str],
                  exclude: frozenset[Actor]) -> Resolution | None:
        """Rule: a definite description ("the president", "the Kremlin official", "the
        78-year-old") is the latest person it fits, unless a rival fits as well."""
        lex = self.lexicon
        head = lows[-1]
        if lows[-3:] == ["head", "of", "state"]:
            head, words = "president", [*words[:-3], "president"]  # "the head of state"
        # office words and capitalised modifiers must fit: "the Commission president" is
        # not the U.S. president
        modifiers = [w.lower().strip(",").removesuffix("'s").removesuffix("’s")
                     .replace(".", "") for w in words[1:-1]
                     if (w.lower() in lex.role_modifiers or w[:1].isupper())
                     and w.lower() not in lex.descriptive_nouns]  # "Republican"
        # "the Kremlin official": a generic head fits whoever the modifiers describe
        generic = head in lex.generic_person_heads and bool(modifiers)
        fitting = [e for e in reversed(self.recent)
                   if (head in e.heads or (generic and e.actor is not None))
                   and e.actor not in exclude
                   and all(m in self._role_words(e) for m in modifiers)
                   and (not self._deputy_only(e, head) or lex.office_qualifiers & set(lows))]
        salient = self.salient
        if fitting and salient is not None and salient.actor is None and (
                not salient.heads or head in salient.heads) and all(
                m in self._role_words(salient) for m in modifiers) and (
                salient in self.recent
                and self.recent.index(salient) > self.recent.index(fitting[0])):
            # someone untracked just made the subject may be "the president" as well
            return Resolution(Entity(None, text, frozenset([head])), text, 0.0, False)
        if fitting:
            return self._pick_holder(text, head, modifiers, fitting, exclude)
        # "the 78-year-old Republican": a description, not a function, of the latest subject;
        # "the spokesman" matching nobody described so is someone new
        descriptive = head in lex.descriptive_nouns or AGE.fullmatch(head)
        if descriptive and self.salient is not None and (
            self.salient.actor not in exclude) and all(
                m in self._role_words(self.salient) for m in modifiers) and (
            len(words) <= 4 and not any(w in lex.not_a_clause_start
                                        for w in lows[1:])
        ):
            return Resolution(self.salient, text, 0.6, False)
        return None

    def _pick_holder(self, text: str, head: str, modifiers: list[str], fitting: list[Entity],
                     exclude: frozenset[Actor]) -> Resolution:
        """Rule: of the people a description fits, the latest, unless a rival was named as a
        subject last sentence or spoke lately ("the president" between two presidents)."""
        rivals = [e for e in fitting[1:] if e in self.recent[-AMBIGUITY_WINDOW:]]
        introduced = fitting[0] is self.salient and not self.salient_spoke
        # rivals named as subjects last sentence, or named at all when the one who fits
        # was not its subject ("the deadline set by President Trump for his Ukrainian
        # counterpart, Zelensky" leaves "the president" open)
        previous = self.previous_sentence
        previous_subjects = self.named_subjects(previous)
        candidates = previous_subjects if fitting[0].actor in previous_subjects else {
            r.actor for r in find_actor_refs(self.index, previous, self.day)
            if not JOINED_SUBJECT.match(previous, r.end)  # not one of a list
            and not re.search(r"(?:\band|&)\s*$", previous[:r.start])}
        named_rival = any(
            a is not fitting[0].actor and a not in exclude
            and head in self.entity_for(a).heads
            and all(m in self._role_words(self.entity_for(a)) for m in modifiers)
            for a in candidates) or \
            self._untracked_titled(self.previous_sentence, head, fitting[0])
        # the last sentence's speaker goes on unless a rival spoke lately too
        kept_speaking = fitting[0] is self.salient and self.salient_spoke and not any(
            r in self.recent_speakers and r.actor is not None for r in rivals)
        if named_rival or (rivals and fitting[0] in self.recent[-AMBIGUITY_WINDOW:]
                           and not introduced and not kept_speaking):
            # two presidents in the same exchange: "the president said" is either,
            # unless the last sentence made one its subject ("Trump followed.") and
            # named no other president
            return Resolution(Entity(None, text, frozenset([head])), text, 0.0, False)
        return Resolution(fitting[0], text, 0.75, False)

    def _untracked_titled(self, text: str, head: str, entity: Entity) -> bool:
        """Whether the text names someone untracked with the title ("President Lula"): a
        rival for "the president" to the entity."""
        own = [(r.start, r.end) for r in find_actor_refs(self.index, text, self.day)]
        for m in re.finditer(rf"\b{re.escape(head.capitalize())}\s+([A-Z][\w’'-]+)", text):
            if not any(s <= m.start(1) < e for s, e in own) and self.name_tokens(m.group(1)):
                return True
        return False

    def _deputy_only(self, entity: Entity, head: str) -> bool:
        """Whether the entity is a `head` only as a deputy ("Vice President"): "the US
        president" is not the vice president."""
        titles = [key_of_words(r.title) for r in entity.actor.roles] if entity.actor else []
        with_head = [t for t in titles if t and t[-1] == head]
        if not with_head:
            return bool(self.lexicon.office_qualifiers & entity.described)
        return all(len(t) > 1 and t[-2] in self.lexicon.office_qualifiers for t in with_head)

    def _role_words(self, entity: Entity) -> frozenset[str]:
        """Words of the entity's role titles and of the article's descriptions of them: "the
        prime minister" is not someone known only as a foreign minister."""
        words = set(entity.described) | set(key_of_words(entity.label))
        if entity.actor is not None:
            for role in entity.actor.roles:
                words.update(key_of_words(role.title))
        return frozenset(words)

    def _described(self, modifiers: list[str], head: str, context: str,
                   exclude: frozenset[Actor]) -> Entity | None:
        """The tracked person a definite description fits: the nearest one named in the
        sentence so far, else among the people the article has made subjects, whose role title
        holds the description's capitalised modifiers ("the Turkish leader" for a "Turkish
        President"; a leader is whoever heads a government). None when no one or several fit."""
        lex = self.lexicon
        adjectives = [w.lower() for w in modifiers if w[:1].isupper()]
        if len(adjectives) != len(modifiers) and adjectives:
            return None  # "the Turkish foreign minister's…": not a plain description
        leaders = lex.leader_nouns

        def fits(actor: Actor) -> bool:
            if actor in exclude:
                return False
            for role in actor.roles:
                if self.day is not None and not role.held_on(self.day):
                    continue
                role_words = key_of_words(role.title)
                role_head = role_words[-1] if role_words else ""
                same_head = head == role_head or (head == "leader" and role_head in leaders)
                if len(role_words) > 1 and role_words[-2] in self.lexicon.office_qualifiers and \
                        role_words[-2] not in {m.lower() for m in modifiers}:
                    continue  # "the US president" is not the US vice president
                if same_head and all(a in role_words for a in adjectives):
                    return True
            return False

        refs = [r for r in find_actor_refs(self.index, context, self.day)
                if not (r.by_role and self.attached_name(context, r.end))]
        for ref in reversed(refs):
            if fits(ref.actor):
                return self.entity_for(ref.actor)
        tracked_words = {w for r in refs for w in context[r.start:r.end].split()}
        for owner in re.finditer(r"\b([A-Z][\w-]+)['’]s\s", context):
            if owner.group(1) not in tracked_words and self.name_tokens(owner.group(1)):
                # "Nowak's spokesman quoted the president": the nearest president is Nowak,
                # who is not tracked
                return Entity(None, owner.group(1), frozenset([head]))
        if not adjectives:
            return None  # a bare "the president": the discourse heads decide, below
        candidates = [e for e in self.recent if e.actor is not None and fits(e.actor)]
        return candidates[-1] if len({e.actor for e in candidates}) == 1 else None

    def _named(self, text: str, refs: list[ActorRef], all_refs: list[ActorRef]) -> Resolution:
        """A phrase naming a tracked actor: theirs, unless the name only modifies someone."""
        lex = self.lexicon
        head = refs[-1]  # English noun phrases end in their head: "Kremlin spokesman Peskov"
        tail = text[head.end:]
        for r in all_refs:
            if r.start >= head.end:
                tail = tail.replace(text[r.start:r.end], " ")
        # "Trump on Truth Social": the platform after a preposition is no one
        before_preposition = _preposition_splitter(lex.prepositions).split(f"{tail} ", 1)[0]
        tail_names = self.name_tokens(before_preposition)
        if tail_names:  # "Trump ally Lindsey Graham", "Ukraine's foreign minister, Kuleba"
            return self._untracked(text, tail_names)
        opening = text[:head.start].split()
        if head.by_role and opening and opening[0].lower() in ("a", "an", "another", "one"):
            return self._untracked(text, [])  # "a Kremlin spokesman": one of several
        if head.by_role and opening and opening[-1].lower() in lex.other_office_words:
            return self._untracked(text, [])  # "the deputy secretary of state", "ex-"
        tail_words = []
        for word in tail.lower().replace(",", " ").split():
            if word in lex.prepositions:
                break  # "Putin at the Kremlin": the rest is not his noun
            tail_words.append(word)
        if tail_words and not tail.lstrip().startswith(","):
            # the name modifies a noun after it: "a Zelensky adviser", "Trump officials"
            if any(w in lex.person_nouns for w in tail_words):
                return self._untracked(text, [])
            if any(w in lex.thing_nouns for w in tail_words):
                return Resolution(None, text, 0.0, True)
            nouns = [w for w in tail_words if w.isalpha() and w not in lex.between_words
                     and w not in lex.function_words and not w.endswith("ly")
                     and w not in lex.pronouns]
            if nouns:  # "the Putin regime", "the Trump campaign", "Putin allies": a group
                return Resolution(None, text, 0.0, True)
        entity = self.entity_for(head.actor)
        entity.pronoun = entity.pronoun or self.gender_of(text[:head.start])
        words = {w.lower().strip(",.") for w in text.split()}
        # "Gov. Chris Christie" is "the governor" later on
        described = (words & lex.person_nouns) | {
            lex.title_abbreviations[w] for w in words if w in lex.title_abbreviations}
        if not described <= entity.heads:  # "Kremlin press secretary Dmitry Peskov"
            entity.heads = entity.heads | described
        if not words <= entity.described:
            entity.described = entity.described | words
        return Resolution(entity, text, 0.9 if head.by_role else 0.95, True)

    def antecedent(self, pronoun: str) -> Entity | None:
        """The latest subject, unless the article has used the other pronoun for them; then
        the latest person it has used this pronoun for (a "she" after a "he")."""
        salient = self.salient
        if pronoun in ("he", "she") and salient is None and not self.reported_about:
            # no subject lately ("… could lead to more upheaval than Clinton, the former
            # secretary"): the one person of that gender the last sentence named
            return self._only_one_named(pronoun)
        if pronoun in ("he", "she") and salient is not None and salient.plural:
            # "Critics warned that … “…,” he said": the group is not "he"; the person before is
            return next((e for e in reversed(self.recent[-4:]) if not e.plural
                         and e.pronoun in (None, pronoun)), None)
        if pronoun not in ("he", "she") or salient is None or salient.pronoun in (None, pronoun):
            return salient
        for entity in reversed(self.recent[-4:]):
            # the latest other person this pronoun may stand for
            if entity is not salient and entity.pronoun in (pronoun, None):
                return entity
        return self._only_one_named(pronoun)

    def _only_one_named(self, pronoun: str) -> Entity | None:
        """"Trump met Leavitt on Monday. “…,” she said": the one person the last sentence
        named, as subject or object, whom this pronoun fits; None if anyone else might."""
        text = self.previous_sentence
        refs = find_actor_refs(self.index, text, self.day)
        fitting = {r.actor for r in refs if self.entity_for(r.actor).pronoun == pronoun}
        if len(fitting) != 1:
            return None
        tracked = "".join(text[r.start:r.end] for r in refs)
        if any(w not in tracked and w.lower() in self.lexicon.names_for(pronoun)
               for w in self.name_tokens(text)):
            return None  # "Trump met Giorgia Meloni and Leavitt": someone untracked may be her
        return self.entity_for(fitting.pop())

    def after_preposition(self, text: str, start: int) -> bool:
        """Whether the name is the object of a preposition, its titles aside ("to U.S.
        President Donald Trump", "with Kremlin aide Yuri Ushakov")."""
        before = text[:start].split()
        lex = self.lexicon
        if before and before[-1].endswith(","):
            return False  # "On Telegram, Zelensky …": the comma closes the phrase
        while before and (before[-1][:1].isupper() or before[-1].lower() in lex.person_nouns) and (
            before[-1].lower() not in lex.pronouns
        ):
            if before.pop().endswith(","):
                return False  # "On Maple Street, Mr Zelensky …": the comma closes the phrase
        return bool(before) and before[-1].lower() in self.lexicon.prepositions

    def has_name(self, text: str) -> bool:
        """Whether the phrase names someone (tracked or not), a role title aside."""
        refs = find_actor_refs(self.index, text, self.day)
        if any(not r.by_role for r in refs):
            return True
        for r in refs:
            text = text[:r.start] + " " * (r.end - r.start) + text[r.end:]
        return bool(self.name_tokens(text))

    def learn_names(self, text: str, cue_starts: list[int]) -> None:
        """Remember untracked people's names: the word before a speech verb ("Guterres said")
        and a name after a function noun ("Chancellor Olaf Scholz"), so that a later sentence
        about them ("Guterres, speaking before the signing, …") moves the pronoun antecedent."""
        lex = self.lexicon
        tracked = {text[r.start:r.end] for r in find_actor_refs(self.index, text, self.day)}
        tracked_words = {w for t in tracked for w in t.split()}
        for start in cue_starts:
            before = text[max(0, start - 60):start].split()  # the word before the cue
            if before and before[-1][:1].isupper() and before[-1].isalpha():
                self._learn_name(before[-1], tracked_words)
        for m in SUBJECT_NAME.finditer(text):
            # "Orban has long opposed sanctions." — a name as the subject of a verb
            word, verb = m.group(1), m.group(2)
            if verb in lex.subject_verbs or verb.endswith("ed"):
                self._learn_name(word, tracked_words)
        for m in APPOSITIVE_NAME.finditer(text):
            described = m.group(2).lower().split()
            if m.group(2).startswith("who") or any(w in lex.person_nouns for w in described):
                # "Marta Lindqvist, an analyst at …,"
                self._learn_name(m.group(1).split()[-1], tracked_words)
        words = text.split()
        for i, low in enumerate(text.lower().split()):
            if low.strip(",.") not in lex.person_nouns:
                continue
            names = []
            for nxt in words[i + 1:i + 4]:
                clean = nxt.strip(",.;:")
                if not clean[:1].isupper() or not self.name_tokens(clean):
                    break
                names.append(clean)
                if clean != nxt:
                    break
            if len(names) >= 2:
                self._learn_name(names[-1], tracked_words)

    def _learn_name(self, word: str, tracked_words: set[str]) -> None:
        """Rule common_word_not_name: a learnt name is a capitalised word that is no tracked
        name (possessive or not: "Reyes's") and that the article never writes in lower case
        ("Audiences can expect …", "There was …", "You could …" start sentences)."""
        word = word.replace("’s", "").replace("'s", "")
        if word in tracked_words or word.lower() in self.common_words:
            return
        if self.name_tokens(word):
            self.untracked_names.add(word)

    def tidy_phrase(self, phrase: str) -> str:
        """The speaker phrase shown as evidence: the noun phrase naming the person, without
        the clause around it ("The talks came after President Trump" -> "President Trump",
        "Putin has long" -> "Putin", "Zelensky on Wednesday" -> "Zelensky")."""
        refs = [r for r in find_actor_refs(self.index, phrase, self.day) if not r.possessive]
        if not refs:
            words = phrase.split()
            while len(words) > 1 and words[-1].lower() in self.lexicon.between_words:
                words.pop()
            return " ".join(words)
        ref = refs[-1]
        stops = self.lexicon.function_words | self.lexicon.between_words | \
            self.lexicon.speaker_phrase_stops
        role_words = self.lexicon.role_modifiers
        words = phrase[:ref.start].split()
        keep = len(words)
        for n in range(len(words) - 1, -1, -1):
            word = words[n].lower().strip(",;:")
            if word in stops and not (word == "of" and n > 0 and words[n - 1][:1].isupper()):
                break  # "Secretary of State Marco Rubio" keeps its "of"
            if words[n].endswith((",", ";", ":")) or words[n] in ("—", "–", "-", "|") or any(
                    c.isdigit() for c in words[n]):
                break  # "08:40 — Zelensky", "KYIV — Ukrainian President …"
            right = words[n + 1] if n + 1 < len(words) else phrase[ref.start:ref.end]
            if words[n][:1].islower() and word != "of" and right[:1].isupper() and not (
                    word in self.lexicon.person_nouns or word in role_words):
                break  # "During the campaign Trump": not a title
            keep = n
        if keep > 0 and words[keep - 1].lower() in ("the", "his", "her", "their"):
            keep -= 1  # "the Russian leader", "His colleague Yuri Ushakov"
        return " ".join([*words[keep:], phrase[ref.start:ref.end]]).strip()

    def named_subjects(self, text: str) -> frozenset[Actor]:
        """Tracked people named in the text as a clause's subject could be: not as owners,
        objects of a preposition, modifiers of a noun or one of several joined subjects."""
        return frozenset(
            r.actor for r in find_actor_refs(self.index, text, self.day)
            if not r.possessive and not self.after_preposition(text, r.start)
            and not self.modifies_noun(text, r) and not JOINED_SUBJECT.match(text, r.end)
            and not re.search(r",\s*$", text[:r.start]))  # nor a later one of a list

    def first_person(self, text: str) -> Entity | None:
        """The first person named in subject-like position (not owned, not after a preposition).

        A leading subordinate clause ("When Zelensky tried to object, Trump …") is skipped.
        """
        words = text.split(maxsplit=1)
        openers = self.lexicon.subordinators | self.lexicon.not_a_main_clause
        if words and words[0].lower() in openers and "," in text:
            # "Asked whether Putin would come, he said": the question's Putin is not "he"
            text = " " * (text.index(",") + 1) + text[text.index(",") + 1:]
        best: tuple[int, Entity] | None = None
        for ref in find_actor_refs(self.index, text, self.day):
            if not ref.possessive and not self.after_preposition(text, ref.start):
                if self.modifies_noun(text, ref):
                    continue  # "The Trump administration …", "Putin aides …"
                if JOINED_SUBJECT.match(text, ref.end):
                    return None  # "Macron, Merz and Starmer sat …": several people, not one
                if ref.by_role and OWNED_AFTER_TITLE.match(text, ref.end):
                    continue  # "Russian President Vladimir Putin's envoy …": an owner
                attached = self.attached_name(text, ref.end) if ref.by_role else []
                if attached:
                    # "German Chancellor Olaf Scholz": the title is the named person's
                    best = (ref.start, self._untracked(" ".join(attached), attached).entity
                            or self.entity_for(ref.actor))
                else:
                    best = (ref.start, self.entity_for(ref.actor))
                break
        if self.untracked_names:
            for m in CAPITALISED.finditer(text):
                if m.group() not in self.untracked_names:
                    continue  # a set lookup per word: no regex rebuilt as names are learnt
                if self.after_preposition(text, m.start()):
                    continue
                if best is None or m.start() < best[0]:
                    entity = self._untracked(m.group(), [m.group()]).entity
                    if entity is not None:
                        best = (m.start(), entity)
                break
        return best[1] if best else None

    def attached_name(self, text: str, end: int) -> list[str]:
        """The capitalised name right after a role title ("Vice President Kamala Harris"),
        when it is not a tracked name: then the title is that person's."""
        run = ATTACHED_NAME.match(text, end) or TITLE_APPOSITIVE.match(text, end)
        names = []
        for word in (run.group().strip(", \t").split() if run else []):
            if not self.name_tokens(word):
                break
            names.append(word.removesuffix("’s").removesuffix("'s"))
        if not names:
            return []
        tracked = find_actor_refs(self.index, " ".join(names), self.day)
        return [] if any(not r.by_role for r in tracked) else names

    def modifies_noun(self, text: str, ref: ActorRef) -> bool:
        """Whether the name is a modifier of the noun after it ("the Trump administration")."""
        after = re.match(r"\s+([a-z]+)", text[ref.end:])
        return after is not None and (after.group(1) in self.lexicon.thing_nouns
                                      or after.group(1) in self.lexicon.person_nouns)

    def _untracked(self, text: str, names: list[str]) -> Resolution:
        heads = frozenset(w.lower() for w in text.split() if w.lower() in self.lexicon.person_nouns)
        label = " ".join(names) if names else text
        for entity in reversed(self.recent):
            if entity.actor is None and names and names[-1] in entity.label.split():
                return Resolution(entity, text, 0.9, True)
        if names:
            self.untracked_names.add(names[-1])
        pronoun = self.gender_of(text) or self.gender_of_name(text)
        return Resolution(Entity(None, label, heads, pronoun, plural=not names and is_plural(text)),
                          text, 0.9, True)

    def gender_of(self, phrase: str) -> str | None:
        """"he"/"she" when the phrase shows it: a courtesy title or a gendered noun."""
        for word in phrase.lower().replace(".", " ").split():
            if word in self.lexicon.she_words:
                return "she"
            if word in self.lexicon.he_words:
                return "he"
        return None

    def gender_of_name(self, phrase: str) -> str | None:
        """"he"/"she" when a capitalised word of the phrase is a given name used for only one
        ("Karoline Leavitt", "spokeswoman Maria Zakharova")."""
        for word in phrase.split():
            if not word[:1].isupper():
                continue
            word = word.strip(",.’'").lower()
            if word in self.lexicon.she_names:
                return "she"
            if word in self.lexicon.he_names:
                return "he"
        return None
