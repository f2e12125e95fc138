#!/usr/bin/env python3
"""Writes the invented benchmark page set: NAME.html and NAME.txt (the ground-truth main text,
paragraphs separated by blank lines) in this folder.

    python benchmarks/pages/make_pages.py

Layouts mimic common CMSs and news templates (WordPress, Arc, Drupal, AMP, live blogs, wire
pages, React sites with hashed classes, card builders), with their boilerplate: menus, share
bars, related teasers, newsletter boxes, ads between paragraphs, comments, long footers. The
pattern pages reproduce, in invented HTML, the cases of issue 9 section 5. Ground truth: the
article's paragraphs and subheadings, table rows one per line; no headline, standfirst, byline,
date, caption, or anything of the page around the article.
"""

from __future__ import annotations

import html as html_lib
import json
import random
from collections.abc import Callable
from pathlib import Path

from prose import Prose

HERE = Path(__file__).parent
Page = tuple[str, list[str]]


def esc(text: str) -> str:
    return html_lib.escape(text, quote=False)


# ---------------------------------------------------------------- boilerplate pieces


def menu(p: Prose) -> str:
    items = ["News", "Local", "Politics", "Business", "Sport", "Culture", "Opinion", "Weather"]
    links = "".join(f'<li class="menu-item"><a href="/{i.lower()}/">{i}</a></li>' for i in items)
    return f'<nav class="main-nav" role="navigation"><ul class="menu">{links}</ul></nav>'


def teaser_list(p: Prose, title: str, count: int, cls: str, excerpt: bool = True) -> str:
    items = []
    for n in range(count):
        summary = f"<p>{esc(p.sentence())}</p>" if excerpt else ""
        items.append(
            f'<li class="{cls}__item"><a href="/news/{p.rng.randrange(10**6)}">'
            f"<h3>{esc(p.headline())}</h3></a><time>{n + 2} hours ago</time>{summary}</li>"
        )
    return f'<div class="{cls}"><h2>{title}</h2><ul>{"".join(items)}</ul></div>'


def share_bar() -> str:
    nets = ["Facebook", "Twitter", "WhatsApp", "Email", "Copy link"]
    return '<div class="share-tools">' + "".join(
        f'<a href="#share-{n.lower()}">{n}</a>' for n in nets
    ) + "</div>"


def newsletter(p: Prose) -> str:
    return (
        '<div class="newsletter-signup"><h3>Get the morning briefing</h3>'
        f"<p>The day's most important stories from {p.pick(['the coast', 'the valley', 'town'])}"
        ", delivered to your inbox every weekday before seven.</p>"
        '<form><input type="email"><button>Sign up</button></form></div>'
    )


def comments(p: Prose, count: int = 4) -> str:
    items = "".join(
        f'<li class="comment"><p class="comment-author">reader{n}</p><p>{esc(p.paragraph())}</p>'
        f'<a class="comment-reply-link" href="#">Reply</a></li>'
        for n in range(count)
    )
    return (
        f'<div id="comments" class="comments-area"><h2>{count} thoughts on this story</h2>'
        f"<ol>{items}</ol></div>"
    )


def long_footer(p: Prose) -> str:
    about = " ".join(
        [
            "The Valemouth Courier has served the coast since 1871 and is owned by a charitable",
            "trust that guarantees its independence from any political party or company.",
            "Our reporters cover the council, the courts, the harbour and the schools, and we",
            "publish corrections promptly when we get something wrong. Readers can reach the",
            "newsroom by email or by calling the front desk on weekdays from nine until five.",
        ]
    )
    columns = "".join(
        f'<div class="footer-col"><h4>{h}</h4><ul>'
        + "".join(f'<li><a href="/{h.lower()}/{i}">{h} link {i}</a></li>' for i in range(6))
        + "</ul></div>"
        for h in ("Sections", "Services", "Company")
    )
    legal = (
        "© 2026 Valemouth Courier Ltd. All rights reserved. Registered in England, company "
        "number 01234567. This site is protected by reCAPTCHA and its privacy policy applies."
    )
    return (
        f'<footer class="site-footer"><div class="footer-about"><p>{about}</p>'
        f"<p>{about}</p></div>{columns}<p class=\"legal\">{legal}</p></footer>"
    )


def cookie_banner() -> str:
    return (
        '<div id="cookie-consent" class="cmp-banner"><p>We use cookies to improve your '
        "experience. By continuing you accept our use of cookies and our privacy policy.</p>"
        "<button>Accept</button></div>"
    )


def linked(p: Prose, text: str, links: int) -> str:
    """The paragraph with `links` runs of its words made into links, as in real prose."""
    words = esc(text).split(" ")
    for _ in range(links):
        if len(words) < 6:
            break
        start = p.rng.randrange(0, len(words) - 3)
        span = p.rng.randint(1, 3)
        chunk = " ".join(words[start : start + span])
        if "<" in chunk or ">" in chunk:
            continue
        words[start : start + span] = [f'<a href="/topic/{p.rng.randrange(999)}">{chunk}</a>']
    return " ".join(words)


def json_ld(headline: str, author: str, body: str | None, escape: bool = False) -> str:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": headline,
        "datePublished": "2026-03-02T08:22:00Z", "author": {"@type": "Person", "name": author},
    }
    if body is not None:
        data["articleBody"] = body
    text = json.dumps(data, ensure_ascii=False)
    return f'<script type="application/ld+json">{text}</script>'


