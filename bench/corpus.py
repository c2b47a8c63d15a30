"""The benchmark's corpus: N Swedish–Finnish pairs in this project's content format, grown from its press release.

Every article is the press release of 15 September 2022 (content/articles/2022-09-15-kompetensbehov-kartlagt.*.md)
reassembled: its paragraphs, quote and programme in an order that depends on the article's number, with headings, a
list, a table of the four partners, links to another article and the about page, and a photo. Some pairs are events,
some articles exist in one language only, and every date is in the past of the benchmark's one "now".
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sitebuild import ROOT

PRESS_RELEASE = ROOT / "content" / "articles" / "2022-09-15-kompetensbehov-kartlagt"
PHOTOS = sorted((Path(__file__).parent / "photos").glob("photo-*.jpg"))
# The one "now" of every build the benchmark makes: after every date in the corpus.
NOW = "2024-06-01T12:00:00+02:00"
# Articles are spread over the ten years before the press release; a few minutes apart at most pairs.
LAST_DATE = datetime(2022, 9, 14)
SPAN = timedelta(days=3650)
# One pair in EVENT_EVERY is an event; one article in ONE_LANGUAGE_EVERY pairs has no translation (per language).
EVENT_EVERY = 25
SWEDISH_ONLY_EVERY = 20
FINNISH_ONLY_EVERY = 40
KEY = "kompetensbehov"

# What the press release says in each language, beyond its text: the words around its parts.
WORDS = {
    "sv": {
        "category": "Nyheter",
        "events": "Evenemang",
        "part": "del",
        "photo": "Illustration: berg och skog under en blå himmel",
        "partners": "Projektets partner",
        "partner_columns": ("Partner", "Land"),
        "partner_rows": (
            ("Region Västerbotten", "Sverige"),
            ("Skellefteå kommun", "Sverige"),
            ("Norra Österbottens förbund", "Finland"),
            ("OSAO", "Finland"),
        ),
        "related": "Läs också",
        "venue": "Scandic Hotell i Skellefteå",
        "moderator": "Aurora Pelli, Affärsutvecklingschef Norra Sverige IVL",
        "only": ("endast-svenska", "Bara på svenska"),
        "about": ("om-projektet", "Om projektet", "Battery Region var ett Interreg Nord-projekt."),
        "contact": ("kontakt", "Kontakt", "Kontaktpersoner för projektet Battery Region."),
    },
    "fi": {
        "category": "Uutiset",
        "events": "Tapahtumat",
        "part": "osa",
        "photo": "Kuvitus: vuoria ja metsää sinisen taivaan alla",
        "partners": "Hankkeen kumppanit",
        "partner_columns": ("Kumppani", "Maa"),
        "partner_rows": (
            ("Region Västerbotten", "Ruotsi"),
            ("Skellefteån kunta", "Ruotsi"),
            ("Pohjois-Pohjanmaan liitto", "Suomi"),
            ("OSAO", "Suomi"),
        ),
        "related": "Lue myös",
        "venue": "Scandic-hotelli Skellefteåssa",
        "moderator": "Aurora Pelli, IVL:n Pohjois-Ruotsin liiketoiminnan kehityspäällikkö",
        "only": ("vain-suomeksi", "Vain suomeksi"),
        "about": ("tietoa-hankkeesta", "Tietoa hankkeesta", "Battery Region oli Interreg Nord -hanke."),
        "contact": ("yhteystiedot", "Yhteystiedot", "Battery Region -hankkeen yhteyshenkilöt."),
    },
}
_LIVE_LINK = re.compile(r"\]\(https://batteryregion\.eu/[^)]*\)")


@dataclass(frozen=True)
class PressRelease:
    """The parts of the press release in one language, as the articles reuse them."""

    title: str
    slug: str
    summary: str
    facts: list[str]  # definition-list entries (När / Plats / Moderator)
    paragraphs: list[str]
    quote: str
    programme_heading: str
    programme: list[str]
    contact: str  # from "## För mer information" to the end


def read_press_release(lang: str) -> PressRelease:
    """Split the press release into its parts; links to the live site become links to the corpus's about page."""
    text = PRESS_RELEASE.with_suffix(f".{lang}.md").read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    body = _LIVE_LINK.sub(f"]({{filename}}/pages/om-projektet.{lang}.md)", body)
    blocks = [block.strip() for block in body.split("\n\n") if block.strip()]
    contact_at = next(i for i, block in enumerate(blocks) if block.startswith("## "))
    facts, paragraphs, quote, heading, programme = [], [], "", "", []
    for block in blocks[:contact_at]:
        if "\n:   " in block:
            if "{filename}" not in block:  # the conference link: the corpus has no such page
                facts.append(block)
        elif block.startswith(">"):
            quote = block
        elif block.startswith("- "):
            programme = block.splitlines()
        elif block.endswith(":") and len(block) < 60:
            heading = block.rstrip(":")
        else:
            paragraphs.append(block)
    return PressRelease(
        title=meta["Title"].split(" – ")[0],
        slug=meta["Slug"],
        summary=meta["Summary"],
        facts=facts,
        paragraphs=paragraphs,
        quote=quote,
        programme_heading=heading,
        programme=programme,
        contact="\n\n".join(blocks[contact_at:]),
    )


