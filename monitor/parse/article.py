"""Article page HTML -> ArticleText: metadata and the main text as paragraphs, no boilerplate.

How the main text is found, in general rules (no site's markup is known here):

0. Nesting is capped before the tree is built (parse/nesting.py): linear work on any page.
1. One walk over the DOM turns it into text blocks: each run of inline content between block
   boundaries (and between <br><br>) is one block, with its length, its link text and its
   innermost block element; the elements form a tree kept in arrays (no path per block).
   Things that are never article text are not walked at all: scripts, styles, forms, figures
   (but a figure holding a table) and captions, nav/header/footer/aside (but a <header>
   holding paragraphs of text), dialogs, hidden elements, and elements whose class or id says
   reader comments or cookie consent. The cells of a table row make one line.
2. Elements whose class or id hints at boilerplate (related, promo, share, newsletter, ad,
   sidebar, caption, byline, standfirst, most read...) are remembered: their blocks count only
   inside them, unless such a box (or a run of boxes of one class, side by side or each in a
   wrapper of its own) holds most of the page's text; footers and menus never do.
3. Every block element is scored: text of paragraph-like blocks minus link text and short
   bits, weighted by class hints. The best-scoring element is the article body; from there it
   goes down to the child holding (nearly) all of it, but never into one paragraph of several
   nor into one of several sections of one class, and never away from the text under the
   <h1> when that has a container of its own. The text under the <h1> wins over a winner
   elsewhere (an about box or footer under a short story, teasers of other posts); a lone
   paragraph or list that wins gives way to its parent of sibling paragraphs.
4. Its blocks are the paragraphs, after dropping link lists, bylines, datelines, bare dates,
   captions (the only text of a box with an image), "Advertisement" and the like, calls to
   action ("follow us on...", "get our app", a paywall's plea), and stopping at a comments
   heading.
5. JSON-LD articleBody (unescaped) replaces the page's text only when that is clearly shorter.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from html import unescape
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from monitor.models import ArticleText
from monitor.parse.nesting import bounded_nesting
from monitor.parse.urls import canonical_url

# ---------------------------------------------------------------- element classes

# Elements that break the flow of text into blocks.
BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "ul", "ol", "li", "dl", "dt", "dd", "table",
        "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "h1", "h2", "h3", "h4", "h5",
        "h6", "blockquote", "pre", "address", "center", "details", "summary", "body", "html",
        "fieldset", "hgroup", "menu", "hr", "figure", "header", "footer", "nav", "aside",
        "form",  # ASP.NET pages wrap the whole page in one <form>: a container, not a widget
    }
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Never article text.
SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "math", "iframe", "button",
        "input", "select", "option", "textarea", "label", "nav", "footer", "aside", "header",
        "figure", "figcaption", "picture", "video", "audio", "canvas", "object", "embed",
        "head", "title", "meta", "link", "dialog", "map", "source", "track", "img", "amp-img",
    }
)
SKIP_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "menu",
     "menubar", "search", "toolbar", "tablist", "alert", "status", "marquee"}
)
# Class/id words of what must never be read: reader comments (a quote in a comment is not a
# statement) and consent banners.
_ALWAYS_SKIP = re.compile(
    r"(?<![a-z])(?:comment(?!ary)|disqus|respond|replies|reply|discussion|talkback|cookie|consent|"
    r"gdpr|cmp-|onetrust|didomi|truste(?![a-z])|usercentrics|qc-cmp|sp[-_]message|fc-consent)"
)
# Class/id words of boilerplate boxes; their text counts only if such a box wins on its own.
_BOX = re.compile(
    r"(?<![a-z])(?:related|promo|share|sharing|social|newsletter|signup|subscri|sidebar|"
    r"sponsor|advert|outbrain|taboola|breadcrumb|trending|popular|recommend|recirc|"
    r"most-?read|most-?popular|read-?more|more-?stories|more-?news|see-?also|also-?read|"
    r"pull-?quote|caption|credit|byline|dateline|gallery|slideshow|carousel|slider|"
    r"standfirst|strapline|dek(?![a-z])|summary|excerpt|"
    r"(?:ads?|ad-\w+|dfp|gpt|nav|menu|footer|masthead|toolbar|modal|popup|overlay|"
    r"sr-only|visually-hidden|screen-reader-text|skip-link|disclaimer|cta)(?![a-z])|"
    r"inline-?(?:related|promo|link))"
)
# Weaker hints, outweighed by a content hint in the same class ("entry-meta" vs "meta").
_WEAK = re.compile(
    r"(?<![a-z])(?:widget|author|timestamp|"
    r"(?:bio|tags?|topics|keywords|meta|print|rating|banner|teaser|card|hidden|skip|jump|toc|"
    r"subhead|aside|extra|tools|actions)(?![a-z]))"
)
_POSITIVE = re.compile(
    r"(?<![a-z])(?:article|body|content|entry|main|post|story|text|prose|blog|"
    r"articlebody|storybody|rich-?text)"
)

_BODY_HINT = re.compile(
    r"(?:article|story|entry|post|news|blog|main)[-_]?(?:body|content|text|copy)|"
    r"(?<![a-z])(?:articlebody|body-?text|rich-?text|prose)(?![a-z])"
)

# ---------------------------------------------------------------- text filters

_BOILERPLATE_LINE = re.compile(
    r"^\(?(?:advertisement|advert|ad|sponsored(?: content)?|paid content|"
    r"(?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?|"
    r"continue reading(?: below| the main story)?|read more|read next|read also|see also|"
    r"related(?: articles| stories| content| coverage| links)?|more on this(?: story)?|"
    r"share(?: this)?(?: article| story| page)?|share on \w+|copy link|link copied|"
    r"tweet|email|print|comments?|listen(?: to (?:this )?article)?|"
    r"\d+ min(?:ute)?s? (?:read|listen)|skip (?:to|advertisement).*|"
    r"(?:photo|photograph|image|picture|video|illustration)(?: credit)?s?:.{0,100}|"
    r"(?:photo|photograph|image|picture)s? by\b.{0,100}|(?:image )?credit:.{0,100}|"
    r"(?:sign up|subscribe)\b.{0,120}|follow us\b.{0,80}|click here\b.{0,80}|"
    r"(?:image|photo) (?:source|caption)|getty images|(?:©|copyright)\s.{0,120}|"
    r"(?:a version of )?this (?:article|story) (?:appears|appeared|was published) in (?:the )?print"
    r".{0,160})\)?:?$",
    re.IGNORECASE,
)
# Lines asking the reader to do something for the site: follow it, get its app, write to it,
# subscribe to read on.
_CALL_TO_ACTION = re.compile(
    r"^(?:follow (?:us|[\w@.'’ -]{2,40}?) on (?:twitter|facebook|instagram|linkedin|tiktok|"
    r"youtube|threads|bluesky)\b|"
    r"(?:for the latest\b.{0,80}?)?download (?:the|our)\b.{0,60}?\bapps?\b|"
    r"(?:submit|send) (?:your|a|us a) letter\b|we want to hear what you think\b|"
    r"(?:do you want|would you like|want) to (?:be|stay|keep) (?:informed|up to date|updated)\b|"
    r"to (?:view|read|continue reading) (?:the|this) (?:full |whole )?(?:story|article)\b.{0,40}?"
    r"subscri|if you(?:'|’)re (?:seeing this message but you(?:'|’)re )?already a subscriber)",
    re.IGNORECASE,
)
CALL_TO_ACTION_MAX = 250
_RIGHTS = re.compile(r"©|\(c\) \d{4}|\ball rights reserved\b", re.IGNORECASE)
_LEAD_IN = re.compile(
    r"^(?:read (?:more|also|next)|related|see also|watch|listen|more|most read|recommended)"
    r"\s*[:|»›>-]",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|words by|written by|story by)\s+\S", re.IGNORECASE)
# Headings that open the readers' part of a page ("3 thoughts on ..." is WordPress's).
_COMMENTS_HEADING = re.compile(
    r"^\d+\s+(?:comments?|responses?|replies|thoughts)\b|"
    r"^(?:reader(?:s'|s)?\s+|show\s+|view\s+)?comments?(?:\s*\(\d+\))?$|"
    r"^(?:leave|post|add|write) (?:a |your )?(?:comment|reply|response)|"
    r"^join the (?:conversation|discussion)|^have your say$|^comments? (?:are|is) closed",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:sday)?|"
    r"wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|am|pm|a\.m\.|p\.m\.|"
    r"utc|gmt|bst|cet|cest|est|edt|pst|pdt|et|pt|msk|eet|eest|published|updated|posted|submitted|"
    r"last|modified|first|on|at|ago|hours?|minutes?|mins?|days?|yesterday|today|st|nd|rd|th|"
    r"min(?:ute)?s?\s+read|read(?:ing)?\s+time)\b"
    r"|\d+|[,.:/|·•–—()+-]",
    re.IGNORECASE,
)
_HAS_WORD = re.compile(r"\w")
_COOKIE_WORDS = re.compile(r"\bcookies?\b", re.IGNORECASE)
_CONSENT_WORDS = re.compile(r"\b(?:consent|accept|agree|privacy|preferences)\b", re.IGNORECASE)
_SENTENCE_END = ('.', '!', '?', '"', '”', '»', "'", '’', ':', ')', '。', '！', '？', '」', '』')

ARTICLE_TYPES = frozenset(
    {
        "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
        "backgroundnewsarticle", "opinionnewsarticle", "reviewnewsarticle", "blogposting",
        "liveblogposting", "socialmediaposting", "report", "scholarlyarticle", "techarticle",
        "askpublicnewsarticle", "satiricalarticle", "posting",
    }
)

# ---------------------------------------------------------------- the block walk


# what the walk does when an element's children are done
_LEAVE_INLINE, _LEAVE_LINK, _LEAVE_BLOCK = 0, 1, 2


@dataclass(slots=True)
class _Block:
    text: str
    link_chars: int
    element: int  # id of the innermost block element around it
    tag: str  # that element's tag
    size: float  # its length in Latin-script characters (see _size)


@dataclass
class _Walk:
    """Blocks, and the block elements as a tree in arrays indexed by element id. Ids are in
    document order, so a parent's id is below its children's and an element's descendants
    are the ids from it up to `end` (exclusive): every question about ancestry is O(1), and
    nothing is copied per block, whatever the nesting (a path per block grew with the square
    of the page on unclosed tags)."""

    blocks: list[_Block] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)  # element id -> its parent's id, or -1
    end: list[int] = field(default_factory=list)  # element id -> first id after its subtree
    tag_of: list[str] = field(default_factory=list)  # element id -> tag
    weight: list[float] = field(default_factory=list)  # element id -> weight by its hints
    hints: list[str] = field(default_factory=list)  # element id -> its class and id words
    kind: list[str] = field(default_factory=list)  # element id -> its tag and class attribute
    negative: list[bool] = field(default_factory=list)  # element id -> class hints say boilerplate
    # element id -> the innermost boilerplate-hinted element around it or itself, or -1
    box: list[int] = field(default_factory=list)
    media: list[int] = field(default_factory=list)  # element ids holding an image or video
    path: list[int] = field(default_factory=list)  # the open block elements while walking
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    in_link: int = 0
    pending_br: bool = False

    def open(
        self, tag: str, hints: str, weight: float, negative: bool, classes: str = ""
    ) -> None:
        element_id = len(self.tag_of)
        self.parent.append(self.path[-1] if self.path else -1)
        self.end.append(element_id + 1)
        self.tag_of.append(tag)
        self.weight.append(weight)
        self.hints.append(hints)
        self.kind.append(f"{tag} {classes}")
        self.negative.append(negative)
        self.path.append(element_id)

    def close(self) -> None:
        if self.parts:
            self.flush()
        self.end[self.path.pop()] = len(self.tag_of)

    def line_break(self) -> None:
        if self.pending_br:
            self.flush()  # <br><br>: a paragraph break in div soup
        else:
            self.parts.append("\n")
            self.pending_br = True

    def inside(self, element: int, ancestor: int) -> bool:
        return ancestor <= element < self.end[ancestor]

    def find_boxes(self) -> None:
        box = self.box = [-1] * len(self.tag_of)
        for element_id, parent in enumerate(self.parent):
            if self.negative[element_id]:
                box[element_id] = element_id
            elif parent >= 0:
                box[element_id] = box[parent]

    def subtree_sums(self, own: list[float]) -> list[float]:
        """Per element: `own` summed over the element and its descendants."""
        total = list(own)
        parent = self.parent
        for element_id in range(len(total) - 1, 0, -1):
            if parent[element_id] >= 0:
                total[parent[element_id]] += total[element_id]
        return total

    def flush(self) -> None:
        # Without parts there is nothing to do: link_chars and pending_br are set only with
        # a part, and reset with them.
        if self.parts:
            text = " ".join("".join(self.parts).split())
            if text:
                element = self.path[-1]
                self.blocks.append(
                    _Block(
                        text,
                        min(self.link_chars, len(text)),
                        element,
                        self.tag_of[element],
                        _size(text),
                    )
                )
            self.parts.clear()  # in place: the walk holds the list
            self.link_chars = 0
            self.pending_br = False


_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_TAXONOMY_CLASS = re.compile(
    r"(?<![\w-])(?:tag|category|cat|topic)-(?!(?:list|cloud|links?|box|bar|nav|wrap|container|"
    r"title|header|heading|label|name|items?|group)(?![\w-]))\S+"
)
# Sites with hashed class names still name their components in these.
_HINT_ATTRIBUTES = ("class", "id", "data-component", "data-testid", "data-module", "itemprop")
_HINT_ATTRIBUTE_SET = frozenset(_HINT_ATTRIBUTES)
# what _hints_of and _never_text read
_DECIDING_ATTRIBUTES = _HINT_ATTRIBUTE_SET | {"hidden", "aria-hidden", "role", "style"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _dash(match: re.Match[str]) -> str:
    return f"{match.group(1)}-{match.group(2)}"


def _hints_of(attrs: dict[str, str | None]) -> str:
    """Class, id and the data attributes that name components, lower-cased, camelCase split:
    "relatedStories" -> "related-stories"."""
    if len(attrs) == 1:  # the common case, without a list
        ((name, raw),) = attrs.items()
        return _normalised_hints(raw) if raw and name in _HINT_ATTRIBUTE_SET else ""
    raw = " ".join([value for name in _HINT_ATTRIBUTES if (value := attrs.get(name))])
    return _normalised_hints(raw) if raw else ""


@lru_cache(maxsize=8192)
def _normalised_hints(raw: str) -> str:
    # Pages repeat the same class strings hundreds of times: normalise each once.
    text = raw if raw.islower() else _CAMEL.sub(_dash, raw).lower()
    # WordPress-style taxonomy classes ("category-comment", "tag-cookies") name the topic of
    # a post, not the kind of box.
    return _TAXONOMY_CLASS.sub(" ", text) if "-" in text else text


@lru_cache(maxsize=8192)
def _says_never_text(hints: str) -> bool:
    return bool(_ALWAYS_SKIP.search(hints))


@lru_cache(maxsize=8192)
def _says_boilerplate(hints: str) -> bool:
    if _BOX.search(hints):
        return True
    return bool(_WEAK.search(hints)) and not _POSITIVE.search(hints)


def _never_text(attrs: dict[str, str | None], hints: str, tag: str) -> bool:
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    role = attrs.get("role")
    if role and role.lower() in SKIP_ROLES:
        return True
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    if not hints or tag in ("html", "body", "main"):
        return False
    return _says_never_text(hints)


def _is_negative(hints: str, tag: str) -> bool:
    if not hints or tag in ("html", "body", "main", "article"):
        return False
    return _says_boilerplate(hints)


# Block elements the walk keeps apart; past this, further ones are read as inline (their text
# joins the block around them). A long live blog has a few thousand; a 5 MiB page of tiny
# paragraphs has 650,000, and per-element bookkeeping then cost ~300 MB.
MAX_BLOCK_ELEMENTS = 50_000
_MEDIA_TAGS = frozenset({"img", "picture", "video", "amp-img"})


def _walk(root: LexborNode, walk: _Walk) -> None:
    """Turn the tree under `root` into blocks. Iterative: malformed pages nest thousands of
    unclosed tags deep, past Python's recursion limit."""
    # (children still to visit, what to do when they are done)
    stack: list[tuple[Iterator[LexborNode], int]] = [(root.iter(include_text=True), _LEAVE_INLINE)]
    parts = walk.parts  # flush() empties it in place
    while stack:
        children, leave = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if leave == _LEAVE_BLOCK:
                walk.close()
            elif leave == _LEAVE_LINK:
                walk.in_link -= 1
            continue
        tag = child.tag
        if tag == "-text":  # the hot path: inline, not a call
            text = child.text_content
            if text:
                parts.append(text)
                if not text.isspace():
                    walk.pending_br = False
                    if walk.in_link:
                        walk.link_chars += len(text.strip())
        elif tag == "br":
            walk.line_break()
        elif tag is not None and tag[0] != "-":
            leave = _enter(child, tag, walk)
            if leave is not None:
                stack.append((child.iter(include_text=True), leave))


