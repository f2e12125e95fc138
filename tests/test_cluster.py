"""monitor.cluster: normalised wordings, fingerprints and near-duplicate decisions."""

from __future__ import annotations

import pytest

from monitor.cluster import (
    SHINGLE_WORDS,
    best_match,
    fingerprint,
    is_excerpt,
    normalize_wording,
    same_statement,
    shingle_hashes,
    similarity,
)

NORMALIZED = [
    ("“We are ready for talks,”", "we are ready for talks"),
    ("«We are ready for talks»", "we are ready for talks"),
    ("„We are ready for talks“", "we are ready for talks"),
    ("'We are ready for talks'", "we are ready for talks"),
    ("We’re ready… for talks", "we are ready for talks"),
    ("We're ready... for talks", "we are ready for talks"),
    ("We are ready [...] for talks", "we are ready for talks"),
    ("We are ready — as always — for talks", "we are ready as always for talks"),
    ("We are ready – as always – for talks", "we are ready as always for talks"),
    ("  WE   ARE\nREADY\tfor talks!  ", "we are ready for talks"),
    ("We don’t want it and we won't accept it", "we do not want it and we will not accept it"),
    ("We can't and we cannot", "we can not and we can not"),
    (
        "We're gonna get it done, it's gonna happen",
        "we are going to get it done it is going to happen",
    ),
    ("I wanna see a deal; they've gotta stop", "i want to see a deal they have got to stop"),
    ("Russia’s demands and Ukraine's answer", "russias demands and ukraines answer"),
    ("a cease-fire and a ceasefire", "a ceasefire and a ceasefire"),
    ("100,000 troops, 100\u00a0000 troops", "100000 troops 100000 troops"),
    ("", ""),
    ("“…”", ""),
]


@pytest.mark.parametrize(("text", "expected"), NORMALIZED)
def test_normalize_wording(text: str, expected: str) -> None:
    assert normalize_wording(text) == expected


@pytest.mark.parametrize(("text", "_expected"), NORMALIZED)
def test_normalize_wording_is_idempotent(text: str, _expected: str) -> None:
    once = normalize_wording(text)
    assert normalize_wording(once) == once


def test_fingerprint_ignores_marks_case_and_apostrophes_but_not_words() -> None:
    assert fingerprint("“We’re ready for talks…”") == fingerprint("we're READY for talks")
    assert fingerprint("We are ready for talks") != fingerprint("We are not ready for talks")
    assert len(fingerprint("anything")) == 16
    int(fingerprint("anything"), 16)  # hex


SAME = [
    # trimmed excerpts: one contained in the other, other marks
    (
        "“We are ready to meet at any level, including the presidents,” he said.",
        "ready to meet at any level",
    ),
    (
        "The talks in Istanbul were useful and we will continue them next week",
        "«The talks in Istanbul were useful»",
    ),
    # a changed word
    ("We are ready to meet Putin at any time", "We are ready to meet Putin at any moment"),
    # colloquial forms and contractions
    (
        "We’re gonna get a ceasefire done very soon…",
        "We are going to get a ceasefire done very soon",
    ),
    # a clause dropped from the middle
    (
        "We are ready, as I have said many times, for serious talks",
        "We are ready for serious talks",
    ),
    # a changed word in a trimmed excerpt
    (
        "Moscow is not interested in a ceasefire that only lets Kyiv regroup and rearm",
        "not interested in a truce that only lets Kyiv regroup",
    ),
    # a short fragment contained in a longer wording (the store limits this to one actor)
    ("very well", "The first round went very well"),
    # split quote joined with an ellipsis by one outlet, one part alone by another
    ("We want peace … but not at any price", "but not at any price"),
]

