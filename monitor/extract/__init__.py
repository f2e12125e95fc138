"""Statements of tracked actors in an article's text: text and actors in, mentions out (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from monitor.extract.actors import compile_actors
from monitor.extract.article import extract_statements
from monitor.extract.lexicon import load_lexicon
from monitor.models import Actor, Mention

__all__ = ["extract_mentions"]

# Reported speech (kind "indirect") is returned too unless the caller opts out.
INDIRECT_BY_DEFAULT = True


def extract_mentions(
    paragraphs: Sequence[str],
    actors: Sequence[Actor],
    *,
    published: date | None = None,
    title: str | None = None,
    indirect: bool = INDIRECT_BY_DEFAULT,
) -> list[Mention]:
    """Direct quotes of tracked actors in `paragraphs`, in text order.

    `published` selects which role titles apply ("the Kremlin spokesman" on that day); `title`
    is the headline, used only as context. Offsets in `Mention.start` count in the paragraphs
    joined by blank lines (ArticleText.text).
    """
    del title  # headlines are not annotated text; kept in the signature for callers
    if not actors or not paragraphs:
        return []
    if isinstance(published, datetime):
        published = published.date()
    index = compile_actors(tuple(actors))
    return extract_statements(list(paragraphs), index, load_lexicon(), published, indirect)
