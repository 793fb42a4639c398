"""What kind of page a parsed page is, for a crawl that has no URL patterns to tell (a portal without a profile).

An **article** has a headline of its own (an element, not only ``<title>`` or metadata), a printed or
machine-readable date, and a body of real text (a photo post or story: images without links, and a lead or a line;
a short notice: a body linking no other page, with none linked around it; with no date printed, as on portals
that print none, a body of ``MIN_BODY`` characters at least, or a short one under a headline the page's address
names) that outweighs the headlines of other pages linked around it (not counting a ``<nav>``/``<aside>`` or an
"other news" box after the body): a listing found by the same cascade (a section heading, the first item's date, a
teaser as "body") is a list of links to other pages, and the link texts in the article's scope outweigh its "body";
a "body" that is the summary of another page's teaser card is a listing's too. Anything else with links is a
**listing** (followed for its links, never archived as an article), as is a page whose "body" is mostly the text
of its links or of list items (a list of documents or articles).
"""
from __future__ import annotations

import re
from urllib.parse import urljoin

from crawler.extract.bodies import OTHER_NEWS
from crawler.extract.text import (CARD_LEVELS, HEADLINE_LINK_WORDS, IMAGE_HREF, card_headlines, teaser_hrefs,
                                  text_of)

MIN_BODY = 250  # characters of body text an article has at least
PHOTO_STORY = 2  # pictures of a photo story
_NOT_A_HEADLINE = ("title", "meta:", "jsonld:")  # title rules that found no element of the page


def page_kind(page, article) -> tuple[str, str]:
    """``("article" | "listing", why)`` for a page whose stages have run (``page``: the extractor's ``Page``)."""
    if not article.title or (article.rules.get("title") or "title").startswith(_NOT_A_HEADLINE):
        return "listing", "no headline element"
    body = len(article.body_text or "")
    if page.body is not None and _in_teaser(page.body, page.url):
        return "listing", "the body is the summary of another page's teaser"
    named = (article.rules.get("title") or "").endswith("~url")  # the address names the headline: this page's
    if not article.published_raw and body < MIN_BODY and not named:
        return "listing", f"no date, body of {body} characters"
    short = body < MIN_BODY and bool(article.body_text) and _alone(page)
    if body < MIN_BODY and not short and not _photo_post(page, article):
        return "listing", f"body of {body} characters"
    headlines = _linked_headlines(page.scope, page.title_element, page.body) if page.scope is not None else 0
    # a photo story's text is its captions as much as its lines
    own = body + (sum(len(image.caption or "") for image in article.images)
                  if len(article.images) >= PHOTO_STORY else 0)
    if headlines > own:
        return "listing", f"linked headlines ({headlines} characters) outweigh the body ({own})"
    if page.body is not None:
        linked = sum(len(text_of(link)) for link in page.body.iter("a") if _kept(page, link))
        if 2 * linked > body:
            return "listing", f"the body is mostly link text ({linked} of {body} characters)"
        listed = sum(len(text_of(item)) for item in page.body.iter("li") if not _in_list_item(item, page.body))
        if 2 * listed > body:
            return "listing", f"the body is mostly a list ({listed} of {body} characters)"
    if not article.published_raw:
        return "article", "headline and body, no date printed" if body >= MIN_BODY else \
            "a headline its address names and a short text, no date printed"
    if short:
        return "article", "headline, date and a short body linking no other page"
    return "article", "headline, date and body" if body >= MIN_BODY else "headline, date, photos and lead"


