"""Bound how deep a page's elements nest before an HTML parser builds its tree.

The HTML tree builder checks "is there a <p> in scope", "is this element open" by walking the
stack of open elements, so a page of unclosed tags (`<div><span><b>text` repeated) costs time
in the square of its size (lexbor: 3 s for 0.29 MB, 227 s for 1.16 MB). Browsers cap the
depth (Blink at 512); lexbor does not. `bounded_nesting` models the stack from the tags alone,
erring on the deep side (it counts re-opened formatting elements and ignores the end tags a
tree builder may ignore), and drops start tags that would nest deeper than MAX_DEPTH: their
text stays, in the element above. Pages that could not get that deep are returned untouched
after one scan that counts their tags (small ones often after two `str.count` calls).
"""

from __future__ import annotations

import re
from collections import Counter

MAX_DEPTH = 256
# Start tags without their end tag, counted roughly (void elements and "<" in scripts count
# too): below this a page cannot nest deep enough to matter, and the model is not run.
CHECK_ABOVE = 400
# Below this length "<" are counted first (that often settles a small page); on a long page
# the counts seldom do and would only add to the scan.
COUNT_BELOW = 32_768

# A tag as the HTML tokenizer reads it: attribute values in quotes may hold ">", a quote
# inside an attribute name is part of the name, an unclosed tag or quote runs to the end.
# Possessive, so that it never backtracks: linear on any input.
_ATTRIBUTES = (
    r"(?:[\s/]++|(?:=[^\s/>=]*+|[^\s/>=]++)"
    r"(?:\s*+=\s*+(?:\"[^\"]*+(?:\"|\Z)|'[^']*+(?:'|\Z)|[^\s>]*+))?+)*+"
)
_TAG = re.compile(rf"<(?:!--|(/?)([A-Za-z][^\s/>]*+)({_ATTRIBUTES})(?:>|\Z))")
# where a comment ends: "-->", "--!>", or at once ("<!-->", "<!--->")
_COMMENT_END = re.compile(r"--!?>")
_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image",
    }
)
_RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"}
)
_FORMATTING = frozenset(
    {
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong",
        "tt", "u",
    }
)
# An end tag reaches no further down than these (the "scope" of the HTML tree builder).
_SCOPE = frozenset(
    {"html", "table", "td", "th", "caption", "template", "applet", "object", "marquee",
     "button", "svg", "math", "foreignobject"}
)
_TABLE_SCOPE = frozenset({"html", "table", "template"})
# The tree builder's "special" elements: an end tag of another element does not close them,
# and a new list item closes the last one only if none of these is open inside it.
_SPECIAL = frozenset(
    {
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound",
        "blockquote", "body", "br", "button", "caption", "center", "col", "colgroup", "dd",
        "details", "dir", "div", "dl", "dt", "embed", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head",
        "header", "hgroup", "hr", "html", "iframe", "img", "input", "keygen", "li", "link",
        "listing", "main", "marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript",
        "object", "ol", "p", "param", "plaintext", "pre", "script", "search", "section",
        "select", "source", "style", "summary", "table", "tbody", "td", "template", "textarea",
        "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp", "foreignobject",
        "svg", "math",
    }
)
_LIST_ITEM_STOP = _SPECIAL - {"address", "div", "p"}
# Start tags that close an open <p> (and a heading closes a heading).
_CLOSES_P = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",
        "div", "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hgroup", "hr", "li", "dd", "dt", "main", "menu", "nav",
        "ol", "p", "pre", "listing", "section", "summary", "ul", "table",
    }
)
_P = frozenset({"p"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# A new list item ends the open one, unless another special element is open inside it.
_CLOSES_ITEM = {
    "li": frozenset({"li"}), "dt": frozenset({"dt", "dd"}), "dd": frozenset({"dt", "dd"}),
}
# A new cell or row ends the open one within the table.
_BODIES = frozenset({"tbody", "thead", "tfoot"})
_CLOSES_CELL = {
    "td": frozenset({"td", "th"}), "th": frozenset({"td", "th"}), "tr": frozenset({"tr"}),
    "tbody": _BODIES, "thead": _BODIES, "tfoot": _BODIES,
}
_CLOSES_SIBLING = _CLOSES_ITEM | _CLOSES_CELL
# Start tags before which the builder does not re-open formatting elements (their text will).
_NO_RECONSTRUCT = _CLOSES_P | _HEADINGS | _CLOSES_SIBLING.keys() | {"caption", "colgroup"}
_NOAHS_ARK = 3  # the tree builder keeps at most this many identical formatting elements


_RAW_NAMES = "script|style|textarea|title|xmp|iframe|noembed|noframes"


def _any_case(name: str) -> str:
    # [sS][cC]...: IGNORECASE would slow every character of the scan
    return "".join(f"[{c.lower()}{c.upper()}]" for c in name)


_RAW_ELEMENT = "|".join(
    rf"{_any_case(name)}(?=[\s/>]){_ATTRIBUTES}(?:>|\Z)"
    rf"[^<]*+(?:<(?!/{_any_case(name)}[\s/>])[^<]*+)*+"
    rf"(?:</{_any_case(name)}{_ATTRIBUTES}(?:>|\Z))?"
    for name in _RAW_NAMES.split("|")
)
# The common tag, plainly written (names of word characters, values quoted or plain): where
# it ends is where _ATTRIBUTES would end it, in fewer steps; any other tag fails it at once
# and is read by _ATTRIBUTES.
_PLAIN_ATTRIBUTES = (
    r"(?:\s++[A-Za-z_:@][-\w:.@]*+"
    r"(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s>\"'=<`/]++))?+)*+\s*+/?>"
)
# the first letters of the raw-text elements' names, either case
_RAW_INITIALS = "".join(sorted({name[0] + name[0].upper() for name in _RAW_NAMES.split("|")}))
# Comments, raw-text elements whole (start tag, text, end tag) and other tags, read as the
# tokenizer reads them, in one pass of the regex engine; possessive runs keep it linear.
# The one group holds a tag's name after its "<", with the "/" of an end tag (empty for
# comments and raw text): short strings, whatever the attributes.
_TOKENS = re.compile(
    r"<(?:!--(?:>|->|[^-]*+(?:-(?!-!?>)[^-]*+)*+(?:--!?>)?)"
    rf"|(?=[{_RAW_INITIALS}])(?:{_RAW_ELEMENT})"  # the guard spares most tags 8 tries
    rf"|(/?[A-Za-z][^\s/>]*+)(?:{_PLAIN_ATTRIBUTES}|{_ATTRIBUTES}(?:>|\Z)))"
)
# Counted as void only in lower case: "<IMG>" counts as unclosed, on the deep side.
_COUNTED_VOID = (
    "img", "br", "meta", "link", "input", "hr", "source", "wbr", "area", "col", "embed",
    "param", "track",
)


def could_nest_deep(html: str) -> bool:
    """False when the page has too few start tags without an end tag to nest deep: start
    tags less end tags and void elements, outside comments, scripts and styles (whose "<"
    are text)."""
    if len(html) <= COUNT_BELOW and html.count("<") - html.count("</") <= CHECK_ABOVE:
        return False  # not even that many "<" that could start a tag
    names = _TOKENS.findall(html)
    if names and names[-1] in _COUNTED_VOID and html.endswith(names[-1]):
        *_, last = _TOKENS.finditer(html)  # rare: a page that ends in "...<br"?
        if last.end(1) == len(html):
            names[-1] = "?"  # cut off by the page's end: a start tag, not counted as void
    count = Counter(names)
    ends = sum(n for name, n in count.items() if name.startswith("/"))
    starts = len(names) - count[""] - ends
    voids = sum(count[name] for name in _COUNTED_VOID)
    return starts - ends - voids > CHECK_ABOVE


class _Stack:
    """The open elements as the tree builder would hold them, roughly; deeper, never less.
    Every operation is O(1) amortised: where each name is open, and where the scopes start,
    are kept beside the stack."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.where: dict[str, list[int]] = {}  # name -> its indexes in `names`
        self.scopes: list[int] = [-1]  # indexes of the open scope boundaries
        self.tables: list[int] = [-1]  # indexes of the open table scope boundaries
        # formatting elements the builder would re-open: [name, key, open on the stack]
        self.formatting: list[list] = []
        self.detached = 0

    def __len__(self) -> int:
        return len(self.names)

    def push(self, name: str) -> None:
        index = len(self.names)
        self.names.append(name)
        self.where.setdefault(name, []).append(index)
        if name in _SCOPE:
            self.scopes.append(index)
        if name in _TABLE_SCOPE:
            self.tables.append(index)

    def pop(self) -> str:
        name = self.names.pop()
        self.where[name].pop()
        if self.scopes[-1] == len(self.names):
            self.scopes.pop()
        if self.tables[-1] == len(self.names):
            self.tables.pop()
        return name

    def pop_to(self, index: int) -> None:
        while len(self.names) > index:
            name = self.pop()
            if name in _FORMATTING:
                self._detach(name)

    def _detach(self, name: str) -> None:
        for entry in reversed(self.formatting):
            if entry[0] == name and entry[2]:
                entry[2] = False
                self.detached += 1
                return

    def find(self, names: frozenset[str], *, table: bool = False) -> int:
        """Index of the innermost open element of `names` within scope (the table's), or -1."""
        best = -1
        for name in names:
            indexes = self.where.get(name)
            if indexes and indexes[-1] > best:
                best = indexes[-1]
        return best if best > (self.tables if table else self.scopes)[-1] else -1

    def find_before(self, names: frozenset[str], stop: frozenset[str]) -> int:
        """Index of the innermost open element of `names` with none of `stop` open inside
        it, or -1. Walks the stack, which is never much deeper than MAX_DEPTH."""
        for index in range(len(self.names) - 1, -1, -1):
            name = self.names[index]
            if name in names:
                return index
            if name in stop:
                return -1
        return -1

    def reconstruct(self) -> None:
        """Formatting elements closed by a block's end are opened again before the next text."""
        if not self.detached:
            return
        for entry in self.formatting:
            if not entry[2]:
                entry[2] = True
                self.push(entry[0])
        self.detached = 0

    def is_open_formatting(self, key: str) -> bool:
        return any(e[1] == key and e[2] for e in self.formatting[-4 * _NOAHS_ARK :])

    def open_formatting(self, name: str, key: str) -> None:
        same = [e for e in self.formatting[-4 * _NOAHS_ARK :] if e[1] == key]
        if len(same) >= _NOAHS_ARK:
            oldest = same[0]
            self.formatting.remove(oldest)
            if not oldest[2]:
                self.detached -= 1
        self.formatting.append([name, key, True])
        self.push(name)

    def close_formatting(self, name: str) -> None:
        for i in range(len(self.formatting) - 1, -1, -1):
            entry = self.formatting[i]
            if entry[0] == name:
                del self.formatting[i]
                if not entry[2]:
                    self.detached -= 1
                break
        # With a special element open inside it, the adoption agency keeps that open (and
        # clones this one inside it): the stack gets shallower only without one.
        index = self.find_before(frozenset((name,)), _SPECIAL)
        if index >= 0:
            self.pop_to(index)


def bounded_nesting(html: str) -> str:
    """`html` with the start tags dropped that would open elements deeper than MAX_DEPTH."""
    if not could_nest_deep(html):
        return html
    stack = _Stack()
    out: list[str] = []
    kept_from = 0
    position = 0
    foreign = 0  # open <svg>/<math>: there "<x/>" closes itself
    while True:
        match = _TAG.search(html, position)
        if match is None:
            break
        if match.start() > position:
            stack.reconstruct()  # text, even white space, re-opens them
        position = match.end()
        name = match.group(2)
        if name is None:  # a comment
            if html.startswith((">", "->"), position):
                position = html.index(">", position) + 1
                continue
            end = _COMMENT_END.search(html, position)
            position = len(html) if end is None else end.end()
            continue
        name = name.lower()
        if match.group(1):  # an end tag
            if name in _FORMATTING:
                stack.close_formatting(name)
                continue
            if name in _SPECIAL:
                index = stack.find(frozenset((name,)))
            else:  # the end tag of an ordinary element closes no special one
                index = stack.find_before(frozenset((name,)), _SPECIAL)
            if index >= 0:
                stack.pop_to(index)
                if name in ("svg", "math"):
                    foreign = max(foreign - 1, 0)
            continue
        attributes = match.group(3)
        if name not in _NO_RECONSTRUCT:
            stack.reconstruct()
        if name in _CLOSES_P and (index := stack.find(_P)) >= 0:
            stack.pop_to(index)
        if name in _HEADINGS and stack.names and stack.names[-1] in _HEADINGS:
            stack.pop_to(len(stack) - 1)
        items = _CLOSES_ITEM.get(name)
        if items and (index := stack.find_before(items, _LIST_ITEM_STOP)) >= 0:
            stack.pop_to(index)
        cells = _CLOSES_CELL.get(name)
        if cells and (index := stack.find(cells, table=True)) >= 0:
            stack.pop_to(index)
        if name in _RAW_TEXT:
            # its content is text, not tags; never article text, so at the cap it goes whole
            end = _raw_text_end(html, name, position)
            if len(stack) >= MAX_DEPTH:
                out.append(html[kept_from : match.start()])
                kept_from = _after_end_tag(html, end)
            position = end
            continue
        if name in _VOID or (foreign and attributes.endswith("/")):
            continue
        # Past the cap, or an <i> inside the same open <i> (unclosed ones re-opened in every
        # paragraph make the builder clone them over and over): the tag goes, its text stays.
        if len(stack) >= MAX_DEPTH or (
            name in _FORMATTING and stack.is_open_formatting(name + attributes)
        ):
            out.append(html[kept_from : match.start()])
            kept_from = match.end()
            continue
        if name in _FORMATTING:
            stack.open_formatting(name, name + attributes)
        else:
            stack.push(name)
            if name in ("svg", "math"):
                foreign += 1
    if not out:
        return html
    out.append(html[kept_from:])
    return "".join(out)


_RAW_TEXT_END = {name: re.compile(rf"</{name}[\s/>]", re.IGNORECASE) for name in _RAW_TEXT}


def _raw_text_end(html: str, name: str, position: int) -> int:
    """Where the end tag of a script, style... begins."""
    found = _RAW_TEXT_END[name].search(html, position)
    return len(html) if found is None else found.start()


def _after_end_tag(html: str, start: int) -> int:
    end = html.find(">", start)
    return len(html) if end < 0 else end + 1
