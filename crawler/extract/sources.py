"""Source lines: where an article comes from, as printed ("Nguồn: Báo Nhân Dân", "Nguồn tin: …", "Source: …",
"Theo VOV", "(Theo baochinhphu.vn)", "Theo http://…"). The one test of a source line for the byline (never one),
the body text (not part of it) and the captions (never one)."""
from __future__ import annotations

import re

# labels naming the source, then its text; or "Theo <outlet or URL>", the outlet a few words without a sentence break
SOURCE_LABELS = ("nguồn tin", "nguồn", "source")
_SOURCE_LINE = re.compile(r"^\(?\s*(?:(?:" + "|".join(SOURCE_LABELS) + r")\s*[:：]\s*\S.{0,200}"
                          r"|theo\s*[:：]?\s+(?P<outlet>[^,;!?]{2,100}?))\s*\)?\s*\.?$", re.I)


def is_source_line(text: str | None) -> bool:
    """Is ``text`` a whole source line: "Nguồn: …", "Nguồn tin: …", "Source: …", "Theo <outlet or URL>", "(Theo
    VOV)"? ("Theo kế hoạch, …" is a sentence: the outlet is capitalised, a domain or a URL, a few words without a
    sentence break.)"""
    match = _SOURCE_LINE.match(text or "")
    if match is None:
        return False
    outlet = match.group("outlet")
    if outlet is None:
        return True
    outlet = outlet.strip()
    if ". " in outlet or len(outlet.split()) > 8:
        return False
    return outlet[:1].isupper() or "." in outlet or outlet.lower().startswith("http")