# What real pages carry besides their text, at a typical weight: inline CSS and script
# bundles, tracking tags, an icon sprite (the page set's timings would flatter a parser
# that is slow on these otherwise).
_CSS = "<style>" + "".join(
    f".c{i}{{margin:0 {i % 7}px;padding:{i % 5}px;color:#{i * 2654435761 % 0xFFFFFF:06x}}}"
    for i in range(500)
) + "</style>"
_SCRIPT = "<script>" + "".join(
    f"function f{i}(a,b){{if(a<b&&b>{i}){{return '<div class=\\'x{i}\\'>'+a}}return b}}"
    for i in range(400)
) + "</script>"
_METAS = "".join(
    f'<meta name="x-tag-{i}" content="value {i}"><link rel="preload" href="/f{i}.js">'
    for i in range(25)
)
_SPRITE = '<svg style="display:none">' + "".join(
    f'<symbol id="i{i}"><path d="M{i} 0L{i} 10 0 {i}Z"/></symbol>' for i in range(40)
) + "</svg>"


def document(title: str, head: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)} | '
        f'Valemouth Courier</title><meta property="og:title" content="{esc(title)}">'
        f'{_METAS}{_CSS}<script>window.dataLayer=[];var x = 1 < 2 && "<div>";</script>{head}'
        f"</head><body>{_SPRITE}{body}{_SCRIPT}</body></html>"
    )


def with_subheads(p: Prose, paragraphs: list[str]) -> list[str]:
    """Paragraphs with a subheading (marked by a leading '## ') every few paragraphs."""
    out = []
    for i, text in enumerate(paragraphs):
        if i and i % 4 == 0 and p.rng.random() < 0.7:
            out.append("## " + p.subhead())
        out.append(text)
    return out


def truth(blocks: list[str]) -> list[str]:
    return [b.removeprefix("## ") for b in blocks]


def render(blocks: list[str], para: Callable[[str], str], head: str = "h2") -> list[str]:
    return [
        f"<{head}>{esc(b[3:])}</{head}>" if b.startswith("## ") else para(b) for b in blocks
    ]


# ---------------------------------------------------------------- CMS layouts


def wordpress(p: Prose, variant: int) -> Page:
    title = p.headline()
    blocks = with_subheads(p, p.paragraphs(4, 10))
    links = variant % 2 == 1
    rendered = render(
        blocks, lambda t: f"<p>{linked(p, t, p.rng.randint(1, 4)) if links else esc(t)}</p>"
    )
    if variant % 3 == 0:
        rendered.insert(
            2,
            '<figure class="wp-block-image size-large"><img src="/a.jpg" alt="">'
            f"<figcaption>{esc(p.sentence())}</figcaption></figure>",
        )
    if variant % 3 == 1:
        rendered.insert(
            min(3, len(rendered)),
            f'<p><strong>Related:</strong> <a href="/news/1">{esc(p.headline())}</a></p>',
        )
    author = p.person()
    body = (
        f'<div id="page" class="site">{cookie_banner() if variant % 2 else ""}'
        f'<header id="masthead" class="site-header"><p class="site-title"><a href="/">'
        f"Valemouth Courier</a></p>{menu(p)}</header>"
        '<div id="content" class="site-content"><div id="primary" class="content-area">'
        '<main id="main" class="site-main">'
        f'<article id="post-{variant}" class="post-{variant} post type-post status-publish '
        'format-standard hentry category-local tag-harbour tag-comment">'
        f'<header class="entry-header"><h1 class="entry-title">{esc(title)}</h1>'
        f'<div class="entry-meta"><span class="posted-on">Posted on <time>March 2, 2026</time>'
        f'</span><span class="byline"> by <a href="/author/x">{author}</a></span></div></header>'
        f'<div class="entry-content">{"".join(rendered)}'
        '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>'
        f"{share_bar()}</div>"
        f'{teaser_list(p, "Related", 3, "jp-relatedposts")}</div>'
        '<footer class="entry-footer"><span class="cat-links">Posted in <a href="/c">Local</a>'
        '</span><span class="tags-links">Tagged <a href="/t">harbour</a></span></footer>'
        "</article>"
        '<nav class="navigation post-navigation"><div class="nav-previous">'
        f'<a href="/prev">{esc(p.headline())}</a></div></nav>{comments(p)}</main></div>'
        '<aside id="secondary" class="widget-area">'
        f'{teaser_list(p, "Recent Posts", 5, "widget widget_recent_entries", False)}'
        '<section class="widget widget_text"><div class="textwidget">'
        f"<p>{esc(p.paragraph())}</p></div></section></aside></div>"
        f"{long_footer(p)}</div>"
    )
    return document(title, json_ld(title, author, None), body), truth(blocks)


def arc(p: Prose, variant: int) -> Page:
    title = p.headline()
    blocks = with_subheads(p, p.paragraphs(5, 12))
    parts = []
    for i, b in enumerate(render(blocks, lambda t: (
        f'<p class="default__StyledText-sc-1wxyvyl-0 body-paragraph">{esc(t)}</p>'
    ))):
        parts.append(b)
        if i % 3 == 2:
            parts.append(
                '<div class="arc_ad_container"><div class="ad-wrapper"><p>Advertisement</p>'
                "</div></div>"
            )
        if i == 4 and variant % 2:
            parts.append(
                '<div class="interstitial-link"><span>Read more:</span> '
                f'<a href="/2026/03/01/x">{esc(p.headline())}</a></div>'
            )
    author = p.person()
    # Arc pages carry the body in JSON-LD; sometimes only a teaser of it
    ld_body = "\n\n".join(truth(blocks)) if variant % 3 else p.paragraph()[:450]
    head = json_ld(title, author, ld_body)
    body = (
        f'<div id="fusion-app"><header class="site-header">{menu(p)}</header>'
        '<main class="b-single-chain"><div class="article-header">'
        f'<h1 class="headline">{esc(title)}</h1><h2 class="sub-headline">{esc(p.standfirst())}'
        f'</h2><div class="byline">By <a href="/people/x">{author}</a></div>'
        '<div class="timestamp">Updated March 2, 2026 at 8:22 a.m. EST</div></div>'
        '<figure class="lead-art"><img src="/x.jpg"><figcaption>'
        f"{esc(p.sentence())}</figcaption></figure>"
        f'<article class="default__ArticleBody-sc-1mncpzl-2 article-body">{"".join(parts)}'
        "</article>"
        f'{newsletter(p)}{teaser_list(p, "Most Read", 5, "most-read-list", False)}'
        f'{teaser_list(p, "More from Local", 4, "c-stack results-list")}</main>'
        f"{long_footer(p)}</div>"
    )
    return document(title, head, body), truth(blocks)