DIFFERENT = [
    # negation
    ("We are ready for talks", "We are not ready for talks"),
    (
        "We will never accept a deal that rewards the aggressor",
        "We will accept a deal that rewards the aggressor",
    ),
    ("Russia doesn't want a ceasefire now", "Russia wants a ceasefire now"),
    # numbers
    ("A 30-day ceasefire is on the table", "A 60-day ceasefire is on the table"),
    ("We lost 10,000 soldiers in that offensive", "We lost 100,000 soldiers in that offensive"),
    # the same words in another order mean another thing
    (
        "Russia must withdraw its troops from Ukraine",
        "Ukraine must withdraw its troops from Russia",
    ),
    # two statements sharing common words
    (
        "We are ready for talks in Istanbul next week",
        "We are ready for a prisoner exchange next week",
    ),
    ("The Kremlin has nothing to add to what was said", "The Kremlin has made its position clear"),
    # short fragments only match exactly or by containment
    ("very good", "very well"),
    ("no", "No, we will not accept this"),
    ("", ""),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_statement(a: str, b: str) -> None:
    assert same_statement(a, b)
    assert same_statement(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_statements(a: str, b: str) -> None:
    assert not same_statement(a, b)
    assert not same_statement(b, a)


def test_similarity_scores() -> None:
    assert similarity("“We’re ready”", "we are ready") == 1.0
    assert similarity("we are ready", "they said we are ready for talks") == 1.0
    near = similarity(
        "We are ready to meet Putin at any time", "We are ready to meet Putin at once"
    )
    far = similarity("We are ready to meet Putin at any time", "Sanctions will stay until May")
    assert 0.0 < far < near < 1.0
    assert similarity("", "anything") == 0.0


def test_best_match_prefers_exact_then_most_similar() -> None:
    candidates = [
        ("talks", "We are ready for talks in Istanbul next week"),
        ("exchange", "We are ready for a prisoner exchange next week"),
        ("exact", "we are ready for a prisoner exchange"),
    ]
    assert best_match("“We are ready for a prisoner exchange”", candidates) == "exact"
    assert best_match("We are ready for talks in Istanbul next month", candidates) == "talks"
    assert best_match("Sanctions will stay until the end of the war", candidates) is None
    assert best_match("", candidates) is None
    assert best_match("We are ready for talks", []) is None


def test_best_match_fragment_joins_only_an_unambiguous_container() -> None:
    one = [("a", "The first round went very well"), ("b", "We are ready for talks")]
    two = [*one, ("c", "Things are going very well with Russia")]
    assert best_match("very well", one) == "a"
    assert best_match("very well", two) is None  # in two statements: cannot tell which
    assert best_match("Very well!", [*two, ("d", "very well")]) == "d"  # exact wins
    assert best_match("well", one) is None  # one word: exact only


def test_best_match_blocks_negated_near_duplicate() -> None:
    candidates = [("ready", "We are ready for talks with Kyiv")]
    assert best_match("We are not ready for talks with Kyiv", candidates) is None
    assert best_match("We are ready for the talks with Kyiv", candidates) == "ready"


def test_best_match_among_contained_candidates_prefers_the_longer() -> None:
    candidates = [("phrase", "we want a deal"), ("quote", "Putin must stop the bombing now")]
    text = "Look, we want a deal, and Putin must stop the bombing now"
    assert best_match(text, candidates) == "quote"


def test_is_excerpt() -> None:
    assert is_excerpt("“must stop the bombing”", "Putin must stop the bombing now.")
    assert not is_excerpt("must stop bombing", "Putin must stop the bombing now")
    assert not is_excerpt("…", "anything")


def test_shingle_hashes_one_per_run_of_words() -> None:
    wording = "the memorandum must be signed before any meeting of the presidents"
    hashes = shingle_hashes(wording)
    assert len(hashes) == 11 - SHINGLE_WORDS + 1
    assert len(set(hashes)) == len(hashes)
    assert all(-(2**63) <= value < 2**63 for value in hashes)  # fits a signed BIGINT
    assert shingle_hashes(" ".join(wording.split()[: SHINGLE_WORDS - 1])) == []
    assert shingle_hashes("") == []
    assert shingle_hashes("one two three", size=2) == [
        *shingle_hashes("one two", size=2),
        *shingle_hashes("two three", size=2),
    ]


def test_shingle_hashes_depend_on_the_words_and_their_order_only() -> None:
    [run] = shingle_hashes("we are ready for talks", size=5)
    # Stored in databases: the same in every process and release (a change needs a migration).
    assert run == -8993229627587649004
    assert shingle_hashes("we are ready for peace", size=5) != [run]
    assert shingle_hashes("are we ready for talks", size=5) != [run]
    # repeated runs repeat their hash, in place
    assert shingle_hashes("we are ready for talks we are ready for talks", size=5) == [
        run,
        *shingle_hashes("are ready for talks we", size=5),
        *shingle_hashes("ready for talks we are", size=5),
        *shingle_hashes("for talks we are ready", size=5),
        *shingle_hashes("talks we are ready for", size=5),
        run,
    ]


def test_a_contained_wording_shares_all_its_shingles() -> None:
    whole = normalize_wording(
        "Putin said the memorandum must be signed before any meeting, full stop"
    )
    part = normalize_wording("“must be signed before any meeting…”")
    assert is_excerpt(part, whole)
    assert set(shingle_hashes(part)) <= set(shingle_hashes(whole))
    assert shingle_hashes(part)[0] in shingle_hashes(whole)
    changed = normalize_wording("must be signed before every meeting")
    assert not set(shingle_hashes(changed)) <= set(shingle_hashes(whole))
