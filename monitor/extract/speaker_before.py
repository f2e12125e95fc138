"""Speaker before the quote: cue subjects, content owners, colon clauses, sentence sources.

A mixin over ReaderState; ParagraphReader (direct.py) combines the families."""

from __future__ import annotations

import re

from monitor.extract.actors import find_actor_refs
from monitor.extract.quotes import QuoteSpan
from monitor.extract.reading import (
    AFTER_ASIDE_THAT,
    APPOSITIVE_AFTER,
    CONDITIONAL_SUBJECT,
    CONTENT_OF,
    DESCRIBED_SUBJECT,
    DESCRIBED_SUBJECT_TITLE,
    IN_ASIDE,
    INFINITIVE_TO,
    MIN_UTTERANCE_WORDS,
    NEAR_WORDS,
    OBJECT_PRONOUNS,
    OWNED_SUBJECT,
    OWNED_WORDS,
    OWNED_WORDS_ADJ,
    OWNER,
    POSSESSIVE_BEFORE,
    PREVIOUS_WORD,
    Attribution,
    Cue,
    ReaderState,
    SentenceSource,
)
from monitor.extract.speakers import Resolution

# "… in a written statement,": a channel phrase closing the words before a quote
CHANNEL_TAIL = re.compile(r"\b(?:in|on|via|through)\s+(?:an?|the|his|her|their)\s+"
                          r"(?:[\w-]+\s+){0,2}[a-z]+\s*,\s*$")

CLAUSE_MARK = re.compile(r"[;:—–]")