def _rotated(items: list, by: int) -> list:
    by %= len(items) or 1
    return items[by:] + items[:by]


def _body(release: PressRelease, lang: str, number: int, photo: str, related: tuple[str, str] | None) -> str:
    """About 400 words: photo, facts, paragraphs and quote, the programme, the partners' table, links, contact."""
    words = WORDS[lang]
    paragraphs = _rotated(release.paragraphs, number)
    columns = words["partner_columns"]
    table = [f"| {columns[0]} | {columns[1]} |", "| --- | --- |"]
    table += [f"| {name} | {country} |" for name, country in _rotated(list(words["partner_rows"]), number)]
    parts = [
        f"![{words['photo']}]({{static}}/images/{photo})",
        "\n\n".join(release.facts),
        *paragraphs[:2],
        release.quote,
        f"## {release.programme_heading}",
        "\n".join(_rotated(release.programme, number)),
        f"## {words['partners']}",
        "\n".join(table),
        *paragraphs[2:],
    ]
    if related:
        title, filename = related
        parts.append(f"{words['related']}: [{title}]({{filename}}/articles/{filename}).")
    parts.append(release.contact)
    return "\n\n".join(part for part in parts if part)


def _write(path: Path, metadata: dict[str, str], body: str) -> None:
    lines = [f"{key}: {value}" for key, value in metadata.items()]
    path.write_text("\n".join(lines) + "\n\n" + body + "\n", encoding="utf-8")


def _photo(dest: Path, number: int, name: str) -> str:
    """A copy of one of the photos, made unique by a JPEG comment (no two image files are byte-identical)."""
    data = PHOTOS[(number - 1) % len(PHOTOS)].read_bytes()
    comment = f"Battery Region benchmark photo {name}".encode()
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    (dest / name).write_bytes(data[:2] + segment + data[2:])  # after SOI (FF D8)
    return name


def _date(number: int, count: int) -> datetime:
    """The date of item `number` of `count`: spread evenly up to LAST_DATE, in office hours (no summer-time gap)."""
    day = LAST_DATE - SPAN * (count - number) / max(count, 1)
    return day.replace(hour=9 + number % 8, minute=number * 7 % 60, second=0, microsecond=0)


