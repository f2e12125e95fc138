"""Direct-quote attribution: one table row per hard case of news reporting (sentences written
for these tests), checked in all three house styles of quotation marks."""

from __future__ import annotations

from datetime import date

import pytest

from monitor.extract import extract_mentions
from monitor.models import Actor, Mention, Role

ACTORS = (
    Actor("Donald Trump", ("Trump", "President Trump"),
          (Role("U.S. President"), Role("American president"))),
    Actor("Vladimir Putin", ("Putin",),
          (Role("Russian President"), Role("Russia's president"), Role("the Russian leader"))),
    Actor("Volodymyr Zelensky", ("Zelensky", "Zelenskyy"),
          (Role("Ukrainian President"), Role("Ukraine's president"))),
    Actor("Dmitry Peskov", ("Peskov",), (Role("Kremlin spokesman"),)),
    Actor("Yuri Ushakov", ("Ushakov",), (Role("Kremlin aide"),)),
    Actor("Karoline Leavitt", ("Leavitt",), (Role("White House press secretary"),)),
    Actor("Andrii Sybiha", ("Sybiha",),
          (Role("Ukraine's foreign minister", since=date(2024, 9, 5)),)),
)


def restyle(text: str, style: str) -> str:
    if style == "straight":
        return text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    if style == "guillemets":
        return text.replace("“", "«").replace("”", "»")
    return text


def found(paragraphs: list[str], style: str = "curly", day: date | None = None) -> list[Mention]:
    mentions = extract_mentions([restyle(p, style) for p in paragraphs], ACTORS, published=day)
    return [m for m in mentions if m.kind == "direct"]


def single_marks(text: str) -> str:
    """Straight style turns ‘ and ’ into ': compare single marks as one."""
    return text.replace("‘", "'").replace("’", "'")


def pairs(mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(m.actor, single_marks(m.text)) for m in mentions]