class SpeakerBeforeRules(ReaderState):
    def clause_start(self, lo: int, pos: int) -> int:
        """Where the clause holding `pos` starts: a quote's end, a semicolon, colon or dash."""
        start = lo
        for span in self.spans:
            if lo <= span.closed < pos:
                start = max(start, span.closed + 1)
        for m in CLAUSE_MARK.finditer(self.masked[lo:pos]):
            start = max(start, lo + m.end())
        return start

    def sentence_start(self, pos: int) -> int:
        for start, end in self.sentences:
            if start <= pos < end:
                return start
        return 0

    def cue_speaker(self, lo: int, cue: Cue, hi: int) -> Resolution | None:
        """Who speaks through a cue: the speaker after "according to", a participle's subject,
        the object of "quoted … as saying", else the verb's subject (or the name after an
        inverted verb), through the relative-pronoun and pronoun rules below."""
        if cue.kind == "after":
            phrase = self.phrase_after(cue.end, hi)
            return self.d.resolve(phrase) if phrase else None
        if cue.kind == "participle":
            return self.participle_speaker(lo, cue, hi)
        quoted = self.quoted_as_speaker(cue, hi)
        if quoted is not None:
            return quoted
        phrase, appositive = self.subject_phrase(lo, cue)
        if appositive == "and":
            return self.sentence_subject(self.sentence_start(cue.start), cue.start)
        if self.inverted_speaker(lo, cue, hi) is not None:
            phrase = ""  # "That end, said Secretary of State Marco Rubio, would be …"
        if not phrase.strip(" ,”\"»"):
            phrase = self.phrase_after(cue.end, hi)  # inverted: “…,” said Peskov
            more = re.match(r"\s*" + re.escape(phrase) + r"\s*,\s*", self.masked[cue.end:hi])
            if phrase and more:  # "said Ukraine's foreign minister, Dmytro Kuleba"
                appositive = self.phrase_after(cue.end + more.end(), hi)
        if not phrase.strip():
            return None
        if self.lex.cue_pattern.search(phrase):
            return None  # the cue sits inside another cue's clause: second-hand
        return self.subject_speaker(lo, cue, phrase, appositive)

    def subject_speaker(self, lo: int, cue: Cue, phrase: str,
                        appositive: str) -> Resolution | None:
        """The verb's subject phrase resolved: a relative pronoun's antecedent, a pronoun in
        the sentence, else the phrase, or the name in its appositive."""
        who = phrase.split()
        if who and who[0].lower() == "who" and all(w[:1].islower() or w.lower() in
                                                   self.lex.sentence_adverbs
                                                   for w in who[1:]):
            # "Zelensky, who on Friday had said …", "who since the spring has argued": an
            # adverbial in between; "who Voss said …" names another subject
            phrase = "who"
        if phrase.strip().lower() == "who":
            return self.relative_who_speaker(lo, cue)
        if phrase.strip().lower() == "which":
            return self.relative_which_speaker(lo, cue)
        if phrase.strip().lower() in ("he", "she"):
            pronoun = self.pronoun_in_sentence_speaker(cue, phrase)
            if pronoun is not None:
                return pronoun
        # "Asked about his call with Putin, the president said": not Putin
        head = self.masked[self.sentence_start(cue.start):cue.start]
        objects = frozenset(r.actor for r in find_actor_refs(self.d.index, head, self.d.day)
                            if self.d.after_preposition(head, r.start)) \
            if phrase.split()[:1] in (["the"], ["The"]) else frozenset()
        res = self.d.resolve(phrase, exclude=objects)
        if appositive:
            return self.appositive_speaker(phrase, appositive, res)
        return res

    def appositive_speaker(self, phrase: str, appositive: str,
                           res: Resolution) -> Resolution:
        """Rule described_then_named: a description set off by a name ("Ukraine's foreign
        minister, Dmytro Kuleba,"; "The head of the harbor board, Tomas Reyes,") is the
        named person."""
        if (res.entity is None or res.entity.actor is not None) and (
            self.d.has_name(appositive) and not self.d.has_name(phrase)
        ):
            return self.d.resolve(appositive)  # "Ukraine's foreign minister, Dmytro Kuleba,"
        if self.description_head(phrase) in self.lex.person_nouns and (
                res.entity is None or res.entity.actor is None):
            # "Putin's foreign policy aide, Yuri Ushakov,", "The head of the harbor board,
            # Tomas Reyes,": a description, then who it is
            named = self.d.resolve(appositive)
            if named.entity is not None and named.entity.actor is not None and named.explicit \
                    and any(not r.by_role for r in find_actor_refs(
                        self.d.index, appositive, self.d.day)):
                return named
        return res

    def participle_speaker(self, lo: int, cue: Cue, hi: int) -> Resolution | None:
        """Rule: the subject of a participle cue ("…, saying", "quoted X as saying", "with X
        accusing …", "blamed Y for telling …")."""
        previous = PREVIOUS_WORD.search(self.masked, max(0, cue.start - 24), cue.start)
        if previous and previous.group(1).lower() == "as":
            # "Zelensky quoted Putin as saying …": the words are the object's
            quoting = [c for c in self.cues if c.word in ("quoted", "cited")
                       and self.sentence_start(cue.start) <= c.start < cue.start]
            if quoting:
                return self.cue_speaker(lo, quoting[-1], hi)
            if not re.search(r"\b(?:quoted|cited)\b",
                             self.masked[self.sentence_start(cue.start):cue.start]):
                return None  # "a remark widely read as suggesting …": no one says it
        if previous and previous.group(1).lower() == "for":
            # "lashed out at the Ukrainian president for telling reporters …": the one
            # blamed or thanked spoke, not the subject; unclear, no one
            target = re.search(r"(?:^|\b(?:at|on|to|with)\s|[,;]\s*|\b[a-z]+ed\s)"
                               r"([^,;~]{2,60}?)\s+for\s*$", self.masked[lo:cue.start])
            if target is None:
                return None
            res = self.d.resolve(target.group(1))
            return res if res.entity is not None else None
        if previous and previous.group(1).lower() in ("and", "or"):
            # "accusing him of … and warning that …": the first participle's subject
            earlier = [c for c in self.cues if c.kind == "participle"
                       and self.sentence_start(cue.start) <= c.start < cue.start]
            if earlier:
                return self.cue_speaker(lo, earlier[-1], hi)
        # "with Trump accusing his guest of …": the name right before is the subject
        near = self.masked[self.clause_start(lo, cue.start):cue.start].split()[-5:]
        if near and near[-1].endswith(","):
            near = []  # "talks with the Russian president, stating …": the clause's subject
        for k in range(len(near) - 2, -1, -1):
            if near[k].lower() == "with":
                res = self.d.resolve(" ".join(near[k + 1:]))
                if res.entity is not None and res.explicit:
                    return res
                break
        return self.sentence_subject(self.sentence_start(cue.start), cue.start)

    def quoted_as_speaker(self, cue: Cue, hi: int) -> Resolution | None:
        """Rule: "TASS quoted Peskov as saying …": the object of "quoted"/"cited" speaks."""
        passive = re.search(r"\b(?:was|were|is|are|been|being)\s+(?:[a-z]+ly\s+)?$",
                            self.masked[max(0, cue.start - 30):cue.start])
        if cue.word in ("quoted", "cited") and passive is None:
            # "TASS quoted Peskov as saying …": the speaker is the object
            object_ = re.match(r"\s+([^,;:.~“”\"«»]{2,60}?)\s+as\s+[a-z]+ing\b",
                               self.masked[cue.end:hi])
            if object_:
                quoted = object_.group(1)
                # the object pronoun stands for the person "he"/"she" would
                pronoun = OBJECT_PRONOUNS.get(quoted.strip().lower())
                quoted = pronoun or quoted
                context = self.masked[self.sentence_start(cue.start):cue.start]
                owner = re.search(r"\b([A-Z][\w.-]*)['’]s\s+[a-z]+\s*$", context)
                if pronoun and owner:
                    # "Zelensky's office quoted him as saying": him is the office's principal
                    res = self.d.resolve(owner.group(1))
                    if res.entity is not None and res.entity.actor is not None:
                        return Resolution(res.entity, owner.group(1), 0.8, True)
                subject = self.d.first_person(context) if pronoun else None
                if subject is not None and subject.pronoun in (None, pronoun):
                    # "Erdogan spoke to Putin, and his office quoted him as saying": the
                    # sentence's subject, not an earlier sentence's
                    return Resolution(subject, quoted, 0.8, False)
                return self.d.resolve(quoted, context=context)
        return None

    def sentence_source(self, s_start: int, s_end: int) -> SentenceSource | None:
        """The source of a sentence that opens "According to X," (or "In the words of X,")."""
        for cue in self.cues:
            if cue.kind != "after" or not s_start <= cue.start < s_end:
                continue
            if self.masked[s_start:cue.start].strip():
                return None
            phrase = re.match(r"\s*([^,;:.“”\"«»~]{2,80}),", self.masked[cue.end:s_end])
            if phrase is None:
                return None
            source = phrase.group(1).strip()
            res = self.d.resolve(OBJECT_PRONOUNS.get(source.lower(), source))  # "According to her"
            return SentenceSource(res, self.text[cue.start:cue.end].lower(),
                                  cue.end + phrase.end())
        return None

    def names_someone(self, lo: int, hi: int) -> bool:
        """Whether the sentence names a tracked person other than as an owner, and other than
        the one "he"/"she" means now ("It does not sound like Reyes knows …" keeps Reyes)."""
        text = self.masked[lo:hi]
        salient = self.d.salient.actor if self.d.salient is not None else None
        named = {r.actor for r in find_actor_refs(self.d.index, text, self.d.day)
                 if not r.possessive and not self.d.modifies_noun(text, r)}
        return bool(named) and (salient is None or named != {salient})

    def cue_subject(self, lo: int, hi: int) -> tuple[bool, Resolution | None]:
        """Rule cue_subject: the speaker of the sentence's first resolvable cue. (True, None)
        when an institution speaks first ("The Kremlin said Putin was ready": the person in
        what it said is not the sentence's subject); (False, None) when no cue tells."""
        first_cue = True
        for cue in self.cues:
            if lo <= cue.start < hi and cue.kind == "verb":
                if INFINITIVE_TO.search(self.masked, max(lo, cue.start - 4), cue.start):
                    continue  # "He declined to call Putin a criminal": no one spoke
                res = self.cue_speaker(lo, cue, hi)
                if res is not None and res.entity is not None:
                    return True, res
                if first_cue and res is not None and res.explicit and (
                        len(self.masked[lo:cue.start].split()) <= 6) and not any(
                        not r.possessive for r in find_actor_refs(
                            self.d.index, res.phrase, self.d.day)):
                    return True, None
                first_cue = False
        return False, None

    def described_subject(self, lo: int, hi: int) -> Resolution | None:
        """Rule described_subject: "The Kremlin spokesman made clear …", "A senior official
        said …", "Zelensky's chief of staff, Andriy Yermak, met …"."""
        described = DESCRIBED_SUBJECT.match(self.masked[lo:hi])
        if not described or described.group(2).lower() not in self.lex.person_nouns:
            described = DESCRIBED_SUBJECT_TITLE.match(self.masked[lo:hi]) or described
        if described and described.group(2).lower() in self.lex.person_nouns:
            # "The Kremlin spokesman made clear …", "A senior official said …"; the whole noun
            # phrase: "The former president had …" is not "The former".
            phrase_end = lo + described.end(1)
            more = re.match(r"(?:\s+[a-z]+)+", self.masked[phrase_end:hi])
            if more:
                for word in re.finditer(r"[a-z]+", more.group()):
                    if word.group() not in self.lex.person_nouns:
                        break
                    phrase_end = phrase_end + word.end()
            appositive = APPOSITIVE_AFTER.match(self.masked, phrase_end, hi)
            if appositive:  # "Zelensky's chief of staff, Andriy Yermak, met …"
                named = self.d.resolve(appositive.group(1))
                if named.entity is not None and named.explicit:
                    return named
            # Someone named later in the clause is its object, not its subject.
            objects = frozenset(r.actor for r in find_actor_refs(
                self.d.index, self.masked[phrase_end:hi], self.d.day) if not r.possessive)
            res = self.d.resolve(self.masked[lo:phrase_end], exclude=objects)
            if res.entity is not None:
                return res
        return None

    def sentence_subject(self, lo: int, hi: int) -> Resolution | None:
        """Who the sentence up to `hi` is about: a speaker of a cue, else its first person."""
        if self.masked[lo:hi].lstrip()[:12].lower() == "according to":
            source = self.sentence_source(lo, hi)
            if source is not None:  # "According to his office, the Prime Minister …"
                lo = source.end
        owner = OWNED_SUBJECT.match(self.masked, lo, hi)
        if owner and self.lex.speech_nouns & {owner.group("first"), owner.group("noun")} \
                and not self.d.named_subjects(self.masked[owner.end("owner"):hi]):
            # but "Putin's remarks came after Zelensky spoke": the other person is the subject
            res = self.d.resolve(owner.group("owner"))
            if res.entity is not None and res.explicit:
                return res
        settled, res = self.cue_subject(lo, hi)
        if settled:
            return res
        first = self.masked[lo:hi].split()
        if first and first[0].lower() in self.lex.pronouns and (
                first[0].lower() != "it" or first[1:2] not in (["was"], ["is"])):
            # but "It was the second time that Trump had …": a cleft, its person is the subject
            res = self.d.resolve(first[0])
            return res if res.entity is not None else None
        res = self.described_subject(lo, hi)
        if res is not None:
            return res
        owned = next((m for m in (OWNED_WORDS.match(self.masked, lo, hi),
                                  OWNED_WORDS_ADJ.match(self.masked, lo, hi))
                      if m and m.group("noun") in self.lex.speech_nouns), None)
        if owned and self.masked[lo:hi].rstrip().endswith(":"):
            # "His answer was short:", "Trump's message was blunt:": whose words follow
            res = self.d.resolve(owned.group("phrase"))
            if res.entity is not None:
                return res
        person = self.d.first_person(self.masked[lo:hi])
        if person is not None:
            named = next((self.masked[lo:lo + r.end] for r in find_actor_refs(  # tidied later
                self.d.index, self.masked[lo:hi], self.d.day) if r.actor is person.actor), "")
            return Resolution(person, named, 0.8, True)
        return None

    def colon_clause_subject(self, start: int, span: QuoteSpan) -> Resolution | None:
        """The tracked subject of the clause ending in the colon before a quote, when it
        follows the last cue ("Trump said …, while Putin closed with a joke: “…”"; "When
        Trump thanked him, the Russian leader switched to English: “…”")."""
        clause = self.masked[start:span.opened].rstrip(" “\"«")[:-1]
        segment = clause.split(",")[-1]
        words = segment.split()
        opened = bool(words) and words[0].lower() in self.lex.clause_openers
        if opened:
            segment = segment[segment.index(words[0]) + len(words[0]):]
            words = words[1:]
        if len(words) < 3 or re.search(r"[;.!?—–]", segment):
            return None
        refs = find_actor_refs(self.d.index, segment, self.d.day)
        lead = len(segment) - len(segment.lstrip())
        if words[0].lower() == "the":
            lead += 4
        if not refs or refs[0].possessive or refs[0].start > lead or \
                self.d.modifies_noun(segment, refs[0]):
            if words[0].lower() == "the" and any(
                    w.lower() in self.lex.person_nouns for w in words[1:4]) and not refs:
                # "When Trump thanked him, the Belarusian leader switched to English:"
                return Resolution(None, " ".join(words[:3]), 0.0, True)
            if opened and words[0][:1].isupper() and self.d.name_tokens(words[0]) and (
                    words[1][:1].isupper() or words[1].islower()) and not words[0].endswith(
                    ("'s", "’s")):
                # "…, while Kowalczyk closed with a joke: “…”": someone untracked
                return Resolution(None, words[0], 0.0, True)
            return None
        return Resolution(self.d.entity_for(refs[0].actor),
                          segment[len(segment) - len(segment.lstrip()):refs[0].end], 0.7, True)

    def governed_by_cue(self, chunk_cues: list[Cue], span: QuoteSpan, lo: int) -> bool:
        """Whether a speech verb of a tracked person reports the clause holding the quote
        ("Trump said on Monday he had a “very good” call"): no sentence end, colon or
        semicolon between them, and not a verb that only characterises ("called")."""
        reporting = self.lex.bare_clause_verbs | self.lex.wording_verbs
        for cue in reversed(chunk_cues):
            if cue.kind != "verb" or cue.word in self.lex.characterising:
                continue
            if cue.word not in reporting:
                return False  # "Peskov denied the “secret protocol” report": not his wording
            if re.search(r"[;:.!?]", self.masked[cue.end:span.opened]):
                return False
            res = self.cue_speaker(lo, cue, span.opened)
            return bool(res is not None and res.entity is not None
                        and res.entity.actor is not None)
        return False

    def content_owner(self, lo: int, span: QuoteSpan) -> Attribution | None:
        """A quote that is the content of someone's words: "dismissed Zelensky's claim that
        “…”", "welcomed Trump's statement that “…”" — the owner's, whoever the verb's subject
        is; "rejected the Western assertion that “…”" — nobody's. His/her own words stay with
        the sentence's speaker (None: decide as usual)."""
        gap = self.masked[lo:span.opened]
        m = CONTENT_OF.search(gap)
        if m is None or m.group("noun").lower() not in self.lex.content_nouns:
            return None
        if any(lo + m.start() <= c.start < span.opened for c in self.cues):
            return None  # "a message in which he said that “…”": the cue decides
        if m.group("of") and len(self.text[span.start:span.end].split()) < MIN_UTTERANCE_WORDS:
            return None  # "her assertion of a “claim of right”": a term, not her words
        if re.search(r"\sfor\s*[“\"«]?$", m.group()) and m.group("noun").lower() not in (
                "demand", "demands", "call", "calls"):
            return None  # "Putin's demand for “…”" is his wording; "his claim for …" is not
        if re.search(r"\b(?:to|about|on|over|against|with|at|by)\s*$", gap[:m.start()]):
            return None  # "referring to Trump's remarks: “…”": the topic, not the quote
        if m.group().rstrip(" “\"«").endswith(":"):
            # "recalled Putin's words: “…”" relays them; "dismissed Trump's remarks: “…”"
            # answers them with the subject's own
            verbs = [c for c in self.cues if lo <= c.start < span.opened and c.start < m.start()]
            if verbs and verbs[-1].word not in self.lex.relay_verbs:
                return None
        owner = m.group("owner")
        if owner is None or owner.lower() in ("his", "her", "their", "its"):
            if owner is None:  # "the assertion that “…”": words no one here is said to own
                return Attribution(Resolution(None, m.group().strip(), 0.0, True), "", 0.0)
            if owner.lower() in ("his", "her") and not any(
                    lo <= c.start < span.opened for c in self.cues):
                # "It echoed his remark in Paris that “…”": whom "his" means
                res = self.d.resolve("he" if owner.lower() == "his" else "she")
                if res.entity is not None and res.entity.actor is not None:
                    return Attribution(res, m.group("owner_phrase") + " " + m.group("noun"),
                                       0.7, "content_owner")
            return None
        res = self.d.resolve(owner)  # the name without its possessive ending
        if res.entity is None or res.entity.actor is None:
            return Attribution(Resolution(None, m.group().strip(), 0.0, True), "", 0.0)
        return Attribution(res, m.group("owner_phrase") + " " + m.group("noun"), 0.8,
                           "content_owner")

    def cue_right_before(self, span: QuoteSpan, lo: int) -> bool:
        """Whether a cue stands close before the quote ("said “…”", "told reporters: “…”")."""
        cues = [c for c in self.cues if lo <= c.start and c.end <= span.opened]
        if not cues:
            return False
        gap = self.masked[cues[-1].end:span.opened]
        return len(gap.split()) <= NEAR_WORDS or gap.rstrip(" “\"«").endswith(":")

    def possessive_before(self, span: QuoteSpan, lo: int) -> Attribution | None:
        """Rule possessive_before: "Putin's “See you soon in Moscow” drew laughs" — but
        "Putin's “special military operation”" is a term, which the label rules judge."""
        owner = POSSESSIVE_BEFORE.search(self.masked, lo, span.opened + 1)
        if owner is None:
            return None
        words = self.text[span.start:span.end].split()
        content = [w for w in words if w.lower() not in self.lex.function_words]
        title = len(content) > 1 and all(w[:1].isupper() for w in content) and \
            not self.title_case  # in a title-case subhead every quote looks like a title
        named_as_words = re.match(r"[”\"»]?\s*([a-z]+)", self.masked[span.closed + 1:])
        uttered = bool(words) and not title and (words[0][:1].isupper() or any(
            w.lower().strip(",.!?") in self.lex.speaking_pronouns for w in words) or bool(
            named_as_words and named_as_words.group(1) in self.lex.speech_nouns))  # “…” quip
        if not uttered:
            return None
        res = self.d.resolve(owner.group(1))
        if res.entity is not None and res.entity.actor is not None and res.explicit:
            return Attribution(res, owner.group().rstrip(" “\"«"), 0.75, "possessive_before")
        return None

    def cue_before_quote(self, span: QuoteSpan, lo: int, chunk_cues: list[Cue],
                         before: str) -> Attribution | None:
        """Rule cue_before_quote: the nearest cue before the quote in its sentence whose
        speaker resolves ("Peskov said Putin was ready: “…”")."""
        rule = "cue_before_quote"
        for cue in reversed(chunk_cues):
            if cue.word in self.lex.characterising and CONDITIONAL_SUBJECT.search(
                    self.masked, lo, cue.start):
                continue  # "he said, and if Russia rejected the offer “…”": no one spoke
            if AFTER_ASIDE_THAT.match(self.masked, cue.end, span.opened) and IN_ASIDE.match(
                    self.masked[lo:cue.start][::-1]):
                continue  # "written to him, in a letter that Trump read out, that …": the aside
            if cue.word in self.lex.characterising and cue.kind == "verb":
                gap = self.masked[cue.end:span.opened].split()
                as_at = gap[-2:-1] if gap[-1:] and gap[-1].lower() in ("a", "an", "the") else \
                    gap[-1:]
                verb_as = as_at == ["as"] and len(gap) <= 3 * NEAR_WORDS and not any(
                    w.endswith((",", ";")) for w in gap)  # "dismissed X's reply to … as “…”"
                far = len(gap) > NEAR_WORDS and not before.endswith(":") and not verb_as
                if far and not self.predicate_after_object(gap, span):
                    continue
                rule = "called_object_predicate" if far else rule
            res = self.cue_speaker(lo, cue, span.opened)
            if res is None or (res.entity is None and not res.explicit):
                continue
            return Attribution(res, self.cue_evidence(cue, span.opened), res.confidence,
                               rule)
        return None

    def predicate_after_object(self, gap: list[str], span: QuoteSpan) -> bool:
        """Rule called_object_predicate: a characterising verb, its long object, then the
        quoted predicate noun phrase ("Reyes called the owners' plans to move the fleet south
        “an absolute disgrace”"): the object runs on without a comma up to the quote, which
        opens with an article."""
        words = self.text[span.start:span.end].split()
        return len(gap) <= 3 * NEAR_WORDS and not any(
            w.endswith((",", ";", ":")) or w in ("—", "–", "--") for w in gap) and bool(
            words) and words[0] in ("a", "an", "the")

    def label_colon(self, span: QuoteSpan, lo: int) -> Attribution | None:
        """Rule label_colon: "Putin: “…”", "Kremlin spokesman:", "10:32 GMT — Putin:"."""
        lead = re.split(r"[—–•|]", self.masked[lo:span.opened])[-1]
        head = re.fullmatch(r"\s*([^:,;]{2,60}?)\s*:\s*", lead)
        if head and all(w[:1].isupper() or w.lower() in self.lex.person_nouns
                        or w.lower() in self.lex.determiners or w.lower() == "of"
                        for w in head.group(1).split()):
            res = self.d.resolve(head.group(1))
            if res.entity is not None and res.explicit:
                return Attribution(res, ":", 0.8, "label_colon")
        return None

    def owner_words(self, span: QuoteSpan, lo: int, before: str) -> Attribution | None:
        """Rule owner_words: "a fuller version of his remarks:", "In his words,", "Trump's
        message was blunt:"."""
        for owner in OWNER.finditer(before):
            if any(lo + owner.end() <= c.start < span.opened for c in self.cues):
                continue  # "shrugged off Trump's comments, telling reporters, “…”"
            following = before[owner.end():].split()[:3]
            for n, word in enumerate(following):
                if word.lower().strip(",:") in self.lex.speech_nouns:
                    phrase = " ".join([owner.group(), *following[:n + 1]]).strip(",:")
                    res = self.d.resolve(phrase)
                    if res.entity is not None:
                        return Attribution(res, phrase, 0.75, "owner_words")
                    break
        return None

    def colon_subject(self, span: QuoteSpan) -> Attribution | None:
        """Rule colon_subject: "Trump raised his voice: “…”": the sentence subject's."""
        res = self.sentence_subject(self.sentence_start(span.opened), span.opened)
        if res is not None and res.entity is not None:
            return Attribution(res, ":", 0.7, "colon_subject")
        return None

    def channel_after_cue(self, chunk_cues: list[Cue], before: str, lo: int) -> bool:
        """Rule cue_through_channel: "Reyes told the Gazette in a written statement, “…”": a
        message noun after a cue and a channel preposition is how the cue's speaker spoke,
        not someone else's words the quote is the content of."""
        tail = CHANNEL_TAIL.search(before)
        return bool(chunk_cues) and tail is not None and chunk_cues[-1].end <= lo + tail.start()

    def before_attribution(self, span: QuoteSpan, lo: int) -> Attribution | None:
        """The speaker named before the quote, by the rules above in their order."""
        chunk_cues = [c for c in self.cues if lo <= c.start and c.end <= span.opened]
        before = self.masked[lo:span.opened].rstrip(" “\"«")
        owned = self.possessive_before(span, lo)
        if owned is not None:
            return owned
        if self.is_label(span) and (not self.governed_by_cue(chunk_cues, span, lo)
                                    or self.is_label(span, reported=True)):
            return None
        content = self.content_owner(lo, span)
        if content is not None and (content.resolution.entity is not None
                                    or not self.channel_after_cue(chunk_cues, before, lo)):
            return content if content.resolution.entity is not None else None
        if before.endswith(":") and chunk_cues:
            own = self.colon_clause_subject(chunk_cues[-1].end, span)
            if own is not None:
                return Attribution(own, ":", 0.7 if own.entity is not None else 0.0,
                                   "colon_clause_subject")
        found = self.cue_before_quote(span, lo, chunk_cues, before) or self.label_colon(span, lo)
        if found is None and before.endswith((":", ",")):
            found = self.owner_words(span, lo, before)
        if found is None and before.endswith(":"):
            found = self.colon_subject(span)
        return found
