"""Which new statements an alert rule wants (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from monitor.models import AlertRule, Statement


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    # From a word start, so "truce" finds "truces" but not "construct"-like words inside others.
    return re.compile(r"(?<!\w)" + re.escape(keyword.strip()), re.IGNORECASE)


def rule_matches(rule: AlertRule, statement: Statement) -> bool:
    """Any of the rule's actors (canonical names, case-insensitive; none listed: any actor) and
    any of its keywords in the statement's wording (none listed: any statement)."""
    if rule.actors and statement.actor.casefold() not in {a.casefold() for a in rule.actors}:
        return False
    if not rule.keywords:
        return True
    return any(_keyword_pattern(k).search(statement.text) for k in rule.keywords if k.strip())


def matching(rule: AlertRule, statements: Sequence[Statement]) -> list[Statement]:
    return [s for s in statements if rule_matches(rule, s)]