def drupal(p: Prose, variant: int) -> Page:
    title = p.headline()
    blocks = with_subheads(p, p.paragraphs(4, 9))
    rendered = render(blocks, lambda t: f"<p>{esc(t)}</p>", head="h3")
    extra: list[str] = []
    if variant % 2 == 0:
        rows = [("Crossing", "Departs", "Arrives")] + [
            (p.pick(["Valemouth", "Norhaven", "Oster Quay", "Saltcombe"]),
             f"{h:02d}:15", f"{h + 1:02d}:05") for h in range(7, 7 + p.rng.randint(3, 6))
        ]
        cells = "".join(
            "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows
        )
        rendered.insert(2, f'<table class="table"><tbody>{cells}</tbody></table>')
        extra = [" ".join(row) for row in rows]
    body = (
        f'<div class="dialog-off-canvas-main-canvas"><header role="banner">{menu(p)}</header>'
        '<div class="layout-container"><main role="main"><div class="region region-content">'
        f'<article role="article" class="node node--type-article node--view-mode-full">'
        f'<h1 class="page-title"><span class="field field--name-title">{esc(title)}</span></h1>'
        f'<div class="node__meta"><span>Submitted by {p.person()} on Mon, 03/02/2026 - 08:22'
        '</span></div><div class="node__content">'
        '<div class="clearfix text-formatted field field--name-body '
        'field--type-text-with-summary field--label-hidden field__item">'
        f'{"".join(rendered)}</div>'
        '<div class="field field--name-field-tags field--type-entity-reference">'
        '<div class="field__label">Tags</div><div class="field__items">'
        '<div class="field__item"><a href="/t/1">Harbour</a></div></div></div>'
        "</div></article>"
        '<div class="views-element-container block block-views">'
        f'{teaser_list(p, "Related content", 4, "view view-related-content")}</div>'
        f"</div></main></div>{long_footer(p)}</div>"
    )
    text = truth(blocks)
    text[2:2] = extra
    return document(title, "", body), text


def amp(p: Prose, variant: int) -> Page:
    title = p.headline()
    blocks = with_subheads(p, p.paragraphs(4, 9))
    parts = []
    for i, b in enumerate(render(blocks, lambda t: f"<p>{esc(t)}</p>")):
        parts.append(b)
        if i == 1:
            parts.append('<amp-ad width="300" height="250" type="doubleclick"></amp-ad>')
        if i == 3 and variant % 2:
            parts.append(
                '<amp-img src="/b.jpg" layout="responsive"></amp-img>'
                f'<p class="wp-caption-text">{esc(p.sentence())}</p>'
            )
    body = (
        f'<header class="amp-wp-header"><a href="/">Valemouth Courier</a></header>'
        f'<article class="amp-wp-article"><header class="amp-wp-article-header">'
        f'<h1 class="amp-wp-title">{esc(title)}</h1><div class="amp-wp-meta amp-wp-byline">'
        f"<span>{p.person()}</span></div><div class=\"amp-wp-meta amp-wp-posted-on\">"
        "<time>2 hours ago</time></div></header>"
        '<figure class="amp-wp-article-featured-image"><amp-img src="/a.jpg"></amp-img>'
        f"<p>{esc(p.sentence())}</p></figure>"
        f'<div class="amp-wp-article-content">{"".join(parts)}</div>'
        '<footer class="amp-wp-article-footer"><amp-social-share type="twitter">'
        "</amp-social-share></footer></article>"
        f'<footer class="amp-wp-footer"><p>© 2026 Valemouth Courier</p></footer>'
    )
    if variant % 2:
        body = body.replace('<p class="wp-caption-text">', '<p class="caption">')
    return document(title, "", body), truth(blocks)


def liveblog(p: Prose, variant: int) -> Page:
    title = "Live: " + p.headline()
    entries, text = [], []
    for n in range(p.rng.randint(4, 9)):
        heading = p.headline() if p.rng.random() < 0.6 else None
        paras = p.paragraphs(1, 3)
        head = f"<h2>{esc(heading)}</h2>" if heading else ""
        inner = "".join(f"<p>{esc(t)}</p>" for t in paras)
        entries.append(
            f'<article class="live-post" id="post-{n}"><header class="live-post__meta">'
            f"<time>{10 + n}:{p.rng.randrange(10, 59)} GMT</time></header>{head}"
            f'<div class="live-post__body">{inner}</div>{share_bar()}</article>'
        )
        text += ([heading] if heading else []) + paras
    body = (
        f"<header>{menu(p)}</header><main><h1>{esc(title)}</h1>"
        f'<div class="live-blog__summary"><h2>Key events</h2><ul>'
        + "".join(f'<li><a href="#post-{n}">{esc(p.headline())}</a></li>' for n in range(4))
        + f'</ul></div><div class="live-blog__entries">{"".join(entries)}</div>'
        f"</main>{long_footer(p)}"
    )
    return document(title, "", body), text


