"""Bytes of an HTML page -> text, with the charset the server or the page declares."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# How far into the page a <meta charset> is looked for (the HTML spec says 1024 bytes; real
# pages put long <head> prologues first, so look further).
META_WINDOW = 8192

_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
# XHTML pages may declare it only in the XML declaration.
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers decode these labels as windows-1252 (WHATWG Encoding), and pages rely on it:
# "iso-8859-1" pages routinely carry curly quotes in bytes 0x80-0x9F.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}


def _codec(label: str | None) -> str | None:
    """A Python codec name for a declared charset label, or None when it is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page cannot really be UTF-16 once its bytes were read as ASCII to find the <meta>.
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"
    return name


def _declared_in_meta(content: bytes) -> str | None:
    head = content[:META_WINDOW]
    match = _META_CHARSET.search(head) or _XML_ENCODING.match(head)
    return _codec(match.group(1).decode("ascii", "replace")) if match else None


def charset_of(content: bytes, content_type: str | None) -> str:
    """The codec to decode `content` with: BOM, header, <meta>, a guess, else utf-8."""
    # A byte order mark is definitive (HTML spec: it overrides the header too).
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        declared = _codec(match.group(1)) if match else None
        if declared:
            return declared
    declared = _declared_in_meta(content)
    if declared:
        return declared
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    return _guess(content)


def _guess(content: bytes) -> str:
    """Undeclared and not UTF-8: an English page with a few curly quotes is windows-1252 (the
    web's usual legacy encoding); otherwise charset_normalizer's guess, Mac code pages last."""
    sample = content[:200_000]
    high = len(sample) - len(sample.decode("ascii", "ignore"))  # bytes >= 0x80, counted in C
    if high <= 0.02 * len(sample):
        return "cp1252"
    guesses = [m.encoding for m in from_bytes(sample) if m.encoding]
    guesses.sort(key=lambda name: name.startswith("mac"))
    for name in guesses:
        codec = _codec(name)
        if codec:
            return codec
    return "utf-8"


def _strict_utf8(content: bytes) -> str | None:
    """The bytes as UTF-8, forgiving only a character cut off at the end (a page truncated at
    the size cap); None when they are not UTF-8."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(content) - 3:
            return content[: error.start].decode("utf-8")
        return None


def decode_html(content: bytes, content_type: str | None) -> str:
    """Decode a fetched HTML page; never fails (undecodable bytes become U+FFFD)."""
    name = charset_of(content, content_type)
    if name == "utf-8":
        text = _strict_utf8(content)
        if text is None:
            # Declared UTF-8 but it is not (a server default over legacy pages): the page's own
            # <meta>, else a guess, reads the quotation marks right instead of as U+FFFD.
            meta = _declared_in_meta(content)
            name = meta if meta and meta != "utf-8" else _guess(content)
            text = content.decode(name, errors="replace")
    else:
        text = content.decode(name, errors="replace")
    return text[1:] if text.startswith("\ufeff") else text