HEADER_TEXT_PARAGRAPHS = 3  # of HEADER_PARAGRAPH_CHARS or more
HEADER_PARAGRAPH_CHARS = 80
HEADER_LOOK_NODES = 2000


def _holds_text_after_all(element: LexborNode, tag: str) -> bool:
    """A figure holding a table is the table (CMSs wrap tables in figures), not a picture; a
    <header> holding paragraphs of text is the article's (or the page's) container, not the
    headline and standfirst."""
    if tag == "figure":
        return element.css_first("table") is not None
    if tag == "header":
        long_paragraphs = 0
        # a bounded look: headers nested hundreds deep must not each scan the whole page
        for seen, node in enumerate(element.traverse()):
            if seen >= HEADER_LOOK_NODES:
                break
            if node.tag == "p" and len(node.text(strip=True)) >= HEADER_PARAGRAPH_CHARS:
                long_paragraphs += 1
                if long_paragraphs >= HEADER_TEXT_PARAGRAPHS:
                    return True
    return False


def _enter(child: LexborNode, tag: str, walk: _Walk) -> int | None:
    """Start reading an element: what to do when its children are done, or None when they
    are not read (never article text)."""
    is_block = (tag in BLOCK_TAGS or "-" in tag) and len(walk.tag_of) < MAX_BLOCK_ELEMENTS
    if tag in _MEDIA_TAGS:
        walk.media.append(walk.path[-1])
    if tag in SKIP_TAGS and not _holds_text_after_all(child, tag):
        if is_block and walk.parts:
            walk.flush()
        return None
    attrs = child.attributes
    hints = ""
    # <a href>, <img src>...: without an attribute that hints or hides, nothing to work out
    if attrs and not attrs.keys().isdisjoint(_DECIDING_ATTRIBUTES):
        hints = _hints_of(attrs)
        if _never_text(attrs, hints, tag):
            if is_block and walk.parts:
                walk.flush()
            return None
    if is_block:
        if walk.parts:
            walk.flush()
        walk.open(
            tag, hints, _element_weight(attrs, tag, hints), _is_negative(hints, tag),
            (attrs.get("class") or "") if attrs else "",
        )
        return _LEAVE_BLOCK
    if tag == "a" and attrs and "href" in attrs:  # <a name="..."> is no link
        walk.in_link += 1
        return _LEAVE_LINK
    return _LEAVE_INLINE


