"""The digest: grouping, order, marks, escaping, and the JSON shape of the contract (pure)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from html import unescape

from monitor.digest import (
    SourceHealth,
    build_digest,
    digest_payload,
    digest_subject,
    format_time,
    render_html,
    render_text,
    statement_to_json,
)
from monitor.models import Actor, Statement, StoredMention

NOON = datetime(2025, 5, 19, 12, 0, tzinfo=UTC)
START, END = NOON - timedelta(hours=12), NOON + timedelta(hours=12)
ACTORS = (Actor("Volodymyr Zelensky"), Actor("Vladimir Putin"), Actor("Recep Tayyip Erdoğan"))


def mention(outlet: str, url: str, *, published: datetime | None = None, seen: datetime = NOON,
            kind: str = "direct", speaker: str = "the president", cue: str = "said",
            text: str = "words") -> StoredMention:
    return StoredMention(url=url, outlet=outlet, title=f"{outlet} story", published=published,
                         text=text, kind=kind, speaker=speaker, cue=cue,  # type: ignore[arg-type]
                         confidence=0.9, seen_at=seen, on_topic=True)


def statement(sid: str, actor: str, text: str, *, seen: datetime = NOON, kind: str = "direct",
              mentions: tuple[StoredMention, ...] = ()) -> Statement:
    mentions = mentions or (mention("Harbor Ledger", f"https://harbor.example/{sid}", seen=seen,
                                    kind=kind),)
    published = min((m.published for m in mentions if m.published), default=None)
    return Statement(id=sid, actor=actor, text=text, kind=kind,  # type: ignore[arg-type]
                     first_seen=seen, first_published=published, on_topic=True,
                     mentions=mentions)


ERDOGAN = statement(
    "erd", "Recep Tayyip Erdoğan", "Türkiye is ready to host the talks <script>x</script>",
    seen=NOON + timedelta(hours=1),
    mentions=(
        mention("Steppe Courier", "https://steppe.example/a", published=NOON - timedelta(hours=2),
                speaker="the Turkish president", cue="told reporters"),
        mention("Harbor Ledger", "https://harbor.example/b", published=NOON - timedelta(hours=3),
                speaker="Erdoğan", cue="said"),
        mention("Delta Wire", "https://delta.example/c", published=None),
    ),
)
PUTIN_OLD = statement("p1", "Vladimir Putin", "We are open to a truce",
                      seen=NOON - timedelta(hours=2))
PUTIN_NEW = statement("p2", "Vladimir Putin", "The memorandum is being drafted",
                      seen=NOON + timedelta(hours=3))
PUTIN_REPORTED = statement("p3", "Vladimir Putin", "Russia would not accept the terms",
                           seen=NOON + timedelta(hours=4), kind="indirect")
UNKNOWN = statement("x", "Someone Untracked", "A stray remark")
UPDATED = statement(
    "z0", "Volodymyr Zelensky", "We need a full ceasefire first", seen=START - timedelta(days=2),
    mentions=(
        mention("Harbor Ledger", "https://harbor.example/old", seen=START - timedelta(days=2)),
        mention("Delta Wire", "https://delta.example/new", seen=NOON),
    ),
)


def full_digest():
    return build_digest(
        "daily", new=[PUTIN_OLD, ERDOGAN, UNKNOWN, PUTIN_NEW, PUTIN_REPORTED], updated=[UPDATED],
        actors=ACTORS, timezone="Europe/Kyiv", start=START, end=END,
        sources=[SourceHealth("Harbor Ledger", NOON, 0, None),
                 SourceHealth("Steppe Courier", NOON, 3, "HTTP 503 from the feed"),
                 SourceHealth("Delta Wire", START - timedelta(days=1), 0, None)],
    )


def test_sections_follow_the_actors_file_then_unknown_actors():
    digest = full_digest()
    assert [s.actor for s in digest.sections] == [
        "Volodymyr Zelensky", "Vladimir Putin", "Recep Tayyip Erdoğan", "Someone Untracked"]


def test_newest_first_within_an_actor_and_reported_speech_apart():
    putin = full_digest().sections[1]
    assert [i.statement.id for i in putin.direct] == ["p2", "p1"]
    assert [i.statement.id for i in putin.indirect] == ["p3"]


def test_updated_statements_are_marked_and_not_counted_as_new():
    digest = full_digest()
    zelensky = digest.sections[0].items[0]
    assert zelensky.updated and zelensky.new_reports == 1
    assert UPDATED not in digest.new_statements and digest.updated_statements == [UPDATED]
    text = render_text(digest)
    assert "updated: 1 new report in this window" in text
    assert "Updated: 1 new report in this window" in render_html(digest)


def test_first_report_is_the_earliest_publication_with_every_outlet_linked():
    item = full_digest().sections[2].items[0]
    assert item.first_outlet == "Harbor Ledger"
    assert item.first_reported == NOON - timedelta(hours=3)
    assert (item.speaker, item.cue) == ("Erdoğan", "said")
    assert [link.outlet for link in item.links] == ["Harbor Ledger", "Steppe Courier",
                                                    "Delta Wire"]
    assert item.other_outlets == 2
    html = render_html(full_digest())
    for url in ("https://steppe.example/a", "https://harbor.example/b", "https://delta.example/c"):
        assert f'href="{url}"' in html
    assert "also reported by 2 outlets" in html
    assert "also reported by 2 outlets" in render_text(full_digest())


def test_header_has_window_counts_and_failing_sources_in_the_configured_zone():
    digest = full_digest()
    text = render_text(digest)
    assert "Window: 2025-05-19 03:00 EEST – 2025-05-20 03:00 EEST" in text
    assert "5 new statements by 3 actors; 1 earlier statement with new reports." in text
    assert "Sources: 2 of 3 polled, 1 failing:" in text
    assert "Steppe Courier: 3 failures in a row: HTTP 503 from the feed" in text
    assert format_time(NOON, "Europe/Kyiv") == "2025-05-19 15:00 EEST"


def test_html_escapes_everything_and_has_no_scripts_or_images():
    html = render_html(full_digest())
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "Erdoğan" in html  # UTF-8 text, not entities
    assert 'style="' in html and "<style" not in html  # inline styles only


def test_html_and_text_show_the_same_statements():
    digest = full_digest()
    words = " ".join(re.findall(r"\w+", unescape(re.sub(r"<[^>]+>", " ", render_html(digest)))))
    text_words = " ".join(re.findall(r"\w+", render_text(digest)))
    for s in [*digest.new_statements, *digest.updated_statements]:
        wording = " ".join(re.findall(r"\w+", s.text))
        assert wording in words and wording in text_words
    assert "Reported speech" in render_text(digest)


def test_links_that_are_not_web_links_are_neutralised():
    evil = statement("e", "Vladimir Putin", "Hello", mentions=(
        mention("Bad", "javascript:alert(1)"),))
    html = render_html(build_digest("d", new=[evil], start=START, end=END))
    assert "javascript:" not in html
    assert 'href="#"' in html


def test_empty_digest_says_so():
    digest = build_digest("daily", new=[], start=START, end=END, timezone="UTC")
    assert "No new statements." in render_text(digest)
    assert "No new statements." in render_html(digest)
    assert digest_subject(digest).startswith("[monitor] daily digest, 2025-05-19 00:00 UTC")


def test_statement_json_has_the_contract_fields():
    obj = statement_to_json(ERDOGAN)
    assert list(obj) == ["id", "actor", "text", "first_seen", "first_published", "on_topic",
                         "kind", "mentions"]
    assert obj["first_seen"] == "2025-05-19T13:00:00+00:00"
    assert obj["first_published"] == "2025-05-19T09:00:00+00:00"
    first = obj["mentions"][0]
    assert set(first) == {"url", "outlet", "title", "published", "text", "kind", "speaker", "cue",
                          "confidence"}
    assert obj["mentions"][2]["published"] is None
    json.dumps(obj)  # serialisable as is


def test_webhook_payload_shapes():
    digest = full_digest()
    payload = digest_payload(digest)
    assert payload["type"] == "digest" and payload["digest"] == "daily"
    assert payload["window"] == {"start": "2025-05-19T00:00:00+00:00",
                                 "end": "2025-05-20T00:00:00+00:00"}
    assert [s["id"] for s in payload["statements"]] == ["p2", "p1", "p3", "erd", "x"]
    assert [s["id"] for s in payload["updated"]] == ["z0"]
    alert = digest_payload(build_digest("urgent", new=[PUTIN_NEW], actors=ACTORS, kind="alert"))
    assert alert == {"type": "alert", "alert": "urgent",
                     "statements": [statement_to_json(PUTIN_NEW)]}


def test_statements_found_in_one_poll_are_ordered_by_publication():
    older = statement("a", "Vladimir Putin", "Said first", mentions=(
        mention("Harbor Ledger", "https://h/a", published=NOON - timedelta(days=30)),))
    newer = statement("b", "Vladimir Putin", "Said later", mentions=(
        mention("Harbor Ledger", "https://h/b", published=NOON - timedelta(days=1)),))
    digest = build_digest("d", new=[older, newer], start=START, end=END)
    assert [i.statement.id for i in digest.items] == ["b", "a"]


def test_closing_comma_and_punctuation_only_cues_are_not_shown():
    quoted = statement("q", "Donald Trump", "Stop the madness,", mentions=(
        mention("Harbor Ledger", "https://h/q", speaker="", cue=":"),))
    text = render_text(build_digest("d", new=[quoted], start=START, end=END))
    assert "“Stop the madness”" in text and "(:)" not in text


def test_an_index_of_actors_with_counts_jumps_to_their_sections():
    digest = full_digest()
    html = render_html(digest)
    for section in digest.sections:
        assert f'href="#{section.anchor}"' in html and f'id="{section.anchor}"' in html
    assert digest.sections[1].anchor == "actor-vladimir-putin"
    index = re.search(r"(<p[^>]*>(?:(?!</p>).)*#actor-(?:(?!</p>).)*</p>)", html, re.S)
    assert index is not None
    assert "Vladimir Putin&nbsp;<span style=\"color:#777777;\">(3)</span>" in index.group(1)
    text = render_text(digest)
    assert "In this digest:\n  Volodymyr Zelensky (1)\n  Vladimir Putin (3)\n" in text
    assert text.index("In this digest:") < text.index("== Volodymyr Zelensky (1) ==")


def test_the_evidence_line_is_left_out_of_the_digest_but_kept_in_the_json():
    digest = full_digest()
    for rendered in (render_text(digest), unescape(render_html(digest))):
        assert "the Turkish president" not in rendered and "told reporters" not in rendered
        assert "(Erdoğan, said)" not in rendered and "Erdoğan, said" not in rendered
    mentions = [m for s in digest_payload(digest)["statements"] for m in s["mentions"]]
    assert {"speaker": "the Turkish president", "cue": "told reporters"}.items() <= next(
        m for m in mentions if m["outlet"] == "Steppe Courier").items()


def test_the_first_outlet_is_named_once():
    item = full_digest().sections[2].items[0]
    assert [link.outlet for link in item.other_links] == ["Steppe Courier", "Delta Wire"]
    text = render_text(full_digest())
    block = text[text.index("Türkiye is ready"):]
    block = block[: block.index("\n\n")]
    assert block.count("Harbor Ledger") == 1, block
    html = render_html(full_digest())
    row = html[html.index("Türkiye is ready"):]
    row = row[: row.index("</tr>")]
    assert row.count(">Harbor Ledger<") == 1 and row.count(">Steppe Courier<") == 1


def test_a_continued_quote_keeps_no_comma_inside_the_marks():
    said = statement("i", "Volodymyr Zelensky", "We will do it immediately,")
    digest = build_digest("d", new=[said], start=START, end=END)
    assert "“We will do it immediately”" in render_text(digest)
    assert "&ldquo;We will do it immediately&rdquo;" in render_html(digest)