# (case, paragraphs, expected (actor, quoted words) in order)
CASES: list[tuple[str, list[str], list[tuple[str, str]]]] = [
    ("cue after the quote, surname",
     ["“We will keep talking to anyone who wants a settlement,” Peskov said on Monday."],
     [("Dmitry Peskov", "We will keep talking to anyone who wants a settlement,")]),
    ("inverted cue with a role title",
     ["“Nobody is in a hurry to set dates,” said the Kremlin spokesman."],
     [("Dmitry Peskov", "Nobody is in a hurry to set dates,")]),
    ("cue before the quote with a colon",
     ["Zelensky told reporters in Kyiv: “Our position has not changed at all.”"],
     [("Volodymyr Zelensky", "Our position has not changed at all.")]),
    ("appositive naming someone else's adviser",
     ["“The date of a summit has not been fixed,” Yuri Ushakov, Vladimir Putin's foreign "
      "policy adviser, told journalists in Moscow."],
     [("Yuri Ushakov", "The date of a summit has not been fixed,")]),
    ("appositive before the verb",
     ["Dmitry Peskov, the Kremlin spokesman, said the talks would “continue at expert level "
      "for now”."],
     [("Dmitry Peskov", "continue at expert level for now")]),
    ("pronoun resolved to the previous sentence's subject",
     ["Trump took questions from reporters aboard Air Force One on Sunday. “We are getting "
      "very close to a deal, closer than ever,” he said."],
     [("Donald Trump", "We are getting very close to a deal, closer than ever,")]),
    ("pronoun never reaches back past an untracked speaker",
     ["“The meeting in Riyadh was useful,” Peskov said.",
      "Marta Lindqvist, an analyst at a Stockholm institute, was more cautious. “They are "
      "still very far apart on territory,” she said."],
     [("Dmitry Peskov", "The meeting in Riyadh was useful,")]),
    ("pronoun after an indefinite untracked speaker",
     ["Zelensky spoke after the meeting. A senior European official said the mood was grim. "
      "“Nobody expects a deal before winter,” he said."],
     []),
    ("split quote around its attribution",
     ["Zelensky was asked about the proposal on Friday.",
      "“We want this war to end,” he said, “but not at the price of our independence.”"],
     [("Volodymyr Zelensky", "We want this war to end, but not at the price of our "
       "independence.")]),
    ("split quote whose parts differ too much in length stays split",
     ["“No,” Zelensky said, “because nobody in Ukraine would ever accept a peace that "
      "rewards the aggressor and invites the next invasion in a few years.”"],
     [("Volodymyr Zelensky", "because nobody in Ukraine would ever accept a peace that "
       "rewards the aggressor and invites the next invasion in a few years.")]),
    ("quotation over two paragraphs",
     ["Putin told a meeting of his security council: “The offer stands for as long as Kyiv "
      "wishes to consider it.",
      "“But nobody should expect Russia to wait forever.”"],
     [("Vladimir Putin", "The offer stands for as long as Kyiv wishes to consider it."),
      ("Vladimir Putin", "But nobody should expect Russia to wait forever.")]),
    ("quotation over two paragraphs attributed in the first",
     ["“Our teams worked through the night on the text,” Leavitt said. “The president is "
      "pleased with the progress.",
      "“He expects a signing ceremony within days.”"],
     [("Karoline Leavitt", "Our teams worked through the night on the text,"),
      ("Karoline Leavitt", "The president is pleased with the progress."),
      ("Karoline Leavitt", "He expects a signing ceremony within days.")]),
    ("nested quote inside a quote",
     ["“He looked at me and said ‘we will see’ before he left the room,” Zelensky said."],
     [("Volodymyr Zelensky", "He looked at me and said ‘we will see’ before he left the room,")]),
    ("apostrophes are not quotation marks",
     ["“We don’t accept Russia’s terms as they stand today,” Sybiha said."],
     [("Andrii Sybiha", "We don’t accept Russia’s terms as they stand today,")]),
    ("attribution in the previous sentence",
     ["Zelensky spoke in his nightly video address. “Every day of delay costs Ukrainian "
      "lives.”"],
     [("Volodymyr Zelensky", "Every day of delay costs Ukrainian lives.")]),
    ("attribution in the previous paragraph ending with a colon",
     ["Leavitt put it bluntly at the briefing:",
      "“The president wants this done by the end of the month.”"],
     [("Karoline Leavitt", "The president wants this done by the end of the month.")]),
    ("headline-style speaker and colon",
     ["Putin: “We are ready to talk without preconditions.”"],
     [("Vladimir Putin", "We are ready to talk without preconditions.")]),
    ("second-hand attribution belongs to the reporter of it",
     ["Peskov said Putin told Trump “the door to dialogue with Washington remains open”."],
     [("Dmitry Peskov", "the door to dialogue with Washington remains open")]),
    ("joint press conference, speakers alternate",
     ["“We had a very good meeting today,” Trump said. “It was a difficult but honest "
      "conversation,” Zelensky replied. “We will meet again very soon,” the American "
      "president added."],
     [("Donald Trump", "We had a very good meeting today,"),
      ("Volodymyr Zelensky", "It was a difficult but honest conversation,"),
      ("Donald Trump", "We will meet again very soon,")]),
    ("interview answer after a question",
     ["Asked whether he would meet Putin this year, Zelensky replied: “Only after a full "
      "ceasefire is in place.”"],
     [("Volodymyr Zelensky", "Only after a full ceasefire is in place.")]),
    ("according to, speaker after the cue",
     ["According to Leavitt, “the president is frustrated with both sides right now”."],
     [("Karoline Leavitt", "the president is frustrated with both sides right now")]),
    ("role title of the Russian leader",
     ["“Any agreement must remove the root causes of the conflict,” the Russian leader "
      "told the forum."],
     [("Vladimir Putin", "Any agreement must remove the root causes of the conflict,")]),
    ("characterising verb right before a short quote",
     ["Trump warned that the fighting could lead to “World War III” if it went on."],
     [("Donald Trump", "World War III")]),
    ("quote that mentions a tracked actor is the speaker's",
     ["“Putin will not stop unless he is forced to,” Zelensky said."],
     [("Volodymyr Zelensky", "Putin will not stop unless he is forced to,")]),
    ("untracked named speaker",
     ["“We see no sign of a breakthrough,” said Jonas Berglund, Sweden's foreign minister."],
     []),
    ("unnamed source",
     ["“The Russians are stalling for time,” a European diplomat said."],
     []),
    ("untracked speaker whose words mention a tracked actor",
     ["Security adviser Mike Walters said that “an endless war in Europe is not acceptable "
      "to Trump”."],
     []),
    ("scare quote nobody says",
     ["European leaders discussed a so-called “coalition of the willing” on Thursday."],
     []),
    ("title of a book",
     ["Copies of “The Art of the Deal” were handed out at the rally in Ohio."],
     []),
    ("institution as speaker",
     ["“The sides agreed to continue contacts at expert level,” the Kremlin said in a "
      "statement."],
     []),
    ("stray opening mark before a real quote",
     ["He kept repeating the word “ceasefire during the call. “We are ready for a full and "
      "unconditional truce,” Zelensky said."],
     [("Volodymyr Zelensky", "We are ready for a full and unconditional truce,")]),
    ("courtesy title before the surname",
     ["“This is not the moment for a ceasefire,” Mr. Putin said in Minsk."],
     [("Vladimir Putin", "This is not the moment for a ceasefire,")]),
    ("question mark ends the quote",
     ["“Why would I accept a deal like that?” Zelensky asked."],
     [("Volodymyr Zelensky", "Why would I accept a deal like that?")]),
    ("quote ending in a full stop, cue in the next words",
     ["“The sanctions stay until there is peace.” Leavitt said nothing more."],
     [("Karoline Leavitt", "The sanctions stay until there is peace.")]),
    ("quoted as saying by an agency",
     ["“Contacts continue at the working level,” Peskov was quoted as saying by Interfax."],
     [("Dmitry Peskov", "Contacts continue at the working level,")]),
    ("agency quotes the speaker as saying",
     ["The RIA news agency quoted Ushakov as saying “nothing has been agreed about a "
      "meeting”."],
     [("Yuri Ushakov", "nothing has been agreed about a meeting")]),
    ("second quote of a sentence joined by and said",
     ["Trump called the talks “very, very productive” and said they were “going "
      "extremely well”."],
     [("Donald Trump", "very, very productive"), ("Donald Trump", "going extremely well")]),
    ("participle adding a second quote",
     ["“We are not against talks,” Putin said in Moscow, adding: “But we will not be "
      "deceived again.”"],
     [("Vladimir Putin", "We are not against talks,"),
      ("Vladimir Putin", "But we will not be deceived again.")]),
    ("speaker introduced with a participle phrase",
     ["Speaking alongside the Finnish president, Zelensky said the offer was “a trap "
      "dressed up as peace”."],
     [("Volodymyr Zelensky", "a trap dressed up as peace")]),
    ("speaker with a parenthetical participle",
     ["Zelensky, speaking in Brussels, said Ukraine needed “guarantees that actually "
      "work”."],
     [("Volodymyr Zelensky", "guarantees that actually work")]),
    ("inverted cue with an appositive",
     ["“We need a ceasefire first,” said Sybiha, Ukraine's top diplomat, in Warsaw."],
     [("Andrii Sybiha", "We need a ceasefire first,")]),
    ("two tracked actors as one speaker",
     ["“We stand together on this,” Trump and Zelensky said in a joint statement."],
     []),
    ("the president after a named president",
     ["Zelensky arrived in Washington on Friday morning. “We came here to work,” the "
      "president told reporters."],
     [("Volodymyr Zelensky", "We came here to work,")]),
    ("pronoun subject of a relative clause",
     ["The remark appeared to anger Trump, who cut the meeting short. “You are not in a "
      "good position right now,” he said."],
     [("Donald Trump", "You are not in a good position right now,")]),
    ("pronoun after a sentence led by a subordinate clause",
     ["When Zelensky tried to answer, Trump raised his voice. “You are gambling with "
      "millions of lives,” he said."],
     [("Donald Trump", "You are gambling with millions of lives,")]),
    ("untracked spokesperson between tracked speakers",
     ["“We will study the proposal carefully,” Peskov said.",
      "Foreign Ministry spokeswoman Anna Korsakova went further. “Kyiv has shown that it "
      "cannot be trusted,” she said."],
     [("Dmitry Peskov", "We will study the proposal carefully,")]),
    ("posted on a platform",
     ["“Great meeting with the Ukrainian delegation today!” Trump posted on Truth Social."],
     [("Donald Trump", "Great meeting with the Ukrainian delegation today!")]),
    ("quote nobody said in a reported clause",
     ["The talks covered what officials call “the day after” arrangements in detail."],
     []),
    ("quoted label inside a noun phrase, in narration",
     ["Trump met Zelensky on Friday. A “land for peace” deal was not on the agenda, and the "
      "so-called “coalition of the willing” did not come up."],
     []),
    ("a title-case name in a reported clause stays a label",
     ["Zelensky said the “Alliance of the Ready” countries would send troops."],
     []),
    ("a quoted modifier in a tracked person's reported clause is his wording",
     ["Trump said he could back a “land for peace” deal if Kyiv agreed to it."],
     [("Donald Trump", "land for peace")]),
    ("relative pronoun after the speaker's name",
     ["Zelensky, who met European leaders in London, said Ukraine needed “guarantees that "
      "last longer than a signature”."],
     [("Volodymyr Zelensky", "guarantees that last longer than a signature")]),
    ("relative clause cue with the quote after it",
     ["The talks were opened by Peskov, who told the delegations that “time is not on "
      "anyone's side”."],
     [("Dmitry Peskov", "time is not on anyone's side")]),
    ("quotation over two paragraphs attributed in the last",
     ["“The ceasefire has to hold along the whole front line, not just in the air.",
      "“Otherwise it is simply a pause for rearmament,” Zelensky said."],
     [("Volodymyr Zelensky", "The ceasefire has to hold along the whole front line, not "
       "just in the air."),
      ("Volodymyr Zelensky", "Otherwise it is simply a pause for rearmament,")]),
    ("pronoun after the previous quote's speaker, not the person mentioned",
     ["“Putin has to decide now,” Trump said. “We will know very soon,” he added."],
     [("Donald Trump", "Putin has to decide now,"),
      ("Donald Trump", "We will know very soon,")]),
    ("cue before a quote that ends its sentence beats a cue in the next one",
     ["Trump left Alaska late on Friday. Leavitt said afterwards that he was “very pleased "
      "with the talks.” Asked about Kyiv, she said: “We are in constant contact with them.”"],
     [("Karoline Leavitt", "very pleased with the talks."),
      ("Karoline Leavitt", "We are in constant contact with them.")]),
    ("she after a he goes to the woman mentioned before",
     ["“We are working around the clock on this,” Leavitt told reporters.",
      "Trump spoke to Putin for two hours on Tuesday. “It was a very productive call,” he "
      "said.",
      "“Another call is planned for next week,” she added."],
     [("Karoline Leavitt", "We are working around the clock on this,"),
      ("Donald Trump", "It was a very productive call,"),
      ("Karoline Leavitt", "Another call is planned for next week,")]),
    ("a spokeswoman is not the he of the sentence before",
     ["Zelensky spoke in Kyiv on Monday. A Foreign Ministry spokeswoman, Oksana Marchenko, "
      "went further. “Moscow is not serious about any of this,” she said."],
     []),
    ("the post goes on: the same author",
     ["“The talks were long and very productive,” Trump wrote on Truth Social. “Much was "
      "agreed, but there is no deal yet,” the post went on."],
     [("Donald Trump", "The talks were long and very productive,"),
      ("Donald Trump", "Much was agreed, but there is no deal yet,")]),
    ("a description of the latest subject",
     ["Trump spent the weekend at his golf club. “Nobody has done more for peace than "
      "me,” the 79-year-old Republican told supporters."],
     [("Donald Trump", "Nobody has done more for peace than me,")]),
    ("agency cites the speaker after the quote",
     ["“The ball is in Washington's court now,” the RIA agency cited Ushakov as saying."],
     [("Yuri Ushakov", "The ball is in Washington's court now,")]),
    ("an untracked surname as a sentence subject blocks the pronoun",
     ["“We need more air defence systems now,” Zelensky said in Brussels.",
      "Orban has long opposed new sanctions on Moscow. “This policy has failed "
      "completely,” he said."],
     [("Volodymyr Zelensky", "We need more air defence systems now,")]),
    ("anonymous person familiar with the talks",
     ["Trump left without comment. “He was furious about the leak,” said one person "
      "familiar with the talks."],
     []),
    ("interview: the interviewer's question is not the interviewee's",
     ["The Ukrainian president spoke to the paper in his office in Kyiv.",
      "“Would you accept a ceasefire along the current front line?”",
      "“Only with security guarantees that actually work,” Zelensky replied."],
     [("Volodymyr Zelensky", "Only with security guarantees that actually work,")]),
    ("a tracked name modifying someone else",
     ["“The plan was never realistic,” a senior Zelensky adviser said.",
      "“We expect an answer this week,” a Trump administration official told reporters."],
     []),
    ("inverted cue: a role title followed by an untracked name",
     ["“Russia will not be allowed to dictate terms,” said Ukraine's foreign minister, "
      "Dmytro Kuleba."],
     []),
    ("live-blog entry with a time and a speaker label",
     ["10:32 GMT — Zelensky: “We will not withdraw from the Donbas, full stop.”",
      "• Putin: “Russia is ready for a ceasefire if its conditions are met.”"],
     [("Volodymyr Zelensky", "We will not withdraw from the Donbas, full stop."),
      ("Vladimir Putin", "Russia is ready for a ceasefire if its conditions are met.")]),
    ("a parenthesis between the speaker and the verb",
     ["“We are not going anywhere,” Zelensky (right) told the crowd in Kyiv."],
     [("Volodymyr Zelensky", "We are not going anywhere,")]),
    ("someone's words introduce the quote",
     ["Trump's message to Putin was blunt: “End this war now or face very severe "
      "consequences.”"],
     [("Donald Trump", "End this war now or face very severe consequences.")]),
    ("a description's subject is not the person it names as object",
     ["Trump spoke to supporters in Ohio on Monday.",
      "Zelensky toured a power station in Kharkiv the same day.",
      "The former president has often mocked Zelensky over Western aid, calling him "
      "“the best fundraiser in the history of the world.”"],
     [("Donald Trump", "the best fundraiser in the history of the world.")]),
    ("a nationality and 'leader' describe the head of that country's government",
     ["Zelensky landed in Ankara late on Thursday.",
      "“We will never bargain over our land,” the Ukrainian leader told reporters."],
     [("Volodymyr Zelensky", "We will never bargain over our land,")]),
    ("X's spokesman quoted the president: the president named in the sentence",
     ["Trump spoke to reporters at the White House.",
      "“We will hold every line we have,” Zelensky's spokesman, Ivan Petrenko, quoted the "
      "president as saying.",
      "“Nobody here is afraid of them,” he said, according to the spokesman."],
     [("Volodymyr Zelensky", "We will hold every line we have,"),
      ("Volodymyr Zelensky", "Nobody here is afraid of them,")]),
    ("someone quoted him as saying",
     ["Peskov met the foreign delegation behind closed doors.",
      "“We are in no hurry at all,” a participant quoted him as saying."],
     [("Dmitry Peskov", "We are in no hurry at all,")]),
    ("a cue in a relative clause after the quote is not its source",
     ["Putin insisted that Kyiv give up the regions before he would “stop the fighting and "
      "start talks,” conditions the mediator, Anna Berg, said were unworkable."],
     [("Vladimir Putin", "stop the fighting and start talks,")]),
    ("according to a summary: quoted words inside its paraphrase are the summary's",
     ["According to the Kremlin's summary, Putin told Trump that any truce required “a "
      "full halt to weapons deliveries to Kyiv.”"],
     []),
    ("according to a tracked actor, with no one else speaking",
     ["According to Peskov, “the next round will take place in Istanbul next week.”"],
     [("Dmitry Peskov", "the next round will take place in Istanbul next week.")]),
    ("according to an agency, the speaker's own cue still holds",
     ["According to a state news agency, Peskov said: “There is no date for a meeting yet.”"],
     [("Dmitry Peskov", "There is no date for a meeting yet.")]),
    ("'the president' between two presidents taking turns is nobody's",
     ["Trump and Zelensky faced the cameras together in the Oval Office. “We are very close "
      "to a deal,” Trump said. “We need guarantees first,” Zelensky replied. “He drives a "
      "hard bargain,” the president said."],
     [("Donald Trump", "We are very close to a deal,"),
      ("Volodymyr Zelensky", "We need guarantees first,")]),
    ("someone's unnamed envoy as subject: 'he' is no longer the earlier subject",
     ["Putin received the American visitor for three hours in his residence. Trump's envoy "
      "later briefed the White House.",
      "“The meeting was very productive,” he said."],
     []),
    ("X quoted Y as saying that “…”: Y's words",
     ["Zelensky quoted Putin as saying that “there will be no Ukraine without Russia.”"],
     [("Vladimir Putin", "there will be no Ukraine without Russia.")]),
    ("a description, then the tracked name in apposition",
     ["Putin's long-serving adviser, Yuri Ushakov, said the date was set. “Everything has "
      "been agreed with our American colleagues,” he said."],
     [("Yuri Ushakov", "Everything has been agreed with our American colleagues,")]),
    ("a tracked role title attached to an untracked name is that person's, as subject",
     ["Ukrainian President Petro Ivanenko toured the port on Friday. “We will rebuild all "
      "of it,” he said."],
     []),
    ("a description whose only candidate is the clause's object is someone else",
     ["Zelensky addressed the nation from Kyiv.",
      "The veteran politician has long attacked Zelensky, calling him “a beggar in a "
      "green sweater.”"],
     []),
    ("an untracked owner in the sentence is the nearest 'president'",
     ["Trump spoke to reporters at the White House.",
      "“We will not give up an inch,” Nowak's spokesman, Jan Kowal, quoted the president as "
      "saying.",
      "“Nobody here is afraid of them,” he said, according to the spokesman."],
     []),
    ("a tracked surname after someone else's first name is a relative or namesake",
     ["“My father only wants peace,” Eric Trump told a podcast host.",
      "Melania Trump said: “Every child must come home.”",
      "Instead Trump said: “We will make a deal very soon.”"],
     [("Donald Trump", "We will make a deal very soon.")]),
    ("an indefinite role title is one of several, not its tracked holder",
     ["“We are close to an agreement,” a Kremlin spokesman said."],
     []),
    ("a passive report names its speaker after 'by'",
     ["The proposal was called “a historic step toward peace” by Trump.",
      "The proposal was described as “a capitulation in disguise” by Zelensky's critics."],
     [("Donald Trump", "a historic step toward peace")]),
    ("a quote that is the content of someone's claim is the owner's",
     ["Peskov dismissed Zelensky's claim that “Moscow is massing troops in the north.”",
      "Zelensky welcomed Trump's statement that “the killing has to stop right now.”"],
     [("Volodymyr Zelensky", "Moscow is massing troops in the north."),
      ("Donald Trump", "the killing has to stop right now.")]),
    ("an unowned claim's content is nobody's; one's own claim stays one's own",
     ["Putin rejected the Western assertion that “Russia started this war unprovoked.”",
      "Putin repeated his own claim that “the root causes must be addressed first.”"],
     [("Vladimir Putin", "the root causes must be addressed first.")]),
    ("a description of someone's remarks is not their quote",
     ["Putin said Trump's campaign remarks “about ending the war quickly deserve "
      "attention.”"],
     [("Vladimir Putin", "about ending the war quickly deserve attention.")]),
    ("'in which he wrote' after someone's post: the post's owner",
     ["Peskov responded to Trump's post, in which he wrote that the Kremlin was “playing "
      "with fire.”"],
     [("Donald Trump", "playing with fire.")]),
    ("'the president' after a sentence that makes one of two presidents its subject",
     ["Putin and Trump took turns at the lectern. “Our talks were held in a businesslike "
      "atmosphere,” Putin said. Trump followed. “We agreed on many, many points,” the "
      "president said."],
     [("Vladimir Putin", "Our talks were held in a businesslike atmosphere,"),
      ("Donald Trump", "We agreed on many, many points,")]),
    ("an aside with a preposition and a name between the subject and the verb",
     ["Zelensky, at a press conference with his Polish counterpart, Adam Nowak, said: "
      "“Russia must be forced into peace.” Nowak agreed. “Poland stands with you,” he said."],
     [("Volodymyr Zelensky", "Russia must be forced into peace.")]),
    ("a name after an opening phrase that ends in a comma is the subject",
     ["In a video message on Telegram, Zelensky was defiant:",
      "“We will not give up our land, not today and not ever.”"],
     [("Volodymyr Zelensky", "We will not give up our land, not today and not ever.")]),
    ("'His answer was short:' then the quote in the next paragraph",
     ["Peskov was asked about the new sanctions. His answer was short:",
      "“We have heard such threats many times before.”"],
     [("Dmitry Peskov", "We have heard such threats many times before.")]),
    ("a so-called term is someone else's label",
     ["Trump said the so-called “coalition of the willing” would achieve nothing."],
     []),
    ("'the prime minister' is not someone known only as a foreign minister",
     ["Sybiha met the visiting delegation in Kyiv on Monday.",
      "“We are ready to help with the negotiations,” the prime minister said.",
      "“We are grateful for every effort,” the foreign minister said."],
     [("Andrii Sybiha", "We are grateful for every effort,")]),
    ("a deputy of a tracked office is someone else",
     ["“Talks will continue next week,” the deputy White House press secretary said."],
     []),
    ("an institution's report about someone does not make them the subject",
     ["The Kremlin said Putin was ready for talks with the Ukrainian side.",
      "“We are open to dialogue at any level.”"],
     []),
    ("after an institution's report naming someone, 'he' is unclear",
     ["Zelensky spoke to reporters in Kyiv. The Kremlin said Putin was ready for talks. “We "
      "will see what they actually want,” he said."],
     []),
    ("someone's remarks after a preposition are the topic, not the quote",
     ["Peskov told reporters, referring to Trump's remarks: “We do not accept the language "
      "of ultimatums.”"],
     [("Dmitry Peskov", "We do not accept the language of ultimatums.")]),
    ("someone's remarks as a sentence subject do not make them the next speaker",
     ["Putin's remarks came a day after Zelensky addressed the parliament in Kyiv.",
      "“Ukraine will never surrender,” he said."],
     [("Volodymyr Zelensky", "Ukraine will never surrender,")]),
    ("X quoted Y as telling Z: “…” — Y's words",
     ["Ushakov quoted Putin as telling Trump: “We are ready to continue this dialogue.”"],
     [("Vladimir Putin", "We are ready to continue this dialogue.")]),
    ("a pull quote signed with a dash and a name",
     ["“Peace is possible before the end of this year.” — Volodymyr Zelensky",
      "“Peace is possible before the end of this year.” — Anna Berg"],
     [("Volodymyr Zelensky", "Peace is possible before the end of this year.")]),
    ("'Asked whether X …, he said': he is not the X of the question",
     ["Peskov would not say who would lead the delegation. Asked whether Putin would travel "
      "to the talks, he said: “We will announce it when the time comes.”"],
     [("Dmitry Peskov", "We will announce it when the time comes.")]),
    ("a passive participle with 'by' is no cue",
     ["Putin proposed the talks, ignoring the truce demanded by Kyiv and its allies. He said "
      "Russia was ready for negotiations “without any preconditions at all.”"],
     [("Vladimir Putin", "without any preconditions at all.")]),
    ("a quoted name that is the subject of the clause is a label",
     ["Zelensky said the “peace through strength formula” was the only way forward."],
     []),
    ("a capitalised modifier must fit the person a description resolves to",
     ["Trump spoke with the head of the European Commission by phone.",
      "“We agreed to work together on this,” the Commission president said."],
     []),
    ("'the president' right after an untracked person became the subject is unclear",
     ["Zelensky spoke in Kyiv on Monday.",
      "Nowak told reporters in Warsaw that the plan was dead. “We will not sign it in this "
      "form,” the president said."],
     []),
    ("a tracked name modifying a group noun is the group, not the person",
     ["“We will respond very harshly,” the Putin regime said in a statement.",
      "“The president is committed to peace,” the Trump campaign said."],
     []),
    ("a name modifying a noun does not make its owner the sentence's subject",
     ["Zelensky spoke in Kyiv on Monday. The Trump administration imposed new sanctions on "
      "Russia. “We are grateful for this decision,” he said."],
     [("Volodymyr Zelensky", "We are grateful for this decision,")]),
    ("several people as the subject make no single antecedent",
     ["Trump hosted the Europeans at the White House. Putin, Zelensky and Peskov were "
      "mentioned in every answer.",
      "“I think we will get it done,” the president said."],
     [("Donald Trump", "I think we will get it done,")]),
    ("according to one tracked actor, another said “…”: unclear whose wording",
     ["According to Zelensky, Putin said: “We will take all of it in the end.”"],
     []),
    ("answering someone's remarks after a colon: the subject's words",
     ["Peskov dismissed Trump's remarks: “This is an emotional reaction, nothing more.”",
      "Zelensky recalled Putin's words: “Ukraine has never been a real state.”"],
     [("Dmitry Peskov", "This is an emotional reaction, nothing more."),
      ("Vladimir Putin", "Ukraine has never been a real state.")]),
    ("a quoted modifier inside a clause a tracked person's cue reports is that person's",
     ["Peskov said on Friday that the two sides had held a “frank and very useful” meeting "
      "in Geneva.",
      "Analysts doubted the “frank and very useful” meeting would change much."],
     [("Dmitry Peskov", "frank and very useful")]),
    ("a verb answering others' words does not make a quoted modifier the subject's",
     ["Peskov denied the “secret annex protocol” report on Tuesday.",
      "During the campaign Trump promised to end the war “within a single day”."],
     [("Donald Trump", "within a single day")]),
    ("a quote in the main clause right before ', saying' is the speaking subject's",
     ["Two weeks later, Trump cut the deadline to “ten or twelve days”, saying there was "
      "“no reason to wait”.",
      "Analysts called it “a very risky gamble”, saying Putin would not budge."],
     [("Donald Trump", "ten or twelve days"), ("Donald Trump", "no reason to wait")]),
    ("a quoted name right before ', saying' is not the subject's words",
     ["Putin studied the “thirty day truce plan”, saying it ignored the root causes."],
     []),
    ("a cue before a colon in the next sentence introduces the next quote, not the last",
     ["Trump said Kyiv would get “what it needs to hold on.” Zelensky, asked what he "
      "needed, said: “Air defence, first of all.”"],
     [("Donald Trump", "what it needs to hold on."),
      ("Volodymyr Zelensky", "Air defence, first of all.")]),
    ("a cue after a semicolon belongs to another clause",
     ["Putin said the goal was “a lasting and durable settlement” not a pause; Zelensky, "
      "speaking later, called the meeting “a waste of everyone's time.”"],
     [("Vladimir Putin", "a lasting and durable settlement"),
      ("Volodymyr Zelensky", "a waste of everyone's time.")]),
    ("a colon after a clause whose tracked subject follows the last cue",
     ["“We made progress today,” Trump said at the briefing, while Putin closed the evening "
      "with a remark in English: “Let us meet again at the Kremlin soon.”",
      "When Zelensky thanked him, the Kremlin spokesman had a last word for the room: "
      "“We shall see about that soon.”"],
     [("Donald Trump", "We made progress today,"),
      ("Vladimir Putin", "Let us meet again at the Kremlin soon."),
      ("Dmitry Peskov", "We shall see about that soon.")]),
    ("a colon after a clause whose untracked subject follows the last cue is nobody's",
     ["“There is no deal yet,” Trump said after the talks, while Kowalczyk closed the "
      "evening with a toast in English: “Let us drink to good neighbours.”"],
     [("Donald Trump", "There is no deal yet,")]),
    ("a colon after a main clause whose subject is an untracked description is nobody's",
     ["Kowalczyk spoke last. When Trump thanked him, the Polish leader switched to "
      "English: “Until our next meeting, my friend.”"],
     []),
    ("a sentence about the words just reported, ending in a colon, goes on with their author",
     ["“We are ready for talks at any level,” Zelensky wrote on Telegram.",
      "The message closed with a warning: “Without pressure on Moscow, nothing will move.”"],
     [("Volodymyr Zelensky", "We are ready for talks at any level,"),
      ("Volodymyr Zelensky", "Without pressure on Moscow, nothing will move.")]),
    ("a sentence about words from someone else named there is not the last speaker's",
     ["“We are ready for talks at any level,” Zelensky wrote on Telegram.",
      "The statement from Moscow was blunt: “No talks until our terms are met.”"],
     [("Volodymyr Zelensky", "We are ready for talks at any level,")]),
    ("a sentence about a plan ending in a colon is not its author's",
     ["“We are ready for talks at any level,” Zelensky wrote on Telegram.",
      "The plan had one clear line: “No territory will be ceded.”"],
     [("Volodymyr Zelensky", "We are ready for talks at any level,")]),
    ("a possessive subject's words make the owner the one 'he' means",
     ["“Nothing has changed,” Peskov told reporters.",
      "Zelensky’s second post went further. “We will never accept it,” he wrote.",
      "Peskov spoke again. Mr Trump’s own verdict came hours later, as he flew home. Writing "
      "on Truth Social, he said: “There was no reason for those strikes at all.”"],
     [("Dmitry Peskov", "Nothing has changed,"),
      ("Volodymyr Zelensky", "We will never accept it,"),
      ("Donald Trump", "There was no reason for those strikes at all.")]),
    ("a person named after a preposition does not unsettle the owner as subject",
     ["Peskov spoke first. Zelensky’s message to Trump was clear. “We will not give up our "
      "land,” he said."],
     [("Volodymyr Zelensky", "We will not give up our land,")]),
    ("someone's address with a time phrase, in which he spoke",
     ["Peskov spoke next. The talks followed Zelensky’s address on Friday, in which he warned "
      "of “a very hard winter ahead”."],
     [("Volodymyr Zelensky", "a very hard winter ahead")]),
    ("a quoted name as the subject of a narration clause is not taken by a later cue",
     ["Zelensky said an “alliance of the ready” was ready to send forces after a truce, "
      "and called the day “a real step forward.”"],
     [("Volodymyr Zelensky", "a real step forward.")]),
    ("interview lines: answers are the interviewee's, questions the interviewer's",
     ["Zelensky told Radio Maple on Monday that talks were stuck.",
      "Q: Will there be a meeting soon? A: “There will be a meeting when Moscow wants one.”",
      "Q: “Is a ceasefire possible this year?”",
      "A: “Only if the pressure on Russia grows.”"],
     [("Volodymyr Zelensky", "There will be a meeting when Moscow wants one."),
      ("Volodymyr Zelensky", "Only if the pressure on Russia grows.")]),
    ("'an interview with X' makes X the interviewee",
     ["The Herald, in an interview with Zelensky on Monday, asked about the talks.",
      "Q: Will there be a meeting soon? A: “There will be a meeting when Moscow wants one.”"],
     [("Volodymyr Zelensky", "There will be a meeting when Moscow wants one.")]),
    ("a later interview with someone untracked takes the answers from the earlier one",
     ["Zelensky told Radio Maple on Monday that talks were stuck.",
      "Q: Will there be a meeting soon? A: “There will be a meeting when Moscow wants one.”",
      "The analyst Jane Roe gave an interview to the Evening Ledger on Tuesday.",
      "Q: Will it work? A: “Only if the pressure on Russia grows a lot.”"],
     [("Volodymyr Zelensky", "There will be a meeting when Moscow wants one.")]),
    ("an interview transcript with nobody said to be interviewed gives the answers to no one",
     ["Q: Will there be a meeting soon? A: “There will be a meeting when Moscow wants one.”"],
     []),
    ("a quoted answer after a 'Q:' line is the interviewee's, not the question's subject",
     ["“We are ready to talk,” Peskov said on Monday.",
      "Zelensky spoke to the Evening Ledger on Tuesday.",
      "Q: Will you meet Putin?",
      "“I am ready to meet him anywhere, any time.”"],
     [("Dmitry Peskov", "We are ready to talk,"),
      ("Volodymyr Zelensky", "I am ready to meet him anywhere, any time.")]),
    ("a question put to the speaker is not his",
     ["Peskov spoke to reporters. Asked “Will the president go to Istanbul?”, Peskov replied: "
      "“No such plans exist at the moment.”",
      "“And the Europeans? Will they be at the table?” “That is not for us to decide,” the "
      "Kremlin spokesman said."],
     [("Dmitry Peskov", "No such plans exist at the moment."),
      ("Dmitry Peskov", "That is not for us to decide,")]),
    ("a time word opening a sentence is not someone's name",
     ["Peskov said the talks went on. Moments later he asked: “Who will sign it, then?”",
      "Hours later, Zelensky reversed course. “I will be in Geneva on Monday,” he wrote."],
     [("Dmitry Peskov", "Who will sign it, then?"),
      ("Volodymyr Zelensky", "I will be in Geneva on Monday,")]),
    ("a relative clause with a time phrase before its verb",
     ["Peskov talked first. Zelensky, who on Friday had said Kyiv faced “a choice between "
      "pride and a partner,” struck a warmer note on Sunday. “We can see that "
      "partners listen,” he said."],
     [("Volodymyr Zelensky", "a choice between pride and a partner,"),
      ("Volodymyr Zelensky", "We can see that partners listen,")]),
    ("a tracked person's possessive right before the quote names whose words they are",
     ["Reporters kept returning to Zelensky’s “not one inch of our land” pledge."],
     [("Volodymyr Zelensky", "not one inch of our land")]),
    ("someone's demand or call for “…” is the owner's wording, whoever answers it",
     ["Zelensky rejected Putin's demand for “all of the region and more”.",
      "Trump praised Zelensky's call for “an immediate and full ceasefire”."],
     [("Vladimir Putin", "all of the region and more"),
      ("Volodymyr Zelensky", "an immediate and full ceasefire")]),
    ("a possessive before a quoted term is not an utterance of the owner",
     ["Analysts said Putin’s “special military operation” had cost far more than planned.",
      "Trump’s “Peace Through Strength Now” doctrine was debated."],
     []),
    ("someone's words with a place or occasion before the dash or 'that'",
     ["Peskov's line at the Monday briefing — “Nobody has set any dates” — was repeated.",
      "“We are ready,” Zelensky said. It was an echo of his remark in Paris that “peace needs "
      "strength first”."],
     [("Dmitry Peskov", "Nobody has set any dates"),
      ("Volodymyr Zelensky", "We are ready,"),
      ("Volodymyr Zelensky", "peace needs strength first")]),
    ("a message in which he said that “…” is the speaker's, not a nameless message's",
     ["Zelensky spoke in a video message in which he said that “darkness has come to our cities”."],
     [("Volodymyr Zelensky", "darkness has come to our cities")]),
    ("someone's words as the subject of a verb make the owner the one 'the president' means",
     ["Peskov said the Russian president was ready for dialogue.",
      "Trump’s post on Wednesday had urged Moscow to settle quickly. “We can settle this "
      "quickly or slowly,” the president wrote."],
     [("Donald Trump", "We can settle this quickly or slowly,")]),
    ("a cleft sentence ('It was … that X had …') makes X the one 'he' means",
     ["“We will not give up,” Zelensky said.",
      "It was the third time this month that Trump had criticised Moscow. On Thursday, "
      "after a strike on Kyiv, he had written that the attack was “not necessary at all.”"],
     [("Volodymyr Zelensky", "We will not give up,"),
      ("Donald Trump", "not necessary at all.")]),
    ("a name after a comma that closes a place phrase is the subject, not its object",
     ["Trump spoke on Friday. Standing outside his office on Maple Street, Zelensky "
      "gave a grave address to the nation.",
      "“This is a very hard hour for our country.”"],
     [("Volodymyr Zelensky", "This is a very hard hour for our country.")]),
    ("an age description ('the 72-year-old') is the latest subject",
     ["Putin, speaking first, said the sides had reached an understanding.",
      "“We expect Europe to take this constructively,” the 72-year-old said."],
     [("Vladimir Putin", "We expect Europe to take this constructively,")]),
    ("'the president' after a sentence naming another president is unclear",
     ["Zelensky came to Washington hoping for missiles. He left with none, after a lunch in "
      "which Trump made clear he preferred diplomacy.",
      "The president had floated the missiles himself a week earlier. “I might send them, "
      "I might not,” he told reporters."],
     []),
    ("'It ended with …:' right after a quoted post goes on with its author",
     ["“We want a deal, and soon,” Trump wrote on Truth Social. It ended with a warning: "
      "“Time is running out for everyone.”",
      "Zelensky met Macron in Paris. It ended with a joint statement: “Both sides agreed "
      "to meet again.”"],
     [("Donald Trump", "We want a deal, and soon,"),
      ("Donald Trump", "Time is running out for everyone.")]),
    ("'the president' is not the one his question names after a preposition",
     ["“We will see what comes of it,” Putin said after the call.",
      "On Friday, Trump sounded a different note. “Hopefully they won’t need them,” he said.",
      "Asked whether his call with Putin had changed his mind, the president said the talks "
      "were serious. “I think a deal is close now.”"],
     [("Vladimir Putin", "We will see what comes of it,"),
      ("Donald Trump", "Hopefully they won’t need them,"),
      ("Donald Trump", "I think a deal is close now.")]),
    ("an unclear 'the president' earlier does not stop the last speaker going on",
     ["Zelensky came for missiles. He left with none, after a lunch in which Trump made "
      "clear he preferred diplomacy.",
      "The president had floated the missiles a week earlier. “I might send them,” he said.",
      "On Friday, Trump sounded a different note. “Hopefully they won’t need them,” he said.",
      "Then the president said the talks were serious. “I think a deal is close now.”"],
     [("Donald Trump", "Hopefully they won’t need them,"),
      ("Donald Trump", "I think a deal is close now.")]),
    ("British honorifics without a period are part of the name",
     ["“Nobody is in a hurry,” Mr Peskov told reporters. Mr Putin was more direct: “We will "
      "not stop halfway.”",
      "Mr Trump met Mr Zelensky in Rome. Asked whether he wanted Kyiv to win, he replied: "
      "“I want the shelling to end.”"],
     [("Dmitry Peskov", "Nobody is in a hurry,"),
      ("Vladimir Putin", "We will not stop halfway."),
      ("Donald Trump", "I want the shelling to end.")]),
    ("someone's words with a short content clause before the quote",
     ["The summit produced little. Zelensky’s own summary — that there is “no peace "
      "without pressure on Moscow” — was candid.",
      "Peskov dismissed Trump's claim that the plan was “a fair deal for everyone”."],
     [("Volodymyr Zelensky", "no peace without pressure on Moscow"),
      ("Donald Trump", "a fair deal for everyone")]),
    ("'adding that she' makes the speaker a she; a later 'he' is the person before her",
     ["Peskov spoke in the morning. “We see no new elements,” he said.",
      "Zelensky, attending a summit in Tallinn, dismissed the offer of a short truce.",
      "“Moscow keeps offering pauses instead of peace,” a European diplomat said, adding "
      "that she expected new sanctions.",
      "“We want the shelling to end, not a pause,” he said."],
     [("Dmitry Peskov", "We see no new elements,"),
      ("Volodymyr Zelensky", "We want the shelling to end, not a pause,")]),
    ("someone's own promise as the subject, then 'he had said:' in the next sentence",
     ["“We are ready to talk,” Peskov said on Monday.",
      "Mr Trump’s own promise to end the war within a day still hangs over the talks. In a "
      "televised forum last year he had said: “I will have that war settled in one day.”"],
     [("Dmitry Peskov", "We are ready to talk,"),
      ("Donald Trump", "I will have that war settled in one day.")]),
    ("a colon after a sentence whose subject is the speaker, with no speech verb",
     ["“We made progress,” Trump said. Putin ended the evening with an invitation in "
      "English: “I hope to host you in the Kremlin next.”"],
     [("Donald Trump", "We made progress,"),
      ("Vladimir Putin", "I hope to host you in the Kremlin next.")]),
    ("according to an office, its principal's cue still governs his quoted words",
     ["Zelensky telephoned Macron in the evening. According to the presidential office, the "
      "Ukrainian President expressed his thanks and said it was “a very good and frank "
      "conversation”.",
      "According to the Kremlin's summary, Putin told Trump that any truce required “a halt "
      "to all foreign aid”."],
     [("Volodymyr Zelensky", "a very good and frank conversation")]),
    ("an untracked description with a capitalised modifier is the subject 'he' means",
     ["“We will see,” Trump said.",
      "The Foreign Office spokesman made clear that London disagreed. “We reject this "
      "entirely,” he added."],
     [("Donald Trump", "We will see,")]),
    ("an aside between dashes separates the subject from its verb",
     ["“We are ready to talk,” Peskov — who rarely comments on such matters — said.",
      "Trump — speaking at length to reporters on the plane — said: “We will see soon.”"],
     [("Dmitry Peskov", "We are ready to talk,"), ("Donald Trump", "We will see soon.")]),
    ("'X's office quoted him as saying': him is the office's principal",
     ["“We are ready for a meeting at any level,” Zelensky’s office quoted him as saying."],
     [("Volodymyr Zelensky", "We are ready for a meeting at any level,")]),
    ("a proposal is reported speech",
     ["In a late-night statement, Putin proposed that Kyiv “resume the talks it broke off” "
      "in May."],
     [("Vladimir Putin", "resume the talks it broke off")]),
    ("'the president' after a sentence naming an untracked president is unclear",
     ["Zelensky came to Brasilia hoping for support. He left with little, after a lunch in "
      "which President Lula made clear he preferred neutrality.",
      "The president had floated a peace club a week earlier. “We can host the talks,” he "
      "told reporters."],
     []),
    ("fewer than three words are not statements",
     ["“Absolutely not,” Trump said."],
     []),
    ("an infinitive cue reports nothing, so the subject stays the antecedent of 'he'",
     ["Trump took questions in New Hampshire. He declined to call Putin a war criminal.",
      "Asked whether he wanted Ukraine to win, he replied: “I think in terms of getting it "
      "settled.”"],
     [("Donald Trump", "I think in terms of getting it settled.")]),
    ("a quote after a semicolon and a new subject is not the earlier cue's",
     ["Trump left convinced a deal was close, though he cautioned that “there is no deal "
      "until there is a deal”; Putin bid him farewell with a cheerful “Next time in "
      "Moscow, my friend.”"],
     [("Donald Trump", "there is no deal until there is a deal")]),
    ("a live blog's time stamp is not part of the sentence",
     ["3:33 p.m. — As Trump thanks him and mentions meeting again, Putin switches to "
      "English: “Next time in Moscow, my friend.”"],
     [("Vladimir Putin", "Next time in Moscow, my friend.")]),
    ("a characterising verb with a long object before 'as'",
     ["Zelensky dismissed Putin’s answer to the American ceasefire proposal as “very "
      "predictable and very manipulative.”"],
     [("Volodymyr Zelensky", "very predictable and very manipulative.")]),
    ("'pronounced himself' characterises in the subject's own words",
     ["After the first round, Putin pronounced himself “satisfied with the result so far.”"],
     [("Vladimir Putin", "satisfied with the result so far.")]),
    ("the owner of a post with a time phrase after it",
     ["Trump’s post on Wednesday said “Zelensky better move fast or he will have no country "
      "left.”"],
     [("Donald Trump", "Zelensky better move fast or he will have no country left.")]),
    ("'which said' after an owned post",
     ["Trump’s post, which said “Zelensky better move fast or he will have no country left,” "
      "dismayed diplomats."],
     [("Donald Trump", "Zelensky better move fast or he will have no country left,")]),
    ("'which said' after a document nobody tracked owns",
     ["The communique, which said “all sides must respect the truce at once,” was signed by "
      "Putin."],
     []),
    ("an inverted cue with a courtesy title and a period: 'said Mr. Peskov, who …'",
     ["“We are very close to an understanding, I think,” said Mr. Peskov, who has briefed "
      "reporters daily since the talks began."],
     [("Dmitry Peskov", "We are very close to an understanding, I think,")]),
    ("'with X conceding that “…”': the participle's subject follows 'with'",
     ["The leaders parted without an agreement, with Trump conceding that “there is no deal "
      "until there is a deal.”"],
     [("Donald Trump", "there is no deal until there is a deal.")]),
    ("'the head of state' is the president just named",
     ["Putin told an investment forum that Russia had no plans to fight Europe.",
      "“If Europe wants to fight, we are ready right now,” the head of state said."],
     [("Vladimir Putin", "If Europe wants to fight, we are ready right now,")]),
    ("'the Kremlin official' is the Kremlin person just named",
     ["Kremlin spokesman Dmitry Peskov said the results would stay in closed channels. “We "
      "are working quietly on all of it,” the Kremlin official said."],
     [("Dmitry Peskov", "We are working quietly on all of it,")]),
    ("'the US president' fits a 'U.S. President' role",
     ["Trump spoke to Putin for two hours on Tuesday. “It was a very good call for both,” "
      "the US president said."],
     [("Donald Trump", "It was a very good call for both,")]),
    ("a role title with an untracked name set off by commas is that person's",
     ["Ukraine's president, Petro Poroshenko, was more cautious, insisting there must be "
      "“no peace dictated from Moscow.”"],
     []),
    ("a role title with the tracked name set off by commas stays the actor's",
     ["Ukraine's president, Volodymyr Zelensky, was more cautious, insisting there must be "
      "“no peace dictated from Moscow.”"],
     [("Volodymyr Zelensky", "no peace dictated from Moscow.")]),
    ("an inverted cue in an aside: 'That end, said X, would be …'",
     ["That end, said U.S. President Donald Trump, would be negotiated “in a way that is "
      "fair to everyone involved.”"],
     [("Donald Trump", "in a way that is fair to everyone involved.")]),
    ("'with the Russian president, stating': the comma ends the object, the subject speaks",
     ["However, Zelensky remained cautious about talks with the Russian president, stating, "
      "“If it helps to end the war, I am ready to meet.”"],
     [("Volodymyr Zelensky", "If it helps to end the war, I am ready to meet.")]),
    ("'According to her,' before a quote",
     ["Leavitt briefed reporters on Tuesday. According to her, “the negotiations will begin "
      "immediately in Riyadh.”"],
     [("Karoline Leavitt", "the negotiations will begin immediately in Riyadh.")]),
    ("a long aside between en dashes before the verb",
     ["In a long interview, Peskov – who revealed that Putin had commissioned a portrait of "
      "Trump and sent it to the White House – said the sides were making progress “that no one "
      "thought was possible” this year."],
     [("Dmitry Peskov", "that no one thought was possible")]),
    ("a document named right after the quote is its source, not a verb far before it",
     ["Trump proposed a 30-day halt on strikes on energy targets and “Putin responded "
      "positively and gave the order at once,” the Kremlin statement said."],
     []),
    ("another transliteration of a tracked name",
     ["“We are ready to keep talking to Washington,” Dmitri Peskov said, while Zelenskii "
      "urged patience."],
     [("Dmitry Peskov", "We are ready to keep talking to Washington,")]),
    ("'elaborated' introduces a quote",
     ["Zelensky elaborated, “Should there be a refusal, the sanctions will follow at once.”"],
     [("Volodymyr Zelensky", "Should there be a refusal, the sanctions will follow at once.")]),
    ("a cue inside an aside ('in a letter that X read out,') is not the quote's",
     ["Zelensky had written to Trump, in a letter that the American president read out to "
      "Congress, that Ukraine was “ready to come to the negotiating table at once.”"],
     [("Volodymyr Zelensky", "ready to come to the negotiating table at once.")]),
    ("a platform after the name is no one: 'Trump on Truth Social said'",
     ["Trump on Truth Social said he and Putin agreed to the pause “with an understanding that "
      "we will work quickly on a full ceasefire.”"],
     [("Donald Trump", "with an understanding that we will work quickly on a full ceasefire.")]),
    ("an agency 'reported, citing' a tracked person relays that person's words",
     ["“The agreements ceased to be in force today,” the RBC agency reported, citing Peskov."],
     [("Dmitry Peskov", "The agreements ceased to be in force today,")]),
    ("a party label does not stop 'the Republican president' fitting the president",
     ["Trump spoke to reporters on Wednesday. The Republican president wrote on his platform, "
      "“I just had a lengthy and highly productive call.”"],
     [("Donald Trump", "I just had a lengthy and highly productive call.")]),
    ("'held a lengthy call': a noun after an adjective is not a cue",
     ["Trump held a lengthy call on Wednesday. “It was a very productive conversation,” the "
      "president wrote."],
     [("Donald Trump", "It was a very productive conversation,")]),
    ("an owner's quote named as a quip",
     ["No summit is planned, Putin’s “next time in Moscow” quip aside."],
     [("Vladimir Putin", "next time in Moscow")]),
    ("a characterising verb inside a condition reports nothing; the earlier cue holds",
     ["Ukraine was “ready to stop shooting and start talking,” Peskov said, and if Kyiv "
      "rejected the offer “then we will know who stands in the way of peace”."],
     [("Dmitry Peskov", "ready to stop shooting and start talking,"),
      ("Dmitry Peskov", "then we will know who stands in the way of peace")]),
    ("a role title in its other usual wording ('spokesperson' for 'spokesman')",
     ["The talks went on. In addition, the Kremlin spokesperson stated that “it is impossible "
      "to discuss every peace plan publicly.”"],
     [("Dmitry Peskov", "it is impossible to discuss every peace plan publicly.")]),
    ("'instructed … to “…”' quotes the instruction",
     ["At the same time, Putin instructed Russian troops to “be ready for possible "
      "provocations.”"],
     [("Vladimir Putin", "be ready for possible provocations.")]),
    ("'she' never stands for a man the given name shows",
     ["Trump met Putin in the Oval Office on Monday. “This will be a great week for "
      "peace,” she said."],
     []),
    ("'she' is the one woman the last sentence named, even as its object",
     ["Trump met Leavitt in the Oval Office on Monday. “This will be a great week for "
      "peace,” she said."],
     [("Karoline Leavitt", "This will be a great week for peace,")]),
    ("'she' stays open when an untracked woman was named beside her",
     ["Trump met Giorgia Meloni and Leavitt on Monday. “This will be a great week for "
      "peace,” she said."],
     []),
    ("'she' skips the latest subject when his given name shows he is a man",
     ["Karoline Leavitt opened the briefing. Donald Trump had spoken to Putin for two hours "
      "earlier in the day.",
      "“The call went very well for both sides,” she said."],
     [("Karoline Leavitt", "The call went very well for both sides,")]),
    ("a woman who is not tracked, named with her given name, takes the 'she'",
     ["Putin spoke first, and Maria Zakharova followed him at the lectern. “The West is not "
      "interested in peace at all,” she said."],
     []),
]