TABLE_CELL_MAX = 150  # a row of longer cells is page layout, not a data table


def _join_table_rows(walk: _Walk) -> None:
    """The cells of a table row are one line of text ("Norhaven 07:15 08:05"), not blocks
    each too short to keep."""
    out: list[_Block] = []
    run: list[_Block] = []

    def end_run() -> None:
        if len(run) >= 2 and all(len(cell.text) <= TABLE_CELL_MAX for cell in run):
            row = walk.parent[run[0].element]
            text = " ".join(cell.text for cell in run)
            links = sum(cell.link_chars for cell in run)
            out.append(_Block(text, links, row, "tr", sum(c.size for c in run) + len(run) - 1))
        else:
            out.extend(run)
        run.clear()

    for block in walk.blocks:
        row = walk.parent[block.element] if block.tag in ("td", "th") else -1
        if row < 0 or walk.tag_of[row] != "tr":
            end_run()
            out.append(block)
            continue
        if run and walk.parent[run[0].element] != row:
            end_run()
        run.append(block)
    end_run()
    walk.blocks = out


def _drop_reader_sections(walk: _Walk) -> None:
    """Remove what follows a comments heading ("Comments", "42 responses", "Leave a reply")
    inside the heading's section, even without class names to recognise it by."""
    blocks = walk.blocks
    keep = [True] * len(blocks)
    text_before = 0
    for i, block in enumerate(blocks):
        if not keep[i]:
            continue
        is_heading = block.tag in HEADING_TAGS or (block.link_chars == 0 and block.tag != "p")
        if not (
            is_heading
            and text_before >= 300  # a comment count above the article is not the comments
            and len(block.text) < 80
            and _COMMENTS_HEADING.match(block.text)
        ):
            if _is_paragraph_like(block):
                text_before += len(block.text)
            continue
        keep[i] = False
        # The section: the heading's parent, or its grandparent when the parent holds only it.
        following = blocks[i + 1 : i + 4]
        section = None
        candidate = walk.parent[block.element]
        for _ in (2, 3):
            if candidate <= 0:  # the root is no section
                break
            if any(walk.inside(b.element, candidate) for b in following):
                section = candidate
                break
            candidate = walk.parent[candidate]
        if section is None:
            continue
        for j in range(i + 1, len(blocks)):
            if not walk.inside(blocks[j].element, section):
                break  # a section's blocks are contiguous in document order
            keep[j] = False
    walk.blocks = [b for b, kept in zip(blocks, keep, strict=True) if kept]