def wire(p: Prose, variant: int) -> Page:
    title = p.headline()
    paras = p.paragraphs(4, 9)
    place = p.pick(["PORT ELLEN", "VALEMOUTH", "NORHAVEN"]).upper()
    paras[0] = f"{place}, March 2 (Northwire) - {paras[0]}"
    credit = f"Reporting by {p.person()}; Editing by {p.person()}"
    dateline = "Northwire · Published Monday 8:22" if variant % 2 else "March 2, 2026 8:22 AM UTC"
    body = (
        f"<header>{menu(p)}</header><main><div class=\"ArticleHeader\">"
        f"<h1>{esc(title)}</h1></div><div class=\"StandardArticleBody_body\">"
        f"<div>{dateline}</div><div>{p.rng.randint(2, 6)} minute read</div>"
        + "".join(f"<p>{esc(t)}</p>" for t in paras)
        + f"<p>{credit}</p><div class=\"trust\"><p>Our Standards: The Northwire Trust "
        "Principles.</p></div></div>"
        f'{teaser_list(p, "More from Northwire", 4, "more-stories")}</main>{long_footer(p)}'
    )
    return document(title, "", body), [*paras, credit]


def hashed(p: Prose, variant: int) -> Page:
    title = p.headline()
    blocks = with_subheads(p, p.paragraphs(5, 10))
    chunks, current = [], []
    for b in render(blocks, lambda t: f'<p class="css-{p.rng.randrange(10**5):x} e1a2b3">'
                    f"{esc(t)}</p>"):
        current.append(b)
        if len(current) == 3:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    ad = (
        '<div class="css-9f2k" data-testid="StandardAd"><p>Advertisement</p>'
        '<a href="#after-ad">SKIP ADVERTISEMENT</a></div>'
    )
    inner = ad.join(
        f'<div class="css-53u6y8" data-testid="companionColumn-{i}">{"".join(c)}</div>'
        for i, c in enumerate(chunks)
    )
    body = (
        f'<div id="app"><div class="css-1x" data-testid="masthead">{menu(p)}</div>'
        f'<main><article class="css-1vkm"><header><h1 data-testid="headline">{esc(title)}'
        f'</h1><p id="article-summary">{esc(p.standfirst())}</p><p class="css-aknsld">By '
        f'<a href="/by/x">{p.person()}</a></p></header>'
        f'<section name="articleBody" class="meteredContent css-1r7">{inner}</section>'
        f'<div class="bottom-of-article"><p>A version of this article appears in print on '
        "March 3, 2026, Section A, Page 4.</p></div></article>"
        f'{teaser_list(p, "Related Content", 3, "css-1lvv")}</main></div>'
    )
    return document(title, "", body), truth(blocks)


def cards(p: Prose, variant: int) -> Page:
    """Site builders: one box per paragraph."""
    title = p.headline()
    paras = p.paragraphs(4, 8)
    boxes = "".join(
        f'<div class="card collection-item w-dyn-item"><p>{esc(t)}</p></div>' for t in paras
    )
    body = (
        f'<div class="navbar w-nav">{menu(p)}</div><div class="section hero">'
        f"<h1>{esc(title)}</h1></div><div class=\"section\"><div class=\"container\">"
        f"{boxes}</div></div>"
        f'<div class="section more"><div class="card teaser-card"><a href="/n/1">'
        f"{esc(p.headline())}</a></div></div>{long_footer(p)}"
    )
    return document(title, "", body), paras


# ---------------------------------------------------------------- issue 9 patterns


def links_in_prose(p: Prose, variant: int) -> Page:
    title = p.headline()
    paras = p.paragraphs(3, 5)
    rendered = [f"<p>{linked(p, t, 5)}</p>" for t in paras[:-1]] + [f"<p>{esc(paras[-1])}</p>"]
    sidebar = f"<p>{esc(p.paragraph((4, 5)))}</p>" if variant % 2 else ""
    body = (
        f"<header>{menu(p)}</header><main><h1>{esc(title)}</h1>"
        f'<div class="entry-content">{"".join(rendered)}</div>'
        f'<div class="about-box">{sidebar}</div></main>{long_footer(p)}'
    )
    return document(title, "", body), paras


def related_lines(p: Prose, variant: int) -> Page:
    title = p.headline()
    paras = p.paragraphs(5, 9)
    parts = []
    for i, t in enumerate(paras):
        parts.append(f"<p>{esc(t)}</p>")
        if i % 2 == 1:
            parts.append(f'<h3><a href="/news/{i}">{esc(p.headline())}</a></h3>')
    body = (
        f"<header>{menu(p)}</header><main><h1>{esc(title)}</h1>"
        f'<div class="story">{"".join(parts)}</div></main>{long_footer(p)}'
    )
    return document(title, "", body), paras


def json_ld_escaped(p: Prose, variant: int) -> Page:
    """The page shows only a teaser; JSON-LD holds the body, HTML-escaped by the CMS."""
    title = p.headline()
    paras = p.paragraphs(5, 7)
    escaped = "\n\n".join(
        html_lib.escape(t).replace("'", "&apos;").replace(" ", "&nbsp;", 2) for t in paras
    )
    if variant % 2:
        escaped = "&lt;div&gt;" + escaped.replace("\n\n", "&lt;/p&gt;&lt;p&gt;") + "&lt;/div&gt;"
    head = json_ld(title, p.person(), escaped)
    body = (
        f"<header>{menu(p)}</header><main><h1>{esc(title)}</h1>"
        f'<div class="article-teaser"><p>{esc(paras[0])}</p></div>'
        f'<div class="paywall"><p>Subscribe to read the full story.</p></div></main>'
        f"{long_footer(p)}"
    )
    return document(title, head, body), paras


