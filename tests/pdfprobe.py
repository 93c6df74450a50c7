"""Looking into PDFs from tests: poppler's tools, pikepdf, and rendered pages.

Shared by ``test_pdf_*.py``. Every poppler/qpdf helper has a ``needs_*`` mark beside it so that a
machine without the tool skips instead of failing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

needs_poppler = pytest.mark.skipif(
    any(shutil.which(t) is None for t in ("pdftotext", "pdffonts", "pdfimages", "pdftoppm")),
    reason="poppler-utils (pdftotext, pdffonts, pdfimages, pdftoppm) not installed",
)
needs_qpdf = pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")

PT_PER_MM = 72 / 25.4


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")


def page_texts(path: Path) -> list[str]:
    """pdftotext's text of each page, exactly as extracted (no normalisation)."""
    return _run("pdftotext", "-enc", "UTF-8", str(path), "-").split("\f")[:-1]


def font_rows(path: Path) -> list[dict[str, str]]:
    """``pdffonts`` rows: name, emb, sub, uni (the type column has spaces, so count from the end)."""
    lines = _run("pdffonts", str(path)).splitlines()[2:]
    rows = []
    for line in lines:
        cols = line.split()
        rows.append({"name": cols[0], "emb": cols[-5], "sub": cols[-4], "uni": cols[-3]})
    return rows


@dataclass(frozen=True)
class ListedImage:
    page: int
    width: int
    height: int
    enc: str
    x_ppi: int
    y_ppi: int


def listed_images(path: Path) -> list[ListedImage]:
    """``pdfimages -list`` rows of the images (soft masks left out)."""
    rows = []
    for line in _run("pdfimages", "-list", str(path)).splitlines()[2:]:
        c = line.split()
        if c[2] == "image":
            rows.append(ListedImage(int(c[0]), int(c[3]), int(c[4]), c[8], int(c[12]), int(c[13])))
    return rows


def qpdf_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)


@dataclass(frozen=True)
class Placement:
    """Where an image XObject is painted: page index and its box in points (x0, y0, x1, y1)."""

    page: int
    box: tuple[float, float, float, float]


def _multiply(a: list[float], b: list[float]) -> list[float]:
    """The PDF matrix product a × b (ISO 32000-1 §8.3.4), matrices as [a b c d e f]."""
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _walk(content: pikepdf.Object, resources: pikepdf.Object, ctm: list[float]) -> Iterator[tuple[float, ...]]:
    stack: list[list[float]] = []
    for operands, op in pikepdf.parse_content_stream(content):
        name = str(op)
        if name == "q":
            stack.append(ctm)
        elif name == "Q":
            ctm = stack.pop()
        elif name == "cm":
            ctm = _multiply([float(v) for v in operands], ctm)
        elif name == "Do":
            xobject = resources.XObject[operands[0]]
            if xobject.Subtype == "/Image":
                corners = [(x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5])
                           for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
                xs, ys = [c[0] for c in corners], [c[1] for c in corners]
                yield (min(xs), min(ys), max(xs), max(ys))
            elif xobject.Subtype == "/Form":
                matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                yield from _walk(xobject, xobject.get("/Resources", resources), _multiply(matrix, ctm))


def image_placements(path: Path) -> list[Placement]:
    """Every image painted on every page, with its box from the content stream's CTM."""
    out = []
    with pikepdf.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            for box in _walk(page.obj, page.Resources, [1, 0, 0, 1, 0, 0]):
                out.append(Placement(index, (box[0], box[1], box[2], box[3])))
    return out


def rendered_pages(path: Path, dpi: int = 30) -> list[Image.Image]:
    """Each page rendered by pdftoppm as a greyscale image."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(path), f"{tmp}/p"], check=True)
        pages = []
        for png in sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1])):
            with Image.open(png) as im:
                pages.append(im.convert("L"))
        return pages


def ink_box(image: Image.Image, box: tuple[int, int, int, int] | None = None,
            threshold: int = 200) -> tuple[int, int, int, int] | None:
    """Bounding box of the non-white pixels (darker than ``threshold``) inside ``box``."""
    region = image if box is None else image.crop(box)
    mask = region.point(lambda v: 255 if v < threshold else 0)
    found = mask.getbbox()
    if found is None or box is None:
        return found
    return found[0] + box[0], found[1] + box[1], found[2] + box[0], found[3] + box[1]


def ink_share(image: Image.Image, box: tuple[int, int, int, int], threshold: int = 200) -> float:
    """Share of the pixels in ``box`` darker than ``threshold``."""
    region = image.crop(box)
    histogram = region.histogram()
    return sum(histogram[:threshold]) / max(1, region.width * region.height)


def structure_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element reachable from the structure tree root, depth first, in order."""
    stack = list(reversed(list(_kids(pdf.Root.StructTreeRoot))))
    while stack:
        element = stack.pop()
        yield element
        stack.extend(reversed(list(_kids(element))))


def _kids(node: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    kids = node.get("/K")
    if kids is None:
        return
    items = kids if isinstance(kids, pikepdf.Array) else [kids]
    for kid in items:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type", pikepdf.Name.StructElem) == "/StructElem" \
                and "/S" in kid:
            yield kid


def marked_ids(pdf: pikepdf.Pdf, page_index: int) -> dict[int, str]:
    """MCID → tag of every marked-content sequence with an MCID on one page."""
    out = {}
    for operands, op in pikepdf.parse_content_stream(pdf.pages[page_index]):
        if str(op) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
            out[int(operands[1].MCID)] = str(operands[0])
    return out