# A "boilerplate" box holding this share of the page's paragraph text is the article itself,
# whatever its class says ("story share-enabled", "main with-sidebar").
BOX_OVERRULE_SHARE = 0.5


def _overrule_big_boxes(walk: _Walk) -> None:
    """Class hints misfire on the article's own container now and then; the text decides."""
    if not any(walk.negative):
        return
    own = [0.0] * len(walk.tag_of)
    for block in walk.blocks:
        if _is_paragraph_like(block):
            own[block.element] += block.size
    in_subtree = walk.subtree_sums(own)
    total = in_subtree[0]
    # A run of sibling boxes of one class ("card collection-item" around each paragraph)
    # counts together: the site builder put every paragraph in its own box, or in its own
    # box inside its own wrapper (Elementor's widget containers).
    children = [0] * len(walk.tag_of)
    for up in walk.parent:
        if up >= 0:
            children[up] += 1
    runs: dict[tuple[int, str], list[int]] = {}
    for element_id, size in enumerate(in_subtree):
        if size and walk.negative[element_id] and not _says_page_chrome(walk.hints[element_id]):
            slot = element_id
            while walk.parent[slot] > 0 and children[walk.parent[slot]] == 1:
                slot = walk.parent[slot]
            runs.setdefault((walk.parent[slot], walk.kind[element_id]), []).append(element_id)
    for members in runs.values():
        if sum(in_subtree[m] for m in members) >= BOX_OVERRULE_SHARE * total:
            for element_id in members:
                walk.negative[element_id] = False


# Footers, menus and mastheads never hold the article, however much text they carry.
_PAGE_CHROME = re.compile(
    r"(?<![a-z])(?:footer|nav|navbar|menu|masthead|colophon|site-info|copyright)(?![a-z])"
)


@lru_cache(maxsize=4096)
def _says_page_chrome(hints: str) -> bool:
    return bool(_PAGE_CHROME.search(hints))


def _blocks(tree: LexborHTMLParser) -> _Walk:
    walk = _Walk()
    root = tree.body or tree.root
    if root is None:
        return walk
    walk.open(root.tag or "body", "", 1.0, False)
    _walk(root, walk)
    while walk.path:
        walk.close()
    walk.find_boxes()
    _join_table_rows(walk)
    _drop_reader_sections(walk)
    _overrule_big_boxes(walk)
    walk.find_boxes()
    return walk


# ---------------------------------------------------------------- choosing the article body

GOOD_MIN_CHARS = 40
JUNK_WEIGHT = 0.5  # link text inside a paragraph (prose links to sources and topics are common)
LINK_BLOCK_WEIGHT = 3.0  # link text of a block that is not a paragraph
# What a paragraph costs before it counts: teaser boxes (a headline link, a date, a one-line
# summary) then add little, while an article's paragraphs add nearly their whole length.
PARAGRAPH_COST = 40
# What a list of nothing but links costs the elements around it (see _choose_body).
LINK_LIST_CAP = 60.0
# A child element holding this share of its parent's score is the better choice (less junk).
DESCEND_SHARE = 0.85
DESCEND_MOST_SHARE = 0.6


_WIDE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _size(text: str) -> float:
    """Length in Latin-script characters: a Chinese or Japanese character says about as much
    as three letters, so short CJK paragraphs are not mistaken for labels."""
    if text.isascii() or not _WIDE_SCRIPT.search(text):
        return len(text)
    return len(text) + 2 * len(_WIDE_SCRIPT.findall(text))


def _is_paragraph_like(block: _Block) -> bool:
    length = block.size
    return (
        length >= GOOD_MIN_CHARS
        and block.tag not in HEADING_TAGS
        and block.link_chars <= 0.3 * len(block.text)
        # words, or a script written without spaces (Chinese, Japanese)
        and (" " in block.text or length > len(block.text))
    )


def _element_weight(attrs: dict[str, str | None], tag: str, hints: str) -> float:
    """The weight of an element's score unless it is a boilerplate box (then 0.5)."""
    weight = 1.15 if tag == "article" else 1.0
    if (attrs.get("itemprop") or "").lower() == "articlebody":
        weight = 1.25
    elif hints and tag not in ("html", "body") and _names_the_body(hints):
        # "article-body", "entry-content", "story_text"... name the text's own container;
        # a bare "content" or "main" names page wrappers as often.
        weight = max(weight, 1.15)
    return weight


@lru_cache(maxsize=8192)
def _names_the_body(hints: str) -> bool:
    return _BODY_HINT.search(hints) is not None


def _score_elements(walk: _Walk) -> list[float]:
    """Per element id: its paragraph text less the junk around it, weighted by its hints.

    Each block's share is added at its element and summed up the tree in one pass over the
    ids (children first); what must not reach past an element is taken off there."""
    count = len(walk.tag_of)
    parent, box = walk.parent, walk.box
    list_top, link_blocks = _link_lists(walk)
    good = [0.0] * count
    junk = [0.0] * count
    stop_good = [0.0] * count  # what does not go further up than this element
    stop_junk = [0.0] * count
    list_junk = [0.0] * count
    for block in walk.blocks:
        block_good, block_junk = _block_share(block)
        element = block.element
        good[element] += block_good
        junk[element] += block_junk
        # A block inside a boilerplate box counts only for the box and what is inside it.
        stop = max(box[element], 0)
        link_list = list_top[element]
        # a single headline link is no list: a teaser's headline counts in full
        if link_list >= 0 and link_blocks[link_list] >= 2:
            list_junk[link_list] += block_junk
            stop = link_list
        stop_good[stop] += block_good
        stop_junk[stop] += block_junk
    for list_id, amount in enumerate(list_junk):
        above = parent[list_id]
        if amount and above >= 0 and box[list_id] != list_id:
            capped = min(amount, LINK_LIST_CAP)
            junk[above] += capped
            stop_junk[max(box[above], 0)] += capped
    for element_id in range(count - 1, 0, -1):
        up = parent[element_id]
        good[up] += good[element_id] - stop_good[element_id]
        junk[up] += junk[element_id] - stop_junk[element_id]
    scores = [0.0] * count
    for element_id in range(count):
        if good[element_id] > 0:
            weight = 0.5 if walk.negative[element_id] else walk.weight[element_id]
            scores[element_id] = (good[element_id] - junk[element_id]) * weight
    return scores


def _block_share(block: _Block) -> tuple[float, float]:
    """What a block adds to the elements around it: text (good) and junk."""
    length = block.size
    links = block.link_chars * length / len(block.text)
    if _is_paragraph_like(block):
        return length - links - PARAGRAPH_COST, links * JUNK_WEIGHT
    # headline links, menus, link lists: the mark of everything that is not the article
    return 0.0, links * LINK_BLOCK_WEIGHT + (length - links) * 0.3


