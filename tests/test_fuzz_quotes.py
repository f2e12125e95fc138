"""Hypothesis fuzzing of the quote finder and the attribution reader (a budget CI affords):
whatever the paragraphs — unbalanced, nested or stray quote marks of every style, names and
cues in any order — extraction returns mentions of tracked actors whose words occur in the
text, in text order, and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.extract import extract_mentions
from monitor.extract.quotes import find_quote_spans
from monitor.models import Actor

BUDGET = settings(max_examples=80, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ACTORS = (
    Actor("Dana Whitfield", aliases=("Whitfield",)),
    Actor("Owen Whitfield"),
    Actor("Tomas Reyes"),
    Actor("Lena Voss"),
)

# Pieces of news prose: names, pronouns, cues, quote marks of every style, punctuation.
PIECES = st.sampled_from([
    "Dana Whitfield", "Whitfield", "Owen Whitfield", "Reyes", "Lena Voss", "Voss", "she", "he",
    "They", "said", "told reporters", "according to", "added", "warned", "that", "the minister",
    "“", "”", '"', "‘", "’", "'", "«", "»", "„", ",", ".", ":", "—", "(", ")", "?", "\n",
    "we will sign", "no deal", "on Tuesday", "in Kyiv", " ", " ", " ",
])
NOISE = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=12).map("".join)


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    """A quotation with a speaker and a cue (so attribution runs), cut and salted with noise."""
    opening, closing = draw(st.sampled_from([("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"),
                                             ("‘", "’"), ("“", ""), ("", "”")]))
    words = draw(st.sampled_from(["We will sign no deal", "The talks go on", "Not today"]))
    speaker = draw(st.sampled_from(["Dana Whitfield", "Whitfield", "Reyes", "she", "Voss",
                                    "the minister", "Owen Whitfield"]))
    cue = draw(st.sampled_from(["said", "told reporters", "warned", "added on Tuesday"]))
    order = draw(st.sampled_from([
        f"{opening}{words},{closing} {speaker} {cue}.",
        f"{speaker} {cue}: {opening}{words}.{closing}",
        f"{speaker} {cue} that {words.lower()}.",
        f"According to {speaker}, {words.lower()}.",
    ]))
    cut = draw(st.integers(0, len(order)))
    return draw(NOISE) + order[:cut] + draw(NOISE) + order[cut:] + draw(NOISE)


PARAGRAPH = st.one_of(paragraphs(), NOISE)
PARAGRAPHS = st.lists(PARAGRAPH, min_size=1, max_size=5)


@BUDGET
@given(PARAGRAPH)
def test_quote_spans_lie_inside_the_paragraph_in_order(paragraph: str) -> None:
    spans = find_quote_spans(paragraph)
    ends = [-1]
    for span in spans:
        assert 0 <= span.opened < span.start <= span.end <= len(paragraph)
        assert span.start >= ends[-1]
        ends.append(span.end)


@BUDGET
@given(PARAGRAPHS)
def test_mentions_name_tracked_actors_and_quote_the_text(paragraphs: list[str]) -> None:
    mentions = extract_mentions(paragraphs, ACTORS)
    names = {actor.name for actor in ACTORS}
    text = "\n\n".join(paragraphs)
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)
    for mention in mentions:
        assert mention.actor in names
        assert mention.text.strip()
        assert 0.0 <= mention.confidence <= 1.0
        # The words come from the article (split quotes are joined with a space).
        for part in mention.text.split(" … "):
            assert part.split()[0] in text
