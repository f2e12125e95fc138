"""Invented news prose for the benchmark pages: sentences built from templates and word
lists, seeded, so every page reads differently but nothing is copied from anywhere."""

from __future__ import annotations

import random

PEOPLE = [
    ("Marta Kessel", "harbour master"), ("Idris Vantongeren", "council leader"),
    ("Sofia Rademaker", "union organiser"), ("Jonas Pellerin", "transport minister"),
    ("Ayla Brenner", "head of the water board"), ("Tomasz Ilves", "fire chief"),
    ("Greta Solberg", "school superintendent"), ("Omar Castellanos", "club chairman"),
    ("Nina Okafor", "museum director"), ("Henrik Dahlberg", "fisheries inspector"),
    ("Lucia Ferreira", "county treasurer"), ("Pavel Marek", "bridge engineer"),
]
ORGS = [
    "the harbour authority", "the city council", "the regional rail operator",
    "the water board", "the fire service", "the school board", "the county court",
    "the fishermen's cooperative", "the port workers' union", "the highways agency",
    "the museum trust", "the hospital trust",
]
THINGS = [
    "the new ferry timetable", "the winter budget", "the bridge repairs", "the fishing quota",
    "the night bus service", "the school merger", "the flood barrier", "the wage offer",
    "the stadium lease", "the reopening plan", "the parking charges", "the water tariff",
]
PLACES = [
    "Port Ellen", "Valemouth", "Kirkby Stade", "Norhaven", "Eastwick", "Brandt Ferry",
    "Millbrook", "Saltcombe", "Oster Quay", "Greyfield",
]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week",
        "over the weekend", "late on Sunday", "earlier this month"]
ACTIONS = [
    "would be delayed until the spring", "could cost twice the original estimate",
    "had been approved after a long debate", "was unlikely to survive the next vote",
    "would bring back three evening crossings", "left dozens of families without a plan",
    "was still being reviewed by independent auditors", "had drawn hundreds of complaints",
    "should be finished before the holiday season", "needed the backing of two more members",
]
QUOTES = [
    "We cannot ask people to wait another winter for this",
    "Nobody on the quay was told anything until the notices went up",
    "The numbers simply do not add up, and everyone in the room knows it",
    "We are listening, and we will change the plan where it is wrong",
    "This is the best offer the workers have seen in a decade",
    "I have never seen the river this high in thirty years on the job",
    "Our teams worked through the night and they will do so again",
    "It is a fair deal for the town and a fair deal for the families",
]
DETAILS = [
    "The measure passed by {n} votes to {m}, with two members abstaining.",
    "About {n}0 residents attended the meeting at the community hall in {place}.",
    "The last comparable project, in {year}, ran {n} months over schedule.",
    "Officials said a full report would be published within {n} weeks.",
    "Ticket prices will rise by {n} per cent from the first of next month.",
    "The cooperative says {n}00 jobs depend on the season going ahead.",
    "Engineers found {n} cracked supports during an inspection in {year}.",
    "A petition against the change has gathered more than {n},{m}00 signatures.",
    "Crossings will run every {n}0 minutes at peak times, the operator said.",
    "The county has set aside {n}.{m} million for repairs this year.",
]


class Prose:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, items: list):
        return self.rng.choice(items)

    def sentence(self) -> str:
        rng = self.rng
        name, role = self.pick(PEOPLE)
        kind = rng.randrange(5)
        if kind == 0:
            return (f"{name}, the {role}, said {self.pick(DAYS)} that {self.pick(THINGS)} "
                    f"{self.pick(ACTIONS)}.")
        if kind == 1:
            return f"“{self.pick(QUOTES)},” {name} told reporters in {self.pick(PLACES)}."
        if kind == 2:
            detail = self.pick(DETAILS)
            return detail.format(n=rng.randrange(2, 9), m=rng.randrange(1, 9),
                                 place=self.pick(PLACES), year=rng.randrange(1998, 2024))
        if kind == 3:
            return (f"{self.pick(ORGS).capitalize()} has argued for months that "
                    f"{self.pick(THINGS)} {self.pick(ACTIONS)}, a claim its critics dispute.")
        return (f"In {self.pick(PLACES)}, where {self.pick(ORGS)} is the largest employer, "
                f"many said {self.pick(THINGS)} {self.pick(ACTIONS)}.")

    def paragraph(self, sentences: tuple[int, int] = (2, 4)) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(*sentences)))

    def paragraphs(self, low: int, high: int) -> list[str]:
        return [self.paragraph() for _ in range(self.rng.randint(low, high))]

    def headline(self) -> str:
        thing = self.pick(THINGS).removeprefix("the ")
        verbs = ["Delayed Again", "Approved After Long Debate", "Faces New Vote",
                 "Draws Complaints", "Back on Track", "Costs Double", "Put on Hold"]
        return f"{self.pick(PLACES)} {thing.title()} {self.pick(verbs)}"

    def standfirst(self) -> str:
        return f"{self.pick(ORGS).capitalize()} says {self.pick(THINGS)} {self.pick(ACTIONS)}"

    def subhead(self) -> str:
        return self.pick(["What happens next", "A long wait", "The cost", "Opposition grows",
                          "Back to the table", "Who pays", "The vote", "A town divided"])

    def person(self) -> str:
        return self.pick(PEOPLE)[0]