def _link_lists(walk: _Walk) -> tuple[list[int], list[float]]:
    """Per element: the outermost element without text around it, inside its boilerplate box
    (-1 for an element with text), and how many link blocks each subtree holds.

    Elements holding nothing but links (a list of related links, a menu) are easy to leave
    out of the text later: above them, their junk counts only up to LINK_LIST_CAP. Boxes
    that mix links with text (teasers) count in full: their text would leak."""
    count = len(walk.tag_of)
    parent, box = walk.parent, walk.box
    own_text = [0.0] * count
    own_links = [0.0] * count
    for block in walk.blocks:
        if block.link_chars <= 0.5 * len(block.text):
            own_text[block.element] = 1.0
        else:
            own_links[block.element] += 1.0
    has_text = walk.subtree_sums(own_text)
    list_top = [-1] * count
    for element_id in range(count):
        if has_text[element_id]:
            continue
        up = parent[element_id]
        inherits = up >= 0 and not has_text[up] and box[element_id] != element_id
        list_top[element_id] = list_top[up] if inherits else element_id
    return list_top, walk.subtree_sums(own_links)


@dataclass
class _Choice:
    """What choosing the body looks at, per element id: scores, paragraph counts, the best
    child; and the text under the headline."""

    walk: _Walk
    scores: list[float]
    paragraphs: list[float]  # paragraph-like blocks in the element's subtree
    anchor: int | None  # the element of the first paragraph under the <h1>
    # the text under the <h1> sits in a container of its own, not beside the <h1> (a story,
    # not a standfirst)
    anchor_contained: bool = False
    best_child: dict[int, int] = field(default_factory=dict)
    # (parent, kind) -> how many children of that kind hold paragraphs and score above zero
    same_class: dict[tuple[int, str], int] = field(default_factory=dict)

    def alone(self, element: int) -> bool:
        walk = self.walk
        return self.same_class.get((walk.parent[element], walk.kind[element]), 0) <= 1


def _choose_body(walk: _Walk, title: str | None = None) -> int | None:
    """The id of the element holding the article text, or None for a page without text."""
    scores = _score_elements(walk)
    best_id, best_score = None, 0.0
    for element_id, score in enumerate(scores):
        # Ids are in document order, so a descendant comes later: on a tie keep the deeper one.
        if score >= best_score and score > 0:
            best_id, best_score = element_id, score
    if best_id is None:
        return None
    choice = _choice(walk, scores, title)
    best_id = _descend(choice, best_id)
    if choice.anchor is not None and not walk.inside(choice.anchor, best_id):
        best_id = _descend(choice, _around_anchor(choice, best_id))
    if choice.paragraphs[best_id] < 2 or walk.tag_of[best_id] in _LIST_TAGS:
        best_id = _among_sibling_paragraphs(choice, best_id)
    return best_id


def _choice(walk: _Walk, scores: list[float], title: str | None) -> _Choice:
    own = [0.0] * len(scores)
    for block in walk.blocks:
        if _is_paragraph_like(block):
            own[block.element] += 1.0
    paragraphs = walk.subtree_sums(own)
    anchor, contained = _text_under_headline(walk, title)
    choice = _Choice(walk, scores, paragraphs, anchor, contained)
    best_child, same_class = choice.best_child, choice.same_class
    for element_id in range(1, len(scores)):
        up = walk.parent[element_id]
        if scores[element_id] > 0 and paragraphs[element_id] and not walk.negative[element_id]:
            key = (up, walk.kind[element_id])
            same_class[key] = same_class.get(key, 0) + 1
        if up not in best_child or scores[element_id] > scores[best_child[up]]:
            best_child[up] = element_id
    return choice


# A lone paragraph that wins (its sentences have no links, the body's siblings around it do)
# gives way to its parent when that holds this many more paragraphs side by side with it; a
# list or table that wins (steps of a recipe, a list of tips), when it holds this many.
SIBLING_PARAGRAPHS = 1
LIST_SIBLING_PARAGRAPHS = 2
_LIST_TAGS = frozenset({"ul", "ol", "dl", "table", "tbody"})


def _among_sibling_paragraphs(choice: _Choice, best_id: int) -> int:
    """The parent of a one-paragraph or list winner, when the parent's own children are
    paragraphs too (an article whose other paragraphs carry links, lists or code; their junk
    may sink the parent's score below zero) and it is no boilerplate box."""
    walk = choice.walk
    up = walk.parent[best_id]
    if up < 0 or walk.box[up] >= 0:
        return best_id
    beside = sum(
        1
        for block in walk.blocks
        if (block.element == up or walk.parent[block.element] == up)
        and not walk.inside(block.element, best_id)
        and walk.box[block.element] < 0
        and _is_paragraph_like(block)
    )
    if walk.tag_of[best_id] in _LIST_TAGS and choice.paragraphs[best_id] >= 2:
        return up if beside >= LIST_SIBLING_PARAGRAPHS else best_id
    return up if beside >= SIBLING_PARAGRAPHS else best_id


# The text that follows the headline, when the winner lies elsewhere (an about box or a
# footer under a short story), is the article if it scores at least this share of the winner
# and has paragraphs enough (one paragraph right beside the <h1> is a standfirst as often).
HEADLINE_TEXT_SHARE = 0.2
HEADLINE_TEXT_PARAGRAPHS = 2


def _text_under_headline(walk: _Walk, title: str | None) -> tuple[int | None, bool]:
    """The element of the first paragraph after the <h1> (the one of the title, if known),
    and whether that paragraph has a container of its own inside the <h1>'s parent."""
    title_key = _key(title) if title else None
    blocks = walk.blocks
    headline = next(
        (
            i for i, b in enumerate(blocks)
            if b.tag == "h1" and (title_key is None or _key(b.text) == title_key)
        ),
        None,
    )
    if headline is None:
        return None, False
    first = next(
        (b for b in blocks[headline + 1 :] if _is_paragraph_like(b) and walk.box[b.element] < 0),
        None,
    )
    if first is None:
        return None, False
    beside = walk.parent[blocks[headline].element]
    container = walk.parent[first.element] if first.tag == "p" else first.element
    return first.element, container != beside and walk.inside(container, beside)


def _paragraphs_needed(choice: _Choice, winner: int) -> int:
    """Paragraphs the text under the headline needs to beat `winner`: a winner of one
    paragraph, or of teasers, is no better than one paragraph in a container of its own."""
    if choice.paragraphs[winner] < HEADLINE_TEXT_PARAGRAPHS:
        return 1
    if choice.anchor_contained or _is_teaser_listing(choice, winner):
        return 1
    return HEADLINE_TEXT_PARAGRAPHS


def _around_anchor(choice: _Choice, best_id: int) -> int:
    """The best-scoring element around the text under the headline that does not also hold
    the winner, if it scores enough; else the winner."""
    walk, scores = choice.walk, choice.scores
    candidate, element = None, choice.anchor
    while element is not None and element > 0 and not walk.inside(best_id, element):
        if candidate is None or scores[element] > scores[candidate]:
            candidate = element
        element = walk.parent[element]
    if (
        candidate is not None
        and scores[candidate] >= HEADLINE_TEXT_SHARE * scores[best_id]
        and choice.paragraphs[candidate] >= _paragraphs_needed(choice, best_id)
    ):
        return candidate
    return best_id