@pytest.mark.parametrize("style", ["curly", "straight", "guillemets"])
@pytest.mark.parametrize(("case", "paragraphs", "expected"), CASES, ids=[c[0] for c in CASES])
def test_attribution(case: str, paragraphs: list[str], expected: list[tuple[str, str]],
                     style: str) -> None:
    assert pairs(found(paragraphs, style)) == [(a, single_marks(t)) for a, t in expected]


def test_role_title_only_while_held() -> None:
    text = ["Ukraine's foreign minister said: “We will not trade territory for promises.”"]
    assert found(text, day=date(2023, 5, 1)) == []
    [mention] = found(text, day=date(2025, 5, 1))
    assert mention.actor == "Andrii Sybiha"
    assert mention.speaker == "Ukraine's foreign minister"


def test_evidence_speaker_and_cue() -> None:
    [first, second] = found([
        "“Nobody is in a hurry to set dates,” the Kremlin spokesman told reporters.",
        "“We are not going to comment on leaks,” he said.",
    ])
    assert (first.speaker, first.cue) == ("the Kremlin spokesman", "told reporters")
    assert (second.actor, second.speaker, second.cue) == ("Dmitry Peskov", "he", "said")
    assert first.kind == "direct" and 0 < second.confidence <= first.confidence <= 1


