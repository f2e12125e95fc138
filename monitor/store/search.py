"""Full-text search over statement wordings: SQLite FTS5 or PostgreSQL text search, over the
indexes that migration 0007 creates and the database keeps in sync (triggers).

The user writes what a search box takes (web-search syntax): words (all of them must occur,
stemmed: "talks" finds "talk"), "a quoted phrase", -word to leave out, OR between
alternatives. PostgreSQL reads that with websearch_to_tsquery; for FTS5 it is translated here,
every term quoted, so no input is FTS5 syntax that could fail.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from monitor.store.tables import statements

_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


def fts5_query(text: str) -> str | None:
    """The FTS5 MATCH expression for a web-search style query, or None when it has no words."""
    positive: list[str] = []
    negative: list[str] = []
    pending_or = False
    for match in _TERM.finditer(text):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare == "OR":
            pending_or = bool(positive)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        words = _WORD.findall(phrase if phrase is not None else bare or "")
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        if negated:
            negative.append(term)
        elif pending_or:
            positive[-1] = f"{positive[-1]} OR {term}"
        else:
            positive.append(term)
        pending_or = False
    if not positive:
        return None
    expression = " AND ".join(f"({term})" for term in positive)
    for term in negative:
        expression = f"({expression}) NOT {term}"
    return expression


# Above this many matches a search walks the statements newest first (an index) and checks
# each against the matches; below it, it reads the matching statements and sorts them. Either
# way a page of a common word costs about as much as one of a rare word.
WALK_ABOVE = 1000


def matching(connection: sa.Connection, text: str) -> sa.ColumnElement[bool]:
    """A condition on `statements` that holds for the statements whose wording matches."""
    s = statements.c
    if connection.dialect.name == "postgresql":
        return _postgresql_matching(connection, text)
    expression = fts5_query(text)
    if expression is None:
        return sa.false()
    count = connection.execute(
        sa.text("SELECT count(*) FROM statements_fts WHERE statements_fts MATCH :q"),
        {"q": expression}).scalar() or 0
    if not count:
        return sa.false()
    match = sa.text("statements_fts MATCH :fts_query").bindparams(fts_query=expression)
    if count > WALK_ABOVE:
        # Walk statements newest first, each checked against the set of matching FTS rowids
        # (built once): cheaper than collecting every matching statement id first.
        ids = sa.table("statement_search_ids", sa.column("rowid"), sa.column("statement_id"))
        rowids = sa.select(sa.column("rowid")).select_from(sa.table("statements_fts")).where(match)
        return sa.exists().where(ids.c.statement_id == s.id, ids.c.rowid.in_(rowids))
    matched = sa.select(sa.column("statement_id")).select_from(sa.text(
        "statements_fts f JOIN statement_search_ids i ON i.rowid = f.rowid")).where(match)
    return s.id.in_(matched.scalar_subquery())


def _postgresql_matching(connection: sa.Connection, text: str) -> sa.ColumnElement[bool]:
    """As for FTS5: the matches are counted first (up to WALK_ABOVE + 1, from the GIN index).
    Few: their ids. Many: a walk of the statements newest first, each probed by primary key
    (a correlated EXISTS). The planner alone cannot tell: for a word it has no statistics of
    it guesses a few hundred matches and walks all 100k statements to find none (~280 ms)."""
    s = statements.c
    search = sa.table("statement_search", sa.column("statement_id"), sa.column("document"))
    matches = search.c.document.op("@@")(
        sa.func.websearch_to_tsquery(sa.literal_column("'english'"), text))
    found = connection.execute(
        sa.select(search.c.statement_id).where(matches).limit(WALK_ABOVE + 1)).scalars().all()
    if not found:
        return sa.false()
    if len(found) <= WALK_ABOVE:
        return s.id.in_(sorted(found))
    return sa.exists().where(search.c.statement_id == s.id, matches)