TEASER_HEADLINE_MAX = 150  # characters of a headline link
TEASER_LINKS_PER_PARAGRAPH = 0.75


def _is_teaser_listing(choice: _Choice, element: int) -> bool:
    """Whether the element's paragraphs come with a headline link each: other stories."""
    walk = choice.walk
    links = 0
    for block in walk.blocks:
        if (
            walk.inside(block.element, element)
            and len(block.text) < TEASER_HEADLINE_MAX
            and block.link_chars > 0.5 * len(block.text)
        ):
            links += 1
    return links >= 2 and links >= TEASER_LINKS_PER_PARAGRAPH * choice.paragraphs[element]


def _descend(choice: _Choice, current: int) -> int:
    """A wrapper wins over the article's own container when teasers of other stories beside
    it add a little: go down while one child holds nearly all of the score, or most of it
    and most of the paragraphs, with no sibling of its class holding paragraphs too (parts of
    one body split by ads share a class; a sidebar's one long paragraph does not); never into
    one paragraph of several. The text under the headline in a container of its own is not
    left behind; and failing those, go down to the child holding it, if it scores enough."""
    while True:
        inner = choice.best_child.get(current)
        if inner is None or choice.scores[inner] <= 0:
            return current
        holder = _child_holding(choice.walk, current, choice.anchor)
        keeps_story = holder == inner or not choice.anchor_contained
        if keeps_story and _holds_the_body(choice, current, inner):
            current = inner
        elif holder is not None and _holds_the_story(choice, current, holder):
            current = holder
        else:
            return current


def _holds_the_body(choice: _Choice, current: int, inner: int) -> bool:
    """Whether the best child of `current` holds its body (see _descend)."""
    scores, paragraphs = choice.scores, choice.paragraphs
    if not choice.alone(inner) or paragraphs[inner] < 2 <= paragraphs[current]:
        return False
    share = scores[inner] / scores[current]
    return share >= DESCEND_SHARE or (
        share >= DESCEND_MOST_SHARE
        and paragraphs[inner] >= DESCEND_MOST_SHARE * paragraphs[current]
    )


def _holds_the_story(choice: _Choice, current: int, holder: int) -> bool:
    """Whether the child of `current` holding the text under the headline is the article
    (scored by the best element from it down to that text: a date line beside the text
    costs the wrapper, not the story). An element whose class names the article body
    ("article-body") holds parts of it, not a story beside other things."""
    walk, best, element = choice.walk, choice.scores[holder], choice.anchor
    if _BODY_HINT.search(walk.hints[current]):
        return False
    while element is not None and element > holder:
        best = max(best, choice.scores[element])
        element = walk.parent[element]
    return (
        best >= HEADLINE_TEXT_SHARE * choice.scores[current]
        and choice.paragraphs[holder] >= _paragraphs_needed(choice, current)
        and choice.alone(holder)
    )


def _child_holding(walk: _Walk, parent: int, element: int | None) -> int | None:
    if element is None or element <= parent or not walk.inside(element, parent):
        return None
    while walk.parent[element] != parent:
        element = walk.parent[element]
    return element


# ---------------------------------------------------------------- paragraphs


def _is_bare_date(text: str) -> bool:
    return len(text) < 80 and not _DATE_WORDS.sub("", text).strip()


_DATELINE_MARK = re.compile(
    r"\b(?:published|updated|posted|modified)\b|\d{1,2}:\d\d|\bmin(?:ute)?s? read\b",
    re.IGNORECASE,
)


def _is_dateline(text: str) -> bool:
    """"Northwire · Published Monday 8:22", "Coast Press | Updated 09:41": a source or
    author's name or two beside a date, not a sentence."""
    if len(text) > 90 or text.endswith(_SENTENCE_END) or not _DATELINE_MARK.search(text):
        return False
    return len(_DATE_WORDS.sub(" ", text).split()) <= 3


def _is_boilerplate_text(block: _Block, title_key: str | None) -> bool:
    text = block.text
    length = len(text)
    if not _HAS_WORD.search(text):
        return True
    if block.link_chars > 0.5 * length:
        return True
    if title_key and _key(text) == title_key:
        return True
    if length < 200 and (_BOILERPLATE_LINE.match(text) or _RIGHTS.search(text)):
        return True
    # "Facebook", "Advertisement", "Comments": labels and buttons, not sentences
    if (
        block.tag not in HEADING_TAGS
        and block.tag != "tr"
        and text.count(" ") < 2
        and length < 30
        and not text.endswith(_SENTENCE_END)
    ):
        return True
    if length < CALL_TO_ACTION_MAX and _CALL_TO_ACTION.match(text):
        return True
    if length < 200 and _LEAD_IN.match(text) and block.link_chars > 0:
        return True
    if length < 120 and _BYLINE.match(text) and not text.endswith(_SENTENCE_END):
        return True
    if _is_bare_date(text) or (block.tag != "tr" and _is_dateline(text)):
        return True
    return (
        length < 600
        and _COOKIE_WORDS.search(text) is not None
        and _CONSENT_WORDS.search(text) is not None
    )


_PUNCTUATION = re.compile(r"[^\w\s]")