def json_ld_partial(p: Prose, variant: int) -> Page:
    """JSON-LD holds a teaser (variant 0) or the body less its last paragraphs (variant 1)."""
    title = p.headline()
    paras = p.paragraphs(6, 8)
    ld = paras[0][:450] if variant % 2 == 0 else "\n\n".join(paras[:-2])
    head = json_ld(title, p.person(), ld)
    body = (
        f"<header>{menu(p)}</header><main><h1>{esc(title)}</h1>"
        f'<div class="article-body">{"".join(f"<p>{esc(t)}</p>" for t in paras)}</div>'
        f"{newsletter(p)}</main>{long_footer(p)}"
    )
    return document(title, head, body), paras


def short_story(p: Prose, variant: int) -> Page:
    title = p.headline()
    paras = p.paragraphs(1, 2)
    body = (
        f"<div class=\"page\"><div class=\"top\">{menu(p)}</div>"
        f'<div class="wrap"><h1>{esc(title)}</h1><div class="meta">March 2, 2026</div>'
        f'<div class="text">{"".join(f"<p>{esc(t)}</p>" for t in paras)}</div></div>'
        f'<div class="bottom"><div class="about"><p>{esc(p.paragraph((4, 5)))}</p>'
        f"<p>{esc(p.paragraph((4, 5)))}</p></div></div>"
        f"{long_footer(p) if variant % 2 else ''}</div>"
    )
    return document(title, "", body), paras


def captions(p: Prose, variant: int) -> Page:
    title = p.headline()
    paras = p.paragraphs(4, 7)
    parts = [f"<p>{esc(t)}</p>" for t in paras]
    said = p.sentence()
    parts.insert(
        1,
        f'<div class="image top"><img src="/c.jpg"><p>In this file photo, '
        f"{esc(said[0].lower() + said[1:])} (Photo: Jan Roe)</p></div>",
    )
    parts.insert(
        4,
        f'<div class="media-wrapper"><img src="/d.jpg"><span>{esc(p.sentence())}</span></div>',
    )
    body = (
        f"<header>{menu(p)}</header><main><h1>{esc(title)}</h1>"
        f'<div class="post-body">{"".join(parts)}</div></main>{long_footer(p)}'
    )
    return document(title, "", body), paras


def agency_line(p: Prose, variant: int) -> Page:
    title = p.headline()
    paras = p.paragraphs(3, 6)
    line = p.pick(["Northwire · Published Monday 8:22", "Coast Press Agency | Updated 09:41",
                   "By Northwire staff · 2 min read"])
    body = (
        f"<header>{menu(p)}</header><main><div class=\"content\"><h1>{esc(title)}</h1>"
        f"<p>{line}</p>{''.join(f'<p>{esc(t)}</p>' for t in paras)}</div></main>"
        f"{long_footer(p)}"
    )
    return document(title, "", body), paras


def teasers_beside(p: Prose, variant: int) -> Page:
    title = p.headline()
    paras = p.paragraphs(1, 3)
    listing = "".join(
        f'<div class="item"><a href="/n/{n}">{esc(p.headline())}</a><p>{esc(p.paragraph())}</p>'
        "</div>"
        for n in range(4)
    )
    body = (
        f"<header>{menu(p)}</header><main><div class=\"content\"><h1>{esc(title)}</h1>"
        f"<div class=\"post\">{''.join(f'<p>{esc(t)}</p>' for t in paras)}</div>"
        f'<div class="latest">{listing}</div></div></main>'
    )
    return document(title, "", body), paras


def repeated_lines(p: Prose, variant: int) -> Page:
    title = p.headline()
    same = "Cost: 40 euros per household each year, collected with the water bill."
    blocks = [p.paragraph(), "## Plan A", p.paragraph(), same, "## Plan B", p.paragraph(), same,
              p.paragraph()]
    body = (
        f"<header>{menu(p)}</header><main><h1>{esc(title)}</h1>"
        f'<div class="article-body">{"".join(render(blocks, lambda t: f"<p>{esc(t)}</p>"))}'
        f"</div></main>{long_footer(p)}"
    )
    return document(title, "", body), truth(blocks)


def ad_rail_split(p: Prose, variant: int) -> Page:
    title = p.headline()
    paras = p.paragraphs(6, 10)
    half = len(paras) // 2
    rail = (
        '<div class="ad-rail"><div class="ad-slot"><p>Advertisement</p></div>'
        f'{teaser_list(p, "Trending", 3, "trending")}</div>'
    )
    body = (
        f"<header>{menu(p)}</header><main><h1>{esc(title)}</h1>"
        f'<p class="standfirst">{esc(p.standfirst())}</p>'
        f'<div class="story-body">{"".join(f"<p>{esc(t)}</p>" for t in paras[:half])}</div>'
        f'{rail}<div class="story-body">'
        f'{"".join(f"<p>{esc(t)}</p>" for t in paras[half:])}</div>'
        f'<div class="print-edition"><p>This article appeared in the print edition of '
        f'Tuesday.</p></div><div class="also-on"><h3>Also on Valemouth Courier</h3>'
        f'<a href="/x">{esc(p.headline())}</a></div></main>{long_footer(p)}'
    )
    return document(title, "", body), paras


