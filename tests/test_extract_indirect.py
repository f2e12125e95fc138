"""Reported speech (kind "indirect"): the clause a tracked actor is reported to have said."""

from __future__ import annotations

import pytest

from monitor.extract import extract_mentions
from monitor.models import Actor, Role

ACTORS = (
    Actor("Donald Trump", ("Trump",), (Role("U.S. President"),)),
    Actor("Volodymyr Zelensky", ("Zelensky",), (Role("Ukrainian President"),)),
    Actor("Dmitry Peskov", ("Peskov",), (Role("Kremlin spokesman"),)),
    Actor("Marco Rubio", ("Rubio",), (Role("Secretary of State"),)),
    Actor("Vladimir Putin", ("Putin",), (Role("Russian President"),)),
)


def reported(paragraphs: list[str]) -> list[tuple[str, str]]:
    return [(m.actor, m.text) for m in extract_mentions(paragraphs, ACTORS)
            if m.kind == "indirect"]


CASES = [
    ("bare clause after said",
     ["Peskov said the talks in Riyadh had been useful for both sides."],
     [("Dmitry Peskov", "the talks in Riyadh had been useful for both sides")]),
    ("that-clause after an adverbial",
     ["Zelensky said on Monday that Ukraine would not give up any territory."],
     [("Volodymyr Zelensky", "Ukraine would not give up any territory")]),
    ("told an audience",
     ["Rubio told reporters the ceasefire proposal would go to Moscow this week."],
     [("Marco Rubio", "the ceasefire proposal would go to Moscow this week")]),
    ("clause before the cue",
     ["Russia must now answer the proposal without conditions, Zelensky said on Tuesday."],
     [("Volodymyr Zelensky", "Russia must now answer the proposal without conditions")]),
    ("pronoun speaker",
     ["Trump spoke to reporters on the plane. He said he expected to meet Putin soon."],
     [("Donald Trump", "he expected to meet Putin soon")]),
    ("clause stops before a second report",
     ["Peskov said the date was not yet fixed, but added that preparations were under way."],
     [("Dmitry Peskov", "the date was not yet fixed"),
      ("Dmitry Peskov", "preparations were under way")]),
    ("parenthetical cue: the whole sentence",
     ["Kyiv, Rubio said, would have to accept painful compromises on territory."],
     [("Marco Rubio", "Kyiv, Rubio said, would have to accept painful compromises on "
       "territory")]),
    ("reported question",
     ["Zelensky hit back, asking whether the envoy had ever visited the front line."],
     [("Volodymyr Zelensky", "whether the envoy had ever visited the front line")]),
    ("the clause stops where a quotation is introduced",
     ["Trump said the war was a tragedy for both sides: “Nobody is winning this war.”"],
     [("Donald Trump", "the war was a tragedy for both sides")]),
    ("a cue in a subordinate clause reports nothing before it",
     ["Markets rallied on Monday afternoon, when Trump said: “We are very close to a "
      "deal.”"],
     []),
    ("according to, speaker first",
     ["According to Peskov, the next round of talks will take place in Istanbul."],
     [("Dmitry Peskov", "the next round of talks will take place in Istanbul")]),
    ("according to, speaker last",
     ["The next round of talks will take place in Istanbul, according to Peskov."],
     [("Dmitry Peskov", "The next round of talks will take place in Istanbul")]),
    ("according to an institution is nobody's",
     ["According to the Kremlin, the next round of talks will take place in Istanbul."],
     []),
    ("according to a tracked actor: the report inside is their account",
     ["According to Peskov, Putin told Trump that the talks could resume in the spring."],
     [("Dmitry Peskov", "Putin told Trump that the talks could resume in the spring")]),
    ("according to an institution: the report inside is still the speaker's",
     ["According to the Kremlin, Putin told Trump that the talks could resume in the spring."],
     [("Vladimir Putin", "the talks could resume in the spring")]),
    ("a colon before a list is inside the clause",
     ["Rubio said the two sides had settled on two aims: reopening embassies and resuming "
      "flights."],
     [("Marco Rubio", "the two sides had settled on two aims: reopening embassies and "
       "resuming flights")]),
    ("a coordinated past verb after a comma is the speaker's next act",
     ["Trump said that he backed the plan in principle, but raised a dozen objections to it."],
     [("Donald Trump", "he backed the plan in principle")]),
    ("a dash ends the clause before an aside",
     ["Peskov said the proposal contained nothing new — a view the allies did not share."],
     [("Dmitry Peskov", "the proposal contained nothing new")]),
    ("a demand is not a report",
     ["Putin demanded that Kyiv pull its troops out of the four regions at once."],
     []),
    ("told a long audience that …",
     ["Zelensky told the leaders of the largest economies in the world on Monday that "
      "winter would test Europe's resolve."],
     [("Volodymyr Zelensky", "winter would test Europe's resolve")]),
    ("parenthetical cue with an audience",
     ["Moscow, he told journalists, was not interested in any pause."],
     []),
    ("parenthetical cue with an audience, tracked speaker",
     ["Zelensky spoke in Kyiv. Moscow, he told journalists, was not interested in any pause."],
     [("Volodymyr Zelensky", "Moscow, he told journalists, was not interested in any pause")]),
    ("told an audience with a colon introduces a quote, not the clause before",
     ["Trump, speaking on the plane home, told reporters: “Nothing happens until we meet.”"],
     []),
    ("a verdict: described X as Y",
     ["Zelensky described the meeting in Rome as open and genuinely useful."],
     [("Volodymyr Zelensky", "described the meeting in Rome as open and genuinely useful")]),
    ("a verdict: called X Y",
     ["Trump called the summit a complete waste of everyone's time."],
     [("Donald Trump", "called the summit a complete waste of everyone's time")]),
    ("calling someone on a day, calling for something: no verdict",
     ["Trump called Putin on Tuesday for the second time this month.",
      "Zelensky called for an immediate pause in air strikes."],
     []),
    ("a quoted verdict is the direct quote's",
     ["Peskov described the offer as “a step in the right direction.”"],
     []),
    ("said X, but that Y: two reports",
     ["Peskov said Moscow would study the plan closely, but that no answer should be "
      "expected soon."],
     [("Dmitry Peskov", "Moscow would study the plan closely"),
      ("Dmitry Peskov", "no answer should be expected soon")]),
    ("a reported wh-question",
     ["Zelensky asked how a pause could be enforced along such a long front line."],
     [("Volodymyr Zelensky", "how a pause could be enforced along such a long front line")]),
    ("a relative clause naming others sits between the subject and the verb",
     ["Rubio, the chief negotiator, who led the team alongside Anna Berg and Tom Reyes, said "
      "the talks had been worthwhile."],
     [("Marco Rubio", "the talks had been worthwhile")]),
    ("a warned addressee with no clause is no report",
     ["Trump warned the Europeans on Friday evening in Rome."],
     []),
    ("a noun-phrase report after a verb that takes no addressee",
     ["Rubio stressed the importance of a common position among the allies."],
     [("Marco Rubio", "the importance of a common position among the allies")]),
    ("'X, asked whether …, said': the question is someone else's",
     ["Trump, asked whether he trusted the Kremlin, said he trusted nobody at all."],
     [("Donald Trump", "he trusted nobody at all")]),
    ("an aside with a participle and a name between the subject and the verb",
     ["Peskov, standing next to his host, Anna Berg, said the visit had been useful."],
     [("Dmitry Peskov", "the visit had been useful")]),
    ("a bare complement that is no clause reports nothing",
     ["Trump said nothing about sanctions during the whole visit.",
      "Trump posted the video of the meeting on his social media account."],
     []),
    ("'many times that'",
     ["Trump has said many times that he could end the war within a day."],
     [("Donald Trump", "he could end the war within a day")]),
    ("a report inside a relative clause ends at its closing comma",
     ["Trump, who said last week that the war would end soon, flew to Scotland on Friday."],
     [("Donald Trump", "the war would end soon")]),
    ("an accusation: accused X of Y",
     ["Zelensky accused the envoy of repeating the other side's talking points."],
     [("Volodymyr Zelensky", "accused the envoy of repeating the other side's talking "
       "points")]),
    ("'and, for once, <past verb>' is the speaker's next act",
     ["Peskov said the meeting had been useful and, for the first time, named a date for "
      "the next one."],
     [("Dmitry Peskov", "the meeting had been useful")]),
    ("passive 'was quoted as saying': the subject's words",
     ["Peskov was quoted by a news agency as saying that the summit date was not yet set."],
     [("Dmitry Peskov", "the summit date was not yet set")]),
    ("an infinitive cue is not yet said",
     ["Trump is expected to say that the talks have failed for good."],
     []),
    ("a that-clause may open with a subordinate clause",
     ["Putin said that if Kyiv withdrew its troops, Russia would stop the war at once."],
     [("Vladimir Putin", "if Kyiv withdrew its troops, Russia would stop the war at once")]),
    ("an adverbial closed by a comma before the reported clause",
     ["As Trump said during the campaign, the war would never have started on his watch."],
     [("Donald Trump", "the war would never have started on his watch")]),
    ("'warned of …' is no clause",
     ["Peskov warned of a harsh response if long-range missiles were supplied to Kyiv."],
     []),
    ("a one- or two-word quote stays in the reported clause",
     ["Peskov said both sides now had a shared “understanding”."],
     [("Dmitry Peskov", "both sides now had a shared “understanding”")]),
    ("a three-word clause is a report",
     ["Rubio told reporters he was optimistic."],
     [("Marco Rubio", "he was optimistic")]),
    ("the topic before a parenthetical 'he said' is not the speaker",
     ["Zelensky said the missiles had not come up. Trump, he said, did not want an escalation."],
     [("Volodymyr Zelensky", "the missiles had not come up"),
      ("Volodymyr Zelensky", "Trump, he said, did not want an escalation")]),
    ("an aside ending in an adverb before the verb",
     ["Trump, who spoke first, said the two sides had reached an “understanding” on Ukraine."],
     [("Donald Trump", "the two sides had reached an “understanding” on Ukraine")]),
    ("a possessive description with the name in apposition, then 'he said'",
     ["Trump's chief negotiator, Marco Rubio, met the delegation in Geneva. Ukraine, he said, "
      "was ready for a meeting in any format."],
     [("Marco Rubio", "Ukraine, he said, was ready for a meeting in any format")]),
    ("the reporter's comment after the clause is not part of it",
     ["Peskov said Russia wanted the root causes of the war removed, a phrase Moscow often "
      "uses for its demands on the alliance."],
     [("Dmitry Peskov", "Russia wanted the root causes of the war removed")]),
    ("a participle with a noun complement reports nothing before it",
     ["Zelensky said he would travel to Istanbul, accepting the offer but insisting on a "
      "ceasefire first."],
     [("Volodymyr Zelensky", "he would travel to Istanbul")]),
    ("negated report is nothing",
     ["Zelensky did not say what the two leaders had discussed in private."],
     []),
    ("untracked speaker",
     ["A senior European diplomat said the talks were going nowhere at all."],
     []),
    ("attribution of a direct quote is not reported speech",
     ["“We are ready to meet anywhere and at any time,” Zelensky said in his evening address."],
     []),
    ("a cue introducing a quote is not reported speech",
     ["Trump said: “We are going to get this done very quickly.”"],
     []),
    ("relative clause after the verb",
     ["Trump listed the issues he said were still open between the two sides."],
     []),
]


@pytest.mark.parametrize(("case", "paragraphs", "expected"), CASES, ids=[c[0] for c in CASES])
def test_reported_speech(case: str, paragraphs: list[str],
                         expected: list[tuple[str, str]]) -> None:
    assert reported(paragraphs) == expected


def test_indirect_can_be_turned_off() -> None:
    text = ["Peskov said the talks in Riyadh had been useful for both sides."]
    assert extract_mentions(text, ACTORS, indirect=False) == []
    [mention] = extract_mentions(text, ACTORS)
    assert (mention.kind, mention.speaker, mention.cue) == ("indirect", "Peskov", "said")