def _key(text: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", text.lower()).split())


def _is_meta_line(
    text: str, title_key: str | None, author_key: str | None, before_text: bool
) -> bool:
    """The headline repeated with a dateline, or, above the text, a line naming the author
    (a byline; the credit line below the text is part of the article)."""
    if len(text) > 160 or text.endswith(_SENTENCE_END):
        return False
    key = _key(text)
    if title_key and key.startswith(title_key) and len(key) < len(title_key) + 80:
        return True
    return before_text and bool(author_key) and len(text) < 120 and author_key in key


REPEAT_KEPT_BELOW = 150


CAPTION_MAX = 300


def _captions(walk: _Walk) -> set[int]:
    """Ids of blocks that are the only text of a box holding an image: "<div class="image">
    <img><p>In this file photo...</p></div>". A paragraph with an inline image is no box."""
    if not walk.media:
        return set()
    count = len(walk.tag_of)
    own_media = [0.0] * count
    for element_id in walk.media:
        own_media[element_id] += 1.0
    own_blocks = [0.0] * count
    for block in walk.blocks:
        own_blocks[block.element] += 1.0
    media, blocks = walk.subtree_sums(own_media), walk.subtree_sums(own_blocks)
    found = set()
    for i, block in enumerate(walk.blocks):
        if len(block.text) > CAPTION_MAX:
            continue
        wrapper = block.element if block.tag != "p" else walk.parent[block.element]
        for _ in range(2):
            if wrapper <= 0 or blocks[wrapper] > 1:
                break
            if media[wrapper]:
                found.add(i)
                break
            wrapper = walk.parent[wrapper]
    return found


def _paragraphs_in(
    walk: _Walk, body_id: int, title: str | None, author: str | None
) -> list[str]:
    captions = _captions(walk)
    title_key = _key(title) if title else None
    author_key = _key(author) if author else None
    out: list[_Block] = []
    seen: set[str] = set()
    any_paragraph = False
    unheaded: tuple[_Block, int] | None = None  # a heading dropped with the links after it
    for i, block in enumerate(walk.blocks):
        if not walk.inside(block.element, body_id):
            continue
        if walk.box[block.element] > body_id or i in captions:
            continue  # inside a boilerplate box within the article body, or a caption
        text = block.text
        heading = block.tag in HEADING_TAGS
        if heading and len(text) < 80 and _COMMENTS_HEADING.match(text):
            break  # what follows is the readers' part of the page
        # the headline above the text (an <h1> further down heads a section)
        headline = block.tag == "h1" and not any_paragraph
        # A line seen before is dropped when it is a long one (a paragraph shown twice, for
        # two screen sizes) or repeats the one just kept; a short line under two headings
        # ("Cost: ..." under Plan A and Plan B) belongs twice.
        repeated = text in seen and (
            len(text) >= REPEAT_KEPT_BELOW or (bool(out) and out[-1].text == text)
        )
        if headline or _is_boilerplate_text(block, title_key) or repeated:
            # "Related stories" / "More on this" followed by a list of links: drop both.
            if block.link_chars > 0.5 * len(text) and out and out[-1].tag in HEADING_TAGS:
                unheaded = (out.pop(), walk.parent[block.element])
            continue
        if _is_meta_line(text, title_key, author_key, before_text=not any_paragraph):
            continue
        # ... unless the list goes on with text ("Tools", then "home page" links and notes)
        if unheaded and not heading and walk.parent[block.element] == unheaded[1]:
            out.append(unheaded[0])
        unheaded = None
        any_paragraph = any_paragraph or _is_paragraph_like(block)
        # A heading whose section lost all its text introduced a box we dropped.
        if heading and out and out[-1].tag in HEADING_TAGS:
            out.pop()
        seen.add(text)
        out.append(block)
    while out and out[-1].tag in HEADING_TAGS:
        out.pop()
    return [b.text for b in out]


# ---------------------------------------------------------------- JSON-LD and meta


JSON_LD_MAX_OBJECTS = 2000  # per script; pages embed whole site indexes as JSON-LD
# Deeper JSON is not read: json.loads recurses (a RecursionError on 100k levels), and no
# article's metadata nests more than a few levels.
JSON_LD_MAX_DEPTH = 100
_BRACKET_RUN = re.compile(r"[\[{]+|[\]}]+")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def json_nesting(raw: str) -> int:
    """How deep arrays and objects nest in JSON text, in one pass without recursion."""
    depth = deepest = 0
    for run in _BRACKET_RUN.finditer(_JSON_STRING.sub('""', raw)):
        if run.group()[0] in "[{":
            depth += len(run.group())
            deepest = max(deepest, depth)
        else:
            depth -= len(run.group())
    return deepest


def _too_deep(raw: str) -> bool:
    # few brackets in all cannot nest deep: most pages need no closer look
    return raw.count("[") + raw.count("{") > JSON_LD_MAX_DEPTH and (
        json_nesting(raw) > JSON_LD_MAX_DEPTH
    )


def _json_ld_objects(scripts: list[LexborNode]) -> Iterator[dict[str, Any]]:
    for script in scripts:
        raw = script.text(deep=True)
        if not raw or not raw.strip() or _too_deep(raw):
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        # Breadth-first over every nested object: the article may sit in @graph, under
        # mainEntity of a WebPage, in an ItemList... Outer objects come first.
        queue: deque[Any] = deque([data])
        seen = 0
        while queue and seen < JSON_LD_MAX_OBJECTS:
            item = queue.popleft()
            if isinstance(item, list):
                queue.extend(item)
            elif isinstance(item, dict):
                seen += 1
                yield item
                queue.extend(v for v in item.values() if isinstance(v, (dict, list)))


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _names(value: Any, by_id: dict[str, dict[str, Any]]) -> list[str]:
    """Author names from a JSON-LD author value: text, Person, list (of lists...), or an @id
    reference, in order; without recursion."""
    names: list[str] = []
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, list):
            pending.extend(reversed(item))
        elif isinstance(item, dict):
            name = item.get("name")
            ref = item.get("@id")
            if isinstance(name, str):
                names.append(name)
            elif isinstance(ref, str) and isinstance(by_id.get(ref, {}).get("name"), str):
                names.append(by_id[ref]["name"])
    return names


def _clean_author(value: str | None) -> str | None:
    if not value:
        return None
    text = " ".join(unescape(value).split())
    text = re.sub(r"^(?:by|words by|written by)\s+", "", text, flags=re.IGNORECASE)
    if not text or text.startswith(("http://", "https://")):
        return None
    return text


def parse_datetime(value: str | None) -> datetime | None:
    """An aware UTC datetime from ISO 8601 or RFC 2822 text; naive times are taken as UTC."""
    if not value:
        return None
    text = value.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            match = re.match(r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d)?)?", text)
            if match:
                try:
                    parsed = datetime.fromisoformat(match.group(0))
                except ValueError:
                    parsed = None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


@dataclass
class _Meta:
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    url: str | None = None
    body: str | None = None


def _from_json_ld(scripts: list[LexborNode]) -> _Meta:
    meta = _Meta()
    objects = list(_json_ld_objects(scripts))
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    for obj in objects:
        if not _types(obj) & ARTICLE_TYPES:
            continue
        headline = obj.get("headline") or obj.get("name")
        if isinstance(headline, str) and not meta.title:
            # CMSs put HTML-escaped text in JSON-LD ("&#8217;")
            meta.title = " ".join(unescape(headline).split()) or None
        if not meta.author:
            names = [n for n in (_clean_author(x) for x in _names(obj.get("author"), by_id)) if n]
            meta.author = ", ".join(dict.fromkeys(names)) or None
        if not meta.published:
            published = obj.get("datePublished") or obj.get("dateCreated")
            meta.published = parse_datetime(published) if isinstance(published, str) else None
        body = obj.get("articleBody")
        if isinstance(body, str) and len(body) > len(meta.body or ""):
            meta.body = body
        if not meta.url:
            url = obj.get("url")
            if isinstance(url, str) and url.startswith(("http://", "https://", "/")):
                meta.url = url
    return meta


def _meta_tags(metas: list[LexborNode]) -> dict[str, str]:
    """<meta> contents by property, name or itemprop (lower-cased), first one of each kept."""
    found: dict[str, str] = {}
    for node in metas:
        attrs = node.attributes
        content = (attrs.get("content") or "").strip()
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = attrs.get(attribute)
            if key:
                found.setdefault(key.strip().lower(), content)
    return found


def _first(tags: dict[str, str], *names: str) -> str | None:
    for name in names:
        value = tags.get(name.lower())
        if value:
            return value
    return None


_TITLE_SEPARATORS = (" | ", " – ", " — ", " :: ", " · ", " » ", " - ")


def _split_title(title: str) -> tuple[str, str] | None:
    for separator in _TITLE_SEPARATORS:
        if separator in title:
            # "Site :: Headline" puts the site first; the others usually put it last
            if separator == " :: ":
                head, tail = title.split(separator, 1)
            else:
                head, tail = title.rsplit(separator, 1)
            return head.strip(), tail.strip()
    return None