_FILE = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|rar|zip|7z|odt|ods|jpe?g|png|gif)(?:$|[?#])", re.I)


def _alone(page) -> bool:
    """A short article (a notice of two sentences, a video's line, a document's record): its body links no other
    page (files it may: an attachment, a picture) and no other page's headline is linked around it."""
    if page.body is None or any(not _FILE.search(a.get("href") or "") for a in page.body.iter("a")):
        return False
    return page.scope is None or not _linked_headlines(page.scope, page.title_element, page.body)


def _photo_post(page, article) -> bool:
    """A photo post: its body container holds images and no links (a listing's thumbnails link to their articles),
    its text is its lead; or a photo story: pictures (``PHOTO_STORY`` at least) and a line or two of text."""
    if page.body is None or _links(page):
        return False
    if (page.body_rule or "").endswith("~media") and bool(page.lead) and bool(article.images):
        return True
    return len(article.images) >= PHOTO_STORY and bool(article.body_text or page.lead)


def _links(page) -> bool:
    """Does the body container link another page by a picture (a thumbnail, not the picture's own file) or by a
    headline (``HEADLINE_LINK_WORDS`` words), outside the boxes the text leaves out (``page.drop``: a "see also"
    arrow link, a related box)? ("Gửi bài viết tại đây" is no listing's link.)"""
    for link in page.body.iter("a"):
        href = link.get("href") or ""
        pictured = next(link.iter("img"), None) is not None and not IMAGE_HREF.search(href)
        if not pictured and len(text_of(link).split()) < HEADLINE_LINK_WORDS:
            continue
        if _kept(page, link):
            return True
    return False


TEASER_SUMMARY = 1000  # characters of a teaser's summary, at most
CARD_EXTRA = 60  # characters a card holds besides its headline and summary (a date, a section's name)


def _in_teaser(body, url: str) -> bool:
    """Is ``body`` the summary of a teaser card of another page (``teaser_hrefs``: its picture and headline linked),
    the card holding little else, as a listing's items are?"""
    summary, node = len(text_of(body)), body
    if summary > TEASER_SUMMARY:
        return False
    own = teaser_hrefs(body)  # (the body's own box of other articles is not the card holding it)
    for _ in range(CARD_LEVELS):
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            return False
        cards = {href for href in teaser_hrefs(node) - own if urljoin(url, href) != url}
        if cards:
            return len(text_of(node)) <= summary + card_headlines(node, cards) + CARD_EXTRA
    return False


def _kept(page, link) -> bool:
    """Is ``link`` (in the body container) outside the boxes its text leaves out (``page.drop``)?"""
    for node in (link, *link.iterancestors()):
        if node is page.body or page.drop is None:
            return True
        if page.drop(node):
            return False
    return True


_ASIDE_TAGS = frozenset({"nav", "aside"})


def _other_news(link, scope, body) -> bool:
    """Is ``link`` in a box after ``body`` (below ``scope``) that is a ``<nav>`` or ``<aside>`` or whose first text
    names other news ("Các tin khác")?"""
    for box in link.iterancestors():
        if box is scope or box is body:
            return False
        if box.tag in _ASIDE_TAGS or OTHER_NEWS.match(next((t for t in box.itertext() if t.strip()), "")):
            return _after(box, body)
    return False


def _after(box, body) -> bool:
    """Does ``box`` follow ``body`` (a later sibling of the body or of a block holding it)?"""
    node = body
    while node is not None:
        if any(s is box for s in node.itersiblings()):
            return True
        node = node.getparent()
    return False


def _in_list_item(item, body) -> bool:
    """Is the list item ``item`` inside another one (below ``body``)?"""
    for ancestor in item.iterancestors():
        if ancestor is body:
            return False
        if ancestor.tag == "li":
            return True
    return False


def _linked_headlines(scope, title_element, body=None) -> int:
    """Characters of the distinct link texts of at least ``HEADLINE_LINK_WORDS`` words in ``scope`` (not the title);
    with ``body``, not those of a box after it that its heading names as other news ("Các tin khác")."""
    seen: dict[str, int] = {}
    for link in scope.iter("a"):
        if title_element is not None and (link is title_element or title_element in link.iterancestors()):
            continue
        if body is not None and _other_news(link, scope, body):
            continue
        text = text_of(link)
        if len(text.split()) >= HEADLINE_LINK_WORDS:
            seen[link.get("href") or text] = len(text)
    return sum(seen.values())
