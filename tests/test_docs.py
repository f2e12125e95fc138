"""docs/configuration.md documents every key of the configuration model, and only those."""

from __future__ import annotations

import re
from pathlib import Path

from monitor.config import SCHEMA

DOC = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def documented() -> dict[str, set[str]]:
    """The keys of each `### section` table: the first cell of each row, in backticks."""
    sections: dict[str, set[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            current = line[4:].strip()
            sections[current] = set()
        elif line.startswith("## "):
            current = None  # a chapter of its own (the environment variables)
        elif current is not None and (row := re.match(r"\|\s*`([^`]+)`\s*\|", line)):
            sections[current].add(row.group(1))
    return sections


def test_every_key_of_the_configuration_model_is_documented() -> None:
    docs = documented()
    for section, keys in SCHEMA.items():
        heading = section or "top level"
        assert heading in docs, f"docs/configuration.md has no '### {heading}' section"
        missing = keys - docs[heading]
        assert not missing, f"undocumented keys in {heading}: {sorted(missing)}"
        stale = docs[heading] - keys
        assert not stale, f"documented but not accepted in {heading}: {sorted(stale)}"


def test_every_documented_row_has_type_default_and_example() -> None:
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if re.match(r"\|\s*`[^`]+`\s*\|", line) and line.count("|") == 6:
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            assert all(cells), f"a cell is empty: {line}"
