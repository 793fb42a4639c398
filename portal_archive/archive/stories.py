"""Story identity: near-duplicate texts (simhash, its bands, Hamming distance), the story an article belongs to,
and a one-line summary of what changed between two versions of an article.

An article whose text is the same (content hash) as an earlier one's, or within 3 bits of its simhash, joins
that article's story (``story_id``) and names it ``duplicate_of``: syndicated stories are linked, not dropped.
"""
from __future__ import annotations

import difflib
import hashlib
import re

import sqlite_utils

from crawler.extract.text import nfc

_TOKEN = re.compile(r"\w+", re.UNICODE)


def simhash(text: str | None, shingle: int = 3) -> str | None:
    """64-bit simhash (hex) of word 3-shingles of the NFC, lower-cased text; None for empty text.

    Near-duplicates (the same story republished with small edits) differ in few bits."""
    if not text:
        return None
    text = nfc(text).lower()
    words = _TOKEN.findall(text)
    grams = [" ".join(words[i:i + shingle]) for i in range(max(len(words) - shingle + 1, 1))]
    # bit b of the big-endian 8-byte digests is bit b % 8 of byte 7 - b // 8: count the set bits of each
    # bit position over all grams with bytes.translate/count (C loops) instead of 64 Python steps per gram
    digests = b"".join(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest() for g in grams)
    value = 0
    for byte in range(8):
        column = digests[byte::8]
        for b in range(8):
            if 2 * column.translate(_BIT_TABLES[b]).count(1) > len(grams):  # weight = set - unset > 0
                value |= 1 << ((7 - byte) * 8 + b)
    return f"{value:016x}"


_BIT_TABLES = [bytes((v >> b) & 1 for v in range(256)) for b in range(8)]


def simhash_bands(value: str) -> list[tuple[int, str]]:
    """The four 16-bit bands of a simhash: two hashes within 3 bits share at least one band."""
    return [(i, value[i * 4:(i + 1) * 4]) for i in range(4)]


def hamming(a: str, b: str) -> int:
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def diff_summary(old: dict, new: dict) -> str:
    """One line saying what changed between two versions of an article (fields and paragraphs)."""
    changed = [f for f in ("title", "byline", "published_at") if old.get(f) != new.get(f)]
    a = (old.get("body_text") or "").split("\n\n")
    b = (new.get("body_text") or "").split("\n\n")
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    added = sum(j2 - j1 for tag, i1, i2, j1, j2 in ops if tag in ("insert", "replace"))
    removed = sum(i2 - i1 for tag, i1, i2, j1, j2 in ops if tag in ("delete", "replace"))
    parts = [f"{f} changed" for f in changed]
    if added or removed:
        parts.append(f"body: +{added}/-{removed} paragraphs")
    return "; ".join(parts) or "whitespace or markup only"


def find_story(db: sqlite_utils.Database, article_id: int, rec: dict, before: bool = False) -> tuple[int, int] | None:
    """(story_id, duplicate_of) of an earlier article with the same or a near-identical body
    (``before``: only among articles with a smaller id)."""
    other = "<" if before else "!="
    if rec.get("content_hash"):
        hit = db.execute(f"SELECT story_id, id FROM articles WHERE content_hash = ? AND id {other} ? "
                         "ORDER BY id LIMIT 1", [rec["content_hash"], article_id]).fetchone()
        if hit:
            return hit
    if rec.get("simhash"):
        bands = simhash_bands(rec["simhash"])
        where = " OR ".join("(b.band = ? AND b.value = ?)" for _ in bands)
        candidates = db.execute(
            f"SELECT DISTINCT a.story_id, a.id, a.simhash FROM simhash_bands b JOIN articles a "
            f"ON a.id = b.article_id WHERE ({where}) AND a.id {other} ? ORDER BY a.id",
            [x for band in bands for x in band] + [article_id]).fetchall()
        for story_id, other_id, other_hash in candidates:
            if hamming(other_hash, rec["simhash"]) <= 3:
                return story_id, other_id
    return None


def recompute_stories(db: sqlite_utils.Database, from_id: int = 0) -> int:
    """Re-link ``story_id``/``duplicate_of`` of articles with ``id >= from_id``, in id order, to the first
    earlier article with the same or a near-identical text (as a single crawl links them); return changes."""
    changed = 0
    rows = db.execute("SELECT id, content_hash, simhash, story_id, duplicate_of FROM articles WHERE id >= ? "
                      "ORDER BY id", [from_id]).fetchall()
    for article_id, content_hash, simhash, story_id, duplicate_of in rows:
        story = find_story(db, article_id, {"content_hash": content_hash, "simhash": simhash}, before=True)
        want = (story[0], story[1]) if story else (article_id, None)
        if (story_id, duplicate_of) != want:
            db.execute("UPDATE articles SET story_id = ?, duplicate_of = ? WHERE id = ?", [*want, article_id])
            changed += 1
    return changed