def test_platform_cue_and_offsets() -> None:
    paragraphs = ["Sybiha was in Istanbul.",
                  "“Talks in Istanbul were productive and substantive,” Sybiha wrote on X."]
    [mention] = found(paragraphs)
    assert mention.cue == "wrote on X"
    text = "\n\n".join(paragraphs)
    assert text[mention.start:].startswith("Talks in Istanbul")


def test_no_actors_no_mentions() -> None:
    assert extract_mentions(["“We will win this war,” Zelensky said."], []) == []


@pytest.mark.parametrize(("paragraph", "speaker", "cue"), [
    ("“We will not be rushed,” Zelensky wrote on Telegram on Sunday.",
     "Zelensky", "wrote on Telegram"),
    ("“We will not be rushed,” Zelensky said in his nightly address after the strikes.",
     "Zelensky", "said in his nightly address"),
    ("“We will not be rushed,” Peskov told Russian state television after the talks.",
     "Peskov", "told Russian state television"),
    ("Putin has long insisted: “There will be no talks about our territory.”",
     "Putin", "insisted"),
    ("Last week Putin said: “There will be no talks about our territory.”",
     "Putin", "said"),
    ("The meeting came a day after Ukrainian President Zelensky said: “We are ready.”",
     "Ukrainian President Zelensky", "said"),
    ("Zelensky on Wednesday said: “We are ready for talks.”", "Zelensky", "said"),
    ("Mr Putin was more direct: “We will not stop halfway.”", "Mr Putin", ":"),
    ("08:40 — Zelensky was blunt: “We will not stop halfway.”", "Zelensky", ":"),
    ("During the campaign Trump promised to end the war “within a single day”.",
     "Trump", "promised"),
    ("Kremlin press secretary Peskov said: “We are ready for talks.”",
     "Kremlin press secretary Peskov", "said"),
    ("The Kremlin spokesman on Monday said: “We are ready for talks.”",
     "The Kremlin spokesman", "said"),
])
def test_evidence_is_the_noun_phrase_and_the_verb_phrase(paragraph: str, speaker: str,
                                                           cue: str) -> None:
    [mention] = found([paragraph])
    assert (mention.speaker, mention.cue) == (speaker, cue)


def test_a_vice_president_is_not_the_president() -> None:
    actors = (Actor("JD Vance", ("Vance",), (Role("U.S. Vice President"),)),)
    paragraphs = ["Vice President Vance spoke first.",
                  "“You should say thank you,” the U.S. president said.",
                  "“We want peace, that is all,” the president added.",
                  "“Diplomacy is the way forward,” the vice president said."]
    mentions = extract_mentions(paragraphs, actors)
    assert [(m.actor, m.text) for m in mentions if m.kind == "direct"] == [
        ("JD Vance", "Diplomacy is the way forward,")]
