"""The portal's logo on a page: an ``<img>`` named a logo (class, id, alt or file name, its own or an ancestor's),
else the first image of a link to the home page (a header banner). Pure: an lxml tree in, a URL out."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

_LOWER = "translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_NAMED = " or ".join(f"contains({_LOWER.format(a)}, 'logo')" for a in ("@class", "@id", "@alt", "@src"))
_LOGO = (f"//img[@src][{_NAMED}] | //*[contains({_LOWER.format('@class')}, 'logo') "
         f"or contains({_LOWER.format('@id')}, 'logo')]//img[@src]")
_HOME = "//a[@href]/img[@src]"


def find_logo(root, base_url: str) -> str | None:
    """Absolute URL of the logo on the page ``root`` (an lxml element) at ``base_url``, or None."""
    found = root.xpath(_LOGO)
    if not found:
        home = {"/", "", urlsplit(base_url)._replace(path="/", query="", fragment="").geturl()}
        found = [img for img in root.xpath(_HOME) if img.getparent().get("href", "").strip() in home]
    for img in found:
        src = (img.get("src") or "").strip()
        if src and not src.startswith("data:"):
            url = urljoin(base_url, src)
            if url.startswith(("http://", "https://")):
                return url
    return None