# ---------------------------------------------------------------- patterns of real pages
# Categories of misses seen on real pages with snippet ground truth (benchmarks/snippet_eval.py
# over trafilatura's evaluation set), rebuilt in invented HTML.


def sectioned_body(p: Prose, variant: int) -> Page:
    """An exported document: each section in a box of one class (org-mode, Elementor), the
    first one short, the last a list of reference links."""
    title = p.headline()
    heads = ["Introduction", "How it started", "Where it stands"]
    sections, blocks = [], []
    for n, head in enumerate(heads):
        paras = [p.paragraph((3, 4))] if n < 2 else p.paragraphs(6, 8)
        text = "".join(f"<p>{linked(p, t, 2) if n == 0 else esc(t)}</p>" for t in paras)
        sections.append(
            f'<div class="outline-2" id="outline-container-sec-{n + 1}"><h2>{n + 1} {head}'
            f'</h2><div class="outline-text-2">{text}</div></div>'
        )
        blocks += [f"{n + 1} {head}", *paras]
    refs = [
        f"{p.headline()}. Chapter {i + 2} of the county's annual report on the harbour and "
        f"its finances, published in {2019 + i}."
        for i in range(5 + variant)
    ]
    refs_html = "".join(
        f'<li><a href="/ref/{i}">{esc(r.split(". ")[0])}</a>. {esc(r.split(". ", 1)[1])}</li>'
        for i, r in enumerate(refs)
    )
    sections.append(
        f'<div class="outline-2"><h2>4 References</h2><div class="outline-text-2">'
        f"<ol>{refs_html}</ol></div></div>"
    )
    blocks += ["4 References", *refs]
    body = (
        f"<header>{menu(p)}</header><div class=\"post hentry\"><h1>{esc(title)}</h1>"
        f'<div class="post-body entry-content">{"".join(sections)}</div>'
        f'<div class="post-footer">Posted by {p.person()} at 2:33 PM</div></div>'
        f"{long_footer(p)}"
    )
    return document(title, "", body), blocks


def lone_plain_paragraph(p: Prose, variant: int) -> Page:
    """A technical post: most paragraphs carry links, between lists of links and code; one
    long paragraph has none (variant 2: so many links that the post's container scores below
    zero)."""
    title = p.headline()
    parts, blocks = [], []
    notes = ["packaged in most distributions", "works in the shell as well", "no notion of history"]
    for n in range(4):
        text = p.paragraph((2, 3))
        parts.append(f"<p>{linked(p, text, 4 if variant < 2 else 9)}</p>")
        blocks.append(text)
        head = p.subhead()
        parts.append(f"<h2>{esc(head)}</h2>")
        blocks.append(head)
        items = [f'<li><a href="/tool/{n}/{i}">home page</a></li>' for i in range(2 + 2 * variant)]
        items.append(f"<li>{notes[n % 3]}</li>")
        items.append(f'<li><a href="/tool/{n}/src">source code repository</a></li>')
        parts.append(f"<ul>{''.join(items)}</ul><pre>cd ~/src &amp;&amp; git pull --rebase</pre>")
        blocks += [notes[n % 3], "cd ~/src && git pull --rebase"]
    plain = p.paragraph((6, 7))
    parts.insert(2, f"<p>{esc(plain)}</p>")
    blocks.insert(2, plain)
    body = (
        f'<div class="header">{menu(p)}</div><div class="container"><h1>{esc(title)}</h1>'
        f'{"".join(parts)}</div>'
    )
    return document(title, "", body), blocks


def two_paragraph_story(p: Prose, variant: int) -> Page:
    """A story of a short opening and one long paragraph, deep in a page builder's wrappers:
    the long one alone is not the body."""
    title = p.headline()
    paras = [p.sentence(), p.paragraph((7, 8))]
    text = "".join(f"<p>{esc(t)}</p>" for t in paras)
    body = (
        f"<header>{menu(p)}</header><section><div class=\"mod_article block\">"
        f'<div class="ce_headline"><h2>{esc(title)}</h2></div><div class="autogrid_wrapper">'
        f'<div class="ce_text block"><div class="inside"><div class="textarea">{text}</div>'
        f"</div></div></div></div></section>{long_footer(p)}"
    )
    return document(title, "", body), paras


def one_paragraph_post(p: Prose, variant: int) -> Page:
    """A blog post of one paragraph and a link to the source, above longer posts of the same
    blog."""
    title = p.headline()
    post = p.paragraph((3, 4))
    others = "".join(
        f'<div class="post"><h2><a href="/p/{n}">{esc(p.headline())}</a></h2>'
        f"<p>{esc(p.paragraph((4, 5)))}</p></div>"
        for n in range(3)
    )
    body = (
        f"<header>{menu(p)}</header><div class=\"main\"><div class=\"post\"><h1>{esc(title)}"
        f'</h1><div class="post-content"><p>{esc(post)}</p><p><a href="/source">'
        f"{esc(p.headline())}</a></p></div></div>"
        f'<div class="more-posts">{others}</div></div>{long_footer(p)}'
    )
    return document(title, "", body), [post]


