"""Deterministic article content: titles, leads, paragraphs, dates, images and bylines.

Everything here is plain data, independent of any portal's markup. A family (see
:mod:`replica.families`) supplies the locale (place names, authority) and the categories, then assigns
URLs, ids and printed date lines.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from . import wordbank as wb
from .text import cap, nfc, slugify, thousands

EPOCH = datetime(2024, 1, 1)
DAYS = 731  # 2024-01-01 .. 2025-12-31


@dataclass
class Locale:
    """Who publishes the portal and where: fills the template slots."""

    province: str            # "tỉnh Trà Vinh"
    unit: str                # the portal's authority as the subject of a sentence: "UBND tỉnh"
    unit_body: str           # for offices: "UBND tỉnh" / "UBND huyện"
    party: str               # "Tỉnh ủy" / "Huyện ủy"
    level: str               # "tỉnh" / "huyện"
    districts: tuple[str, ...]
    places: tuple[str, ...]
    hamlets: tuple[str, ...]
    sources: tuple[str, ...]  # for "Nguồn: ..." lines


@dataclass
class Category:
    key: str                 # stable key, e.g. "tin-tuc-su-kien"
    name: str                # menu label
    topics: tuple[str, ...]
    cid: int = 0             # numeric id (families that need one)
    articles: list["ArticleData"] = field(default_factory=list)  # newest first


@dataclass
class ImageData:
    src: str
    caption: str | None
    after: int               # inserted after this body paragraph (0 = right after the lead)
    width: int = 800
    height: int = 533


@dataclass
class ArticleData:
    idx: int                 # 0 = oldest
    category: Category
    topic: str
    title: str
    lead: str
    paragraphs: list[str]
    published: datetime
    byline: str | None
    source: str | None
    images: list[ImageData]
    tags: list[str]
    slug: str = ""
    aid: int = 0             # numeric article id (families that need one)
    path: str = ""
    published_raw: str = ""
    byline_style: str = "para"  # how the family prints the byline (family-specific meaning)

    @property
    def body_text(self) -> str:
        return "\n\n".join([self.lead, *self.paragraphs])

    def truth(self) -> dict:
        """The ground-truth record promised by :func:`replica.site.build_site`."""
        return {
            "path": self.path,
            "category": self.category.name,
            "title": self.title,
            "body_text": self.body_text,
            "published": self.published.strftime("%Y-%m-%dT%H:%M:00+07:00"),
            "published_raw": self.published_raw,
            "byline": self.byline,
            "source": self.source,
            "images": [{"src": i.src, "caption": i.caption} for i in self.images],
        }


def person_name(rng: random.Random, female: bool | None = None) -> tuple[str, bool]:
    if female is None:
        female = rng.random() < 0.4
    middle = wb.MIDDLE_F if female else wb.MIDDLE_M
    given = wb.GIVEN_F if female else wb.GIVEN_M
    return f"{rng.choice(wb.SURNAMES)} {rng.choice(middle)} {rng.choice(given)}", female


def _number_slots(rng: random.Random) -> dict[str, str]:
    money = (f"{rng.randint(1, 95)},{rng.randint(1, 9)} tỷ đồng" if rng.random() < 0.6
             else f"{rng.randint(120, 950)} triệu đồng")
    return {
        "n": str(rng.randint(2, 12)),
        "n2": str(rng.randint(13, 45)),
        "big": thousands(rng.randint(120, 9800), "."),
        "big2": thousands(rng.randint(1200, 48000), "."),
        "crit": str(rng.randint(15, 19)),
        "yield_t": f"{rng.randint(5, 7)},{rng.randint(1, 9)}",
        "length": str(rng.randint(45, 380)),
        "pct": f"{rng.randint(55, 99)},{rng.randint(1, 9)}%",
        "pct2": f"{rng.randint(80, 99)},{rng.randint(1, 9)}%",
        "low_pct": f"{rng.randint(0, 4)},{rng.randint(1, 9)}%",
        "growth": f"{rng.randint(5, 8)},{rng.randint(1, 9)}%",
        "income": str(rng.randint(52, 86)),
        "money": money,
    }


def _slots(rng: random.Random, loc: Locale, when: datetime) -> dict[str, str]:
    name, female = person_name(rng)
    office = rng.choice(wb.OFFICES).format(unit_body=loc.unit_body, party=loc.party,
                                          level=loc.level)
    honor = "đồng chí" if rng.random() < 0.6 else ("bà" if female else "ông")
    pname, pfemale = person_name(rng)
    event_day = when - timedelta(days=rng.choice((0, 0, 0, 1, 1, 2)))
    slots = {
        "place": rng.choice(loc.places),
        "hamlet": rng.choice(loc.hamlets),
        "district": rng.choice(loc.districts),
        "province": loc.province,
        "unit": loc.unit,
        "party": loc.party,
        "level": loc.level,
        "district_kind": loc.level,
        "province_kind": loc.level,
        "org": rng.choice(wb.ORGS) + " " + loc.level,
        "leader": f"{honor} {name}, {office}",
        "leader_s": name,
        "person": f"{'bà' if pfemale else 'ông'} {pname}",
        "event": rng.choice(wb.EVENTS),
        "day": f"{event_day.day}/{event_day.month}",
        "year": str(when.year),
        "next_year": str(when.year + 1),
        "month": str(when.month),
    }
    slots.update(_number_slots(rng))
    return slots


def _fill(template: str, slots: dict[str, str]) -> str:
    return cap(nfc(template.format(**slots)))


def _byline(rng: random.Random, has_images: bool) -> str | None:
    pen = rng.choice(wb.PEN_NAMES)
    pen2 = rng.choice([p for p in wb.PEN_NAMES if p != pen])
    r = rng.random()
    if r < 0.05:
        return None
    if r < 0.12:
        return "(TTXVN)"
    if r < 0.20:
        return "PV"
    if r < 0.45:
        return f"Tin, ảnh: {pen}" if has_images else f"Tin: {pen}"
    if r < 0.60:
        return f"Bài và ảnh: {pen}" if has_images else f"Bài: {pen}"
    if r < 0.70:
        return f"Bài: {pen} - Ảnh: {pen2}" if has_images else f"{pen} - {pen2}"
    if r < 0.82:
        return f"{pen} - {pen2}"
    return pen


def _dates(rng: random.Random, n: int) -> list[datetime]:
    seen: set[tuple[int, int]] = set()
    out: list[datetime] = []
    while len(out) < n:
        day = rng.randrange(DAYS)
        minute = rng.randrange(6 * 60 + 30, 21 * 60 + 30)
        if (day, minute) in seen:
            continue
        seen.add((day, minute))
        out.append(EPOCH + timedelta(days=day, minutes=minute))
    return sorted(out)


def generate_articles(rng: random.Random, loc: Locale, categories: list[Category], n: int) -> list[ArticleData]:
    """``n`` articles, oldest first, spread over 2024–2025; every category gets at least one."""
    dates = _dates(rng, n)
    cats = [categories[i % len(categories)] for i in range(min(n, len(categories)))]
    cats += [rng.choice(categories) for _ in range(n - len(cats))]
    rng.shuffle(cats)
    articles = []
    for idx, (when, cat) in enumerate(zip(dates, cats)):
        topic = rng.choice(cat.topics)
        bank = wb.TOPICS[topic]
        slots = _slots(rng, loc, when)
        title = _fill(rng.choice(bank["titles"]), slots)
        lead = _fill(rng.choice(bank["leads"]), slots)
        pool = list(bank["sentences"]) + rng.sample(wb.GENERIC_SENTENCES, 14)
        rng.shuffle(pool)
        n_par = rng.randint(5, 9)
        paragraphs = []
        for _ in range(n_par):
            k = rng.randint(2, 4)
            if len(pool) < k:
                break
            paragraphs.append(" ".join(_fill(s, slots) for s in pool[:k]))
            pool = pool[k:]
        n_img = rng.choices((0, 1, 2, 3), weights=(20, 40, 25, 15))[0]
        afters = sorted(rng.sample(range(len(paragraphs)), min(n_img, len(paragraphs))))
        captions = list(bank["captions"])
        rng.shuffle(captions)
        images = []
        for k, after in enumerate(afters):
            caption = None
            if rng.random() >= 0.2:
                caption = _fill(captions[k % len(captions)], slots)
                if rng.random() < 0.3:
                    caption += f". Ảnh: {rng.choice(wb.PEN_NAMES)}"
            images.append(ImageData(src="", caption=caption, after=after,
                                    width=rng.choice((600, 700, 800)), height=rng.choice((400, 450, 533))))
        byline = _byline(rng, bool(images))
        source = f"Nguồn: {rng.choice(loc.sources)}" if rng.random() < 0.25 else None
        tags = rng.sample(wb.TAGS, rng.randint(2, 4))
        articles.append(ArticleData(idx=idx, category=cat, topic=topic, title=title, lead=lead,
                                    paragraphs=paragraphs, published=when, byline=byline, source=source,
                                    images=images, tags=tags))
    return articles


def unique_slugs(articles: list[ArticleData], max_words: int = 14) -> None:
    """Give each article an ASCII slug of its title, suffixed ``-2``, ``-3``... when repeated."""
    seen: dict[str, int] = {}
    for a in articles:
        base = slugify(a.title, max_words)
        seen[base] = seen.get(base, 0) + 1
        a.slug = base if seen[base] == 1 else f"{base}-{seen[base]}"


def doc_item(rng: random.Random, year: int) -> tuple[str, str, str]:
    """A legal document for sidebars: (number, kind, subject)."""
    kind, code = rng.choice(wb.DOC_KINDS)
    subject = rng.choice(wb.DOC_SUBJECTS).format(year=year, month=rng.randint(1, 12),
                                                 event=rng.choice(wb.EVENTS))
    number = f"{rng.randint(12, 3850)}/{code}"
    return number, kind, subject