def generate(dest: Path, pairs: int) -> Path:
    """Write the corpus into `dest` (a content folder: articles/, pages/, images/) and return it."""
    releases = {lang: read_press_release(lang) for lang in WORDS}
    articles, pages, images = dest / "articles", dest / "pages", dest / "images"
    for folder in (articles, pages, images):
        folder.mkdir(parents=True, exist_ok=True)
    swedish_only = max(1, pairs // SWEDISH_ONLY_EVERY)
    finnish_only = max(1, pairs // FINNISH_ONLY_EVERY)
    # (number, languages, key, slug stem) of every article, in date order.
    items = [(number, ("sv", "fi"), f"{KEY}-{number}", None) for number in range(1, pairs + 1)]
    for lang, count in (("sv", swedish_only), ("fi", finnish_only)):
        stem = WORDS[lang]["only"][0]
        for index in range(1, count + 1):
            items.append((len(items) + 1, (lang,), f"{stem}-{index}", stem))
    total = len(items)
    previous: dict[str, tuple[str, str]] = {}  # the last article written in each language: (title, file name)
    for position, (number, langs, key, stem) in enumerate(sorted(items, key=lambda item: _spread(item, pairs))):
        date = _date(position + 1, total)
        event = stem is None and number % EVENT_EVERY == 1
        photo = _photo(images, number, f"{key}.jpg")
        for lang in langs:
            release, words = releases[lang], WORDS[lang]
            title = (
                f"{words['only'][1]}: {release.title.lower()}, {words['part']} {key.rsplit('-', 1)[1]}"
                if stem
                else f"{release.title}, {words['part']} {number}"
            )
            filename = f"{date:%Y-%m-%d}-{key}.{lang}.md"
            metadata = {
                "Title": title,
                "Date": f"{date:%Y-%m-%d %H:%M}",
                "Lang": lang,
                "Key": key,
                "Slug": f"{stem or release.slug}-{key.rsplit('-', 1)[1]}",
                "Category": words["events"] if event else words["category"],
                "Summary": release.summary,
                "Status": "published",
            }
            if lang != "sv" and len(langs) > 1:
                metadata["Original"] = "sv"
            if event:
                start = (date + timedelta(days=14)).replace(hour=9, minute=0)
                metadata |= {
                    "Start": f"{start:%Y-%m-%d %H:%M}",
                    "End": f"{start.replace(hour=15):%Y-%m-%d %H:%M}",
                    "Timezone": "Europe/Stockholm",
                    "Venue": words["venue"],
                    "Locality": "Skellefteå",
                    "Country": "SE",
                    "Online": "yes",
                    "Moderator": words["moderator"],
                }
            _write(articles / filename, metadata, _body(release, lang, number, photo, previous.get(lang)))
            previous[lang] = (title, filename)
    _write_pages(pages, releases)
    return dest


def _spread(item: tuple, pairs: int) -> float:
    """Where an article falls in time: pairs in order, one-language articles spread among them."""
    number, langs, key, stem = item
    if stem is None:
        return number
    index = int(key.rsplit("-", 1)[1])
    count = max(1, pairs // (SWEDISH_ONLY_EVERY if langs == ("sv",) else FINNISH_ONLY_EVERY))
    return (index - 0.5) * pairs / count


def _write_pages(pages: Path, releases: dict[str, PressRelease]) -> None:
    """The about and contact pages in both languages, from the press release's first and last parts."""
    for lang, release in releases.items():
        words = WORDS[lang]
        translation = {"Original": "sv"} if lang != "sv" else {}
        for key, (slug, title, summary), body in (
            ("om-projektet", words["about"], "\n\n".join(release.paragraphs[:1] + release.paragraphs[-1:])),
            ("kontakt", words["contact"], release.contact),
        ):
            _write(
                pages / f"{key}.{lang}.md",
                {"Title": title, "Lang": lang, "Key": key, "Slug": slug, "Summary": summary, "Status": "published"}
                | translation,
                body,
            )


def article_to_edit(content: Path) -> Path:
    """The Swedish article the edit runs change: the middle pair in time."""
    paired = sorted((content / "articles").glob(f"*-{KEY}-*.sv.md"))
    return paired[len(paired) // 2]


def edit_body(path: Path) -> str:
    """Change one article's body as an editor would (a sentence added to its first paragraph); return the old text."""
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    blocks = body.split("\n\n")
    first = next(i for i, block in enumerate(blocks) if block[:1].isalpha() and "\n:   " not in block)
    blocks[first] += " Texten har uppdaterats efter publiceringen."
    path.write_text(head + "\n\n" + "\n\n".join(blocks), encoding="utf-8")
    return text


def copy_content(source: Path, dest: Path) -> Path:
    """A fresh copy of a generated corpus (each stack and run edits its own)."""
    shutil.copytree(source, dest)
    return dest