def calls_to_action(p: Prose, variant: int) -> Page:
    """Lines of the site inside the article's own container: ad labels with a colon, credits
    in brackets, "follow us", "get our app", "write to us", a paywall's plea."""
    title = p.headline()
    paras = p.paragraphs(4, 7)
    parts = [f"<p>{esc(t)}</p>" for t in paras]
    parts.insert(2, '<div class="unit-7"><span>Advertisement:</span></div>')
    parts.insert(1, "<p>(Credit: Jan Roe / Valemouth Courier)</p>")
    tail = [
        '<p>Follow the Valemouth Courier on Twitter and Instagram <a href="/t">@ValemouthCourier'
        "</a> and on Facebook.</p>",
        "<p>For the latest stories and breaking news download the Courier apps for iOS and "
        "Android.</p>",
        '<p>We want to hear what you think about this article. <a href="/letters">Submit a '
        "letter</a> to the editor.</p>",
    ]
    if variant % 2:
        tail = [
            '<p>To view the full story, please <a href="/s">subscribe to the Courier</a>. You can'
            " choose an annual subscription or a weekly pass.</p>",
            "<p>If you’re seeing this message but you’re already a subscriber, you can log in for "
            "immediate access to this story.</p>",
        ]
    body = (
        f"<header>{menu(p)}</header><main><h1>{esc(title)}</h1>"
        f'<div class="article-content">{"".join(parts + tail)}</div></main>{long_footer(p)}'
    )
    return document(title, "", body), paras


def body_in_parts(p: Prose, variant: int) -> Page:
    """A React site: the article body (class names it) in parts under hashed classes, the
    first part unlike the others, with a quote and a related link between parts."""
    title = p.headline()
    first = p.paragraphs(3, 4)
    rest = [p.paragraphs(2, 3) for _ in range(4 + variant)]
    parts = [f'<div class="css-1u22pos">{"".join(f"<p>{esc(t)}</p>" for t in first)}</div>']
    for n, chunk in enumerate(rest):
        parts.append(f'<div class="css-0">{"".join(f"<p>{esc(t)}</p>" for t in chunk)}</div>')
        if n == 1:
            parts.append(
                f'<div class="css-9xq2"><a href="/n/8">{esc(p.headline())}</a></div>'
            )
    body = (
        f'<div class="css-nav">{menu(p)}</div><div class="css-wrap"><div class="css-hd">'
        f'<h1>{esc(title)}</h1><div class="css-by">By {p.person()} on March 2, 2026</div>'
        f'</div><article class="article-body css-d2znx6">{"".join(parts)}</article></div>'
        f"{long_footer(p)}"
    )
    return document(title, "", body), first + [t for chunk in rest for t in chunk]


def widget_slots(p: Prose, variant: int) -> Page:
    """A page builder: every text block a widget, each widget box in a wrapper of its own
    (Elementor), so the boxes of one class are cousins, not siblings."""
    title = p.headline()
    chunks = [p.paragraphs(1, 2) for _ in range(4 + variant)]
    chunks[1] = p.paragraphs(3, 4)
    widgets = "".join(
        '<div class="elementor-element elementor-widget elementor-widget-text-editor">'
        '<div class="elementor-widget-container"><div class="elementor-text-editor">'
        f'{"".join(f"<p>{esc(t)}</p>" for t in chunk)}</div></div></div>'
        for chunk in chunks
    )
    side = (
        '<div class="elementor-element elementor-widget"><div class="elementor-widget-container">'
        f"{newsletter(p)}</div></div>"
    )
    body = (
        f"<header>{menu(p)}</header><main class=\"site-main\"><h1>{esc(title)}</h1>"
        '<section class="elementor-section"><div class="elementor-column elementor-col-66">'
        f'<div class="elementor-widget-wrap">{widgets}</div></div>'
        '<div class="elementor-column elementor-col-33"><div class="elementor-widget-wrap">'
        f"{side}</div></div></section></main>{long_footer(p)}"
    )
    return document(title, "", body), [t for chunk in chunks for t in chunk]


def list_of_steps(p: Prose, variant: int) -> Page:
    """A guide: two short paragraphs, a long numbered list of steps (which alone outscores
    the post's container, its share buttons and tag links), a closing paragraph."""
    title = p.headline()
    intro = [p.paragraph((1, 2)) for _ in range(2)]
    steps = [p.paragraph((2, 3)) for _ in range(5 + variant)]
    outro = p.paragraph((1, 2))
    tags = "".join(f'<a href="/tag/{i}">tag {i}</a> ' for i in range(8))
    body = (
        f"<header>{menu(p)}</header><div class=\"post\"><h1>{esc(title)}</h1>"
        f'{"".join(f"<p>{linked(p, t, 2)}</p>" for t in intro)}'
        f'<ol>{"".join(f"<li>{esc(t)}</li>" for t in steps)}</ol><p>{esc(outro)}</p>'
        f"<p>{tags}</p>{share_bar()}</div>{long_footer(p)}"
    )
    return document(title, "", body), [*intro, *steps, outro]


# ---------------------------------------------------------------- held out
# Written after the extractor was tuned on the layouts above, and not tuned on: a check that
# the rules generalise.


def heldout_brightspot(p: Prose, variant: int) -> Page:
    title = p.headline()
    blocks = with_subheads(p, p.paragraphs(5, 11))
    parts = []
    for i, b in enumerate(render(blocks, lambda t: f"<p>{linked(p, t, variant)}</p>")):
        parts.append(b)
        if i == 2:
            parts.append(
                '<div class="Enhancement"><ps-promo class="PagePromo"><div class="PagePromo-media">'
                '<img src="/p.jpg"></div><div class="PagePromo-title"><a href="/n/5">'
                f"{esc(p.headline())}</a></div></ps-promo></div>"
            )
    bio = f"<p>{p.person()} covers the coast for the Courier. {esc(p.sentence())}</p>"
    body = (
        f'<bsp-header class="Page-header">{menu(p)}</bsp-header><main class="Page-main">'
        f'<div class="Page-headline"><h1 class="Page-title">{esc(title)}</h1></div>'
        f'<div class="Page-lead"><figure><img src="/l.jpg"><figcaption>{esc(p.sentence())}'
        "</figcaption></figure></div>"
        f'<div class="Page-byline">By {p.person()} | Published March 2, 2026</div>'
        '<div class="RichTextArticleBody RichTextBody">'
        f'{"".join(parts)}</div><div class="Page-authorBio">{bio}</div>'
        f'{teaser_list(p, "Latest", 5, "List-items")}</main>{long_footer(p)}'
    )
    return document(title, json_ld(title, p.person(), None), body), truth(blocks)


