"""Re-extraction from WARC captures: rebuild article rows without touching the network.

Each WARC file is named ``<portal slug>-<UTC stamp>-<pid>-<serial>.warc.gz`` by ``crawler.warc``;
the slug selects the profile whose URL patterns and selectors apply.
"""
from __future__ import annotations

from pathlib import Path

from crawler.extract.article import extract_article
from crawler.extract.logo import find_logo
from crawler.profiles import ProfileError, load_profile
from crawler.warc import iter_responses
from portal_archive import archive
from portal_archive.archive.paths import warc_files
from pipelines.normalize import normalize_article
from pipelines.store import article_record

def _header(headers: dict, name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value or ""
    return ""


def _logo(body: bytes, url: str) -> str | None:
    from lxml import etree, html

    try:
        return find_logo(html.fromstring(body), url)
    except (ValueError, etree.ParserError):  # an empty or unparsable page shows no logo
        return None


def reextract(db_path: Path, warc_dir: Path, portal: str | None = None, batch_size: int = 200) -> dict[str, int]:
    """Extract every archived article response in ``warc_dir`` into the archive at ``db_path``.

    Responses are replayed in capture order, so the newest capture of an article ends up as its
    current row and earlier differing captures as its versions; image rows keep their captures, and those
    without one take an image response of their URL found in the WARC files; a portal without a logo takes the
    one its first captured page (not an article) shows. Returns store counts plus ``records`` and ``images``
    (image rows given a capture).
    """
    if not Path(warc_dir).is_dir():
        raise archive.ArchiveError(f"no WARC directory at {warc_dir}")
    db = archive.open_archive(db_path)
    counts = {"records": 0, "new": 0, "updated": 0, "unchanged": 0, "gone": 0, "snapshots": 0, "images": 0}
    profiles = {}
    batch: list[dict] = []
    images: dict[str, dict] = {}  # image URL -> its first capture
    logos: dict[str, str | None] = {}  # slug -> the logo on its first page that is not an article

    def flush():
        for key, value in archive.store_batch(db, batch).items():
            counts[key] += value
        batch.clear()

    for slug, path in warc_files(warc_dir, portal):
        if slug not in profiles:
            try:
                profiles[slug] = load_profile(slug)
            except ProfileError:
                continue  # captures of a portal whose profile is gone: nothing to extract with
            archive.upsert_portal(db, profiles[slug], archive.utcnow())
        profile = profiles[slug]
        for url, status, headers, body, location, warc_date in iter_responses(path):
            counts["records"] += 1
            content_type = _header(headers, "Content-Type").split(";")[0].strip().lower()
            if status == 200 and content_type.startswith("image/") and url not in images:
                images[url] = {"src": url, "warc_file": location["file"], "warc_record_id": location["record_id"],
                               "warc_offset": location["offset"], "payload_digest": location["digest"],
                               "content_type": content_type, "content_length": len(body), "capture_status": "ok"}
                continue
            if status == 200 and slug not in logos and content_type == "text/html" \
                    and profile.classify_path(url) != "article":
                logos[slug] = _logo(body, url)
            if status != 200 or profile.classify_path(url) != "article":
                continue
            fetched_at = warc_date.replace("Z", "+00:00") if warc_date else None
            article = extract_article(body, url, profile, fetched_at=fetched_at, status=status)
            if not (article.title and article.body_text):
                continue
            article.portal, article.warc, article.requested_urls = slug, location, [url]
            article.etag, article.last_modified = headers.get("ETag"), headers.get("Last-Modified")
            batch.append(article_record(normalize_article(article)))
            if len(batch) >= batch_size:
                flush()
    flush()
    for slug, src in logos.items():
        if src and not db.execute("SELECT logo_image_id FROM portals WHERE slug = ?", [slug]).fetchone()[0]:
            archive.set_logo(db, slug, src)
    counts["images"] = archive.store_image_captures(db, images.values())
    archive.sync_candidate_index(db)
    db.conn.close()
    return counts