def _strip_site_name(title: str, site: str | None, h1: str | None, *, guess: bool) -> str:
    """A title without the site's name, which sites put after (or before) a separator.
    Headlines from metadata lose only a known site name; a <title> also loses a guessed one."""
    title = " ".join(title.split())
    # an <h1> guides only when it reads like a headline (sites also put their logo in one)
    h1_key = _key(h1) if h1 and len(h1.split()) >= 3 else ""
    if h1_key and _key(title) == h1_key:
        return title
    if site and len(site) < len(title):
        for separator in _TITLE_SEPARATORS:
            if title.endswith(separator + site):
                return title[: -len(separator + site)].strip()
            if title.startswith(site + separator):
                return title[len(site + separator) :].strip()
    parts = _split_title(title)
    if parts is None:
        return title
    head, tail = parts
    if h1_key and _key(tail) == h1_key:
        return tail
    if h1_key and _key(head) == h1_key:
        return head
    if not guess:
        return title
    return head if len(head.split()) >= 3 or len(head) >= len(tail) else tail


_AUTHOR_META = (
    "author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator",
    "twitter:creator",
)


def _metadata(tree: LexborHTMLParser, url: str | None) -> _Meta:
    # one walk over the tree for both (each query walks all of it)
    found = tree.css('script[type="application/ld+json"], meta[content]')
    meta = _from_json_ld([node for node in found if node.tag == "script"])
    tags = _meta_tags([node for node in found if node.tag == "meta"])
    meta.title = _title(tree, tags, meta.title)
    meta.author = meta.author or _author(tree, tags)
    meta.published = meta.published or _published(tree, tags)
    meta.url = _page_url(tree, tags, meta.url, url)
    return meta


def _title(tree: LexborHTMLParser, tags: dict[str, str], headline: str | None) -> str | None:
    """The headline without the site's name: from JSON-LD or meta tags, else <title>/<h1>."""
    site = _first(tags, "og:site_name", "application-name")
    h1_node = tree.css_first("h1")
    h1 = " ".join(h1_node.text(separator=" ").split()) if h1_node is not None else None
    headline = headline or _first(tags, "og:title", "twitter:title", "headline")
    if headline and headline.strip():
        return _strip_site_name(headline, site, h1, guess=False)
    node = tree.css_first("title")
    title = " ".join(node.text().split()) if node is not None else ""
    if title and h1 and _key(h1) in _key(title) and len(h1) >= 0.5 * len(title):
        return h1  # the <title> is the headline plus the site's name
    if title:
        return _strip_site_name(title, site, h1, guess=True)
    return h1 or None


def _author(tree: LexborHTMLParser, tags: dict[str, str]) -> str | None:
    # article:author is often a profile URL and twitter:creator a handle: skip those
    names = (_clean_author(tags.get(name)) for name in _AUTHOR_META)
    author = next((n for n in names if n and not n.startswith("@")), None)
    if author:
        return author
    node = tree.css_first('[itemprop="author"] [itemprop="name"], [rel="author"]')
    return _clean_author(node.text(separator=" ")) if node is not None else None


def _published(tree: LexborHTMLParser, tags: dict[str, str]) -> datetime | None:
    published = parse_datetime(
        _first(
            tags, "article:published_time", "og:article:published_time",
            "datePublished", "pubdate", "publishdate",
            "publish-date", "date", "dc.date", "dc.date.issued", "sailthru.date",
            "parsely-pub-date", "og:published_time",
        )
    )
    if published:
        return published
    # microdata on any element, then the first <time> (usually the article's dateline)
    for node in tree.css('[itemprop="datePublished"], time[datetime]'):
        attrs = node.attributes
        published = parse_datetime(attrs.get("datetime") or attrs.get("content"))
        if published:
            return published
    return None


def _page_url(
    tree: LexborHTMLParser, tags: dict[str, str], from_json_ld: str | None, url: str | None
) -> str | None:
    """The canonical URL (link, og:url, JSON-LD), absolute, else the page's own URL."""
    canonical = tree.css_first('link[rel="canonical"][href]')
    page_url = canonical.attributes.get("href") if canonical is not None else None
    page_url = page_url or _first(tags, "og:url") or from_json_ld
    for candidate in (page_url, url):
        if candidate:
            absolute = canonical_url(candidate, url)
            if absolute.startswith(("http://", "https://")):
                return absolute
    return None



# ---------------------------------------------------------------- JSON-LD articleBody


def _body_paragraphs(body: str) -> list[str]:
    # CMSs HTML-escape the body ("&apos;", "&nbsp;", even "&lt;p&gt;"): undo it, then read
    # any markup as HTML
    body = unescape(body)
    if "<" in body and ">" in body:
        html_body = LexborHTMLParser(bounded_nesting(body)).body
        if html_body is not None:
            body = html_body.text(separator="\n")
    return [" ".join(p.split()) for p in re.split(r"\n\s*", body) if p.strip()]


def _agree_with_body(walk: _Walk, body: str) -> list[str] | None:
    """The page's blocks that are part of `body`, if they cover most of it (they keep the
    page's paragraph breaks); None when the page's blocks do not hold the body."""
    body_key = f" {_key(body)} "
    kept: list[str] = []
    covered = 0
    seen: set[str] = set()
    for block in walk.blocks:
        key = _key(block.text)
        # whole words only, so that a short subheading matches itself and not part of a word
        if len(key) < 8 or key in seen or f" {key} " not in body_key:
            continue
        # bodies scraped from the rendered page hold its ad labels and credits too
        if walk.box[block.element] >= 0 or _is_boilerplate_text(block, None):
            continue
        seen.add(key)
        kept.append(block.text)
        covered += len(key)
    return kept if covered >= 0.8 * len(body_key) else None


# The page's own text wins unless it is clearly shorter than the JSON-LD body: a teaser in
# the JSON-LD, or page paragraphs it lacks, never cut the page.
JSON_LD_BODY_WINS_BELOW = 0.7


def _with_json_ld_body(walk: _Walk, paragraphs: list[str], raw_body: str) -> list[str]:
    from_json = _body_paragraphs(raw_body)
    json_length = sum(map(len, from_json))
    page_length = sum(map(len, paragraphs))
    if page_length >= JSON_LD_BODY_WINS_BELOW * json_length:
        return paragraphs
    # The page shows the body, but we chose too little of it: its blocks, with their breaks.
    from_page = _agree_with_body(walk, "\n".join(from_json))
    if from_page is not None and sum(map(len, from_page)) > page_length:
        return from_page
    return from_json  # rendered by script, or another text: the JSON-LD is all there is


# ---------------------------------------------------------------- the entry point

LONG_ARTICLE_BODY = 400


def extract_article(html: str, url: str | None = None) -> ArticleText:
    """The article on a page: title, author, published (UTC), canonical URL and paragraphs."""
    tree = LexborHTMLParser(bounded_nesting(html))
    meta = _metadata(tree, url)
    walk = _blocks(tree)
    body_id = _choose_body(walk, meta.title)
    if body_id is None and walk.blocks:
        body_id = 0  # no paragraph long enough to score (a one-line fragment): read it all
    paragraphs = [] if body_id is None else _paragraphs_in(walk, body_id, meta.title, meta.author)
    if meta.body and len(meta.body) >= LONG_ARTICLE_BODY:
        paragraphs = _with_json_ld_body(walk, paragraphs, meta.body)
    return ArticleText(
        url=meta.url,
        title=meta.title,
        author=meta.author,
        published=meta.published,
        paragraphs=tuple(paragraphs),
    )