def heldout_ghost(p: Prose, variant: int) -> Page:
    title = p.headline()
    blocks = with_subheads(p, p.paragraphs(4, 9))
    parts = render(blocks, lambda t: f"<p>{esc(t)}</p>")
    parts.insert(
        2,
        '<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="/b">'
        f'<div class="kg-bookmark-content"><div class="kg-bookmark-title">{esc(p.headline())}'
        f'</div><div class="kg-bookmark-description">{esc(p.sentence())}</div></div></a>'
        "</figure>",
    )
    if variant % 2:
        parts.insert(4, f"<blockquote><p>{esc(p.paragraph((1, 1)))}</p></blockquote>")
        blocks = [*blocks[:3], "QUOTE", *blocks[3:]]
    text = truth(blocks)
    if "QUOTE" in text:
        quote = parts[4][len("<blockquote><p>") : -len("</p></blockquote>")]
        text[text.index("QUOTE")] = html_lib.unescape(quote)
    body = (
        f'<div class="site-wrapper"><header class="site-header">{menu(p)}</header>'
        '<main id="site-main" class="site-main outer"><article class="post-full post">'
        f'<header class="post-full-header"><h1 class="post-full-title">{esc(title)}</h1>'
        f'<p class="post-full-custom-excerpt">{esc(p.standfirst())}</p></header>'
        '<section class="post-full-content"><div class="post-content">'
        f'{"".join(parts)}</div></section></article></main>'
        '<aside class="read-more-wrap"><div class="read-more-feed">'
        f'{teaser_list(p, "Read more", 3, "post-card")}</div></aside>'
        '<footer class="site-footer outer"><p>Valemouth Courier © 2026 · Powered by Ghost</p>'
        "</footer></div>"
    )
    return document(title, "", body), text


def heldout_tables(p: Prose, variant: int) -> Page:
    """An old site laid out with tables: navigation in one cell, the story in another, its
    paragraphs separated by <br><br>."""
    title = p.headline()
    paras = p.paragraphs(3, 7)
    nav = "<br>".join(f'<a href="/s{i}">Section {i}</a>' for i in range(8))
    story = "<br><br>".join(esc(t) for t in paras)
    body = (
        "<table width='100%'><tr><td colspan='2'><a href='/'><img src='/logo.gif'></a></td></tr>"
        f'<tr><td width="150" valign="top">{nav}</td><td valign="top">'
        f"<font size='5'><b>{esc(title)}</b></font><br><font size='2'>March 2, 2026</font>"
        f"<br><br>{story}<br><br><hr><font size='1'>© 2026 Valemouth Courier. All rights "
        "reserved.</font></td></tr></table>"
    )
    return document(title, "", body), paras


LAYOUTS: dict[str, tuple[Callable[[Prose, int], Page], int]] = {
    "wordpress": (wordpress, 6), "arc": (arc, 6), "drupal": (drupal, 4), "amp": (amp, 4),
    "liveblog": (liveblog, 4), "wire": (wire, 4), "hashed": (hashed, 4), "cards": (cards, 3),
    "links_in_prose": (links_in_prose, 4), "related_lines": (related_lines, 3),
    "json_ld_escaped": (json_ld_escaped, 2), "json_ld_partial": (json_ld_partial, 2),
    "short_story": (short_story, 4), "captions": (captions, 3), "agency_line": (agency_line, 3),
    "teasers_beside": (teasers_beside, 3), "repeated_lines": (repeated_lines, 2),
    "ad_rail_split": (ad_rail_split, 3),
    "sectioned_body": (sectioned_body, 2), "lone_plain_paragraph": (lone_plain_paragraph, 3),
    "two_paragraph_story": (two_paragraph_story, 2), "one_paragraph_post": (one_paragraph_post, 2),
    "calls_to_action": (calls_to_action, 2), "body_in_parts": (body_in_parts, 2),
    "widget_slots": (widget_slots, 2), "list_of_steps": (list_of_steps, 2),
    "heldout_brightspot": (heldout_brightspot, 3), "heldout_ghost": (heldout_ghost, 3),
    "heldout_tables": (heldout_tables, 3),
}


def main() -> None:
    for old in HERE.glob("*.html"):
        old.unlink()
    for old in HERE.glob("*.txt"):
        old.unlink()
    count = 0
    for name, (layout, variants) in LAYOUTS.items():
        for variant in range(variants):
            prose = Prose(_seed(name, variant))
            html, text = layout(prose, variant)
            stem = f"{name}_{variant}"
            (HERE / f"{stem}.html").write_text(html, encoding="utf-8")
            (HERE / f"{stem}.txt").write_text("\n\n".join(text) + "\n", encoding="utf-8")
            count += 1
    print(f"wrote {count} pages to {HERE}")


def _seed(name: str, variant: int) -> int:
    return random.Random(f"{name}/{variant}").randrange(2**32)


if __name__ == "__main__":
    main()
